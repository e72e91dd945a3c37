"""The DTS API's parameters as `tei-edition serve` takes them, at Level 0 (the static export's
files) and Level 1 (the published TEI): hostile, empty, repeated, out of range or holding the
file names' separators, each a 4xx with a body or the answer the spec gives (split from
test_serve_hostile.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from support.serve_process import raw, serving

RES = "lawson-2021-most-intransigent"


# --- DTS parameters -------------------------------------------------------------------------------

def _dts_app_at(level: int, tmp_path_factory, minimal_tei: Path):
    """serve at Level 0 (the static files only) or at Level 1 (the published TEI too)."""
    from tei_edition.core.xmlio import read_tei
    from tei_edition.outputs.dts import write_dts
    from tei_edition.serve import App

    root = tmp_path_factory.mktemp(f"level{level}")
    write_dts(root, read_tei(minimal_tei), str(minimal_tei))
    if level:
        (root / "tei").mkdir()
        (root / "tei" / f"{RES}.xml").write_bytes(minimal_tei.read_bytes())
    app = App(root)
    assert app.dts_level == level
    return app


@pytest.fixture(scope="module")
def dts_level1_app(tmp_path_factory, minimal_tei: Path):
    return _dts_app_at(1, tmp_path_factory, minimal_tei)


@pytest.fixture(scope="module", params=[0, 1])
def dts_app(request, tmp_path_factory, minimal_tei: Path):
    app = _dts_app_at(request.param, tmp_path_factory, minimal_tei)
    return app


@pytest.mark.parametrize("query", [
    "collection/?id=%00", f"navigation/?resource={RES}%00&down=1", f"document/?resource={RES}&ref=p1%00",
    f"document/?resource={RES}&tree=%0a", f"navigation/?resource={RES}&down=1&x%00=1",
    f"navigation/?resource=%ff&down=1", f"document/?resource={RES}&ref=p%C0%AE",
])
def test_a_parameter_with_a_control_character_or_not_utf8_is_a_400(dts_app, query: str):
    """At Level 0 a NUL reached the file system's path (ValueError: a 500)."""
    r = dts_app.respond(f"/dts/{query}", {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000))
    assert r.status == 400 and json.loads(r.body)["statusCode"] == 400, (query, r.status, r.body)


@pytest.mark.parametrize("query", [
    f"navigation/?resource={RES}&ref=p1&ref=p2&down=1", f"navigation/?resource={RES}&resource=x&down=1",
    f"navigation/?resource={RES}&down=1&down=2", "collection/?id=a&id=b",
    f"navigation/?resource={RES}&down=1_0", f"navigation/?resource={RES}&down=%201",
    f"navigation/?resource={RES}&down=%2B1", f"navigation/?resource={RES}&down=%D9%A1",
    f"navigation/?resource={RES}&ref=p1&down=0&page=%EF%BC%91",
])
def test_a_repeated_parameter_or_an_integer_in_other_digits_is_a_400(dts_app, query: str):
    """The first of repeated parameters was taken silently; `down=1_0` was 10 (Python's int())."""
    r = dts_app.respond(f"/dts/{query}", {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000))
    assert r.status == 400 and json.loads(r.body)["statusCode"] == 400, (query, r.status, r.body)


@pytest.mark.parametrize("query,status", [
    (f"document/?resource={RES}&tree=nosuch", 404), (f"document/?resource={RES}&tree=section", 200),
    (f"document/?resource={RES}&tree=nosuch&ref=p1", 404), (f"document/?resource={RES}", 200),
])
def test_the_whole_document_under_an_unknown_tree_is_a_404_at_both_levels(dts_app, query: str, status: int):
    """The static export has the whole document under each tree it has and under no other (a
    static host, and Level 0, answer a 404); Level 1 sent the whole document for any `tree`."""
    r = dts_app.respond(f"/dts/{query}", {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000))
    assert r.status == status, (query, r.status, r.body[:200])
    if status == 404:
        assert json.loads(r.body)["statusCode"] == 404


