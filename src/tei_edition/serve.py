"""`tei-edition serve`: the build folder over HTTP on 127.0.0.1, with DTS media types.

Static files are served as they are (`.json` below /dts/ as `application/ld+json`, TEI as
`application/tei+xml`); a static file named in the URL (`/dts/index.json`,
`/dts/navigation/<resource>/p42.json`) is always that file.

DTS requests in the spec's query form (`/dts/`, `/dts/collection/?id=…`,
`/dts/navigation/?resource=R&start=p10&end=p20&down=1`, `/dts/document/?resource=R&start=…&end=…`)
are answered by a **Level 1** DTS server: `Edition` reads the published TEI (`build/tei/*.xml`,
through `xmlio`) once at start and answers every query, `start`/`end` ranges included, with the
builders `dts.py` writes the static files with (`DtsExport`, `range_span`, `range_members`,
`range_cover`, `fragment`), so an answer about one unit is byte for byte the static file's. Its
entry point and collections advertise the query templates, with `start` and `end`
(`dts.QUERY`); the static files keep their file-name templates (`dts.STATIC`, Level 0).

A build folder without `tei/` is served at Level 0: query forms are mapped to the static files
(`static_path`) and ranges are refused with a 400, as the spec allows a Level 0 server.
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tei_edition.outputs import dts

from tei_edition.outputs import dts_ranges
from tei_edition.citation.scheme import CitationTree, Unit
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import read_tei

TEI_MEDIA = "application/tei+xml"
JSONLD_MEDIA = "application/ld+json"


class DtsError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _one(query: dict, name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _endpoint(url_path: str) -> str | None:
    """"entry", "collection", "navigation" or "document" for the DTS query URLs, else None."""
    path = url_path.rstrip("/")
    if path == "/dts":
        return "entry"
    if path.startswith("/dts/") and path.count("/") == 2:
        name = path.rsplit("/", 1)[-1]
        if name in ("collection", "navigation", "document"):
            return name
    return None


def _check_reference_params(query: dict) -> tuple[str | None, str | None, str | None]:
    """ref, start, end, with the spec's 400s for their combinations."""
    ref, start, end = _one(query, "ref"), _one(query, "start"), _one(query, "end")
    if ref and (start or end):
        raise DtsError(400, "ref cannot be used with start/end")
    if bool(start) != bool(end):
        raise DtsError(400, "start and end go together: give both or neither")
    return ref or None, start or None, end or None


def _down(query: dict) -> int | None:
    down_text = _one(query, "down")
    if down_text is None:
        return None
    try:
        down = int(down_text)
    except ValueError:
        raise DtsError(400, "down must be an integer") from None
    if down < -1:
        raise DtsError(400, "down must be -1 or more")
    return down


def static_path(url_path: str, query_string: str) -> str:
    """The static file (URL path) that answers a DTS request, or the path itself (Level 0)."""
    query = parse_qs(query_string, keep_blank_values=True)
    endpoint = _endpoint(url_path)
    if endpoint is None:
        return url_path
    if endpoint == "entry":
        return "/dts/index.json"
    if endpoint == "collection":
        nav = _one(query, "nav") or "children"
        if nav not in ("children", "parents"):
            raise DtsError(400, "nav must be children or parents")
        return dts.collection_path(_one(query, "id"), nav)
    resource = _one(query, "resource")
    if not resource:
        raise DtsError(400, "the resource parameter is required")
    ref, start, _ = _check_reference_params(query)
    if start:
        raise DtsError(400, "start/end ranges are not supported by this static (Level 0) DTS server")
    tree = _one(query, "tree") or None
    if endpoint == "document":
        media = _one(query, "mediaType")
        if media and media != TEI_MEDIA:
            raise DtsError(404, f"media type {media} is not available (only {TEI_MEDIA})")
        return dts.document_path(resource, tree if ref else None, ref)
    down = _down(query)
    if down is None and not ref:
        raise DtsError(400, "give ref or down")
    if down == 0 and not ref:
        raise DtsError(400, "down=0 needs ref")
    return dts.navigation_path(resource, tree, down, ref)


# --- Level 1: answers computed from the published TEI ---------------------------------------

@dataclass
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


def _json(obj: dict) -> bytes:
    """As the static files of a tree or a collection are written (`DtsExport.build`)."""
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass
class _Resource:
    export: dts.DtsExport
    trees: dict[str | None, CitationTree]
    units: dict[str | None, dict[int, str]]  # per tree: each unit's compact JSON
    resource: str  # the Resource object (short form) as compact JSON


