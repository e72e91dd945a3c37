"""What validate says of a @target the schema refuses: one E0204 at the element, naming the
attribute, its value and what is allowed, never the parent's "content incomplete" (E0201)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tei_edition.cli import main
from tei_edition.core.problems import MAX_VALUE
from support import FIXTURES

# the start of each element's first occurrence in the minimal fixture, up to its @target
STARTS = {"ref": '<ref target="#avrich-bolshevik-opposition"',
          "licence": '<licence target="https://creativecommons.org/licenses/by/4.0/"',
          "ptr": '<ptr target="https://en.wikipedia.org/wiki/Gavril_Myasnikov"'}


def _with_target(tmp_path: Path, element: str, value: str) -> Path:
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    path = tmp_path / "m.xml"
    path.write_text(text.replace(STARTS[element], f'<{element} target="{value}"', 1), encoding="utf-8")
    return path


def _one_problem(runner, master: Path, element: str) -> str:
    """The one problem validate reports, checked to be an E0204 at the element's start tag."""
    result = runner.invoke(main, ["validate", str(master)])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 2 and lines[-1].endswith("1 error(s), 0 warning(s)"), result.output
    _, row, col, message = lines[0].split(":", 3)
    assert message.startswith(" [E0204] "), lines[0]
    assert master.read_text(encoding="utf-8").split("\n")[int(row) - 1][int(col) - 1:].startswith(f"<{element} ")
    return message[len(" [E0204] "):]


@pytest.mark.parametrize("element", ["ref", "licence"])
@pytest.mark.parametrize("value", ["https://example.org/%zz", "https://example.org/a%", "https://example.org/a[1]",
                                   "https://example.org/#a#b", "https://[::1/"],
                         ids=["bad-escape", "cut-escape", "bracket", "two-fragments", "unclosed-ipv6"])
def test_a_url_that_is_not_well_formed_is_named_at_its_element(element, value, tmp_path, runner):
    """The pointer datatype is XSD anyURI, which libxml2 tests by parsing the value as a URI: the
    value matched the ODD's pattern, so the explanation found nothing wrong with it and reported
    the content of <ref> (and of its <p> and <bibl>) or <licence> as incomplete."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: it is not a well-formed URL '
                              f"(no space and none of"), message
    assert "each % begins an escape" in message
    assert "expected a pointer: # and the xml:id of an element" in message  # what is allowed


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value", ["https://example.org/a{b}", "https://example.org/a|b", "https://example.org/a^b",
                                   "https://example.org/a`b", "https://example.org/a\\b"])
def test_a_url_with_a_character_urls_leave_out_is_refused(element, value, tmp_path, runner):
    """RFC 3986 leaves them out of URLs: they validated, and the EPUB made from the master
    failed EPUBCheck (RSC-020, "is not a valid URI", for { | ^)."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: it is not a well-formed URL'), message


@pytest.mark.parametrize("value", ["https://example.org/%zz", "https://example.org/a%", "https://example.org/a[1]",
                                   "https://example.org/#a#b", "https://[::1/", "https://[::1]x/", "https://x[::1]/"])
def test_a_ptr_takes_only_well_formed_urls(value, tmp_path, runner):
    """ptr's @target is a list of #ids or one URL (a token, not XSD anyURI), so no URI parser
    tested it: a malformed URL validated, and EPUBCheck refused the EPUB."""
    message = _one_problem(runner, _with_target(tmp_path, "ptr", value), "ptr")
    assert message.startswith(f'target="{value}" on <ptr> is not allowed: it is not a well-formed URL'), message


@pytest.mark.parametrize("value", ["https://example.org/a%20b#c", "https://example.org/%C3%A9t%C3%A9?q=1&r=2#top",
                                   "http://example.org/"])
def test_a_ptr_takes_a_well_formed_url(value, tmp_path, runner):
    result = runner.invoke(main, ["validate", str(_with_target(tmp_path, "ptr", value.replace("&", "&amp;")))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value", ["https://[::1]/", "https://[2001:db8::1]:8080/x", "http://[::ffff:192.0.2.1]/a?b#c"])
def test_every_pointer_takes_an_ipv6_address_in_brackets(element, value, tmp_path, runner):
    """ptr refused it as 'not a well-formed URL' while ref and licence took it: the host rule
    allows it, and every output links it (test_the_edge_forms_of_a_pointer_url_build_and_pass_epubcheck)."""
    result = runner.invoke(main, ["validate", str(_with_target(tmp_path, element, value))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value", ["https://example.org/a#[x]", "https://example.org/#x]", "https://example.org/?q=[1]",
                                   "https://example.org/a[1]"])
def test_brackets_outside_an_ipv6_address_are_refused_by_every_pointer(element, value, tmp_path, runner):
    """ref and licence took them in a fragment (libxml2's anyURI does) while ptr refused them:
    RFC 3986 allows [ ] around an IPv6 address only, and %5B, %5D say the same everywhere."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: it is not a well-formed URL'), message
    assert "are written %5B, %5D, %23" in message
    escaped = value.replace("[", "%5B").replace("]", "%5D")
    result = runner.invoke(main, ["validate", str(_with_target(tmp_path, element, escaped))])
    assert result.exit_code == 0, result.output


def test_the_pointers_share_one_url_pattern():
    """ptr's @target and the pointer datatype (ref's and licence's @target) spell out the same URL
    rule, core.urls.POINTER_URL, in the ODD and so in the published RELAX NG."""
    from lxml import etree

    from tei_edition.core.urls import POINTER_URL
    from tei_edition.schema.odd import ODD, RNG

    ns = {"t": "http://www.tei-c.org/ns/1.0", "r": "http://relaxng.org/ns/structure/1.0"}
    odd = etree.parse(str(ODD))
    ptr = odd.xpath("//t:elementSpec[@ident='ptr']//t:attDef[@ident='target']//t:dataRef/@restriction", namespaces=ns)
    pointer = odd.xpath("//t:dataSpec[@ident='edition.pointer']//t:dataRef/@restriction", namespaces=ns)
    rng = etree.parse(str(RNG))
    patterns = [*ptr, *pointer, *rng.xpath("//r:param[@name='pattern'][contains(., 'https?://')]/text()", namespaces=ns)]
    assert len(patterns) == 4 and all(f"|{POINTER_URL}|" in f"|{p}|" for p in patterns), patterns


def test_a_long_target_is_cut_in_the_message(tmp_path, runner):
    value = "https://example.org/" + "a" * 300 + "%zz"
    message = _one_problem(runner, _with_target(tmp_path, "licence", value), "licence")
    assert message.startswith(f'target="{value}"'[:MAX_VALUE] + "… on <licence> is not allowed: it is not a well-formed URL")


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value", ["HTTPS://example.org/", "Http://example.org/a"])
def test_an_upper_case_scheme_is_refused_with_the_lower_case_spelling(element, value, tmp_path, runner):
    """Refused, not accepted: every pointer, the published schema and the outputs (the exports'
    links, the PDF) write a scheme in lower case, as RFC 3986 asks of what produces URLs."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    lower = value.split(":", 1)[0].lower() + ":" + value.split(":", 1)[1]
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: write the scheme in lower '
                              f"case: {lower}; expected "), message


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value, scheme", [("JavaScript:alert(1)", "JavaScript"), ("JAVASCRIPT:alert(1)", "JAVASCRIPT"),
                                           ("javascript:alert(1)", "javascript"), (" javascript:alert(1)", "javascript"),
                                           ("ftp://example.org/x", "ftp"), ("data:text/html,x", "data")])