@pytest.mark.parametrize("query", [
    f"navigation/?resource={RES};down=1&ref=p1", f"navigation/?resource={RES};tree=section&down=1",
    f"navigation/?resource={RES}&tree=section;down=1&ref=s1", f"navigation/?resource={RES}/p1&down=1",
    f"navigation/?resource={RES}&ref=/p1&down=1", f"navigation/?resource={RES}&ref=./p1&down=1",
    f"navigation/?resource={RES}&ref=p1/&down=1", f"document/?resource={RES}/p1",
    f"document/?resource={RES};tree=section&ref=s1", f"document/?resource={RES}&tree=section/s1",
    f"collection/?id={RES};nav=parents", f"collection/?id={RES}/x",
])
def test_a_value_holding_a_separator_of_the_file_names_is_looked_up_literally(dts_app, query: str):
    """At Level 0 a `;` or `/` in a value reached the static file's name: `resource=R;down=1&ref=p1`
    was answered as `down=1`, `ref=./p1` as `ref=p1`, `id=R;nav=parents` as `nav=parents`. Each
    value is looked up as it is, at both levels, and no resource, tree or reference holds it."""
    r = dts_app.respond(f"/dts/{query}", {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000))
    assert r.status == 404 and json.loads(r.body)["statusCode"] == 404, (query, r.status, r.file or r.body[:200])


def _json_answer(app: Any, target: str) -> tuple[int, Any]:
    r = app.respond(target, {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000))
    return r.status, json.loads(r.file.read_bytes() if r.file is not None else r.body)


@pytest.mark.parametrize("query", [
    f"resource={RES}&down=5", f"resource={RES}&ref=s1&tree=section&down=3",
    f"resource={RES}&tree=section&down=9999", f"resource={RES}&ref=p2&down=3",
])
def test_a_down_deeper_than_every_tree_answers_what_minus_one_answers_at_both_levels(dts_app, query: str):
    """DTS 1.0: a `down` beyond the deepest level is no error. Level 1 answered what -1 answers,
    Level 0 a 404: the static files go down to the deepest tree's depth (the templates cannot
    name every larger `down`), and Level 0 now maps a larger one to the file of -1."""
    deeper = re.sub(r"down=[0-9]+", "down=-1", query)
    status, answer = _json_answer(dts_app, f"/dts/navigation/?{query}")
    assert status == 200, (query, answer)
    whole = _json_answer(dts_app, f"/dts/navigation/?{deeper}")[1]
    assert answer["member"] == whole["member"] and answer.get("ref") == whole.get("ref")
    assert _json_answer(dts_app, "/dts/navigation/?resource=nosuch&down=5")[0] == 404
    assert _json_answer(dts_app, f"/dts/navigation/?resource={RES}&ref=nosuch&down=5")[0] == 404


@pytest.mark.parametrize("base", [
    f"resource={RES}&down=1", f"resource={RES}&ref=p2", f"resource={RES}&ref=p2&down=0",
    f"resource={RES}&ref=s1&tree=section&down=-1", f"resource={RES}&down=7",
])
def test_navigation_page_1_is_the_answer_and_page_2_a_404_at_both_levels(dts_app, base: str):
    """Level 0 refused any `page` on navigation (400) where Level 1 answers page 1, the answer
    without `page`, and a 404 beyond the last page."""
    status, plain = _json_answer(dts_app, f"/dts/navigation/?{base}")
    status_1, first = _json_answer(dts_app, f"/dts/navigation/?{base}&page=1")
    assert status == status_1 == 200, (base, first)
    assert first["member" if "member" in plain else "ref"] == plain["member" if "member" in plain else "ref"]
    status_2, error = _json_answer(dts_app, f"/dts/navigation/?{base}&page=2")
    assert status_2 == 404 and error["statusCode"] == 404, (base, error)


def test_level_0_answers_each_page_of_a_sibling_list_by_its_view_links(tmp_path: Path, minimal_tei: Path):
    """Sibling lists of two units a page (p1…p4: two pages): `page=k` at Level 0 is the file the
    view links name for page k (the `down=0` file of the page's first unit), as Level 1's page k."""
    from tei_edition.core.xmlio import read_tei
    from tei_edition.outputs.dts import DtsExport, write_files
    from tei_edition.serve import App

    write_files(tmp_path, DtsExport(read_tei(minimal_tei), str(minimal_tei), page_size=2).iter_files())
    app = App(tmp_path)
    assert app.dts_level == 0
    for ref in ("p1", "p4"):
        pages = [_json_answer(app, f"/dts/navigation/?resource={RES}&ref={ref}&down=0&page={k}") for k in (1, 2, 3)]
        assert [status for status, _ in pages] == [200, 200, 404], (ref, pages)
        assert [[m["identifier"] for m in answer["member"]] for _, answer in pages[:2]] == [["p1", "p2"], ["p3", "p4"]]
        assert pages[2][1]["statusCode"] == 404 and "2 pages" in pages[2][1]["description"]


