"""Fixtures on the real master: its build (once per session) and the site served to Chromium."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import playwright.sync_api as playwright_api  # a test dependency: missing means a broken install, not a skip
from support.browser import ARGS, CHROMIUM, Outside
from tei_edition.core import paths


@pytest.fixture(scope="session")
def built_edition(tmp_path_factory) -> Path:
    """The real master, built once: tests read its outputs, never rebuild it."""
    from tei_edition.build import build

    out = tmp_path_factory.mktemp("edition") / "build"
    build(paths.MASTER, out)
    return out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_edition: Path):
    handler = functools.partial(_Quiet, directory=str(built_edition))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/site/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (make browser)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def context(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = Outside(server.split("/site/")[0] + "/")
    ctx.route("**/*", outside)
    ctx.outside = outside
    yield ctx
    ctx.close()
    assert outside.blocked == [], f"requests left the site: {outside.blocked}"


@pytest.fixture()
def page(context):
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    assert errors == [], f"JavaScript errors: {errors}"
