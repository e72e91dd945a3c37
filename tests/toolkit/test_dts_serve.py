"""`tei-edition serve`: a real server process, each DTS endpoint requested with urllib."""

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.outputs.dts_query import DtsError, parse_query, static_path

RES = paths.BASENAME


@pytest.fixture(scope="module")
def server(built_minimal):
    proc = subprocess.Popen([sys.executable, "-m", "tei_edition.cli", "serve", "--port", "0", "--dir", str(built_minimal)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line + proc.stderr.read()
        base = line.split("at ", 1)[1].split("/ ", 1)[0]
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_entry_point(server):
    status, headers, body = get(server, "/dts/")
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert json.loads(body)["@type"] == "EntryPoint"


def test_collection_query_and_static_forms(server):
    for path in ("/dts/collection/", f"/dts/collection/?id={RES}", f"/dts/collection/?id={RES}&nav=parents",
                 f"/dts/collection/{RES}.json"):
        status, headers, body = get(server, path)
        assert status == 200, path
        assert headers["Content-Type"] == "application/ld+json"
        assert json.loads(body)["dtsVersion"] == "1.0"
    assert json.loads(get(server, f"/dts/collection/?id={RES}")[2])["@type"] == "Resource"


def test_navigation_queries(server):
    status, _, body = get(server, f"/dts/navigation/?resource={RES}&down=1")
    assert status == 200 and [m["identifier"] for m in json.loads(body)["member"]] == ["p1", "p2", "p3", "p4"]
    status, _, body = get(server, f"/dts/navigation/?resource={RES}&ref=p2")
    assert status == 200 and json.loads(body)["ref"]["identifier"] == "p2"
    status, _, body = get(server, f"/dts/navigation/?resource={RES}&ref=s2&down=-1&tree=section")
    assert [m["identifier"] for m in json.loads(body)["member"]] == ["s2", "s2.p2", "s2.p3", "s2.p4"]


def test_document_queries(server):
    status, headers, body = get(server, f"/dts/document/?resource={RES}&ref=p2")
    assert status == 200 and headers["Content-Type"] == "application/tei+xml"
    assert "rel=\"collection\"" in headers["Link"]
    root = etree.fromstring(body)
    assert root.find("{https://w3id.org/api/dts#}wrapper") is not None
    status, headers, body = get(server, f"/dts/document/?resource={RES}")
    assert status == 200 and etree.fromstring(body).find("{http://www.tei-c.org/ns/1.0}teiHeader") is not None


@pytest.mark.parametrize("path,code", [
    ("/dts/navigation/", 400),                                   # no resource
    (f"/dts/navigation/?resource={RES}", 400),                   # neither ref nor down
    (f"/dts/navigation/?resource={RES}&ref=p1&start=p1&end=p2", 400),
    (f"/dts/navigation/?resource={RES}&start=p1", 400),
    (f"/dts/navigation/?resource={RES}&ref=p999", 404),
    (f"/dts/navigation/?resource={RES}&ref=p1&tree=nosuch", 404),
    (f"/dts/document/?resource={RES}&ref=p1&mediaType=text/html", 404),
    ("/dts/collection/?id=nosuch", 404),
    ("/../../etc/passwd", 404),
])
def test_errors(server, path, code):
    status, headers, _ = get(server, path)
    assert status == code, path


def test_site_and_tei_media_types(server):
    status, headers, _ = get(server, f"/tei/{RES}.xml")
    assert status == 200 and headers["Content-Type"] == "application/tei+xml"
    status, headers, _ = get(server, "/site/index.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")


def test_static_path_mapping():
    assert static_path(parse_query("navigation", f"resource={RES}&ref=p4&down=0")) == f"/dts/navigation/{RES};down=0/p4.json"
    assert static_path(parse_query("document", f"resource={RES}&ref=s1&tree=section")) == \
        f"/dts/document/{RES};tree=section/s1.xml"
    assert static_path(parse_query("document", f"resource={RES}&tree=section")) == f"/dts/document/{RES};tree=section.xml"
    assert static_path(parse_query("collection", "nav=parents")) == "/dts/collection;nav=parents.json"
    with pytest.raises(DtsError):
        parse_query("navigation", f"resource={RES}&down=0")
    with pytest.raises(DtsError, match="Level 0"):
        static_path(parse_query("navigation", f"resource={RES}&start=p1&end=p2"))
    with pytest.raises(DtsError) as no_file:  # a page is found through the files' view links
        static_path(parse_query("navigation", f"resource={RES}&ref=p4&down=0&page=2"))
    assert no_file.value.status == 404


def test_the_whole_document_is_the_static_exports_copy(server, built_minimal):
    """The whole document names no schema files: the published TEI's xml-model instructions name
    `tei-edition.rng` beside it (in tei/), which from /dts/document/ resolved to a 404; the static
    export's copy is without them, and the server now sends that copy's bytes."""
    static = (built_minimal / "dts" / "document" / f"{RES}.xml").read_bytes()
    assert b"<?xml-model" in (built_minimal / "tei" / f"{RES}.xml").read_bytes()
    for query in (f"resource={RES}", f"resource={RES}&tree=section"):
        status, headers, body = get(server, f"/dts/document/?{query}")
        assert status == 200 and headers["Content-Type"] == "application/tei+xml", query
        assert body == static, query


def test_a_media_type_whose_plus_was_left_unencoded_is_told_how_to_write_it(server):
    status, _, body = get(server, f"/dts/document/?resource={RES}&ref=p1&mediaType=application/tei+xml")
    assert status == 404 and "write its + as %2B" in json.loads(body)["description"], body
    status, _, body = get(server, f"/dts/document/?resource={RES}&ref=p1&mediaType=application/tei%2Bxml")
    assert status == 200
