"""`tei-edition serve --watch`, the open page's side (tei_edition/watch/live.py): the banner of a
failed rebuild, the reload script, the /__build long poll, and who may ask for it."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.editing import edit
from support.watching import HEADERS, OWN, body, saved, status, watched

from tei_edition.watch import live
from tei_edition.core.problems import EditionError, Problem
from tei_edition.serve import App
from tei_edition.watch import LiveView


@pytest.fixture()
def setup(tmp_path: Path):
    return watched(tmp_path)


def test_the_banner_shows_the_first_problems_of_many(tmp_path: Path):
    """A master with 20,000 bad pointers made a 4.4 MB answer to every poll of every open page,
    and as many rows in the banner; the terminal keeps them all."""
    view = LiveView()
    view.failed([Problem("m.xml", n, 1, "E0211", f"bad pointer {n}") for n in range(1, 20_001)])
    problems = status(App(tmp_path, live=view))["problems"]
    assert len(problems) == live.SHOWN + 1 and problems[0] == "m.xml:1:1: [E0211] bad pointer 1"
    assert problems[-1] == f"… and {20_000 - live.SHOWN} more problems (all are printed in the terminal)"


def test_the_new_pages_of_a_rebuild_after_a_failure_carry_no_banner(setup, monkeypatch):
    """The page reloaded onto the new pages showed the last failure's banner ("this page shows
    the last build that succeeded") until the rest of the build was made."""
    master, out, view, app, watcher, _ = setup
    edit(master, 'ref="#lenin"', 'ref="#nobody"')
    assert saved(watcher) and watcher.rebuild() is None and status(app)["problems"]
    seen: list[dict] = []
    shown = view.preview

    def probe(site: Path) -> None:
        shown(site)
        seen.append(status(app))

    monkeypatch.setattr(view, "preview", probe)
    edit(master, 'ref="#nobody"', 'ref="#lenin"')
    edit(master, "and worked in", "and toiled in")  # new pages (the same as the last good ones are not shown again)
    assert saved(watcher) and watcher.rebuild() is not None
    assert seen and seen[0]["state"] == "building" and seen[0]["problems"] == []


def test_a_failure_after_the_pages_were_shown_takes_them_back(setup, monkeypatch):
    master, out, view, app, watcher, _ = setup
    import tei_edition.outputs.pdf as pdf
    from tei_edition.core.problems import EditionError, Problem

    def broken(*_a, **_k):
        raise EditionError([Problem(str(master), 0, 0, "E0101", "typst: planted failure")])

    monkeypatch.setattr(pdf, "compile_pdf", broken)
    pages = status(app)["pages"]
    edit(master, "and worked in", "and laboured in")
    assert saved(watcher) and watcher.rebuild() is None
    now = status(app)
    assert now["state"] == "failed" and now["pages"] == pages + 2  # shown, then taken back: the page reloads
    assert view.site() is None and b"laboured" not in body(app, "/site/index.html")


@pytest.mark.parametrize("moment", ["pages shown", "pages taken back"])
def test_a_page_is_never_stamped_newer_than_it_is(setup, tmp_path: Path, monkeypatch, moment: str):
    """A page's file was chosen (the build's, or the newer pages of a build being made), then its
    stamp (`data-pages`, which the script compares with /__build's `pages`) read: when a rebuild
    showed its pages (or a failure took them back) in between, the page was stamped as the new
    pages and showed the old ones — the open page never reloaded, and showed the old text as
    current. Here that moment comes right after the server has chosen the file."""
    import shutil

    master, out, view, app, watcher, _ = setup
    newer = tmp_path / "newer"
    shutil.copytree(out / "site", newer)
    index = newer / "index.html"
    index.write_bytes(index.read_bytes().replace(b"and worked in", b"and toiled in"))
    if moment == "pages taken back":
        view.preview(newer)
    chosen = view.site
    changes = [lambda: view.preview(newer) if moment == "pages shown" else view.failed([])]

    def site() -> Path | None:
        found = chosen()
        while changes:  # once: the rebuild's moment, between the choice and the stamp
            changes.pop()()
        return found

    monkeypatch.setattr(view, "site", site)
    page = body(app, "/site/index.html")
    stamp = int(page.split(b'data-pages="', 1)[1].split(b'"', 1)[0])
    shows_newer = b"toiled in" in page
    assert shows_newer == (moment == "pages taken back")  # what was chosen before the moment
    assert stamp != status(app)["pages"]  # so the script reloads it onto what is served now