def test_a_scheme_other_than_http_is_named_whatever_its_case(element, value, scheme, tmp_path, runner):
    """Never the advice to write it in lower case: no spelling of javascript: is a link."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: {scheme}: is not a scheme the '
                              f"edition links to, only http: and https: are; expected "), message
    assert "lower case" not in message


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
def test_a_target_that_is_no_url_says_what_is_allowed(element, tmp_path, runner):
    message = _one_problem(runner, _with_target(tmp_path, element, "not a url"), element)
    assert message.startswith(f'target="not a url" on <{element}> is not allowed: expected '), message


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value", ["https:///x", "https://example.org:0/", "https://user:pw@example.org/",
                                   "https://example..org/", "https://example.org:99999/", "https://ex_ample.org/",
                                   "https://[1::2::3]/", "https://[zz]/"])
def test_a_url_whose_host_no_browser_can_open_is_refused(element, value, tmp_path, runner):
    """The schema's pattern lets them through; the web page, the PDF and the EPUB made them
    links (a user and password published in each). The base URL has the same rule (E0251)."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: its URL names no host'), message


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value", ["https://example.org:8080/a", "https://example.org:1", "http://example.org:65535/?a#b",
                                   "http://127.0.0.1/", "https://example.org./x"])
def test_a_url_with_a_port_or_an_address_is_taken(element, value, tmp_path, runner):
    result = runner.invoke(main, ["validate", str(_with_target(tmp_path, element, value))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value, without", [("https://example.org:/x", "https://example.org/x"),
                                            ("https://[::1]:/", "https://[::1]/"),
                                            ("http://example.org:?a#b", "http://example.org?a#b"),
                                            ("https://example.org:", "https://example.org")])
