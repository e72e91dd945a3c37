"""`tei-edition serve` and the browser's cache: every file's answer says `Cache-Control: no-cache`
(with --watch or not), so that a reload asks again and shows a new build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.serve_process import as_build, raw, serving

from tei_edition import serve

PAGE = b"<!DOCTYPE html><html><head><title>p</title></head><body>first</body></html>"
STYLE = b"body { color: black }\n"


def make_folder(root: Path) -> Path:
    """A small build folder: a site page and a style sheet."""
    (as_build(root) / "site" / "assets").mkdir(parents=True)
    (root / "site" / "page.html").write_bytes(PAGE)
    (root / "site" / "assets" / "edition.css").write_bytes(STYLE)
    return root


def ask(port: int, target: str, *fields: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """(status, header fields by their lower-case names, body) of `method target` with `fields`
    ("Name: value") sent as they are."""
    request = "\r\n".join([f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *fields])
    head, _, body = raw(port, (request + "\r\n\r\n").encode("latin-1")).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


@pytest.fixture(params=["kept", "streamed"])
def served(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, int]]:
    """(the served folder, the port) of a server in this process; its files kept in memory
    (serve.ResponseCache) or, as a file over `CACHED_FILE` is, read from the disk each time."""
    if request.param == "streamed":
        monkeypatch.setattr(serve, "CACHED_FILE", 0)
    folder = make_folder(tmp_path / "build")
    with serving(folder) as (_, port):
        yield folder, port


def test_files_say_no_cache_with_watch_or_without(served):
    """Only the files of `serve --watch` said it: a file with a Last-Modified and no
    Cache-Control is one a browser keeps for a tenth of its age without asking (RFC 9111 §4.2.2)."""
    _, port = served
    for method in ("GET", "HEAD", "GET"):  # the second GET: from the answers kept
        for target in ("/site/page.html", "/site/assets/edition.css"):
            status, headers, _ = ask(port, target, method=method)
            assert (status, headers.get("cache-control")) == (200, "no-cache"), (method, target)
