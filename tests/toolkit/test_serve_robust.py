"""`tei-edition serve` under misuse and load (issue 14):

* `/` and `/site` lead to the site; a folder without its final slash to the folder;
* every bad path (a NUL, bytes that are not UTF-8, a name longer than any file, `..`, a link
  out of the folder, a request line too long, random bytes) is a 400 or 404 with a body, and the
  server goes on; a failure inside the server is a 500 with a body and one line on stderr;
* the public URL comes from `Host` or the proxy's `X-Forwarded-*` headers, checked, or from
  `--public-url`; the resource's `@id` is the permanent URI, `--base-url` overriding it;
* connections: a silent one is closed after the timeout; idle ones never hold a thread each
  (a fixed pool) and do not stop the server answering; the listen backlog is 128;
* 10,000 requests from 64 threads over loopback: no error (the time goes to `make bench`).
"""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from serve_load import load
from support.serve_process import as_build, raw, start_server, stop_server
from tei_edition.core import paths
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.dts import write_dts
from tei_edition.serve import App
from tei_edition.core import arrivals
from tei_edition.core.arrivals import HEAD_LIMIT, head_is_in
from tei_edition.serve_http import BACKLOG, WORKERS, make_server

RES = paths.BASENAME
URI = "https://tei-edition.example.org/lawson-2021-most-intransigent/"
OWN = ("127.0.0.1", 8000)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, minimal_tei) -> Path:
    """A small build folder: a site with a sub-folder, the published TEI and the static DTS."""
    root = as_build(tmp_path_factory.mktemp("served"))
    (root / "site" / "sub").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<!DOCTYPE html><title>site</title>")
    (root / "site" / "sub" / "index.html").write_text("<!DOCTYPE html><title>sub</title>")
    (root / "site" / "assets").mkdir()
    (root / "tei").mkdir()
    (root / "tei" / f"{RES}.xml").write_bytes(minimal_tei.read_bytes())
    write_dts(root, read_tei(minimal_tei), str(minimal_tei))
    (root.parent / "secret.txt").write_text("outside")
    (root / "site" / "link").symlink_to(root.parent / "secret.txt")
    (root / "site" / "up").symlink_to(root.parent)
    (root / "site" / "passwd").symlink_to("/etc/passwd")
    (root / "site" / "notes.txt").write_text("inside")
    (root / "site" / "same.txt").symlink_to("notes.txt")  # a link that stays inside: served
    (root / "site" / "loop").symlink_to("loop")  # a link to itself
    (root / "site" / ".hidden").write_text("the build's own")
    return root


@pytest.fixture(scope="module")
def app(folder) -> App:
    return App(folder)


def ask(app: App, target: str, **headers: str):
    return app.respond(target, {"Host": "127.0.0.1:8000", **{k.replace("_", "-"): v for k, v in headers.items()}}, OWN)


# --- paths ---------------------------------------------------------------------------------------

def test_front_page_and_folders_redirect(app):
    r = ask(app, "/")
    assert (r.status, r.headers["Location"]) == (302, "http://127.0.0.1:8000/site/")
    r = ask(app, "/site")
    assert (r.status, r.headers["Location"]) == (301, "http://127.0.0.1:8000/site/")
    r = ask(app, "/site/sub?x=1")
    assert (r.status, r.headers["Location"]) == (301, "http://127.0.0.1:8000/site/sub/?x=1")
    (app.root / "site" / "é x").mkdir(exist_ok=True)
    (app.root / "site" / "é x" / "index.html").write_text("<title>é</title>")
    r = ask(app, "/site/%C3%A9%20x")
    assert (r.status, r.headers["Location"]) == (301, "http://127.0.0.1:8000/site/%C3%A9%20x/")
    r = ask(app, "/site/")
    assert r.status == 200 and r.file is not None and r.file.name == "index.html"
    assert ask(app, "/", X_Forwarded_Prefix="/ed").headers["Location"] == "http://127.0.0.1:8000/ed/site/"