def test_pages_carry_the_reload_script_only_as_served(setup):
    _, out, view, app, _, _ = setup
    page = body(app, "/site/index.html")
    tag = f'<script src="/__live.js" data-pages="{view.pages}" defer></script>'.encode()
    assert page.count(tag) == 1 and page.index(tag) < page.index(b"</head>")
    assert b"__live" not in (out / "site" / "index.html").read_bytes()
    assert b"__live" not in body(app, "/site/assets/edition.css")
    assert body(app, "/__live.js").startswith(b"/* `tei-edition serve --watch`")
    plain = App(out)  # serve without --watch: no script, no endpoint
    assert b"__live" not in body(plain, "/site/index.html")
    assert plain.respond("/__build", HEADERS, OWN).status == 404


def test_the_build_status_waits_for_news_and_answers_at_once_when_there_is_some(setup, monkeypatch):
    _, _, view, app, _, _ = setup
    version = status(app)["version"]
    assert status(app, since=version - 1)["version"] == version  # behind: at once
    monkeypatch.setattr(live, "LONG_POLL", 30.0)
    timer = threading.Timer(0.3, view.building)
    started = time.perf_counter()
    timer.start()
    answer = status(app, since=version)  # waits until the next change
    assert answer["version"] == version + 1 and answer["state"] == "building"
    assert time.perf_counter() - started < 20
    monkeypatch.setattr(live, "LONG_POLL", 0.2)
    assert status(app, since=answer["version"])["version"] == answer["version"]  # nothing new: after the wait


def test_open_pages_waiting_for_news_hold_at_most_half_the_server(tmp_path: Path, monkeypatch):
    """Each page open on the site waits at /__build on one of the server's threads: 16 of them
    (tabs, browsers) held all 16, and a page asked for then waited for the long poll's end."""
    import select
    import socket

    from support.waiting import wait_for
    from tei_edition.serve_http import WORKERS, make_server

    assert live.WAITING <= WORKERS // 2
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!DOCTYPE html><title>t</title></html>")
    monkeypatch.setattr(live, "LONG_POLL", 120.0)  # no poll ends on its own during the test
    view = LiveView()
    server = make_server(tmp_path, 0, live=view)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    polls = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(WORKERS + 4)]
    try:
        for s in polls:
            s.sendall(f"GET /__build?since={view.version} HTTP/1.0\r\n\r\n".encode())
        # every poll taken before the news: the refused have their answer, so the others wait
        # (a fixed sleep let a poll read after the news answer 200 at once, not wait)
        wait_for(lambda: len(select.select(polls, [], [], 0)[0]) == len(polls) - live.WAITING, what="the polls")
        # held until a long poll ended before: then this read times out
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/site/", timeout=30) as page:
            assert b"/__live.js" in page.read()
        view.building()  # news: the waiting ones answer at once
        answers = [s.makefile("rb").read() for s in polls]
    finally:
        for s in polls:
            s.close()
        server.shutdown()
        server.server_close()
    waited = [a for a in answers if a.startswith(b"HTTP/1.0 200")]
    refused = [a for a in answers if a.startswith(b"HTTP/1.0 503")]
    assert len(waited) == live.WAITING and len(refused) == len(polls) - live.WAITING, answers
    assert all(b"Retry-After: 1" in a and a.endswith(b"ask again in a second\n") for a in refused)
    assert all(json.loads(a.split(b"\r\n\r\n", 1)[1])["state"] == "building" for a in waited)