def test_an_empty_port_is_refused_by_every_pointer_with_the_url_without_it(element, value, without, tmp_path, runner):
    """ptr took it (RFC 3986 does) while ref and licence refused it as 'not a well-formed URL'
    (libxml2's anyURI, the published schema's datatype, refuses it): now refused by all three,
    saying what to write; the URL without the colon validates."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: its port is empty: write {without}, '
                              f"or a port from 1 to 65535; expected "), message
    result = runner.invoke(main, ["validate", str(_with_target(tmp_path, element, without))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value", ["https://-example.org/", "https://example-.org/x", "https://xn--.org/",
                                   "https://" + "a" * 64 + ".org/", "https://256.1.1.1/", "https://1.2.3.4.5/",
                                   "https://127.1/", "https://0x7f.0.0.1/", "https://a.1/"])
def test_a_host_a_browser_reads_otherwise_or_not_at_all_is_refused(element, value, tmp_path, runner):
    """They validated, and EPUBCheck warned of each link in the EPUB ("Couldn't parse host",
    RSC-023): a hyphen at either end of a part, a punycode part that decodes to nothing, a part
    longer than 63, a last part that is a number (a browser reads the name as an IPv4 address:
    127.1 is 127.0.0.1, 256.1.1.1 and a.1 are no address at all)."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message.startswith(f'target="{value}" on <{element}> is not allowed: its URL names no host'), message
    assert "no hyphen first or last" in message and "four numbers from 0 to 255" in message


def test_the_hosts_at_the_edges_of_the_rule_validate_and_pass_epubcheck(tmp_path, runner):
    from support.epubtools import epubcheck

    hosts = ["xn--mnchen-3ya.de", "ex--ample.org", "a" * 63 + ".org", "example.org.", "255.255.255.255", "0.0.0.0",
             "[2001:db8::1]", "x", "1a.org"]
    refs = " ".join(f'<ref target="https://{host}/a">{i}</ref>' for i, host in enumerate(hosts))
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    master = tmp_path / "m.xml"
    master.write_text(text.replace('(<bibl><ref target="#avrich-bolshevik-opposition">',
                                   f'(<bibl>{refs} <ref target="#avrich-bolshevik-opposition">', 1), encoding="utf-8")
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    epub = tmp_path / "out" / "epub" / "lawson-2021-most-intransigent.epub"
    assert all(f'href="https://{host}/a"' in zipfile.ZipFile(epub).read("EPUB/index.xhtml").decode() for host in hosts)
    assert epubcheck(epub) == []


@pytest.mark.parametrize("element", ["ptr", "ref", "licence"])
@pytest.mark.parametrize("value, ascii_url", [("https://münchen.de/x", "https://xn--mnchen-3ya.de/x"),
                                              ("http://пример.рф:8080/a?b#c", "http://xn--e1afmkfd.xn--p1ai:8080/a?b#c")])
def test_a_host_not_in_ascii_is_refused_with_its_punycode_spelling(element, value, ascii_url, tmp_path, runner):
    """It was refused as a URL that 'names no host a reader's browser can open', which is not so
    (a browser opens münchen.de) and did not say what to write: the outputs percent-encode the
    host (m%C3%BCnchen.de), which no browser or EPUBCheck reads as one. The spelling given validates."""
    message = _one_problem(runner, _with_target(tmp_path, element, value), element)
    assert message == (f'target="{value}" on <{element}> is not allowed: its host is not ASCII: write it in '
                       f"punycode, {ascii_url} (the outputs would percent-encode it, and no browser reads that as a host).")
    result = runner.invoke(main, ["validate", str(_with_target(tmp_path, element, ascii_url))])
    assert result.exit_code == 0, result.output


def test_the_edge_forms_of_a_pointer_url_build_and_pass_epubcheck(tmp_path, runner):
    """What the pointers' one URL rule takes at its edges, on each of the three: the HTML and the
    EPUB link them as written, the PDF links them, and EPUBCheck finds nothing wrong."""
    from pypdf import PdfReader
    from support.epubtools import epubcheck

    urls = {"ptr": "https://[2001:db8::1]:8080/x?a=1#f", "licence": "https://[::1]:65535/licence",
            "ref": "http://[::ffff:192.0.2.1]/r?q=%5B1%5D#%5Bx%5D"}
    master = _with_target(tmp_path, "ptr", urls["ptr"])
    text = master.read_text(encoding="utf-8").replace(STARTS["licence"], f'<licence target="{urls["licence"]}"', 1)
    master.write_text(text.replace('(<bibl><ref target="#avrich-bolshevik-opposition">',
                                   f'(<bibl><ref target="{urls["ref"]}">r</ref> '
                                   f'<ref target="#avrich-bolshevik-opposition">', 1), encoding="utf-8")
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    epub = tmp_path / "out" / "epub" / "lawson-2021-most-intransigent.epub"
    pages = zipfile.ZipFile(epub)
    xhtml = "".join(pages.read(n).decode() for n in pages.namelist() if n.endswith(".xhtml"))
    html = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "site").glob("*.html"))
    pdf = PdfReader(tmp_path / "out" / "pdf" / "lawson-2021-most-intransigent.pdf")
    links = {a.get_object().get("/A", {}).get("/URI") for page in pdf.pages for a in page.get("/Annots", [])}
    for url in urls.values():
        assert f'href="{url}"' in xhtml and f'href="{url}"' in html and url in links, url
    assert epubcheck(epub) == []
