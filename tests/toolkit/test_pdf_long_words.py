"""The print edition keeps a word with no break in it inside the text block (edition.typ `fit`):
runs of 150 characters, long addresses and long names in every place the TEI's text reaches the
PDF. Before, Typst set such a run on one line, past the margin and off the page; an address could
gain a hyphen. Each run still comes out whole when the text is read back."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from support import FIXTURES
from support.pdfbounds import margin, outside_text_block, overlapping_words, unmarked_runs, words
from tei_edition.outputs.pdf import write_part

HEX = ("3f9a2c7d1e5b" * 13)[:150]
SEGMENT = "averyveryverylongsegmentwithoutanybreakopportunityatall" * 2
URL = f"https://example.org/records/{SEGMENT}/item_{HEX[:40]}.html?query=value&other=thing#frag"
# an address with no piece too long: it breaks only where the Chicago Manual of Style (17th ed.,
# 14.18) allows
WIKI = ("https://en.wikipedia.org/wiki/Workers_Group_of_the_Russian_Communist_Party"
        "?action=history&oldid=1234567#Founding-members")
WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # a word Typst hyphenates
HASH = f"sha256-x{HEX[:130]}"  # a break after the hyphen is not enough
FITS = [f"id{n:02d}x{HEX[n:n + 26]}" for n in range(12)]  # identifiers a line has room for (and 31 characters)
# in a column of the index (not justified: its lines are filled one by one), a break after the
# hyphen, then a run longer than the column: two lines, the second sticking out
CHAIN = f"Communist-x{HEX[:40]}"


def run(place: str, length: int = 150) -> str:
    """A run without a break, named after its place."""
    return (place + HEX)[:length]


def xml(text: str) -> str:
    return text.replace("&", "&amp;")


# (the text of schema_cases/valid/full.xml, the same with long runs); where each one is printed (a
# running head too long for its line is cut after a word: the title's and the author's runs come
# first, so that their heads are a word wider than the line)
PLACES = {
    "title page, running heads, colophon": ('<title type="main">The Most Intransigent of Bolsheviks</title>',
                                           f'<title type="main">{run("Title")} of Bolsheviks</title>'),
    "verso running heads, colophon": ("<author>Tommy Lawson</author>", f"<author>{run('Author', 90)} Lawson</author>"),
    "permanent links in the colophon": ("lawson-2021-most-intransigent/</idno>", f"{SEGMENT}/</idno>"),
    "licence": ('<licence target="https://creativecommons.org/licenses/by/4.0/">', f'<licence target="{xml(URL)}">'),
    "source": ("<bibl>Tommy Lawson, The Most Intransigent of Bolsheviks, libcom.org,",
               f'<bibl>Tommy Lawson, {run("Source")}, <ref target="{xml(URL)}">{xml(URL)}</ref>,'),
    "index of persons": ("<persName>Vladimir Lenin</persName>", f"<persName>Vladimir {run('Lenin', 80)}</persName>"),
    "index of organisations": ("<orgName>Workers Group of the Russian Communist Party</orgName>",
                               f"<orgName>Workers Group of the Russian {CHAIN} Party</orgName>"),
    "index of places": ("<placeName>Kronstadt</placeName>\n", f"<placeName>Kronstadt{run('Kron', 70)}</placeName>\n"),
    "events, index of events": ("<label>Kronstadt uprising</label>", f"<label>Kronstadt {run('Uprising')}</label>"),
    "event": ("in March 1921.</desc>", f"in March 1921 {run('Desc')}.</desc>"),
    "glossary, index of terms": ("<term>soviet</term>", f"<term>soviet{run('Term', 60)}</term>"),
    "definition": ("council of workers' deputies.</gloss>", f"council {run('Gloss')}.</gloss>"),
    "works consulted: address": ('"https://en.wikipedia.org/wiki/Gavril_Myasnikov"/>', f'"{xml(URL)}"/>'),
    "works consulted": ('Myasnikov</title>, <title level="m">Wikipedia, The Free Encyclopedia</title>',
                        f'Myasnikov</title>, <title level="m">Wikipedia {run("Consulted")}</title>'),
    "paragraph": ("and worked in <placeName", f"and worked in {HEX} and {WORD} and {' '.join(FITS)} and {HASH} <placeName"),
    "heading, contents (and a running head, on a page after it)": (
        "<head>A life that touched many <emph>revolutionary</emph> threads</head>", f"<head>A life {run('Head')} threads</head>"),
    "note": ('xml:id="n1" n="1" corresp="#p2">An editorial note.</note>',
             f'xml:id="n1" n="1" corresp="#p2">An editorial note {run("Note")} at <ptr target="{xml(URL)}"/> '
             f'and <ref target="{xml(WIKI)}">{xml(WIKI)}</ref>.</note>'),
    "block quotation": ('<quote>"The emancipation', f'<quote>"The {run("Quote")} emancipation'),
    "emendations (no hyphenation)": ('<sic>signiator</sic><corr resp="#editors" type="misspelling">signatory</corr>',
                                     f'<sic>signiator{run("Sic", 60)}</sic><corr resp="#editors" type="misspelling">'
                                     f'signatory{run("Corr", 60)}</corr>'),
    "bibliography": ('<title level="a">Bolshevik Opposition To Lenin</title>, <author>Paul Avrich</author></bibl>',
                     f'<title level="a">Bolshevik Opposition {run("Bibl")}</title>, <author>Paul Avrich</author>, '
                     f'<ptr target="{xml(WIKI)}"/>, in print</bibl>'),
}


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    from tei_edition.schema.validate import validate_file

    text = (FIXTURES.parent / "schema_cases" / "valid" / "full.xml").read_text(encoding="utf-8")
    for old, new in PLACES.values():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path_factory.mktemp("long-words") / "long-words.xml"
    path.write_text(text, encoding="utf-8")
    assert [p for p in validate_file(path) if p.severity == "error"] == []
    return path


@pytest.fixture(scope="module", params=["a4", "a5", "letter"])
def printed(request, master: Path, tmp_path_factory) -> tuple[Path, str]:
    paper = request.param
    return write_part(master, tmp_path_factory.mktemp("long-words") / f"{paper}.pdf", paper=paper), paper


def _text(pdf: Path) -> str:
    # -raw: in the order Typst wrote it; the default mode joins a line ending with a hyphen to the next
    # and drops the hyphen
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_every_word_stays_in_the_text_block(printed: tuple[Path, str]):
    """Before: 29 words on A4 (21 to 33 by paper) stuck out of it, the worst by 135 pt (off the page)."""
    assert outside_text_block(*printed) == []


def test_no_word_is_printed_over_another(printed: tuple[Path, str]):
    """Before: a run in a column of the emendations ran over the next column, and runs over the
    paragraph numbers and the running heads' page numbers."""
    assert overlapping_words(printed[0]) == []


