"""What the tests of serve ranges share, on fixtures and on the master."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode
from lxml import etree
from tei_edition.core import paths
from tei_edition.outputs.dts import DTS_NS
from tei_edition.core.xmlio import TEI_NS


RES = paths.BASENAME


URIS = {RES: "https://tei-edition.example.org/lawson-2021-most-intransigent/",  # the permanent URIs
        "three": "https://example.org/three/"}


REQUESTS = {"count": 0}  # requests made by this module (printed when its server stops)


def get(base: str, path: str):
    """GET `path` on the server at `base` (or an absolute URL the server published)."""
    REQUESTS["count"] += 1
    if "://" in path:
        assert path.startswith(base + "/"), f"{path} is not on the server {base}"
        path = path[len(base):]
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def url(endpoint: str, resource: str = RES, **params) -> str:
    query = {"resource": resource, **params}
    return f"/dts/{endpoint}/?" + urlencode({k: v for k, v in query.items() if v is not None})


def nav(base, **params) -> dict:
    path = url("navigation", **params)
    status, headers, body = get(base, path)
    assert status == 200, (path, body)
    assert headers["Content-Type"] == "application/ld+json"
    data = json.loads(body)
    assert data["@id"] == base + path  # the absolute URL of the request (spec: "including any query parameters")
    return data


def document(base, **params) -> etree._Element:
    path = url("document", **params)
    status, headers, body = get(base, path)
    assert status == 200, (path, body)
    assert headers["Content-Type"] == "application/tei+xml"
    uri = URIS[params.get("resource") or RES]
    assert headers["Link"] == f"<{base}/dts/collection/?id={quote(uri, safe='')}>; rel=\"collection\""
    return etree.fromstring(body)


def ids(members: list[dict]) -> list[str]:
    return [m["identifier"] for m in members]


def wrapped(root: etree._Element) -> list[etree._Element]:
    """The elements in `TEI/dts:wrapper`; nothing else (no text) is in it."""
    assert root.tag == f"{{{TEI_NS}}}TEI"
    wrapper = root.find(f"{{{DTS_NS}}}wrapper")
    assert wrapper is not None and len(root) == 1
    assert not (wrapper.text or "").strip()
    assert all(not (e.tail or "").strip() for e in wrapper)
    return list(wrapper)
