"""`tei-edition serve` over sockets: the connections of 127.0.0.1 handed to `serve.App`.

A connection that sends nothing for `TIMEOUT` seconds, or not its whole request within `TIMEOUT`
seconds, is closed; the listen backlog is `BACKLOG` (a busy reading room); `WORKERS` threads
handle the connections, each once its request head is in, which wait in bounded queues
(`PooledHTTPServer`), never a thread per connection; a request the app fails on still gets a 500 with a body, a file gone before it is
sent a 404, and a client gone is no error. GET and HEAD are served, OPTIONS says so (`Allow`, and
a CORS preflight's headers), POST, PUT, DELETE and PATCH are a 405 with `Allow` and a body (a DTS
error below /dts/); a method http.server does not know stays its 501 (RFC 9110 9.1). A GET or
HEAD of a file whose ETag or Last-Modified the request sends back is a 304 without a body
(core/conditional_requests.py); the connection is still closed after each answer.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import socket
import socketserver
import stat
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from tei_edition.core import interrupts, output_folder
from tei_edition.core.arrivals import BLANK_LINES, Arrivals
from tei_edition.core.conditional_requests import KEPT_IN_304, file_validators, not_modified
from tei_edition.core.problems import EditionError, Problem
from tei_edition.serve import App, HttpError, Live, Response, error_response, split_target

HOST = "127.0.0.1"
BACKLOG = 128  # the kernel's queue of connections not yet accepted
WORKERS = 16  # threads that handle connections
QUEUED = 256  # connections whose request head is in, waiting for a worker
TIMEOUT = 10.0  # seconds a connection may stay silent
REAP = 0.25  # seconds between two looks for requests not in by their deadline
ALLOW = "GET, HEAD, OPTIONS"  # the methods served; POST, PUT, DELETE and PATCH are a 405


def own_path(target: str) -> bool:
    """Whether the request target names a live view's own path (`/__…`)."""
    try:
        return split_target(target).path.startswith("/__")
    except HttpError:  # no URL: its answer is a 400
        return False