def test_an_absolute_target_with_an_unclosed_ipv6_host_is_a_400_not_a_closed_connection(tmp_path: Path, capfd):
    """`GET http://[x/dts/`: urlsplit raised ValueError in the app (a 500) and again while that 500
    was sent, so the connection was closed without a byte."""
    (tmp_path / "site").mkdir()
    with serving(tmp_path) as (_, port):
        for method in (b"GET", b"HEAD"):
            reply = raw(port, method + b" http://[x/dts/ HTTP/1.1\r\nHost: x\r\n\r\n")
            assert reply.startswith(b"HTTP/1.0 400 "), (method, reply)
        assert reply.split(b"\r\n\r\n", 1)[1] == b""  # HEAD: no body
        reply = raw(port, b"GET http://[x/dts/ HTTP/1.1\r\nHost: x\r\n\r\n")
        assert reply.split(b"\r\n\r\n", 1)[1].startswith(b"400 Bad Request: ")
        assert raw(port, b"GET http://127.0.0.1/site/ HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.0 404")
    assert "ValueError" not in capfd.readouterr().err


def head_and_body(reply: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = reply.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}, body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_a_method_that_writes_is_a_405_with_allow_and_a_body(tmp_path: Path, method: str):
    """They were http.server's 501 (a server error, for the client's request) as an HTML page,
    without the Allow header RFC 9110 (15.5.6) requires of a 405; a DTS client got no DTS error."""
    (tmp_path / "site").mkdir()
    with serving(tmp_path) as (_, port):
        for target, dts_error in ((b"/dts/navigation/?resource=r&ref=p1", True), (b"/site/", False)):
            reply = raw(port, method.encode() + b" " + target + b" HTTP/1.1\r\nHost: x\r\n"
                                                               b"Content-Length: 5\r\n\r\nhello")
            status, headers, body = head_and_body(reply)
            assert status.startswith("HTTP/1.0 405 "), (method, reply)
            assert headers["allow"] == "GET, HEAD, OPTIONS" and int(headers["content-length"]) == len(body) > 0
            if dts_error:
                assert headers["content-type"] == "application/ld+json"
                assert json.loads(body)["statusCode"] == 405
            else:
                assert body.startswith(b"405 Method Not Allowed: ")


def test_options_answers_the_allowed_methods_and_a_cors_preflight(tmp_path: Path):
    """OPTIONS was a 501: a browser's preflight (a DTS client in another origin sending a header
    outside the CORS safelist) failed though every answer says Access-Control-Allow-Origin: *."""
    (tmp_path / "site").mkdir()
    with serving(tmp_path) as (_, port):
        for target in (b"/dts/", b"*"):
            reply = raw(port, b"OPTIONS " + target + b" HTTP/1.1\r\nHost: x\r\nOrigin: https://reader.example\r\n"
                                                     b"Access-Control-Request-Method: GET\r\n"
                                                     b"Access-Control-Request-Headers: if-none-match\r\n\r\n")
            status, headers, body = head_and_body(reply)
            assert status.startswith("HTTP/1.0 204 "), reply
            assert headers["allow"] == "GET, HEAD, OPTIONS" and body == b""
            assert "content-length" not in headers  # RFC 9110 8.6: none in a 204
            assert headers["access-control-allow-origin"] == "*"
            assert headers["access-control-allow-methods"] == "GET, HEAD"
            assert headers["access-control-allow-headers"] == "*"


