"""`tei-edition serve`: the build folder over HTTP on 127.0.0.1, with DTS media types.

* `/` redirects to the site (`/site/`), a folder without its final slash to the folder; static
  files are served as they are (`.json` below /dts/ as `application/ld+json`, TEI as
  `application/tei+xml`); a static file named in the URL (`/dts/index.json`) is always that file.
* DTS requests in the spec's query form (`/dts/`, `/dts/collection/?id=…`,
  `/dts/navigation/?resource=R&start=p10&end=p20&down=1`, …) are answered at **Level 1** by
  `dts_query.Edition` from the published TEI (`build/tei/*.xml`, read at start and again when a
  new build is swapped in at the folder), `start`/`end` and `page` included; a build folder
  without `tei/` is served at Level 0 (`dts_query.static_path`).
* Every URL it publishes is absolute, below the request's public prefix (`public_prefix`: the
  `Host` header, or `X-Forwarded-Proto/Host/Prefix` from a proxy, or `--public-url`); the
  resource's `@id` is the edition's permanent URI (the header's, or `--base-url`).
* Fast under load: without `--watch` the folder is a finished build that nothing writes into
  (a build replaces it whole), so each answer is kept (`ResponseCache`, by request target and
  public prefix; files up to `CACHED_FILE` bytes, `CACHE_BYTES` in all) until the folder at `root`
  is another one (a new build swapped in) or `App.reload`.
* Revalidated: every file's answer says `Cache-Control: no-cache` and carries an ETag and a
  Last-Modified (core/conditional_requests.py), a DTS answer made for the request the ETag of its
  bytes, so a reload of an unchanged file or answer is a 304 (serve_http sends it).
* Robust: every bad path is a 400 or 404 with a body (`resolve_file`, the one place a URL path
  becomes a file); the sockets, their time-outs and threads are `serve_http`'s.

`App.respond` maps one request to one `Response` without touching a socket (hook a rebuild in
`App.reload`). With a `Live` view (`serve --watch`, tei_edition/watch/) it also answers the
view's own paths (`/__…`), serves the site's newer pages from the view's folder first, and hands
every HTML page it sends to the view (which adds its reload script: never to the files).
"""

from __future__ import annotations

import json
import mimetypes
import os
import posixpath
import re
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import SplitResult, quote, unquote, urlsplit

from tei_edition.core.conditional_requests import body_validators, file_validators
from tei_edition.core.files import resolved_or_none
from tei_edition.core.problems import EditionError, Problem, one_line
from tei_edition.outputs import dts
from tei_edition.outputs.dts_query import (JSONLD_MEDIA, TEI_MEDIA, DtsError, Edition, endpoint_of,
                                           parse_query, static_path)
from tei_edition.outputs.dts_urls import public_prefix_option, query_urls

MAX_SEGMENT = 255  # bytes of one path segment (a longer name is no file)
MAX_DEPTH = 32  # segments of a path (a build's deepest file has 4; resolving 30,000 took 0.7 s)
CACHED_FILE = 1 << 20  # a served file up to this size is kept in memory
CACHE_BYTES = 64 << 20  # bytes of answers kept at most (a flood of distinct URLs cannot grow it)
_HOST_HEADER = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                          r"[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
# a path of URL characters but ' (it begins the DTS URI templates, whose literals leave it out: RFC 6570)
_PREFIX_HEADER = re.compile(r"^(?:/(?!\.\.?(?:/|$))(?:[A-Za-z0-9._~!$&()*+,;=:@-]|%[0-9A-Fa-f]{2})+)*/?$")


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    file: Path | None = None  # streamed instead of `body`


def host_and_port(host: str) -> tuple[str, str]:
    """A Host header's name (an [IPv6 address] with its brackets) and port ('' if none)."""
    if host.startswith("["):
        end = host.find("]") + 1
        return host[:end], host[end:].partition(":")[2]
    name, _, port = host.partition(":")
    return name, port


