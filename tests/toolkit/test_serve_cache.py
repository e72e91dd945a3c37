"""`tei-edition serve` keeps its answers (serve.ResponseCache, issue 14: p99 under load): what it
sends from the cache is what `App.respond` makes; the cache is bounded, keeps no error and no
large file, and a new build swapped in at the served folder is served at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tei_edition import serve
from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.dts import write_dts
from tei_edition.serve import App

RES = paths.BASENAME
OWN = ("127.0.0.1", 8000)
HEADERS = {"Host": "127.0.0.1:8000"}
TARGETS = ["/site/", "/site/page.html", "/", "/site", "/dts/", f"/dts/navigation/?resource={RES}&ref=p1&down=0",
           f"/dts/document/?resource={RES}&ref=p1", f"/dts/collection/?id={RES}"]


def make_build(root: Path, minimal_tei: Path, page_html: str) -> Path:
    (root / "site").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<!DOCTYPE html><title>site</title>")
    (root / "site" / "page.html").write_text(page_html)
    (root / "tei").mkdir()
    (root / "tei" / f"{RES}.xml").write_bytes(minimal_tei.read_bytes())
    write_dts(root, read_tei(minimal_tei), str(minimal_tei))
    return root


def body(response: serve.Response) -> bytes:
    return response.file.read_bytes() if response.file is not None else response.body


@pytest.fixture
def app(tmp_path, minimal_tei) -> App:
    return App(make_build(tmp_path / "build", minimal_tei, "first"))


def test_cached_answers_are_the_responses(app):
    for target in TARGETS:
        made = app.respond(target, HEADERS, OWN)
        for _ in range(2):  # the miss, then the answer kept
            sent = app.answer(target, HEADERS, OWN)
            assert (sent.status, sent.headers, body(sent)) == (made.status, made.headers, body(made)), target
        assert (target, "http://127.0.0.1:8000") in app.cache._answers, target
    # another public prefix is another answer (every URL in a DTS answer is absolute)
    proxied = app.answer("/dts/", {**HEADERS, "X-Forwarded-Prefix": "/ed"}, OWN)
    assert b"http://127.0.0.1:8000/ed/dts/" in proxied.body


def test_errors_and_large_files_are_not_kept(app, monkeypatch):
    assert app.answer("/site/missing.html", HEADERS, OWN).status == 404
    assert app.answer("/dts/navigation/?resource=nothing", HEADERS, OWN).status == 400
    monkeypatch.setattr(serve, "CACHED_FILE", 3)
    sent = app.answer("/site/page.html", HEADERS, OWN)
    assert sent.file is not None and sent.file.read_bytes() == b"first"
    assert not app.cache._answers


def test_bounded(app, monkeypatch):
    monkeypatch.setattr(serve, "CACHE_BYTES", 4000)
    for n in range(200):  # distinct URLs, each a 200
        assert app.answer(f"/site/page.html?n={n}", HEADERS, OWN).status == 200
    assert 0 < app.cache._bytes <= 4000 and len(app.cache._answers) < 200
    assert app.answer("/site/page.html?n=199", HEADERS, OWN).body == b"first"  # answered, not kept


def test_a_new_build_swapped_in_is_served(app, tmp_path, minimal_tei):
    assert app.answer("/site/page.html", HEADERS, OWN).body == b"first"
    new = make_build(tmp_path / "new", minimal_tei, "second")
    os.rename(app.root, tmp_path / "old")  # as a build replaces the folder: another one at the path
    os.rename(new, app.root)
    assert app.answer("/site/page.html", HEADERS, OWN).body == b"second"
    app.reload()
    assert not app.cache._answers


def test_a_new_build_swapped_in_is_answered_from_its_own_tei(app, tmp_path, minimal_tei):
    """The DTS answers (Level 1) were computed from the TEI read at start: after a new build the
    static files were new, `/dts/document/` and `/dts/navigation/` still the old text."""
    ask = f"/dts/document/?resource={RES}&ref=p1"
    assert b"worked in" in app.answer(ask, HEADERS, OWN).body
    edited = tmp_path / "edited.xml"
    edited.write_bytes(minimal_tei.read_bytes().replace(b"and worked in", b"and toiled in", 1))
    new = make_build(tmp_path / "new", edited, "second")
    os.rename(app.root, tmp_path / "old")
    os.rename(new, app.root)
    assert b"toiled in" in app.answer(ask, HEADERS, OWN).body
    assert b"toiled in" in body(app.answer(f"/tei/{RES}.xml", HEADERS, OWN))