class Edition:
    """The published TEI of a build folder, read once: a Level 1 DTS server's answers."""

    def __init__(self, root: Path):
        self.resources: dict[str, _Resource] = {}
        for file in sorted((Path(root) / "tei").glob("*.xml")):
            export = dts.DtsExport(read_tei(file), str(file), resource=file.stem,
                                   published=file.read_bytes(), templates=dts.QUERY)
            self.resources[file.stem] = _Resource(
                export=export,
                trees={ct.identifier: ct for ct in export.trees},
                units={ct.identifier: export.unit_texts(ct) for ct in export.trees},
                resource=export.resource_text(),
            )
        # lxml trees and compiled XPaths are read from one request at a time
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self.resources)

    def answer(self, endpoint: str, query_string: str, target: str) -> Answer:
        """The answer to a DTS query (`target`: the request's path and query, the `@id` of a
        Navigation object); raises DtsError for the spec's 400s and 404s."""
        query = parse_qs(query_string, keep_blank_values=True)
        with self._lock:
            if endpoint == "entry":
                return Answer(_json(dts.entry_point(dts.QUERY)), JSONLD_MEDIA)
            if endpoint == "collection":
                return self._collection(query)
            resource = self._resource(query)
            if endpoint == "navigation":
                return self._navigation(resource, query, target)
            return self._document(resource, query)

    # endpoints
    def _collection(self, query: dict) -> Answer:
        nav = _one(query, "nav") or "children"
        if nav not in ("children", "parents"):
            raise DtsError(400, "nav must be children or parents")
        id_ = _one(query, "id") or dts.ROOT_COLLECTION
        if id_ == dts.ROOT_COLLECTION:
            first = next(iter(self.resources.values())).export
            obj = first.root_collection()
            if nav == "parents":
                obj["member"] = []
            else:
                obj["member"] = [r.export.resource_object() for r in self.resources.values()]
            obj["totalChildren"] = len(self.resources)
            return Answer(_json(obj), JSONLD_MEDIA)
        if id_ not in self.resources:
            raise DtsError(404, f"no collection or resource {id_}")
        return Answer(_json(self.resources[id_].export.resource_collection(nav)), JSONLD_MEDIA)

    def _resource(self, query: dict) -> _Resource:
        resource = _one(query, "resource")
        if not resource:
            raise DtsError(400, "the resource parameter is required")
        if resource not in self.resources:
            raise DtsError(404, f"no resource {resource}")
        return self.resources[resource]

    @staticmethod
    def _tree(r: _Resource, query: dict) -> CitationTree:
        tree = _one(query, "tree") or None
        if tree not in r.trees:
            raise DtsError(404, f"no citation tree {tree} in {r.export.resource} "
                                f"(trees: the default one, without tree, and "
                                f"{', '.join(t for t in r.trees if t) or 'no other'})")
        return r.trees[tree]

    @staticmethod
    def _unit(ct: CitationTree, name: str, value: str) -> Unit:
        unit = ct.by_ref.get(value)
        if unit is None:
            tree = f"tree {ct.identifier}" if ct.identifier else "the default tree"
            raise DtsError(404, f"{name} {value} is not a reference of {tree}")
        return unit

    def _navigation(self, r: _Resource, query: dict, target: str) -> Answer:
        ref, start, end = _check_reference_params(query)
        down = _down(query)
        if not ref and not start and down is None:
            raise DtsError(400, "give ref, start and end, or down")
        if down == 0 and not ref:
            raise DtsError(400, "down=0 needs ref: it asks for the siblings of one unit, "
                                "not of a range" if start else "down=0 needs ref")
        ct = self._tree(r, query)
        units = r.units[ct.identifier]
        if ref:
            unit = self._unit(ct, "ref", ref)
            text = r.export.navigation_text(target, [("ref", unit)], r.export.members(ct, down, unit),
                                            units, r.resource)
        elif start:
            first, last = self._unit(ct, "start", start), self._unit(ct, "end", end)
            try:
                dts_ranges.range_span(ct, first, last)  # the order, checked with or without down
            except dts_ranges.RangeError as exc:
                raise DtsError(400, f"{exc}: give start before end") from None
            text = r.export.navigation_text(target, [("start", first), ("end", last)],
                                            dts_ranges.range_members(ct, first, last, down), units, r.resource)
        else:
            return Answer(_json(r.export.navigation(ct, down, None, id_=target)), JSONLD_MEDIA)
        return Answer((text + "\n").encode("utf-8"), JSONLD_MEDIA)

    def _document(self, r: _Resource, query: dict) -> Answer:
        ref, start, end = _check_reference_params(query)
        media = _one(query, "mediaType")
        if media and media != TEI_MEDIA:
            raise DtsError(404, f"media type {media} is not available (only {TEI_MEDIA})")
        link = {"Link": f"<{dts.ROOT}/collection/?id={quote(r.export.resource, safe='')}>; rel=\"collection\""}
        if not ref and not start:  # the whole document; tree has no effect (spec)
            return Answer(r.export.published, TEI_MEDIA, link)
        ct = self._tree(r, query)
        if ref:
            units: list[Unit] | Unit = self._unit(ct, "ref", ref)
        else:
            first, last = self._unit(ct, "start", start), self._unit(ct, "end", end)
            try:
                units = dts_ranges.range_cover(ct, first, last)
            except dts_ranges.RangeError as exc:
                raise DtsError(400, f"{exc}: give start before end") from None
        return Answer(r.export.fragment(units), TEI_MEDIA, link)