def public_prefix(headers: Any, own_address: tuple[str, int], public_url: str | None) -> str:
    """The absolute URL at which the client sees the served folder (no final slash)."""
    if public_url:
        return public_url
    proto = (headers.get("X-Forwarded-Proto") or "http").split(",")[0].strip().lower()
    if proto not in ("http", "https"):
        raise HttpError(400, "X-Forwarded-Proto must be http or https")
    host = (headers.get("X-Forwarded-Host") or headers.get("Host") or "").split(",")[0].strip()
    if not host:
        host = f"{own_address[0]}:{own_address[1]}"
    port = host_and_port(host)[1]
    if not _HOST_HEADER.match(host) or port and int(port) > 65535:
        raise HttpError(400, "the Host (or X-Forwarded-Host) header is not a host name with an optional port")
    prefix = (headers.get("X-Forwarded-Prefix") or "").split(",")[0].strip()
    if not _PREFIX_HEADER.match(prefix):
        raise HttpError(400, "X-Forwarded-Prefix must be a URL path (a ' percent-encoded, %27)")
    return f"{proto}://{host}{prefix.rstrip('/')}"


def split_target(raw: str) -> SplitResult:
    """The request target's parts; 400 for one that no URL parser takes (an absolute-form target
    with an unclosed IPv6 host, `http://[x/`: urlsplit's ValueError)."""
    try:
        return urlsplit(raw)
    except ValueError:
        raise HttpError(400, "the request target is not a URL") from None


def decode_path(raw: str) -> str:
    """The request target's path, percent-decoded; 400 for what no file name can hold."""
    path = split_target(raw).path or "/"
    if not path.startswith("/"):
        raise HttpError(400, "the request target must be a path")
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "the path is not UTF-8 once percent-decoded") from None
    if any(ord(c) < 32 or ord(c) == 127 for c in decoded):
        raise HttpError(400, "the path holds a control character")
    return decoded


