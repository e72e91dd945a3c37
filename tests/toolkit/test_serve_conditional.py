"""`tei-edition serve` and the browser's cache (RFC 9110 §13): every file's answer says
`Cache-Control: no-cache` (with --watch or not) and carries a strong ETag and a Last-Modified; a
GET or HEAD that sends them back is a 304 without a body while the file is the same, so a reload
costs no download. If-None-Match decides when it is sent, else If-Modified-Since; a field that
cannot be read is a 200. A file rebuilt with the same size and time is another ETag, an unchanged
one linked into the next build the same; a DTS answer made for the request has the ETag of
its bytes; nothing else is ever a 304."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from support.serve_process import as_build, raw, serving

from tei_edition import serve
from tei_edition.core import paths
from tei_edition.core.conditional_requests import _tag
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.dts import write_dts
from tei_edition.watch import LiveView

PAGE = b"<!DOCTYPE html><html><head><title>p</title></head><body>first</body></html>"
STYLE = b"body { color: black }\n"
MTIME_NS = 1_700_000_000_250_000_000  # the files' modification time
LAST_MODIFIED = "Tue, 14 Nov 2023 22:13:20 GMT"  # ... as an HTTP-date
LATER = "Wed, 15 Nov 2023 00:00:00 GMT"
ETAG = re.compile(r'"[0-9a-f]{32}"')  # strong: no W/


def make_folder(root: Path) -> Path:
    """A small build folder: a site page and a style sheet, modified at MTIME_NS."""
    (as_build(root) / "site" / "assets").mkdir(parents=True)
    for path, data in ((root / "site" / "page.html", PAGE), (root / "site" / "assets" / "edition.css", STYLE)):
        path.write_bytes(data)
        os.utime(path, ns=(MTIME_NS, MTIME_NS))
    return root


def ask(port: int, target: str, *fields: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """(status, header fields by their lower-case names, body) of `method target` with `fields`
    ("Name: value") sent as they are."""
    request = "\r\n".join([f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *fields])
    head, _, body = raw(port, (request + "\r\n\r\n").encode("latin-1")).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def etag_of(port: int, target: str) -> str:
    status, headers, _ = ask(port, target)
    assert status == 200 and ETAG.fullmatch(headers.get("etag", "")), (target, status, headers)
    return headers["etag"]


@pytest.fixture(scope="module", params=["kept", "streamed"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """(the served folder, the port) of a server in this process; its files kept in memory
    (serve.ResponseCache) or, as a file over `CACHED_FILE` is, read from the disk each time."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "streamed":
            patch.setattr(serve, "CACHED_FILE", 0)
        folder = make_folder(tmp_path_factory.mktemp("conditional") / "build")
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


def test_a_file_has_a_strong_etag_and_its_last_modified(served):
    _, port = served
    seen: dict[str, set[str]] = {}
    for method in ("GET", "HEAD", "GET"):
        for target, data in (("/site/page.html", PAGE), ("/site/assets/edition.css", STYLE)):
            status, headers, body = ask(port, target, method=method)
            assert (status, body) == (200, data if method == "GET" else b""), (method, target)
            assert ETAG.fullmatch(headers["etag"]) and headers["last-modified"] == LAST_MODIFIED
            seen.setdefault(target, set()).add(headers["etag"])
    assert [len(tags) for tags in seen.values()] == [1, 1]  # one a file
    assert seen["/site/page.html"] != seen["/site/assets/edition.css"]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("sent", [
    ["{}"], ["W/{}"], ["*"],
    ['"other", {}, "more"'],  # a list, the match in the middle
    ['"a,b" ,W/"c",, {}'],  # a comma inside a tag, spaces, an empty element
    ['"other"', "{}"],  # two fields: one list
])
def test_an_etag_sent_back_is_a_304_without_a_body(served, method, sent):
    _, port = served
    etag = etag_of(port, "/site/page.html")
    status, headers, body = ask(port, "/site/page.html", *(f"If-None-Match: {v.format(etag)}" for v in sent),
                                method=method)
    assert (status, body) == (304, b"")
    assert (headers["etag"], headers["last-modified"], headers["cache-control"]) == (etag, LAST_MODIFIED, "no-cache")
    assert "content-type" not in headers and "content-length" not in headers


@pytest.mark.parametrize("sent", [
    '"0123"', "W/\"0123\"", '"a", "b"', "{other}",  # another file's
    "{bare}", '"{bare}', "{}, garbage", "*, {}", "",  # no list of entity-tags: no match
])
def test_another_etag_is_the_whole_file(served, sent):
    _, port = served
    etag, other = etag_of(port, "/site/page.html"), etag_of(port, "/site/assets/edition.css")
    field = "If-None-Match: " + sent.format(etag, bare=etag.strip('"'), other=other)
    status, headers, body = ask(port, "/site/page.html", field)
    assert (status, body, headers["etag"]) == (200, PAGE, etag)


