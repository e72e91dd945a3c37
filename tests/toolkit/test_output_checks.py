"""What validates, builds: the validator checks what the outputs need (the print fonts, the base
URL, control characters, processing instructions), so the build never fails later, in Typst, or
lets a `javascript:` link or a processing instruction through."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader

from tei_edition.build import build
from tei_edition.cli import main
from tei_edition.core import paths
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import read_tei
from tei_edition.schema import output_checks
from support import CHECKOUT, FIXTURES

TOOLS = CHECKOUT / "tools"
P1_TEXT = "worked in"


def variant(tmp_path: Path, old: str, new: str, name: str = "m.xml") -> Path:
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def codes(exc: EditionError) -> list[str]:
    return [p.code for p in exc.problems]


# --- the print fonts ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["列宁", "🙂", "\U000F0041"], ids=["cjk", "emoji", "private-use"])
def test_text_the_fonts_lack_is_refused_by_validate_at_its_column(text, tmp_path, runner):
    master = variant(tmp_path, P1_TEXT, f"worked in {text} and in")
    result = runner.invoke(main, ["validate", str(master)])
    assert result.exit_code == 1
    line, = [x for x in result.output.splitlines() if "[E0250]" in x]
    row, col = map(int, line.split(":")[1:3])
    assert master.read_text(encoding="utf-8").split("\n")[row - 1][col - 1] == text[0]
    assert f"U+{ord(text[0]):04X} '{text[0]}' is not in the print edition's fonts" in line
    assert output_checks.block(text[0]) in line


def test_the_build_stops_at_validation_not_in_typst(tmp_path):
    master = variant(tmp_path, P1_TEXT, "worked in 中国 and in")
    with pytest.raises(EditionError) as info:
        build(master, tmp_path / "out")
    assert codes(info.value) == ["E0250"]
    assert info.value.problems[0].line > 0


def test_the_pdf_command_refuses_it_too(tmp_path, runner):
    master = variant(tmp_path, P1_TEXT, "worked in 中国 and in")
    result = runner.invoke(main, ["pdf", "--master", str(master), "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "[E0250]" in result.output and "[E0101]" not in result.output


def test_every_script_the_fonts_cover_builds(tmp_path):
    """Latin with diacritics, Greek, Cyrillic, Hebrew, Devanagari, IPA, math letters, arrows:
    all in the coverage, and Typst sets them (the PDF's text holds them)."""
    sample = "Ærø ß ĳ Ŋ ǅ ə ʃ Ωμέγα Жизнь שָׁלוֹם नमस्ते 𝔄 → ∀ ½ € ‰"
    master = variant(tmp_path, P1_TEXT, f"worked in {sample} and in")
    ctx = build(master, tmp_path / "out")
    text = "".join(page.extract_text() for page in PdfReader(ctx.out / "pdf" / f"{paths.BASENAME}.pdf").pages)
    for word in ("Ærø", "Ωμέγα", "Жизнь", "€"):
        assert word in text


def test_the_coverage_data_matches_the_installed_typst():
    data = json.loads(output_checks.COVERAGE.read_text(encoding="utf-8"))
    assert data["typst"] == typst.__version__, "run tools/font_coverage.py after upgrading typst"
    assert any(f.startswith("Libertinus Serif") for f in data["fonts"])
    done = subprocess.run([sys.executable, str(TOOLS / "font_coverage.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_typst_agrees_with_the_coverage_data():
    """A sample of every covered range compiles as PDF/A; characters outside do not."""
    sys.path.insert(0, str(TOOLS))
    import font_coverage

    data = json.loads(output_checks.COVERAGE.read_text(encoding="utf-8"))
    sample = " ".join(chr(c) for a, b in data["covered"] for c in {a, (a + b) // 2, b})
    assert font_coverage._probe(sample) is None
    coverage = output_checks._coverage()
    for char in ("中", "🙂", "✧", "ꙮ", "\U000F0041"):
        assert not coverage.plain(char), char
        assert font_coverage._probe(char) is not None, char


@pytest.mark.parametrize("cluster, ok", [
    ("e\u0301", True), ("Ж\u0301", True), ("ω\u0342", True), ("\u05e9\u05b8", True),
    ("\u00b8\u1dcd", False), ("1\u20e3", False), ("\ufb49\u1dcf", False), ("a\u1df8", False),
], ids=["e-acute", "cyrillic-stress", "greek-perispomeni", "hebrew-qamats", "cedilla-circumflex", "keycap",
        "hebrew-presentation-zigzag", "latin-supplement-mark"])
def test_letters_with_combining_marks(cluster, ok, tmp_path):
    """A cluster validates only where Typst sets it (¸ + U+1DCD was found by the property test:
    each character is in some font, but no font Typst tries has both)."""
    master = variant(tmp_path, P1_TEXT, f"worked in {cluster} and in")
    problems = output_checks.output_problems(read_tei(master), str(master))
    assert [p.code for p in problems] == ([] if ok else ["E0250"])
    if ok:
        assert build(master, tmp_path / "out").out.is_dir()
    else:
        line = master.read_text(encoding="utf-8").split("\n")[problems[0].line - 1]
        assert line[problems[0].col - 1:].startswith(cluster)
        with pytest.raises(EditionError):
            build(master, tmp_path / "out")
        assert "combining mark" in problems[0].message


# --- the base URL -------------------------------------------------------------------------------

def test_a_javascript_base_url_in_the_header_is_refused(tmp_path, runner):
    master = variant(tmp_path, "https://tei-edition.example.org/lawson-2021-most-intransigent/", "javascript:alert(1)//")
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "[E0251]" in result.output, result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["build", "pdf", "cite"])
@pytest.mark.parametrize("url", ["javascript:alert(1)//", "data:text/html,x", "edition/"])
def test_a_base_url_option_that_is_not_http_is_refused(command, url, tmp_path, runner):
    args = {"build": ["build", "--out", str(tmp_path / "out")], "pdf": ["pdf", "--out", str(tmp_path / "x.pdf")],
            "cite": ["cite", "p1"]}[command]
    result = runner.invoke(main, [*args, "--master", str(FIXTURES / "minimal.xml"), "--base-url", url])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [line for line in result.output.splitlines() if "[E0251]" in line] != []
    assert result.output.startswith("--base-url:1:1: [E0251] "), result.output  # at the option, as --jobs:1:1
    assert not (tmp_path / "out").exists() and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("url", ['https://x/?a=<b>', 'https://x/{a}', 'https://x/a|b', 'https://x/"q"',
                                 "https://x/a`b", "https://x/a\\b", "https://x/a^b", "https://x/\udcff",
                                 "https://x/a\u0085b", "https://x/a\u200bb", "https://x/a\nb"])
def test_a_base_url_with_characters_urls_leave_out_is_refused(url, runner):
    """They would break the BibTeX braces, HTML attributes and the EPUB's identifier."""
    result = runner.invoke(main, ["cite", "p1", "--style", "bibtex", "--master", str(FIXTURES / "minimal.xml"),
                                  "--base-url", url])
    assert result.exit_code == 1 and "[E0251]" in result.output and len(result.output.splitlines()) == 1, result.output


@pytest.mark.parametrize("url", ["https://x.org/?q=1", "https://x.org/#f", "https://x.org/%zz/", "https://x.org/a%4"])
def test_what_the_build_cannot_use_as_base_url_is_refused_before_it_builds(url, tmp_path, runner):
    """What validates, builds: a query or fragment was refused by DTS (E0340) and a malformed
    escape by the EPUB's stylesheet (E0100), after every other stage had run."""
    result = runner.invoke(main, ["build", "--master", str(FIXTURES / "minimal.xml"), "--out", str(tmp_path / "out"),
                                  "--base-url", url])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "[E0251]" in result.output, result.output
    # each message names its own fault (the query's also spoke of escapes, which the URL had right)
    if "%" in url:
        assert "each % begins an escape" in result.output and "query" not in result.output, result.output
    else:
        assert "no query (?) or fragment (#): not" in result.output and "escape" not in result.output, result.output
    master = variant(tmp_path, "https://tei-edition.example.org/lawson-2021-most-intransigent/", url)
    assert [p.code for p in output_checks.output_problems(read_tei(master), str(master))] == ["E0251"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("url", ["https://[::1/", "http://:80/", "https://x.org:99999/", "https://x.org:0/",
                                 "https://user:pw@x.org/", "https://ex%00.org/", "https://[zz]/", "https://a..b/",
                                 "https://例え.jp/", "https://x.org/例/", "https://x.org/é/", "https://-x.org/",
                                 "https://127.1/", "https://xn--.org/"])
@pytest.mark.parametrize("command", ["build", "cite", "serve"])
def test_a_base_url_no_reader_could_open_is_refused_by_every_command(url, command, tmp_path, runner):
    """`cite` and `serve` published them, `build` failed after its checks (DTS's E0340 placed at
    the header, Typst's E0101 for a host in a script the PDF's fonts lack)."""
    args = {"build": ["build", "--out", str(tmp_path / "out")], "cite": ["cite", "p1"],
            "serve": ["serve", "--dir", str(tmp_path / "out"), "--port", "0"]}[command]
    result = runner.invoke(main, [*args, "--master", str(FIXTURES / "minimal.xml"), "--base-url", url]
                           if command != "serve" else [*args, "--base-url", url])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith("--base-url:1:1: [E0251] "), result.output
    assert not (tmp_path / "out").exists()
    master = variant(tmp_path, "https://tei-edition.example.org/lawson-2021-most-intransigent/", url)
    # in the header, a script the fonts lack is also E0250
    assert "E0251" in [p.code for p in output_checks.output_problems(read_tei(master), str(master))]


@pytest.mark.parametrize("url", ["https://[::1]/edition/", "https://x.org:8080/a/", "https://127.0.0.1/",
                                 "https://xn--r8jz45g.jp/"])
def test_a_base_url_with_an_address_a_port_or_a_punycode_host_builds(url, tmp_path):
    built = build(FIXTURES / "minimal.xml", tmp_path / "out", base_url=url)
    assert url.rstrip("/") in (built.out / "dts" / "collection.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["https://x/\n", "\thttps://x/ ", " https://x"])
def test_the_base_url_checked_is_the_base_url_used(url, runner):
    """Spaces around the value are not checked away and then printed."""
    result = runner.invoke(main, ["cite", "p1", "--style", "bibtex", "--master", str(FIXTURES / "minimal.xml"),
                                  "--base-url", url])
    assert result.exit_code == 0, result.output
    assert "url = {https://x/#p1}" in result.output, result.output


def test_the_api_refuses_it_too(tmp_path):
    with pytest.raises(EditionError) as info:
        build(FIXTURES / "minimal.xml", tmp_path / "out", base_url="javascript:alert(1)//")
    assert codes(info.value) == ["E0251"]
    assert str(info.value.problems[0]).startswith("--base-url:1:1: [E0251] ")


@pytest.mark.parametrize("attribute, value", [
    ('ref="#lenin"', 'ref="javascript:alert(1)"'),
    ('target="#avrich-bolshevik-opposition"', 'target="javascript:alert(1)"'),
    ('target="#avrich-bolshevik-opposition"', 'target=" JaVaScRiPt:alert(1)"'),
    ('target="#avrich-bolshevik-opposition"', 'target="java&#9;script:alert(1)"'),
    ('target="#avrich-bolshevik-opposition"', 'target="data:text/html,&lt;script&gt;"'),
    ('<birth when="1889-02-25" source="#src-wp-gavril-myasnikov"/>', '<birth when="1889-02-25" source="javascript:alert(1)"/>'),
], ids=["ref", "target", "target-spaced-case", "target-tab", "target-data", "source"])
def test_pointer_schemes_other_than_http_are_refused(attribute, value, tmp_path, runner):
    """The schema's pointer datatypes allow #id, http(s) URLs and relative paths only."""
    result = runner.invoke(main, ["validate", str(variant(tmp_path, attribute, value))])
    assert result.exit_code == 1 and "[E0204]" in result.output, result.output


# --- control characters -------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\u0085", "\u0080", "\u009f", "\u007f", "\ufdd0", "\U0001fffe"])
def test_control_characters_and_noncharacters_are_refused(char, tmp_path):
    master = variant(tmp_path, P1_TEXT, f"worked{char}in")
    with pytest.raises(EditionError) as info:
        build(master, tmp_path / "out")
    assert codes(info.value) == ["E0252"]
    assert f"U+{ord(char):04X}" in info.value.problems[0].message


def test_a_separator_in_a_comment_is_refused_without_the_advice_for_text(tmp_path):
    """The published TEI copies the comment; <lb/> ends no line of it."""
    master = variant(tmp_path, P1_TEXT, "worked <!-- a\u2028b --> in")
    problem, = [p for p in output_checks.output_problems(read_tei(master), str(master)) if p.code == "E0252"]
    assert problem.message == "line separator U+2028 in a comment: it is not text and no output can show it; remove it"


def test_c0_controls_are_not_even_xml(tmp_path, runner):
    master = variant(tmp_path, P1_TEXT, "worked&#1;in")
    result = runner.invoke(main, ["validate", str(master)])
    assert result.exit_code == 1 and "[E0002]" in result.output


# --- processing instructions ------------------------------------------------------------------

def test_processing_instructions_are_warned_about_and_never_published(tmp_path):
    master = tmp_path / "m.xml"
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    text = text.replace("<TEI ", '<?xml-stylesheet href="https://example.org/secret-top.xsl"?>\n<TEI ', 1)
    text = text.replace(P1_TEXT, "worked <?editor secret-inner?>in", 1)
    master.write_text(text, encoding="utf-8")
    ctx = build(master, tmp_path / "out")
    assert sorted(p.code for p in ctx.warnings if p.code == "W0250") == ["W0250", "W0250"]
    for output in ("tei", "dts", "site", "exports"):
        for file in (ctx.out / output).rglob("*"):
            if file.is_file() and file.suffix in (".xml", ".json", ".html", ".jsonld", ".txt", ".js"):
                data = file.read_text(encoding="utf-8")
                assert "secret-inner" not in data and "secret-top" not in data, file
    published = (ctx.out / "tei" / f"{paths.BASENAME}.xml").read_text(encoding="utf-8")
    assert "worked in" in published  # the text around the instruction stays whole


@pytest.mark.parametrize("url, lower", [("HTTPS://x.org/e/", "https://x.org/e/"), ("Http://x.org/", "http://x.org/")])
def test_a_base_url_with_an_upper_case_scheme_is_refused_as_the_pointers_are(url, lower, tmp_path, runner):
    """The pointers of the TEI must spell http(s) in lower case (E0204); the base URL, which
    begins every permanent link, was taken as HTTPS://."""
    result = runner.invoke(main, ["cite", "p1", "--master", str(FIXTURES / "minimal.xml"), "--base-url", url])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert "[E0251]" in result.output and f"scheme in lower case: {lower}" in result.output, result.output
    master = variant(tmp_path, "https://tei-edition.example.org/lawson-2021-most-intransigent/", url)
    assert [p.code for p in output_checks.output_problems(read_tei(master), str(master))] == ["E0251"]


def test_a_base_url_with_a_host_not_in_ascii_is_given_its_punycode_spelling(runner):
    result = runner.invoke(main, ["cite", "p1", "--master", str(FIXTURES / "minimal.xml"),
                                  "--base-url", "https://münchen.de/ed/"])
    assert result.exit_code == 1 and "[E0251]" in result.output, result.output
    assert result.output.rstrip().endswith("(its host in punycode: https://xn--mnchen-3ya.de/ed/)"), result.output


@pytest.mark.parametrize("url", ["https://example.org/a[1]/", "https://example.org:/e/"])
def test_a_base_url_the_pointers_rule_refuses_is_refused(url, tmp_path, runner):
    """Brackets in the path validated and the build then failed in the EPUB's stylesheet
    (E0100 'Base URI … is invalid' at 0:0); an empty port was taken, which no pointer may have."""
    result = runner.invoke(main, ["build", "--master", str(FIXTURES / "minimal.xml"), "--out", str(tmp_path / "out"),
                                  "--base-url", url])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "[E0251]" in result.output, result.output
    assert "cannot begin the edition's links" in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("url, ok", [("https://a.example/lawson's/", False), ("https://a.example/lawson%27s/", True)])
def test_an_apostrophe_in_the_base_url_is_refused_and_its_escape_taken(url, ok, tmp_path, runner):
    """A ' is a URL character, but it begins every URI template of the DTS export, whose literal
    text RFC 6570 leaves it out of (`https://a.example/lawson's/dts/collection{/id}{;nav}.json`
    is no template); %27 is. The templates written from the escaped URL hold only their own
    characters: each expression in braces, every other character a literal."""
    result = runner.invoke(main, ["build", "--master", str(FIXTURES / "minimal.xml"), "--out", str(tmp_path / "out"),
                                  "--base-url", url])
    if not ok:
        assert result.exit_code == 1 and result.output.startswith("--base-url:1:1: [E0251] "), result.output
        assert "%27" in result.output and not (tmp_path / "out").exists()
        return
    assert result.exit_code == 0, result.output
    entry = json.loads((tmp_path / "out" / "dts" / "index.json").read_text(encoding="utf-8"))
    literal = re.compile(r"(?:[!#$&()*+,\-./0-9:;=?@A-Z\[\]_a-z~]|%[0-9A-Fa-f]{2}|\{[^{}]+\})*")  # RFC 6570 §2
    templates = [entry[k] for k in ("collection", "navigation", "document")]
    assert all(t.startswith(url) and literal.fullmatch(t) for t in templates), templates