def resolve_file(root: Path, path: str) -> Path:
    """The file below `root` that the decoded URL `path` names (a folder: its index.html);
    404 for anything else: no such file, a name too long, a path out of `root`, a link loop, a
    name that begins with a dot (the build's own files: its marker, its record of the files)."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p.startswith(".") for p in parts) or len(parts) > MAX_DEPTH \
            or any(len(p.encode("utf-8")) > MAX_SEGMENT for p in parts):
        raise HttpError(404, "not found")
    file = root.joinpath(*parts)
    try:
        real = resolved_or_none(file)  # a loop of links is no file
        if real is None or real != root and root not in real.parents:
            raise HttpError(404, "not found")
        if real.is_dir():
            real = real / "index.html"
        if not real.is_file():
            raise HttpError(404, "not found")
    except (OSError, ValueError):  # ValueError: a NUL, which no file name holds
        raise HttpError(404, "not found") from None
    return real


def media_type(rel: str) -> str:
    if rel.startswith("/dts/") and rel.endswith(".json"):
        return JSONLD_MEDIA
    if rel.endswith(".xml") and (rel.startswith("/dts/document/") or rel.startswith("/tei/")):
        return TEI_MEDIA
    ctype = mimetypes.guess_type(posixpath.basename(rel))[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/json", "application/javascript"):
        ctype += "; charset=utf-8"
    return ctype


def names_this_machine(host: str | None, public_url: str | None) -> bool:
    """The Host header names the loopback (or the host of `public_url`). A live preview holds
    drafts, problems and local paths: a page of another site whose name was rebound to 127.0.0.1
    (DNS rebinding) sends its own name as the Host and is refused. No Host (HTTP/1.0): not a browser."""
    if not host:
        return True
    name = host_and_port(host.strip().lower())[0].rstrip(".")
    if name in ("localhost", "[::1]") or name.endswith(".localhost") or re.fullmatch(r"127(?:\.\d{1,3}){3}", name):
        return True
    if public_url is None:
        return False
    public = (urlsplit(public_url).hostname or "").lower()  # without an IPv6 address's brackets
    return name in (public, f"[{public}]")


def error_response(status: int, message: str, dts_error: bool) -> Response:
    """The error's body: a DTS Error object below /dts/ (`dts_error`), else one line of text. The
    message is cut as a problem's is (`one_line`: a value it echoes, a `ref` of 60 KB, at most
    MAX_VALUE characters, the whole at most MAX_MESSAGE)."""
    message = one_line(message)
    if dts_error:
        body = json.dumps({"@context": dts.CONTEXT, "@type": "Error", "statusCode": status,
                           "title": HTTPStatus(status).phrase, "description": message},
                          ensure_ascii=False) + "\n"
        return Response(status, {"Content-Type": JSONLD_MEDIA}, body.encode("utf-8"))
    body = f"{status} {HTTPStatus(status).phrase}: {message}\n"
    return Response(status, {"Content-Type": "text/plain; charset=utf-8"}, body.encode("utf-8"))


def redirect(status: int, location: str) -> Response:
    return Response(status, {"Location": location, "Content-Type": "text/plain; charset=utf-8"},
                    f"{status} {HTTPStatus(status).phrase}: {location}\n".encode("utf-8"))


class ResponseCache:
    """Answers of an unchanging folder, bounded: once `CACHE_BYTES` are held, new answers are
    not kept. Emptied when the folder at `root` is another one (a new build swapped in)."""

    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.Lock()
        self._answers: dict[tuple[str, str], Response] = {}
        self._bytes = 0
        self._folder = self._identity()

    def _identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.root)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def swapped(self) -> bool:
        """Whether the folder at `root` is another one since the last look (its answers forgotten)."""
        folder = self._identity()
        if folder == self._folder:
            return False
        self.clear()
        self._folder = folder
        return True

    def get(self, key: tuple[str, str]) -> Response | None:
        return self._answers.get(key)

    def put(self, key: tuple[str, str], response: Response) -> Response:
        """Keep `response` (a small file read into its body; an error is not kept); returns
        what to send."""
        if response.status >= 400:
            return response
        if response.file is not None:
            try:
                with open(response.file, "rb") as source:
                    info = os.fstat(source.fileno())
                    if info.st_size > CACHED_FILE:
                        return response
                    body = source.read()
            except OSError:
                return response  # sent as it was: its own error
            # the validators of the bytes read (a file replaced since `respond` looked is another)
            response = Response(response.status, {**response.headers, **file_validators(info)}, body)
        size = len(response.body) + len(key[0]) + len(key[1])
        with self._lock:
            if self._bytes + size <= CACHE_BYTES:
                self._answers[key] = response
                self._bytes += size
        return response

    def clear(self) -> None:
        with self._lock:
            self._answers, self._bytes = {}, 0


class Live(Protocol):
    """What `serve --watch` adds to the server (tei_edition.watch.LiveView)."""

    def answer(self, path: str, query: str) -> Response | None:
        """The response to the view's own path (`/__…`), else None."""

    def stamp(self) -> int:
        """The number of the pages served now: read before the file a request names is chosen,
        so that a page is never stamped newer than it is (it would never be reloaded)."""

    def site(self) -> Path | None:
        """A folder of newer site pages, served at /site/ before the build folder's."""

    def page(self, html: bytes, stamp: int) -> bytes:
        """An HTML page as it is sent (with the view's script), `stamp` the pages it belongs to."""

    def missing(self, stamp: int) -> bytes:
        """The HTML page sent for a site page that is not built (with the view's script)."""