def load_edition(root: Path) -> Edition | None:
    """The Level 1 answers of `root`, or None (Level 0) when it has no readable published TEI."""
    try:
        edition = Edition(root)
    except EditionError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        print("serve: the published TEI cannot be read; DTS is served from the static files "
              "(Level 0, no start/end ranges)", file=sys.stderr)
        return None
    return edition or None


# --- HTTP ----------------------------------------------------------------------------------

class Handler(SimpleHTTPRequestHandler):
    server_version = "tei-edition"

    def __init__(self, *args, edition: Edition | None = None, **kwargs):
        self.edition = edition
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # quiet
        pass

    def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error_json(self, status: int, message: str) -> None:
        body = json.dumps({"@context": dts.CONTEXT, "@type": "Error", "statusCode": status,
                           "title": HTTPStatus(status).phrase, "description": message},
                          ensure_ascii=False) + "\n"
        self._send(status, JSONLD_MEDIA, body.encode("utf-8"))

    def _route(self) -> str | None:
        parts = urlsplit(self.path)
        try:
            target = static_path(unquote(parts.path), parts.query)
        except DtsError as exc:
            self.send_error_json(exc.status, str(exc))
            return None
        root = Path(self.directory).resolve()
        file = (root / target.lstrip("/")).resolve()
        if root != file and root not in file.parents:
            self.send_error_json(404, "not found")
            return None
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            if target.startswith("/dts/"):
                self.send_error_json(404, f"no such DTS resource, reference or tree ({target})")
            else:
                self.send_error(404, "not found")
            return None
        return str(file)

    def do_GET(self):
        self._serve()

    def do_HEAD(self):
        self._serve()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        endpoint = _endpoint(unquote(parts.path))
        if self.edition and endpoint is not None:
            try:
                answer = self.edition.answer(endpoint, parts.query, self.path)
            except DtsError as exc:
                self.send_error_json(exc.status, str(exc))
                return
            self._send(200, answer.media_type, answer.body, answer.headers)
            return
        file = self._route()
        if file is None:
            return
        rel = "/" + Path(file).relative_to(Path(self.directory).resolve()).as_posix()
        data = Path(file).read_bytes()
        if rel.startswith("/dts/") and rel.endswith(".json"):
            ctype = JSONLD_MEDIA
        elif rel.endswith(".xml") and (rel.startswith("/dts/document/") or rel.startswith("/tei/")):
            ctype = TEI_MEDIA
        else:
            ctype = mimetypes.guess_type(posixpath.basename(rel))[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/json", "application/javascript"):
                ctype += "; charset=utf-8"
        headers = {}
        if rel.startswith("/dts/document/"):
            resource = rel[len("/dts/document/"):].split("/", 1)[0].split(";", 1)[0].removesuffix(".xml")
            headers["Link"] = f"<{dts.collection_path(resource)}>; rel=\"collection\""
        self._send(200, ctype, data, headers)


def make_server(root: Path, port: int = 8000, level: int = 1) -> ThreadingHTTPServer:
    """The server of `root`; `level=1` (default) answers DTS queries, ranges included, from
    `root/tei/*.xml` when it holds the published TEI, else (and with `level=0`) from the static
    files. `server.dts_level` says which."""
    edition = load_edition(Path(root)) if level >= 1 else None
    handler = partial(Handler, directory=str(Path(root).resolve()), edition=edition)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.dts_level = 1 if edition else 0
    return server