class Handler(BaseHTTPRequestHandler):
    server_version = "tei-edition"
    raw_requestline: bytes
    server: PooledHTTPServer

    def __init__(self, *args: Any, app: App, own_address: tuple[str, int], timeout: float = TIMEOUT, **kwargs: Any):
        self.app = app
        self.own_address = own_address
        self.silence = timeout
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.silence)  # each read and write of the connection
        self.server.reading(self.connection, time.monotonic() + self.silence)  # and the whole request

    def finish(self) -> None:
        self.server.reading(self.connection, None)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def parse_request(self) -> bool:
        """As http.server's, but for what it closed without a word: empty lines before the
        request line are skipped (RFC 9112 §2.2, a few), a request line of blanks is a 400; and
        a request line without a version (HTTP/0.9), which it answered with a body and no status
        line or headers, is a 400 with both. An HTTP/1.1 request without exactly one Host field,
        which it served, is a 400 too (RFC 9112 §3.2)."""
        for _ in range(BLANK_LINES):
            if self.raw_requestline not in (b"\r\n", b"\n"):
                break
            self.raw_requestline = self.rfile.readline(65537)
        if self.raw_requestline and not self.raw_requestline.strip() or len(self.raw_requestline) > 65536:
            self.command, self.requestline, self.request_version = "", "", "HTTP/1.0"
            self.close_connection = True
            self.send_error(400 if len(self.raw_requestline) <= 65536 else 414, "no request line")
            return False
        parsed = super().parse_request()
        self.server.reading(self.connection, None)  # the request is in
        if parsed and self.request_version == "HTTP/0.9":  # http.server answers it with the body alone
            self.request_version = "HTTP/1.0"  # so that the refusal has a status line
            self.send_error(400, "a request line without a version (HTTP/0.9) is not served; "
                                 "give it one, e.g. GET / HTTP/1.1")
            return False
        hosts = self.headers.get_all("Host", []) if parsed else []
        # RFC 9112 §3.2 (a method it does not know stays a 501)
        if parsed and self.request_version == "HTTP/1.1" and len(hosts) != 1 and hasattr(self, "do_" + self.command):
            self.close_connection = True
            self.send_error(400, "an HTTP/1.1 request names its host in one Host field" if not hosts
                            else "a request with more than one Host field")
            return False
        return parsed

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (414 a request line too long, 431 a header too long or too
        many, 400 a request line it cannot read, 501 a method it does not know) as every other
        error: a DTS error below /dts/, else a line of text (http.server's were HTML pages). The
        request may not be parsed yet: the target is the request line's second word."""
        words = self.raw_requestline.split() if getattr(self, "raw_requestline", None) else []
        try:
            dts_error = len(words) > 1 and split_target(words[1].decode("latin-1")).path.startswith("/dts")
        except HttpError:
            dts_error = False
        description = message or HTTPStatus(code).phrase
        response = error_response(code, f"{description}: {explain}" if explain else description, dts_error)
        if self.request_version == "HTTP/0.9":  # the version not read yet (HTTP/9.9): still a status line
            self.request_version = "HTTP/1.0"
        self.send_response(code)
        self.send_header("Connection", "close")  # what follows the refused line is not read
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if (self.command or (words[0].decode("latin-1") if words else "")) != "HEAD":
            self.wfile.write(response.body)

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        """The methods served (RFC 9110 9.3.7), and a CORS preflight's answer where the answers
        carry Access-Control-Allow-Origin (a request with a header outside the CORS safelist)."""
        headers = {"Allow": ALLOW}
        if not own_path(self.path):
            headers.update({"Access-Control-Allow-Methods": "GET, HEAD", "Access-Control-Allow-Headers": "*",
                            "Access-Control-Max-Age": "86400"})
        self._send(Response(204, headers))

    def _refuse(self) -> None:
        """405 with Allow (RFC 9110 15.5.6) for a method that would change what is served; the
        connection is closed after (its body is not read)."""
        try:
            dts_error = split_target(self.path).path.startswith("/dts")
        except HttpError:
            dts_error = False
        response = error_response(405, f"{self.command} is not served: the edition is read with GET or HEAD",
                                  dts_error)
        response.headers["Allow"] = ALLOW
        self.close_connection = True
        self._send(response)

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def _serve(self) -> None:
        try:
            response = self.app.answer(self.path, self.headers, self.own_address)
        except Exception as exc:  # noqa: BLE001 - a bug must not drop the connection without an answer
            print(f"serve: {self.path[:200]!r}: {type(exc).__name__}: {exc}", file=sys.stderr)
            response = error_response(500, "the server failed on this request", False)
        self._send(response)

    def _conditional(self, response: Response, info: os.stat_result | None) -> tuple[int, dict[str, str]]:
        """The status and header fields to send: a 304 and the validators for a GET or HEAD of a
        file or DTS answer that the request's If-None-Match or If-Modified-Since says the client
        has. Only those have validators: an error or a redirect is never a 304."""
        headers = response.headers
        if info is not None and "ETag" in headers:  # the validators of the file opened, which may be
            headers = {**headers, **file_validators(info)}  # another than the one `respond` looked at
        if response.status == 200 and "ETag" in headers and self.command in ("GET", "HEAD") \
                and not_modified(self.headers, headers):
            return 304, {key: headers[key] for key in KEPT_IN_304 if key in headers}
        return response.status, headers

    def _send(self, response: Response) -> None:
        source = None
        if response.file is not None:
            try:  # opened before a byte is sent: a file gone since (a rebuild) is a 404, not an empty reply
                source = open(response.file, "rb")
            except OSError:
                response = error_response(404, "not found", False)
        with source or contextlib.nullcontext():
            info = os.fstat(source.fileno()) if source else None
            status, headers = self._conditional(response, info)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if status not in (204, 304):  # RFC 9110 8.6: none in a 204; a 304 has no body to measure
                self.send_header("Content-Length", str(info.st_size if info else len(response.body)))
            if not own_path(self.path):  # a live view's status (local paths): its pages only
                self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            if self.command == "HEAD" or status == 304:
                return
            if source is None:
                self.wfile.write(response.body)
            else:
                shutil.copyfileobj(source, self.wfile)


class PooledHTTPServer(HTTPServer):
    """An HTTP server whose connections are handled by `workers` threads, each once its request
    head is in (`core.arrivals.Arrivals`: until then a connection holds no worker, and is closed
    after `silence` seconds); those whose head is in wait for a worker in a queue of `queued`."""

    request_queue_size = BACKLOG
    app: App

    def service_actions(self) -> None:
        """Between two looks at the socket (every 0.5 s): a Ctrl-C or SIGTERM whose exception
        Python dropped still ends a server that runs in the main thread."""
        if threading.current_thread() is threading.main_thread():
            interrupts.check()

    def __init__(self, address: tuple[str, int], handler: Any, workers: int = WORKERS, queued: int = QUEUED,
                 silence: float = TIMEOUT):
        self._jobs: queue.Queue[tuple[socket.socket, Any] | None] = queue.Queue(maxsize=queued)
        self._workers: list[threading.Thread] = []
        self._deadlines: dict[socket.socket, float] = {}  # connections whose request is being read
        self._deadlines_lock = threading.Lock()
        self._closed = threading.Event()
        self._arrivals = Arrivals(silence, lambda connection, client: self._jobs.put((connection, client)),
                                  self.shutdown_request)
        super().__init__(address, handler)
        threading.Thread(target=self._reap, name="serve-reaper", daemon=True).start()
        threading.Thread(target=self._arrivals.run, name="serve-arrivals", daemon=True).start()
        self._workers = [threading.Thread(target=self._work, name=f"serve-{i}", daemon=True)
                         for i in range(workers)]
        for worker in self._workers:
            worker.start()

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # without HTTPServer's reverse DNS look-up
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        self._arrivals.add(request, client_address)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            request, client_address = job
            try:
                self.finish_request(request, client_address)
            except Exception:  # noqa: BLE001
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    def reading(self, connection: socket.socket, deadline: float | None) -> None:
        """`connection`'s request must be in by `deadline` (time.monotonic()); None: it is."""
        with self._deadlines_lock:
            if deadline is None:
                self._deadlines.pop(connection, None)
            else:
                self._deadlines[connection] = deadline

    def _reap(self) -> None:
        """End the connections whose request is not in by its deadline: the time-out is per read,
        so a client sending a byte now and then held a worker for ever (WORKERS of them, the server)."""
        while not self._closed.wait(REAP):
            now = time.monotonic()
            with self._deadlines_lock:
                late = [connection for connection, deadline in self._deadlines.items() if deadline < now]
                for connection in late:
                    del self._deadlines[connection]
            for connection in late:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)  # its worker's read returns at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):  # a client gone is no error
            print(f"serve: {client_address}: {type(exc).__name__}: {exc}", file=sys.stderr)

    def server_close(self) -> None:
        self._closed.set()
        self._arrivals.stop()
        super().server_close()
        for _ in self._workers:
            try:
                self._jobs.put_nowait(None)
            except queue.Full:
                break


