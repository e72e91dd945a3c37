"""`tei-edition serve` as a real process for the tests: started on a free port of 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tei_edition.core import output_folder


def as_build(folder: Path) -> Path:
    """`folder` marked as a build, as `tei-edition build` marks its folder: `serve` serves no other."""
    folder.mkdir(parents=True, exist_ok=True)
    output_folder.mark(folder)
    return folder


def start_server(folder: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """(the process, its base URL `http://127.0.0.1:PORT`)."""
    proc = subprocess.Popen([sys.executable, "-m", "tei_edition.cli", "serve", "--port", "0", "--dir", str(folder),
                             *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    if "http://127.0.0.1:" not in line:
        proc.terminate()
        raise AssertionError(line + (proc.stderr.read() if proc.stderr else ""))
    return proc, line.split("at ", 1)[1].split("/ ", 1)[0]


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=10)


@contextmanager
def serving_tei(folder: Path, source: Path, name: str) -> Iterator[str]:
    """`serve` over a build folder holding only the published TEI `source` (as tei/`name`), its
    DTS answered from the TEI (Level 1); yields the base URL, stops the server after."""
    (as_build(folder) / "tei").mkdir()
    shutil.copy(source, folder / "tei" / name)
    proc, base = start_server(folder)
    try:
        yield base
    finally:
        stop_server(proc)


def raw(port: int, request: bytes, timeout: float = 5.0) -> bytes:
    """The bytes a server on 127.0.0.1:`port` answers to `request`, sent as it is, until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@contextmanager
def serving(app_folder: Path, live: Any = None) -> Iterator[tuple[Any, int]]:
    """A server of `app_folder` in a thread of the test (two workers, a 2 s timeout; `live`: the
    view of `serve --watch`): (server, port)."""
    from tei_edition.serve_http import make_server

    server = make_server(app_folder, 0, workers=2, timeout=2, live=live)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