def test_a_site_page_not_built_is_a_page_the_script_reloads(tmp_path: Path):
    """A first build that failed left the browser on a plain-text 404, without the script: no
    banner, and no reload when the master was fixed."""
    view = LiveView()
    app = App(tmp_path / "build", live=view)
    for target in ("/site/", "/site/index.html", "/site/%3Cscript%3Ealert(1)%3C/script%3E.html"):
        r = app.respond(target, HEADERS, OWN)
        assert r.status == 404 and r.headers["Content-Type"] == "text/html; charset=utf-8", target
        assert b'<script src="/__live.js" data-pages="0" defer></script></head>' in r.body
        assert b"alert" not in r.body  # nothing of the request in it
    for target, media in (("/dts/nothing.json", "application/ld+json"), ("/nothing", "text/plain; charset=utf-8")):
        assert app.respond(target, HEADERS, OWN).headers["Content-Type"] == media
    assert App(tmp_path / "build").respond("/site/", HEADERS, OWN).headers["Content-Type"].startswith("text/plain")


def test_other_sites_cannot_read_the_live_status(tmp_path: Path):
    """Every answer allowed any origin (CORS `*`, for DTS clients): a web page on another site,
    open in the same browser, could read /__build — the master's local path and the problems of
    the edition being written."""
    import socket

    from tei_edition.serve_http import make_server

    view = LiveView()
    view.failed([Problem("/home/editor/private/m.xml", 1, 1, "E0002", "not well-formed")])
    server = make_server(tmp_path, 0, live=view)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        def headers(target: str) -> bytes:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(f"GET {target} HTTP/1.0\r\nOrigin: https://elsewhere.example\r\n\r\n".encode())
                return s.makefile("rb").read().split(b"\r\n\r\n", 1)[0]

        assert b"Access-Control-Allow-Origin" not in headers("/__build")
        assert b"Access-Control-Allow-Origin" not in headers("/__live.js")
        assert b"Access-Control-Allow-Origin: *" in headers("/dts/")  # the DTS API stays open to every client
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("host, public_url, served", [
    ("evil.example", None, False),  # a page of that site, its name rebound to 127.0.0.1
    ("evil.example:8000", None, False),
    ("localhost.evil.example", None, False),
    ("127.0.0.1.evil.example", None, False),
    ("127.0.0.1:8000", None, True),
    ("localhost:8000", None, True),
    ("[::1]:8000", None, True),
    ("preview.localhost", None, True),
    ("proxy.example:443", "https://proxy.example/edition", True),  # behind --public-url
])
def test_the_live_preview_answers_only_requests_for_this_machine(host, public_url, served, tmp_path: Path):
    """DNS rebinding: a site whose name is made to resolve to 127.0.0.1 is same-origin with the
    preview for the browser, so no CORS rule stops it reading the drafts, /__build's problems and
    the master's local path. Its requests carry its own name as the Host."""
    from tei_edition.serve_http import make_server

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!DOCTYPE html><title>draft</title>")
    view = LiveView()
    view.failed([Problem("/home/editor/private/m.xml", 1, 1, "E0002", "not well-formed")])
    server = make_server(tmp_path, 0, public_url=public_url, live=view)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for target in ("/__build", "/site/", "/__live.js"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                answer = s.makefile("rb").read()
            assert answer.startswith(b"HTTP/1.0 200" if served else b"HTTP/1.0 403"), (target, answer[:200])
            assert (b"private" in answer) == (served and target == "/__build")
    finally:
        server.shutdown()
        server.server_close()


def test_the_served_build_answers_every_host(tmp_path: Path):
    """Without --watch the folder is a finished build to publish, served behind proxies under any
    name: no Host is refused."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!DOCTYPE html><title>t</title>")
    r = App(tmp_path).answer("/site/", {"Host": "edition.example.org"}, OWN)
    assert r.status == 200


@pytest.mark.parametrize("since", ["%C2%B2", "9" * 5000, "x", "1.0"])
def test_a_bad_version_to_wait_for_is_a_400(since: str, tmp_path: Path):
    r = App(tmp_path, live=LiveView()).respond(f"/__build?since={since}", HEADERS, OWN)
    assert r.status == 400 and b"since must be" in r.body
