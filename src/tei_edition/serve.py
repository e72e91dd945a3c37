"""`tei-edition serve`: the build folder over HTTP on 127.0.0.1, with DTS media types.

Static files are served as they are (`.json` below /dts/ as `application/ld+json`, TEI as
`application/tei+xml`). DTS requests in query form (`/dts/navigation/?resource=R&ref=p42&down=1`)
are mapped to the static files of `dts.py`, with the spec's 400/404 errors.
"""

from __future__ import annotations

import mimetypes
import posixpath
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from . import dts

TEI_MEDIA = "application/tei+xml"
JSONLD_MEDIA = "application/ld+json"


class DtsError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _one(query: dict, name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def static_path(url_path: str, query_string: str) -> str:
    """The static file (URL path) that answers a DTS request, or the path itself."""
    query = parse_qs(query_string, keep_blank_values=True)
    path = url_path.rstrip("/")
    if path in ("/dts", ""):
        return "/dts/index.json" if path == "/dts" else url_path
    endpoint = path.rsplit("/", 1)[-1]
    if path.startswith("/dts/") and endpoint in ("collection", "navigation", "document") and path.count("/") == 2:
        if endpoint == "collection":
            nav = _one(query, "nav") or "children"
            if nav not in ("children", "parents"):
                raise DtsError(400, "nav must be children or parents")
            return dts.collection_path(_one(query, "id"), nav)
        resource = _one(query, "resource")
        if not resource:
            raise DtsError(400, "the resource parameter is required")
        ref, start, end = _one(query, "ref"), _one(query, "start"), _one(query, "end")
        if ref and (start or end):
            raise DtsError(400, "ref cannot be used with start/end")
        if bool(start) != bool(end):
            raise DtsError(400, "start and end go together")
        if start:
            raise DtsError(400, "start/end ranges are not supported by this static (Level 0) DTS server")
        tree = _one(query, "tree") or None
        if endpoint == "document":
            media = _one(query, "mediaType")
            if media and media != TEI_MEDIA:
                raise DtsError(404, f"media type {media} is not available (only {TEI_MEDIA})")
            return dts.document_path(resource, tree if ref else None, ref)
        down_text = _one(query, "down")
        down = None
        if down_text is not None:
            try:
                down = int(down_text)
            except ValueError:
                raise DtsError(400, "down must be an integer") from None
            if down < -1:
                raise DtsError(400, "down must be -1 or more")
        if down is None and not ref:
            raise DtsError(400, "give ref or down")
        if down == 0 and not ref:
            raise DtsError(400, "down=0 needs ref")
        return dts.navigation_path(resource, tree, down, ref)
    return url_path


class Handler(SimpleHTTPRequestHandler):
    server_version = "tei-edition"

    def log_message(self, format, *args):  # quiet
        pass

    def send_error_json(self, status: int, message: str) -> None:
        body = (f'{{"@context": "{dts.CONTEXT}", "@type": "Error", "statusCode": {status}, '
                f'"title": "{HTTPStatus(status).phrase}", "description": "{message}"}}\n').encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", JSONLD_MEDIA)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

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
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
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
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if rel.startswith("/dts/document/"):
            resource = rel[len("/dts/document/"):].split("/", 1)[0].split(";", 1)[0].removesuffix(".xml")
            self.send_header("Link", f"<{dts.collection_path(resource)}>; rel=\"collection\"")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if not head:
            self.wfile.write(data)


def make_server(root: Path, port: int = 8000) -> ThreadingHTTPServer:
    handler = partial(Handler, directory=str(Path(root).resolve()))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)