def check_folder(root: Path) -> None:
    """E0148 unless `root` is a build folder this process can read (without --watch nothing makes
    it: a missing or unreadable folder would be served as 404s, and any other folder, `/` or the
    project, file by file to whatever reaches the port)."""
    try:
        mode = os.stat(root).st_mode
    except OSError as exc:
        why = "does not exist" if isinstance(exc, FileNotFoundError) else f"cannot be read: {exc.strerror}"
    else:
        if not stat.S_ISDIR(mode):
            why = "is not a folder"
        elif not os.access(root, os.R_OK | os.X_OK):
            why = "cannot be read"
        elif not output_folder.is_build(root):
            why = f"is not a build folder (no {output_folder.MARKER} in it)"
        else:
            return
    raise EditionError([Problem("--dir", 1, 1, "E0148", f"{root} {why}: serve serves a folder that `tei-edition "
                                                      f"build` made; run the build first, or point --dir at its "
                                                      f"--out folder (default: build)")])


def make_server(root: Path, port: int = 8000, public_url: str | None = None, base_url: str | None = None,
                workers: int = WORKERS, timeout: float = TIMEOUT, live: Live | None = None) -> PooledHTTPServer:
    """The server of the build folder `root` on 127.0.0.1:`port` (0: any free port); raises
    EditionError (E0340, E0341) for a bad --public-url or when it cannot listen there.
    `server.app` answers the requests."""
    app = App(Path(root), public_url, base_url, live)
    own: list[tuple[str, int]] = []  # the address, known once bound: handlers are made after

    def handler(*args: Any, **kwargs: Any) -> Handler:
        return Handler(*args, app=app, own_address=own[0], timeout=timeout, **kwargs)

    try:
        server = PooledHTTPServer((HOST, port), handler, workers=workers, silence=timeout)
    except (OSError, OverflowError) as exc:  # OverflowError: a port outside 0-65535
        reason = getattr(exc, "strerror", None) or exc
        raise EditionError([Problem("--port", 1, 1, "E0341", f"cannot listen on {HOST}:{port}: {reason}")]) from None
    own.append((HOST, server.server_port))
    server.app = app
    return server