@pytest.mark.parametrize("target,status", [
    ("/%00", 400), ("/site/%00index.html", 400), ("/dts/%00", 400), ("/%ff%fe", 400), ("/a%0Ab", 400),
    ("/" + "a" * 300, 404), ("/site/" + "é" * 200, 404),
    ("/../../etc/passwd", 404), ("/%2e%2e/%2e%2e/etc/passwd", 404), ("/site/../../secret.txt", 404),
    ("/site/link", 404), ("/site/up/secret.txt", 404), ("/site/passwd", 404),  # links out of the folder
    ("/site/loop", 404), ("/site/loop/x", 404),  # a link loop
    # the build's own files, not the edition's (inode numbers, times of the machine that built it)
    ("/.tei-edition-state.json", 404), ("/.tei-edition-build", 404), ("/site/.hidden", 404),
    ("/site/assets", 404), ("/nothing", 404), ("/dts/nothing.json", 404),
    ("/dts/navigation/?resource=nosuch&down=1", 404), ("/dts/navigation/?down=1", 400),
    # an absolute-form target no URL parser takes (an unclosed IPv6 host): ValueError, no answer
    ("http://[x/dts/", 400), ("http://[::1/site/", 400),
])
def test_bad_paths_are_400_or_404_with_a_body(app, target, status):
    r = ask(app, target)
    assert r.status == status, (target, r.body)
    assert r.body and r.headers["Content-Type"]
    if target.startswith("/dts/"):
        assert json.loads(r.body)["statusCode"] == status


def test_a_link_that_stays_inside_the_folder_is_served(app):
    r = ask(app, "/site/same.txt")
    assert r.status == 200 and r.file == app.root / "site" / "notes.txt"


# --- public URLs ---------------------------------------------------------------------------------

def test_urls_from_host_and_proxy_headers(app):
    entry = json.loads(ask(app, "/dts/").body)
    assert entry["@id"] == "http://127.0.0.1:8000/dts/"
    entry = json.loads(ask(app, "/dts/", X_Forwarded_Proto="https", X_Forwarded_Host="edition.example.org",
                           X_Forwarded_Prefix="/api/").body)
    assert entry["@id"] == "https://edition.example.org/api/dts/"
    assert entry["navigation"].startswith("https://edition.example.org/api/dts/navigation/")
    nav = json.loads(ask(app, f"/dts/navigation/?resource={RES}&ref=p2", Host="localhost:9").body)
    assert nav["@id"] == f"http://localhost:9/dts/navigation/?resource={RES}&ref=p2"
    assert nav["resource"]["@id"] == URI


@pytest.mark.parametrize("headers", [
    {"Host": "a b"}, {"Host": "x/y"}, {"Host": "x:y"}, {"X_Forwarded_Proto": "ftp"},
    {"X_Forwarded_Host": "evil.example\r\nX: y"}, {"X_Forwarded_Prefix": "no-slash"},
    {"X_Forwarded_Prefix": "/a b"},
])
def test_bad_host_and_proxy_headers_are_400(app, headers):
    r = ask(app, "/dts/", **headers)
    assert r.status == 400 and json.loads(r.body)["statusCode"] == 400


def test_public_url_and_base_url_options(folder):
    app = App(folder, public_url="https://example.org/edition/", base_url="https://doi.example/10.1/x")
    entry = json.loads(ask(app, "/dts/", Host="ignored:1", X_Forwarded_Host="ignored.too").body)
    assert entry["@id"] == "https://example.org/edition/dts/"
    root = json.loads(ask(app, "/dts/collection/").body)
    assert root["member"][0]["@id"] == "https://doi.example/10.1/x"
    assert root["member"][0]["navigation"].startswith(
        "https://example.org/edition/dts/navigation/?resource=https%3A%2F%2Fdoi.example%2F10.1%2Fx{&")
    with pytest.raises(EditionError) as exc:
        App(folder, public_url="javascript:alert(1)")
    assert exc.value.problems[0].code == "E0340"


# --- over HTTP -----------------------------------------------------------------------------------



@pytest.fixture(scope="module")
def process(folder):
    proc, base = start_server(folder)
    try:
        yield proc, base, int(base.rsplit(":", 1)[1])
    finally:
        stop_server(proc)


