"""`tei-edition serve --watch` end to end in a real browser (Debian's Chromium, Playwright): the
open page reloads after the master is saved, shows a failed rebuild's problems in a banner over
the last good build, and no request leaves the host."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest

from support.editing import copy_master, edit
from support.serve_process import start_server, stop_server
from support.browser import ARGS, CHROMIUM

WAIT_MS = 90_000  # generous: the machine may be busy; no timing is asserted


def wait_for_state(base: str, state: str, otherwise: str) -> None:
    """Until the live view's /__build says `state` (within WAIT_MS)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        with urllib.request.urlopen(f"{base}/__build", timeout=30) as r:
            if json.load(r)["state"] == state:
                return
        assert time.monotonic() < deadline, otherwise
        time.sleep(0.1)


@pytest.fixture()
def watched(tmp_path: Path):
    master = copy_master(tmp_path)
    proc, base = start_server(tmp_path / "build", "--watch", "--master", str(master))
    try:
        wait_for_state(base, "ready", "no first build")
        yield master, base
    finally:
        stop_server(proc)


def test_the_open_page_reloads_on_save_and_shows_a_failed_rebuild(watched):
    master, base = watched
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (make system-packages)")
    outside: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.goto(f"{base}/site/index.html")
            page.wait_for_function("() => document.body.textContent.includes('worked in')")
            page.evaluate("() => { window.beforeTheSave = true; }")

            edit(master, "and worked in", "and toiled in")
            page.wait_for_function("() => document.body.textContent.includes('toiled in')", timeout=WAIT_MS)
            assert page.evaluate("() => window.beforeTheSave === undefined")  # a new page, not a patched one

            edit(master, 'ref="#lenin"', 'ref="#nobody"')
            banner = page.wait_for_selector("#tei-edition-live", timeout=WAIT_MS)
            assert banner is not None and "[E0211]" in banner.text_content() and "#nobody" in banner.text_content()
            assert "toiled in" in page.text_content("main")  # the last good build, still served

            edit(master, 'ref="#nobody"', 'ref="#lenin"')
            page.wait_for_selector("#tei-edition-live", state="detached", timeout=WAIT_MS)
        finally:
            browser.close()
    assert outside == []


def test_a_first_build_that_fails_shows_its_problems_and_the_page_once_it_is_fixed(tmp_path: Path):
    """The site's pages of a failed first build were plain-text 404s: no banner, no reload."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (make system-packages)")
    master = copy_master(tmp_path)
    edit(master, 'ref="#lenin"', 'ref="#nobody"')
    proc, base = start_server(tmp_path / "build", "--watch", "--master", str(master))
    try:
        wait_for_state(base, "failed", "the first build did not fail")
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page()
                page.goto(f"{base}/")
                banner = page.wait_for_selector("#tei-edition-live", timeout=20_000)
                assert banner is not None and "[E0211]" in banner.text_content()
                edit(master, 'ref="#nobody"', 'ref="#lenin"')
                page.wait_for_function("() => document.body.textContent.includes('worked in')", timeout=WAIT_MS)
                page.wait_for_selector("#tei-edition-live", state="detached", timeout=WAIT_MS)
            finally:
                browser.close()
    finally:
        stop_server(proc)
