"""Debian's Chromium as the browser tests launch it, and what they do with its pages."""

from __future__ import annotations

import functools
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from support import CHECKOUT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = [360, 1280]
WCAG22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (a test dependency: missing is a broken install, a
    failure, never a skip)."""
    import playwright.sync_api as playwright_api

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (make system-packages)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1 (a free port), without a log: its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def webtools() -> Path:
    """node_modules of the pinned vnu-jar and axe-core (installed on first use)."""
    out = subprocess.run([str(CHECKOUT / ".ci" / "webtools")], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip()) / "node_modules"


class Outside:
    """Counts requests that would leave the site; they are aborted."""

    def __init__(self, origin: str):
        self.origin = origin
        self.blocked: list[str] = []

    def __call__(self, route) -> None:
        url = route.request.url
        if url.startswith(self.origin) or url.startswith("file://") or url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """el => {
        const r = el.getBoundingClientRect();
        return r.top >= -1 && r.top < window.innerHeight && r.bottom > 0;
    }""")


def open_page(browser, url: str, width: int, **options):  # noqa: F811 - the imported fixture's value
    ctx = browser.new_context(viewport={"width": width, "height": 800}, **options)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(url)
    pg.evaluate("document.fonts.ready.then(() => true)")
    return ctx, pg, errors