@pytest.mark.parametrize("query,status", [
    ("collection/?page=1", 200), (f"collection/?id={RES}&page=1", 200),
    ("collection/?page=0", 400), ("collection/?page=x", 400), ("collection/?page=-1", 400),
    ("collection/?page=2", 404), (f"collection/?id={RES}&page=2", 404), ("collection/?nav=parents&page=9", 404),
    ("collection/?page=1&page=1", 400),
])
def test_a_collection_page_out_of_range_is_an_error_at_both_levels(dts_app, query: str, status: int):
    """`page` (a Collection parameter, DTS 1.0) was ignored: page=0, page=x and page=2 all sent
    the one page there is, where navigation answers 400 for a page that is no page number and 404
    for a page beyond the last."""
    r = dts_app.respond(f"/dts/{query}", {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000))
    assert r.status == status, (query, r.status, r.body[:200])
    if status != 200:
        assert json.loads(r.body)["statusCode"] == status


@pytest.mark.parametrize("query", [
    f"navigation/?resource={RES}&ref=" + "x" * 60_000, f"document/?resource={RES}&ref=" + "x y" * 20_000,
    f"navigation/?resource={RES}&start=p1&end=" + "x" * 60_000, "collection/?id=" + "x" * 60_000,
    f"navigation/?resource={RES}&ref=p1&tree=" + "x" * 60_000, "navigation/?down=1&resource=" + "x" * 60_000,
])
def test_an_error_echoes_a_long_value_cut(dts_app, query: str):
    """A 60 KB `ref` came back whole in the 404's description (60 KB of error for every such
    request): a value is cut as in a problem's message (MAX_VALUE characters, `…`), the
    description is at most MAX_MESSAGE characters."""
    from tei_edition.core.problems import MAX_MESSAGE, MAX_VALUE

    r = dts_app.respond(f"/dts/{query}", {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000))
    error = json.loads(r.body)
    assert r.status in (400, 404) and error["statusCode"] == r.status, (query[:80], r.status)
    assert len(error["description"]) <= MAX_MESSAGE and "x" * (MAX_VALUE + 1) not in error["description"]
    assert len(r.body) < MAX_MESSAGE + 300


def _without(body: bytes, target: str, plain: str) -> bytes:
    """`body` with the URL of `target` it echoes (a Navigation's `@id`) as that of `plain`."""
    return body.replace(f'"http://127.0.0.1:8000{target}"'.encode(), f'"http://127.0.0.1:8000{plain}"'.encode())


@pytest.mark.parametrize("base,name", [
    (f"navigation/?resource={RES}&down=1", "ref"), (f"navigation/?resource={RES}&ref=p2", "down"),
    (f"navigation/?resource={RES}&down=1", "page"), (f"navigation/?resource={RES}&ref=p2&down=0", "page"),
    (f"navigation/?resource={RES}&ref=p2", "tree"), (f"navigation/?resource={RES}&down=1", "start"),
    (f"document/?resource={RES}&ref=p2", "mediaType"), (f"document/?resource={RES}&ref=p2", "tree"),
    (f"document/?resource={RES}", "ref"), ("collection/?id=" + RES, "nav"), ("collection/", "id"),
    ("collection/", "page"), (f"navigation/?resource={RES}", "down"),
])
def test_an_empty_value_is_the_parameter_not_given_whichever_it_is(dts_app, base: str, name: str):
    """`ref=`, `tree=`, `nav=`, `mediaType=` counted as not given, `down=` and `page=` were a 400
    ("must be an integer"): every empty value is now the parameter not given (the same answer,
    but for the URL it echoes as its `@id`)."""
    host, own = {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000)
    plain, empty = f"/dts/{base}", f"/dts/{base}{'&' if '?' in base else '?'}{name}="
    expected, r = dts_app.respond(plain, host, own), dts_app.respond(empty, host, own)
    body = r.file.read_bytes() if r.file is not None else r.body
    expected_body = expected.file.read_bytes() if expected.file is not None else expected.body
    assert r.status == expected.status, (empty, r.status, body[:200])
    assert _without(body, empty, plain) == expected_body, empty


