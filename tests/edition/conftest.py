"""Fixtures on the real master: its build (once per session) and the site served to Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.browser import Outside, chromium, served
from tei_edition.core import paths


@pytest.fixture(scope="session")
def built_edition(tmp_path_factory) -> Path:
    """The real master, built once: tests read its outputs, never rebuild it."""
    from tei_edition.build import build

    out = tmp_path_factory.mktemp("edition") / "build"
    build(paths.MASTER, out)
    return out


@pytest.fixture(scope="module")
def server(built_edition: Path):
    with served(built_edition) as base:
        yield base + "site/"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


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
