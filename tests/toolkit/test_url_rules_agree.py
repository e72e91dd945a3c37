"""The base URL's check (E0251, E0340) and the pointers' (E0204) are one rule: a base URL must
besides have no query or fragment, be ASCII (the PDF prints it, DTS appends to it) and hold no '
(it begins the DTS URI templates, whose literal text cannot: RFC 6570), and nothing else. Checked on a table of tricky URLs and on URLs Hypothesis puts together from their
pieces (bounded and derandomized, as the other property tests)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tei_edition.core.urls import pointer_url_problem
from tei_edition.schema.output_checks import base_url_problem

TRICKY = [
    "https://example.org/", "http://example.org", "HTTPS://example.org/", "Https://example.org/",
    "https://[2001:db8::1]/", "https://2001:db8::1/", "https://[2001:db8::1", "https://[::1]:8080/",
    "https://[v1.x]/", "https://[g::1]/", "https://[::1]x/",
    "https://x.org:0/", "https://x.org:1/", "https://x.org:65535/", "https://x.org:65536/", "https://x.org:/",
    "https://x.org:08/", "https://x.org:+1/", "https://x.org:1a/", "https://x.org: 1/",
    "https://user@x.org/", "https://user:pw@x.org/", "https://@x.org/", "https://x.org/@a",
    "https://x.org/a%20b", "https://x.org/a%2", "https://x.org/a%zz", "https://x.org/%", "https://x.org/a%C3%A9",
    "https://x.org/a%c3%a9", "https://x%41.org/", "https://x.org/[1]", "https://x.org/a]", "https://x.org/?a[1]",
    "https://x.org/#a#b", "https://x.org/#a", "https://x.org/?q=1", "https://x.org/?", "https://x.org/#",
    "https://münchen.de/", "https://xn--mnchen-3ya.de/", "https://x.org/é", "https://x.org/a b",
    "https://x.org/ ", " https://x.org/", "https://x.org/\t", "https://x.org/\x01", "https://x.org/\x7f",
    "https://x.org/\x85", "https://x.org/\u00a0", "https://x.org/\u200b", "https://x.org/\u2028",
    "https://", "http:///x", "https:///", "https://:80/", "https://a..b/", "https://-a.org/", "https://a-.org/",
    "https://xn--.org/", "https://xn--a.org/", "https://a.org./", "https://a.org../", "https://.a.org/",
    "https://127.0.0.1/", "https://127.1/", "https://256.1.1.1/", "https://a.1/", "https://0x7f.0.0.1/",
    "https://1.2.3.4.5/", "https://a_b.org/", "https://" + "a" * 64 + ".org/", "https://" + "a" * 63 + ".org/",
    "https://x.org\\a/", "https://x.org/a\\b", "https://x.org/<a>", "https://x.org/a|b", "https://x.org/{a}",
    "https://x.org/a^b", "https://x.org/a`b", 'https://x.org/a"b', "https://x.org?a", "https://x.org#a",
    "https:x.org/", "https:/x.org/", "ftp://x.org/", "https://x.org/a:b", "https://x.org/a;b=c,d!$&'()*+",
    "https://x.org:80:80/", "https://x.org/%5B", "https://[::1]/%5D", "https://[::ffff:1.2.3.4]/",
    "https://[fe80::1%25eth0]/", "https://x.org/\n", "https://x\u3002org/", "https://ｘ.org/", "https://X.ORG/",
]


def _only_pointer_allows(url: str) -> str | None:
    """What a pointer may have and a base URL may not, or None."""
    url = url.strip()
    if "?" in url or "#" in url:
        return "query or fragment"
    if not url.isascii():
        return "not ASCII"
    if "'" in url:
        return "an apostrophe"
    return None


def _agree(url: str) -> None:
    base, pointer = base_url_problem(url), pointer_url_problem(url)
    if pointer is not None:
        assert base is not None, (url, pointer)
    elif _only_pointer_allows(url) is None:
        assert base is None, (url, base)


@pytest.mark.parametrize("url", TRICKY)
def test_the_base_url_and_the_pointers_follow_one_rule(url):
    _agree(url)


SCHEMES = st.sampled_from(["https://"] * 6 + ["http://"] * 3 + ["HTTPS://", "Http://", "https:/", "https:", "ftp://"])
USERS = st.sampled_from([""] * 20 + ["u@", "u:p@", "@", "[::1]@"])
LABELS = st.sampled_from(["x", "org"] * 12 + ["a-b", "-a", "a-", "xn--mnchen-3ya", "xn--", "xn--a", "münchen", "1", "255",
                          "256", "0x7f", "a_b", "", "a" * 63, "a" * 64, "X", "ｘ", "a%41"])
HOSTS = st.one_of(st.lists(LABELS, min_size=1, max_size=4).map(".".join),
                  st.sampled_from(["[2001:db8::1]", "[::1]", "2001:db8::1", "[::1", "::1]", "[g::1]", "[v1.x]",
                                   "[::ffff:1.2.3.4]", "x.org.", "x.org..", "x\u3002org"]))
PORTS = st.sampled_from([""] * 12 + [":", ":0", ":1", ":80", ":65535", ":65536", ":08", ":1a", ":80:80"])
CHARS = st.sampled_from(["a", "/", ".", "-", "~", ":", "@", "!", "$", "&", "'", "(", "=", ";", "%20", "%c3%a9"] * 3 + [
                         "%", "%2", "%zz", "[", "]", "é", " ", "\t", "\x01", "\x7f", "\x85", "\u00a0", "\u200b",
                         "<", ">", '"', "{", "|", "\\", "^", "`"])
PATHS = st.lists(CHARS, max_size=6).map(lambda chars: "/" + "".join(chars))
OPTIONAL = st.one_of(st.just(""), st.lists(CHARS, max_size=3).map("".join))
ENDS = st.sampled_from([""] * 12 + [" ", "\n", "\t"])


@settings(max_examples=2000, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(SCHEMES, USERS, HOSTS, PORTS, st.one_of(st.just(""), PATHS), st.sampled_from([""] * 8 + ["?", "#", "?#", "##"]),
       OPTIONAL, ENDS)
def test_urls_made_of_tricky_pieces_follow_one_rule(scheme, user, host, port, path, marks, tail, end):
    _agree(f"{scheme}{user}{host}{port}{path}{marks}{tail}{end}")


@pytest.mark.parametrize("value", ["https://x.org/[1]", "https://x.org:0/[1]", "https://x.org:/"])
def test_the_reason_of_a_refused_pointer_is_found_once(value, tmp_path, monkeypatch):
    """The schema's explanation (explain.py) and the link check (output_checks.py) both asked
    the pointers' rule why, and validate_tree dropped the second E0204 by its line and column."""
    from tei_edition.schema import explain, output_checks
    from tei_edition.schema.validate import validate_file
    from support import FIXTURES

    asked: list[str] = []

    def counted(url: str) -> str | None:
        asked.append(url)
        return pointer_url_problem(url)

    monkeypatch.setattr(explain, "pointer_url_problem", counted)
    monkeypatch.setattr(output_checks, "pointer_url_problem", counted)
    master = tmp_path / "m.xml"
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    master.write_text(text.replace('<ptr target="https://en.wikipedia.org/wiki/Gavril_Myasnikov"',
                                   f'<ptr target="{value}"', 1), encoding="utf-8")
    problems = validate_file(master)
    assert [p.code for p in problems] == ["E0204"] and asked.count(value) == 1, (problems, asked)


@pytest.mark.parametrize("url", [u for u in TRICKY if u == u.strip()])
def test_serves_public_url_follows_the_base_urls_rule(url):
    """`serve --public-url` begins every URL the server publishes, as the base URL does the
    build's: it took a malformed escape (`a%zz`), `[1]` in the path, an empty port, a bare `?`."""
    from tei_edition.core.problems import EditionError
    from tei_edition.outputs.dts_urls import public_prefix_option

    try:
        public_prefix_option(url)
        refused = None
    except EditionError as exc:
        refused = exc.problems[0].message
    assert (refused is None) == (base_url_problem(url) is None), (url, refused, base_url_problem(url))