@pytest.mark.parametrize("sent, expected", [
    ([LAST_MODIFIED], 304),
    (["Tuesday, 14-Nov-23 22:13:20 GMT"], 304), (["Tue Nov 14 22:13:20 2023"], 304),  # RFC 850, asctime
    ([LATER], 304),
    (["Tue, 14 Nov 2023 22:13:19 GMT"], 200),  # a second before
    (["garbage"], 200), ([""], 200), (["Tue, 14 Nov 2023 22:13:20 +0000"], 200),  # no HTTP-date
    (["Tue, 14 Nov 2023 25:13:20 GMT"], 200), (["Tue, 14 Nov 99999 22:13:20 GMT"], 200),
    ([f"{LAST_MODIFIED}, {LATER}"], 200), ([LAST_MODIFIED, LATER], 200),  # more than one date
])
def test_if_modified_since(served, sent, expected):
    _, port = served
    status, headers, body = ask(port, "/site/page.html", *(f"If-Modified-Since: {v}" for v in sent))
    assert (status, body) == (expected, PAGE if expected == 200 else b"")
    assert headers["last-modified"] == LAST_MODIFIED


def test_if_none_match_decides_over_if_modified_since(served):
    _, port = served
    etag = etag_of(port, "/site/page.html")
    for none_match, since, expected in (('"other"', LATER, 200), (etag, "Mon, 13 Nov 2023 00:00:00 GMT", 304),
                                        ("garbage", LAST_MODIFIED, 200)):  # sent, unreadable: still it decides
        status, _, body = ask(port, "/site/page.html", f"If-None-Match: {none_match}", f"If-Modified-Since: {since}")
        assert (status, body) == (expected, PAGE if expected == 200 else b""), (none_match, since)


def test_bad_fields_are_a_200_without_a_traceback(served, capfd):
    _, port = served
    etag = etag_of(port, "/site/page.html")
    for field in ('If-None-Match: "\xff\xfe"', "If-None-Match: " + '"x", ' * 10_000, "If-None-Match: \x01",
                  "If-Modified-Since: \x01\xff", "If-Modified-Since: " + "9" * 60_000, 'If-None-Match: W/',
                  "If-Modified-Since: Tue, 31 Feb 2023 22:13:20 GMT"):
        status, headers, body = ask(port, "/site/page.html", field)
        assert (status, body, headers["etag"]) == (200, PAGE, etag), field[:40]
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("cached_file", ["kept", "streamed"])
def test_a_rebuilt_file_of_the_same_size_and_time_is_another_etag(cached_file, tmp_path, monkeypatch):
    """A build swapped in whose page has the other's size and modification time, to the
    nanosecond: the ETag the browser holds is not the page's (a 304 would show the old one).
    A file the build left as it was, a hard link to the previous build's as an incremental
    build makes it, keeps its ETag: still a 304."""
    if cached_file == "streamed":
        monkeypatch.setattr(serve, "CACHED_FILE", 0)
    folder = make_folder(tmp_path / "build")
    with serving(folder) as (_, port):
        page, style = etag_of(port, "/site/page.html"), etag_of(port, "/site/assets/edition.css")
        new = make_folder(tmp_path / "new")
        rebuilt = PAGE.replace(b"first", b"again")
        (new / "site" / "page.html").write_bytes(rebuilt)
        os.utime(new / "site" / "page.html", ns=(MTIME_NS, MTIME_NS))
        (new / "site" / "assets" / "edition.css").unlink()
        os.link(folder / "site" / "assets" / "edition.css", new / "site" / "assets" / "edition.css")
        before, after = (os.stat(f / "site" / "page.html") for f in (folder, new))
        assert (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns)
        os.rename(folder, tmp_path / "old")  # as a build swaps its folder in
        os.rename(new, folder)
        status, headers, body = ask(port, "/site/page.html", f"If-None-Match: {page}")
        assert (status, body) == (200, rebuilt) and headers["etag"] not in (page, style)
        assert ask(port, "/site/assets/edition.css", f"If-None-Match: {style}")[:1] == (304,)


def dts_folder(root: Path, tei: Path) -> Path:
    """A build folder with `tei` published: its DTS answers are made for each request (Level 1)."""
    folder = make_folder(root)
    (folder / "tei").mkdir()
    (folder / "tei" / f"{paths.BASENAME}.xml").write_bytes(tei.read_bytes())
    write_dts(folder, read_tei(tei), str(tei))
    return folder