class App:
    """What `serve` answers: the build folder `root`, and its Level 1 DTS answers when it holds
    the published TEI."""

    def __init__(self, root: Path, public_url: str | None = None, base_url: str | None = None,
                 live: Live | None = None):
        self.root = Path(root).resolve()
        self.public_url = public_prefix_option(public_url) if public_url else None
        self.base_url = base_url
        self.live = live
        self.edition: Edition | None = None
        self.cache = ResponseCache(self.root)
        self._swap = threading.Lock()  # one request notices a new build and reads its TEI
        self.reload()

    def reload(self) -> None:
        """(Re)read the published TEI; without it, DTS is served from the static files (Level 0)."""
        try:
            edition: Edition | None = Edition(self.root, self.base_url)
        except EditionError as exc:
            for problem in exc.problems:
                print(str(problem), file=sys.stderr)
            print("serve: the published TEI cannot be read; DTS is served from the static files "
                  "(Level 0, no start/end ranges)", file=sys.stderr)
            edition = None
        self.edition = edition or None
        self.cache.clear()

    @property
    def dts_level(self) -> int:
        return 1 if self.edition else 0

    def answer(self, raw_target: str, headers: Any, own_address: tuple[str, int]) -> Response:
        """What the server sends for GET `raw_target`: `respond`'s response, from the cache when
        it was answered before (without a live view: a live view's folder changes)."""
        if self.live is not None:
            if not names_this_machine(headers.get("Host"), self.public_url):
                return error_response(403, "the live preview answers requests for localhost, 127.0.0.1 or "
                                           "[::1] (or the host of --public-url) only", False)
            return self.respond(raw_target, headers, own_address)
        with self._swap:
            if self.cache.swapped():  # a new build: its DTS answers are computed from its own TEI
                self.reload()
        try:
            key = (raw_target, public_prefix(headers, own_address, self.public_url))
        except HttpError:
            return self.respond(raw_target, headers, own_address)
        return self.cache.get(key) or self.cache.put(key, self.respond(raw_target, headers, own_address))

    def respond(self, raw_target: str, headers: Any, own_address: tuple[str, int]) -> Response:
        """The response to GET `raw_target` (path and query, as received)."""
        try:
            raw = split_target(raw_target)  # raw.path as received: percent-encoded
        except HttpError as exc:
            return error_response(exc.status, str(exc), dts_error=False)
        query = raw.query
        stamp = self.live.stamp() if self.live is not None else 0  # before the file is chosen and read
        try:
            path = decode_path(raw_target)
            if self.live is not None and path.startswith("/__"):
                own = self.live.answer(path, query)
                if own is not None:
                    return own
            prefix = public_prefix(headers, own_address, self.public_url)
            if path in ("/", "/site"):  # the site is the folder's front page
                return redirect(302 if path == "/" else 301, f"{prefix}/site/")
            endpoint = endpoint_of(path)
            if endpoint is not None and self.edition:
                target = prefix + raw.path + (f"?{query}" if query else "")
                answer = self.edition.answer(parse_query(endpoint, query), query_urls(prefix), target)
                # made anew for each request: its ETag is its bytes' (a harvester's repeat is a 304)
                return Response(200, {"Content-Type": answer.media_type, "Cache-Control": "no-cache",
                                      **answer.headers, **body_validators(answer.body)}, answer.body)
            if endpoint is not None:
                path = static_path(parse_query(endpoint, query), self._static_file)
            file, rel = self._resolve(path)
            if file.name == "index.html" and not path.endswith(("/", "index.html")):
                return redirect(301, f"{prefix}{raw.path}/" + (f"?{query}" if query else ""))
            return self._file(file, rel, prefix, stamp)
        except (DtsError, HttpError) as exc:
            if self.live is not None and exc.status == 404 and raw.path.startswith("/site"):
                # a page the script can reload: the first build failed, or it comes with the next
                return Response(404, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"},
                                self.live.missing(stamp))
            return error_response(exc.status, str(exc), dts_error=raw.path.startswith("/dts"))

    def _static_file(self, path: str) -> Path | None:
        """The static DTS file `path` names, None if none (`dts_query.static_path`)."""
        try:
            return resolve_file(self.root, path)
        except HttpError:
            return None

    def _resolve(self, path: str) -> tuple[Path, str]:
        """The file `path` names and its path below the served folder: the live view's newer
        site page first, if there is one."""
        site = self.live.site() if self.live is not None and path.startswith("/site/") else None
        if site is not None:
            try:
                file = resolve_file(site, path[len("/site"):])
                return file, "/site/" + file.relative_to(site).as_posix()
            except HttpError:
                pass  # not among the newer pages: the build folder's
        file = resolve_file(self.root, path)
        return file, "/" + file.relative_to(self.root).as_posix()

    def _file(self, file: Path, rel: str, prefix: str, stamp: int = 0) -> Response:
        # with --watch or not, a browser asks again before it uses a file, so a reload shows a new
        # build; a file with a Last-Modified and no Cache-Control it would keep unasked for a
        # tenth of its age (RFC 9111 §4.2.2)
        headers = {"Content-Type": media_type(rel), "Cache-Control": "no-cache"}
        if rel.startswith("/dts/document/"):
            resource = rel[len("/dts/document/"):].split("/", 1)[0].split(";", 1)[0].removesuffix(".xml")
            headers["Link"] = f"<{prefix}{quote(dts.collection_path(resource))}>; rel=\"collection\""
        try:
            if self.live is not None and rel.endswith(".html"):
                page = self.live.page(file.read_bytes(), stamp)
                return Response(200, {**headers, **body_validators(page)}, page)
            return Response(200, {**headers, **file_validators(file.stat())}, file=file)
        except OSError:
            raise HttpError(404, "not found") from None