def test_the_index_keeps_to_its_columns(printed: tuple[Path, str]):
    """No word of the index crosses the middle of the text block (the gutter between its columns):
    before, a name that broke after a hyphen and then ran on past its column passed both checks
    above (into the gutter, with nothing printed beside it)."""
    pdf, paper = printed
    inside, outside, top = (margin(paper, name) for name in ("inside", "outside", "top"))
    pages = [(width, [w for w in page if w.y1 > top]) for width, page in words(pdf)]  # no running head
    heads = [min(page, key=lambda w: (w.y0, w.x0)).text if page else "" for _, page in pages]  # first words
    first, last = heads.index("Index"), heads.index("Colophon")
    crossing = []
    for width, page in pages[first:last]:
        for w in page:
            left, right = (inside, width - outside) if w.page % 2 else (outside, width - inside)
            if w.x0 < (left + right) / 2 < w.x1:
                crossing.append((w.page, w.text))
    assert pages[first:last] and crossing == []


def test_each_run_is_printed_whole_where_its_place_prints_it(printed: tuple[Path, str]):
    """The text read back holds every run as written: a break adds no character (no hyphen, no
    zero-width space), so a reader copies and searches the word as it is."""
    text = _text(printed[0])
    flat = re.sub(r"\s+", "", text)
    assert "\u200b" not in text
    for place, (_, new) in PLACES.items():
        for long in re.findall(r"[^\s<>\"]{60,}", new.replace("&amp;", "&")):
            # a word Typst hyphenated holds its soft hyphens (test_a_word_is_hyphenated_rather_than_cut)
            assert long in (flat.replace("\u00ad", "") if long == WORD else flat), (place, long)
    assert flat.count(run("Head")) >= 2  # heading, contents
    top = margin(printed[1], "top")
    heads = [w.text for _, page in words(printed[0]) for w in page if w.y1 < top and w.page > 1]
    assert all(any(w.startswith(name + "3f9") for w in heads) for name in ("Title", "Author"))  # running heads
    assert flat.count(URL) == 4 and flat.count(WIKI) == 2  # each where the TEI has it