def test_bad_requests_over_the_wire_then_the_server_goes_on(process):
    proc, base, port = process
    rng = random.Random(14)
    targets = [b"/%00", b"/" + b"a" * 5000, b"/%ff", b"/\xff\xfe", b"/site/../../etc/passwd", b"*", b"site"]
    targets += [b"/" + bytes(rng.randrange(33, 127) for _ in range(rng.randrange(1, 60))).replace(b" ", b"_")
                for _ in range(150)]
    for target in targets:
        answer = raw(port, b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        status = int(answer.split(b" ", 2)[1])
        assert status in (200, 301, 302, 400, 404), (target, answer[:200])
        assert answer.split(b"\r\n\r\n", 1)[1], (target, "no body")
    too_long = raw(port, b"GET /" + b"a" * 70_000 + b" HTTP/1.0\r\n\r\n")
    assert too_long.startswith(b"HTTP/1.0 414")
    assert raw(port, b"GET /dts/ HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 200")
    assert proc.poll() is None


def test_head_has_the_get_headers_and_no_body(process):
    _, _, port = process
    get = raw(port, b"GET /dts/ HTTP/1.0\r\nHost: h:1\r\n\r\n")
    head = raw(port, b"HEAD /dts/ HTTP/1.0\r\nHost: h:1\r\n\r\n")
    head_lines, body = head.split(b"\r\n\r\n", 1)
    assert body == b"" and b"Content-Length: " + str(len(get.split(b"\r\n\r\n", 1)[1])).encode() in head_lines


def test_a_failure_inside_is_a_500_with_a_body(folder, capfd):
    server = make_server(folder, 0)
    port = server.server_address[1]
    server.app.respond = lambda *a: 1 / 0  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        answer = raw(port, b"GET /dts/ HTTP/1.0\r\n\r\n")
    finally:
        server.shutdown()
        server.server_close()
    assert answer.startswith(b"HTTP/1.0 500") and b"the server failed" in answer
    err = capfd.readouterr().err
    assert "ZeroDivisionError" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_silent_and_idle_connections(folder):
    """A connection that sends nothing is closed after the timeout; 40 of them hold no thread
    each, and a request behind them is answered once the pool's workers are free again."""
    server = make_server(folder, 0, workers=4, timeout=0.5)
    port = server.server_address[1]
    assert server.request_queue_size == BACKLOG >= 128 and WORKERS >= 4
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        threads_before = threading.active_count()
        silent = socket.create_connection(("127.0.0.1", port), timeout=5)
        started = time.perf_counter()
        assert silent.recv(1024) == b""  # closed by the server
        assert time.perf_counter() - started < 3
        silent.close()
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(40)]
        time.sleep(0.2)
        assert threading.active_count() <= threads_before  # no thread per connection
        started = time.perf_counter()
        assert raw(port, b"GET /dts/ HTTP/1.0\r\n\r\n", timeout=20).startswith(b"HTTP/1.0 200")
        assert time.perf_counter() - started < 15  # 40 idle connections / 4 workers × 0.5 s
        for s in idle:
            s.close()
    finally:
        server.shutdown()
        server.server_close()