def test_the_servers_own_templates_expanded_by_uritemplate(dts_level1_app):
    """What a client using `uritemplate` (the RFC 6570 library of the DTS validator) sends: a value
    left out (None) is no parameter, an empty string and, in uritemplate 4.2.0, the integer 0 are
    `name=`, which is the parameter not given too, never a 400; `down="0"` asks for the siblings."""
    from uritemplate import URITemplate

    host, own = {"Host": "127.0.0.1:8000"}, ("127.0.0.1", 8000)
    dts_app = dts_level1_app  # Level 0 publishes the static path templates, no query

    def get(url: str) -> tuple[int, Any]:
        r = dts_app.respond(url.removeprefix("http://127.0.0.1:8000"), host, own)
        return r.status, (json.loads(r.body) if r.headers.get("Content-Type") == "application/ld+json" else r.body)

    entry = get("http://127.0.0.1:8000/dts/")[1]
    navigation, document, collection = (URITemplate(entry[k]) for k in ("navigation", "document", "collection"))
    assert navigation.expand(resource=RES, ref="p2", down=0).endswith("&ref=p2&down=")  # uritemplate 4.2.0
    status, ref_only = get(navigation.expand(resource=RES, ref="p2", down=0, tree=""))
    assert status == 200 and "member" not in ref_only and ref_only["ref"]["identifier"] == "p2"
    status, siblings = get(navigation.expand(resource=RES, ref="p2", down="0", page=""))
    assert status == 200 and [m["identifier"] for m in siblings["member"]] == ["p1", "p2", "p3", "p4"]
    status, whole = get(navigation.expand(resource=RES, down=1, page=0, ref="", start="", end=""))
    assert status == 200 and len(whole["member"]) == 4
    assert get(document.expand(resource=RES, ref="p2", tree="", mediaType=""))[0] == 200
    status, root = get(collection.expand(id="", nav="", page=0))
    assert status == 200 and root["@type"] == "Collection"


@pytest.mark.parametrize("request_bytes,status", [
    (b"GET /dts/navigation/?ref=" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"GET /dts/ HTTP/1.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n", 431),
    (b"GET /dts/ HTTP/1.1\r\n" + b"X: a\r\n" * 101 + b"\r\n", 431),
    (b"GET /dts/ HTTP/1.1 x\r\n\r\n", 400), (b"GET /dts/ HTTP/9.9\r\n\r\n", 505),
    (b"GET /dts/ HTTP/1.x\r\n\r\n", 400), (b"BREW /dts/ HTTP/1.1\r\n\r\n", 501),
    # RFC 9112 §3.2: an HTTP/1.1 request names its host in one Host field (they were served)
    (b"GET /dts/ HTTP/1.1\r\n\r\n", 400), (b"GET /dts/ HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
])
def test_http_servers_own_refusals_are_dts_errors_below_dts_and_text_elsewhere(tmp_path: Path, request_bytes: bytes,
                                                                              status: int):
    """http.server refused these itself with an HTML page, below /dts/ too (a DTS client got no
    DTS error), and a version it cannot read (HTTP/9.9, HTTP/1.x) without a status line."""
    (tmp_path / "site").mkdir()
    with serving(tmp_path) as (_, port):
        for target, dts_error in ((b"/dts/", True), (b"/site/", False)):
            line, rest = request_bytes.split(b"\r\n", 1)
            words = line.split(b" ")
            words[1] = target + words[1].removeprefix(b"/dts/") if words[1].startswith(b"/dts/") else words[1]
            head, headers, body = head_and_body(raw(port, b" ".join(words) + b"\r\n" + rest))
            assert head.startswith(f"HTTP/1.0 {status} "), (target, head)
            assert int(headers["content-length"]) == len(body) > 0 and headers["connection"] == "close"
            if dts_error:
                assert headers["content-type"] == "application/ld+json", body[:200]
                error = json.loads(body)
                assert error["@type"] == "Error" and error["statusCode"] == status
            else:
                assert headers["content-type"] == "text/plain; charset=utf-8" and body.startswith(f"{status} ".encode())
        head, headers, body = head_and_body(raw(port, b"HEAD /dts/ HTTP/9.9\r\n\r\n"))
        assert head.startswith("HTTP/1.0 505 ") and body == b"" and int(headers["content-length"]) > 0


def test_a_request_names_its_host_once_in_http_1_1_and_may_omit_it_in_1_0(tmp_path: Path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    with serving(tmp_path) as (_, port):
        assert raw(port, b"GET /site/ HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 200")
        assert raw(port, b"GET /site/ HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.0 200")
        for request in (b"GET /site/ HTTP/1.1\r\n\r\n", b"GET /site/ HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
                        b"HEAD /site/ HTTP/1.1\r\n\r\n"):
            assert raw(port, request).startswith(b"HTTP/1.0 400"), request