def test_a_run_wider_than_the_line_breaks_and_one_that_fits_does_not(printed: tuple[Path, str]):
    text = _text(printed[0])
    assert HEX not in text and HEX in re.sub(r"\s+", "", text)  # cut over lines
    printed_words = {w.text for _, page in words(printed[0]) for w in page}
    assert set(FITS) <= printed_words  # each whole on its line


def test_a_word_is_hyphenated_rather_than_cut(printed: tuple[Path, str]):
    """A word Typst can hyphenate breaks at its syllables, with Typst's hyphen (a soft hyphen in
    the text read back: no part of the word copied)."""
    found = re.search("\u00ad?\\s?".join(WORD), _text(printed[0]))
    assert found
    breaks = re.findall(r"(.)\s", found.group(0))
    assert breaks and set(breaks) == {"\u00ad"}, found.group(0)


def chicago_allows(address: str, at: int) -> bool:
    """Whether `address` may break before its character `at`: after a colon or a double slash,
    before a single slash, ~ . , - _ ? # %, before or after = and &."""
    before, after = address[at - 1], address[at]
    single_slash = after == "/" and before != "/" and address[at + 1:at + 2] != "/"
    return (before == ":" or address[at - 2:at] == "//" or single_slash or after in "~.,-_?#%"
            or before in "=&" or after in "=&")


def test_chicago_allows():
    url = "https://a.org/b/c-d?e=f"
    assert [url[i - 1:i + 1] for i in range(1, len(url)) if chicago_allows(url, i)] == [
        ":/", "/a", "a.", "g/", "b/", "c-", "d?", "e=", "=f"]


def test_an_address_breaks_only_where_chicago_allows(printed: tuple[Path, str]):
    """Never a hyphen of its own (Typst broke after a slash, and after . and others)."""
    text = _text(printed[0])
    pattern = r"\s?".join(re.escape(c) for c in WIKI)
    breaks = []
    for found in re.finditer(pattern, text):
        broken = found.group(0)
        unbroken = re.sub(r"\s", "", broken)
        at = 0
        for i, c in enumerate(broken):
            if c.isspace():
                breaks.append(unbroken[at - 1:at + 1])
                assert chicago_allows(unbroken, at), broken
            else:
                at += 1
    assert breaks  # wider than any line: broken at least once


@pytest.mark.parametrize("paper", ["a4", "a5", "letter"])
def test_the_xslt_marks_every_run_a_measure_may_have_to_break(master: Path, paper: str):
    """Only the runs the XSLT marks are looked at (functions.xsl f:text): in every container of
    the layout, in every paper size, it marks every run that edition.typ `fit` may have to break
    (the real edition's emendations, whose columns are narrower: tests/edition/test_pdf_edition.py)."""
    assert unmarked_runs(master, paper) == []


def test_no_letter_or_digit_is_wider_than_the_xslt_reckons():
    """functions.xsl f:widest bounds a run by its letters and digits: each, in every face the text
    is set in, is no wider than it says (a font that set them wider would leave runs unmarked)."""
    import json

    import typst

    from tei_edition.outputs import pdf

    widest = (pdf.TEMPLATE_DIR / "functions.xsl").read_text(encoding="utf-8")
    bounds = dict((name, float(em)) for em, name in re.findall(r"([\d.]+) \* \$(lower|upper|digits)\b", widest))
    probe = """#set text(font: "Libertinus Serif", size: 100pt)
#let faces = ((style: "normal", weight: "regular"), (style: "italic", weight: "regular"),
  (style: "normal", weight: "bold"), (style: "italic", weight: "bold"))
#let chars = (lower: "abcdefghijklmnopqrstuvwxyz", upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ", digits: "0123456789")
#context [#metadata(chars.pairs().map(((name, cs)) => (name, calc.max(..faces.map(f => calc.max(
  ..cs.clusters().map(c => measure(text(..f, c)).width / 100pt)))))).to-dict())<widths>]"""
    widths = json.loads(typst.query(probe.encode(), "<widths>", field="value", one=True, ignore_system_fonts=True))
    assert set(bounds) == set(widths) and all(widths[k] <= bounds[k] for k in bounds), (widths, bounds)