def test_nothing_but_a_file_or_a_dts_answer_is_a_304(tmp_path, minimal_tei):
    """Errors and redirects keep their status and body whatever the request's conditions; so
    does a file gone before it is sent."""
    folder = dts_folder(tmp_path / "build", minimal_tei)
    targets = [("GET", "/site/page.html", 304), ("GET", "/nothing", 404), ("GET", "/dts/nothing.json", 404),
               ("GET", "/site", 301), ("GET", "/", 302), ("GET", "/dts/", 304), ("GET", "/%00", 400),
               ("HEAD", "/nothing", 404), ("POST", "/site/page.html", 405), ("OPTIONS", "/site/page.html", 204)]
    with serving(folder) as (server, port):
        for fields in (["If-None-Match: *"], [f"If-Modified-Since: {LATER}"]):
            for method, target, expected in targets:
                if target == "/dts/" and "Since" in fields[0]:
                    expected = 200  # a DTS answer has no time of its own (no Last-Modified)
                status, _, body = ask(port, target, *fields, method=method)
                assert status == expected, (method, target, fields)
                assert bool(body) == (expected not in (204, 304) and method != "HEAD"), (method, target, fields)
        gone = serve.Response(200, {"ETag": '"0123"', "Last-Modified": LAST_MODIFIED}, file=tmp_path / "gone")
        server.app.respond = lambda *_: gone
        for field in ("If-None-Match: *", 'If-None-Match: "0123"', f"If-Modified-Since: {LATER}"):
            status, _, body = ask(port, "/site/gone.html", field)
            assert status == 404 and body, field


def test_a_page_with_the_reload_script_has_the_etag_of_the_bytes_sent(tmp_path):
    """`serve --watch` adds its script to each page it sends, with the number of the pages
    served: a page whose file is the same but whose script is another (a rebuild shown) is not
    the page the browser holds. It has no Last-Modified (the file's would not say so)."""
    folder = make_folder(tmp_path / "build")
    view = LiveView()
    with serving(folder, live=view) as (_, port):
        status, first, body = ask(port, "/site/page.html")
        assert status == 200 and b'data-pages="0"' in body and ETAG.fullmatch(first["etag"])
        assert "last-modified" not in first and first["cache-control"] == "no-cache"
        assert ask(port, "/site/page.html", f"If-None-Match: {first['etag']}")[::2] == (304, b"")
        assert ask(port, "/site/page.html", f"If-Modified-Since: {LATER}")[::2] == (200, body)
        view.built(pages_changed=True)  # a rebuild: the open page reloads
        status, headers, body = ask(port, "/site/page.html", f"If-None-Match: {first['etag']}")
        assert status == 200 and b'data-pages="1"' in body and headers["etag"] != first["etag"]
        style = etag_of(port, "/site/assets/edition.css")  # no script: the file's validators
        assert ask(port, "/site/assets/edition.css", f"If-None-Match: {style}")[:1] == (304,)
        assert ask(port, "/site/assets/edition.css", f"If-Modified-Since: {LAST_MODIFIED}")[:1] == (304,)
        for target, expected in (("/site/none.html", 404), ("/__live.js", 200), ("/__build", 200)):
            status, _, body = ask(port, target, "If-None-Match: *", f"If-Modified-Since: {LATER}")
            assert status == expected and body, target


@pytest.mark.parametrize("kept", [True, False], ids=["kept", "live"])
def test_a_dts_answer_has_the_etag_of_its_bytes(tmp_path, minimal_tei, kept):
    """A harvester that asks for the same navigation again gets a 304 while the published TEI
    is the same (the answers kept in memory by `serve`, or made anew each time as with --watch);
    another query is another ETag, and a 200 with the answer."""
    folder = dts_folder(tmp_path / "build", minimal_tei)
    resource = quote(paths.BASENAME, safe="")
    navigation, collection = f"/dts/navigation/?resource={resource}&down=1", f"/dts/collection/?id={resource}"
    with serving(folder) as (server, port):
        if not kept:
            server.app.answer = server.app.respond  # past the cache, as a live view's folder is
        tags = {}
        for target in (navigation, collection, "/dts/"):
            status, headers, body = ask(port, target)
            assert status == 200 and headers["cache-control"] == "no-cache" and body, (target, status)
            assert "last-modified" not in headers and headers["etag"] == _tag(body), target
            tags[target] = headers["etag"]
        assert len(set(tags.values())) == 3
        for target, tag in tags.items():
            assert ask(port, target, f"If-None-Match: {tag}")[::2] == (304, b""), target
            status, _, body = ask(port, target, f"If-None-Match: {tags[navigation if target != navigation else '/dts/']}")
            assert status == 200 and body, target