def test_connections_whose_request_is_not_in_hold_no_worker(folder):
    """200 connections that sent nothing or half a head held the 16 workers 10 s each: a page
    asked for behind them waited two minutes (the hostile campaign on serve --watch). They wait
    for their head without a worker now, and are closed at the time-out; a request sent whole
    is answered meanwhile. Here: 2 workers, a 60 s time-out, 60 such connections (30 minutes of
    workers before)."""
    server = make_server(folder, 0, workers=2, timeout=60)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stalled = []
    try:
        for n in range(60):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            if n % 3 == 1:  # a request line and a field, the blank line never sent
                s.sendall(b"GET /dts/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            elif n % 3 == 2:  # a byte now and then
                s.sendall(b"G")
            stalled.append(s)
        for target in (b"/dts/", b"/site/", b"/dts/"):  # each well before the time-out
            assert raw(port, b"GET " + target + b" HTTP/1.0\r\n\r\n", timeout=20).startswith(b"HTTP/1.0 ")
        stalled[2].sendall(b"ET /dts/ HTTP/1.0\r\n\r\n")  # its head completed: answered
        stalled[2].settimeout(20)
        assert stalled[2].recv(12) == b"HTTP/1.0 200"
        assert raw(port, b"GET /\r\n\r\n", timeout=20).startswith(b"HTTP/1.0 400")  # no version: a 400 still
    finally:
        for s in stalled:
            s.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("data, whole", [
    (b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", True), (b"GET / HTTP/1.1\nHost: a\n\n", True),
    (b"GET / HTTP/1.1\r\nHost: a\r\n", False), (b"GET / HTTP/1.1", False), (b"G", False),
    (b"", True), (b"\t\r\n", True), (b"\r\n\r\n", True), (b"\r\n", False), (b"\r\n   \r\n", True),
    (b"\r\n" * 4 + b"\t\r\n", True), (b"GET /\r\n", False), (b"x" * (HEAD_LIMIT + 1), True),
])
def test_what_a_worker_waits_for(data, whole):
    """A head to its blank line, a blank request line (a 400 at once), nothing more to come (the
    client gone) or more than any head: a worker's; the rest waits without one."""
    assert head_is_in(data) is whole


def test_at_most_so_many_connections_wait_for_their_head(folder, monkeypatch):
    """Past `WAITING` the accept loop waits (the kernel's backlog holds the next); a waiting
    connection closed by its client makes room."""
    monkeypatch.setattr(arrivals, "WAITING", 3)
    server = make_server(folder, 0, workers=2, timeout=60)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    silent = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
    try:
        with pytest.raises(TimeoutError):  # not accepted: no room
            raw(port, b"GET /dts/ HTTP/1.0\r\n\r\n", timeout=1)
        silent.pop().close()
        assert raw(port, b"GET /dts/ HTTP/1.0\r\n\r\n", timeout=20).startswith(b"HTTP/1.0 200")
    finally:
        for s in silent:
            s.close()
        server.shutdown()
        server.server_close()


def test_bad_options_are_one_coded_line(folder):
    """A port out of 0-65535 was E0341 ('cannot listen', exit 1); it is a bad option value like
    any other (E0113, exit 2). E0341 is a port that cannot be bound: here, one already taken."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        in_use = str(taken.getsockname()[1])
        for options, code, status in ((["--public-url", "ftp://example.org/"], "E0340", 1),
                                      (["--port", in_use], "E0341", 1), (["--port", "-1"], "E0113", 2),
                                      (["--port", "65536"], "E0113", 2),
                                      (["--port", "99999999999999999999"], "E0113", 2)):
            proc = subprocess.run([sys.executable, "-m", "tei_edition.cli", "serve", "--dir", str(folder), *options],
                                  capture_output=True, text=True, timeout=60)
            assert proc.returncode == status and proc.stdout == "", (options, proc.returncode, proc.stdout)
            lines = proc.stderr.strip().splitlines()
            assert len(lines) == 1 and f"[{code}]" in lines[0] and "Traceback" not in proc.stderr, proc.stderr
            if options[0] == "--port":
                assert lines[0].startswith("--port:1:1:"), lines[0]


def test_listen_failure_is_a_coded_error(folder):
    busy = make_server(folder, 0)
    try:
        with pytest.raises(EditionError) as exc:
            make_server(folder, busy.server_address[1])
        assert exc.value.problems[0].code == "E0341"
    finally:
        busy.server_close()


def test_load_10000_requests_64_at_a_time_without_error(built_minimal):
    """Loopback only, bounded (10 s a request, 300 s in all); the time is `make bench`'s."""
    proc, base = start_server(built_minimal)
    try:
        targets = [("/site/", 200), ("/dts/", 200), (f"/dts/navigation/?resource={RES}&ref=p3&down=0", 200),
                   (f"/dts/document/?resource={RES}&ref=p2", 200), (f"/dts/navigation/{RES};down=-1.json", 200),
                   ("/site/persons.html", 200), ("/", 302), ("/nothing", 404)]
        result = load(base, targets, requests=10_000, concurrency=64, timeout=10, deadline=300)
    finally:
        stop_server(proc)
    assert result.requests == 10_000 and result.errors == [], result.errors[:10]
