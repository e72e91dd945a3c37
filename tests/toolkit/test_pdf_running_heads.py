"""The print edition's running heads are one line, beside the page number, inside the text block
(edition.typ `running-head`). A title, heading or author longer than that line is cut after a
word and ends with an ellipsis; a short form the TEI gives (`head type="short"` after a section's
heading, `title type="short"` in the header) is named instead. Before, a long one wrapped onto a
second line, into the text block."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from support import TESTS
from support.pdfbounds import Word, margin, words
from tei_edition.outputs.pdf import write_part

TITLE = ("The Most Intransigent of Bolsheviks: Gavril Miasnikov, the Workers Group and the "
         "Degeneration of the Russian Revolution, Told Again from His Letters and Pamphlets")
AUTHOR = ("Thomas Aloysius Bartholomew Lawson and the Collective for the History of the Russian "
          "Labour Movement in Exile")
# a section's heading with a word in italics (upright in the italic head)
LIFE = ("A life that touched many <emph>revolutionary</emph> threads, from the Urals to Berlin, Paris "
        "and back to Moscow, where in the end he was shot in November 1945")
REFLECTION = ("Reflection on the Workers Group of the Russian Communist Party, Its Manifesto of 1923 "
              "and the Arrests That Followed It in Moscow and the Urals")
FILLER = ("The workers of the factory committees argued that the soviets and the party had to answer "
          "to the class itself rather than to the apparatus of the state, which was growing in power "
          "while the revolution in Europe stalled and the peasants refused grain to the towns. ") * 3
SHORT_TITLE, SHORT_HEAD = "The Most Intransigent", "Reflection on the Workers Group"
SIZES = {"a4": 11, "a5": 9.5, "letter": 11}  # the text's size (pt), as edition.typ's papers set it
SECTIONS = 40  # enough for the contents to fill two pages: a recto head before any section


def plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


def paragraphs(first: int, last: int) -> str:
    return "".join(f'\n        <p n="{n}" xml:id="p{n}">{FILLER}</p>' for n in range(first, last + 1))


def document(short: bool) -> str:
    """schema_cases/valid/full.xml with a long title, author and headings, sections 2 and 3 running
    over pages, and short sections 4… after them; with `short`, the short forms of the title and
    of section 3's heading."""
    text = (TESTS / "schema_cases" / "valid" / "full.xml").read_text(encoding="utf-8")
    short_title = f'\n        <title type="short">{SHORT_TITLE}</title>' if short else ""
    short_head = f'\n        <head type="short">{SHORT_HEAD}</head>' if short else ""
    more = "".join(f'\n      <div type="section" xml:id="s{s}" n="{s}">\n        <head>Part {s}</head>'
                   f'{paragraphs(s + 22, s + 22)}\n      </div>' for s in range(4, SECTIONS + 1))
    for old, new in [
            ('<title type="main">The Most Intransigent of Bolsheviks</title>',
             f'<title type="main">{TITLE}</title>{short_title}'),
            ("<author>Tommy Lawson</author>", f"<author>{AUTHOR}</author>"),
            ("<head>A life that touched many <emph>revolutionary</emph> threads</head>", f"<head>{LIFE}</head>"),
            ("<head>Reflection on the Workers Group</head>", f"<head>{REFLECTION}</head>{short_head}"),
            ('<p n="5" xml:id="p5">', '<p n="15" xml:id="p15">'),
            ('</p>\n      </div>\n      <div type="section" xml:id="s3"',
             f'</p>{paragraphs(5, 14)}\n      </div>\n      <div type="section" xml:id="s3"'),
            ("</p>\n      </div>\n    </body>", f"</p>{paragraphs(16, 25)}\n      </div>{more}\n    </body>")]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module", params=[False, True], ids=["long", "short"])
def master(request, tmp_path_factory) -> tuple[Path, bool]:
    from tei_edition.schema.validate import validate_file

    path = tmp_path_factory.mktemp("heads") / "heads.xml"
    path.write_text(document(request.param), encoding="utf-8")
    assert [p for p in validate_file(path) if p.severity == "error"] == []
    return path, request.param


@pytest.fixture(scope="module", params=["a4", "a5", "letter"])
def printed(request, master: tuple[Path, bool], tmp_path_factory) -> tuple[Path, str, bool]:
    path, short = master
    paper = request.param
    return write_part(path, tmp_path_factory.mktemp("heads") / f"{paper}.pdf", paper=paper), paper, short


def heads(pdf: Path, paper: str) -> list[tuple[float, list[Word]]]:
    """Per page after the title page: its width and the words above the text block (the running
    head, with the page number), left to right."""
    top = margin(paper, "top")
    return [(width, sorted((w for w in on_page if w.y1 < top), key=lambda w: w.x0))
            for width, on_page in words(pdf)[1:]]


def head_words(band: list[Word]) -> list[Word]:
    """The head's words without the page number (at the outer end: the right of a recto)."""
    return band[:-1] if band[0].page % 2 else band[1:]


def label(band: list[Word]) -> str:
    return " ".join(w.text for w in head_words(band))


def cut_from(words: str, full: str) -> bool:
    """`words` is `full` cut after a word (and the punctuation after it) and ended with "…"."""
    kept = words.removesuffix("…")
    return words.endswith("…") and kept != "" and re.match(re.escape(kept) + r"[,;:]?\s", full) is not None


def test_every_running_head_is_one_line_inside_the_text_block(printed: tuple[Path, str, bool]):
    """Before: a long head wrapped onto a second line, below the first and into the text block."""
    pdf, paper, _ = printed
    inside, outside = margin(paper, "inside"), margin(paper, "outside")
    size = SIZES[paper]
    pages = heads(pdf, paper)
    assert len(pages) > 10
    for width, band in pages:
        p = band[0].page
        assert band[-1 if p % 2 else 0].text == str(p), p  # the page number, in the band
        assert max(w.y1 for w in band) - min(w.y1 for w in band) < 0.5, (p, label(band))  # one baseline
        left, right = (inside, width - outside) if p % 2 else (outside, width - inside)
        assert left - 0.5 <= band[0].x0 and band[-1].x1 <= right + 0.5, (p, label(band))
        head = head_words(band)
        if head:  # the measure beside the page number: the text block less 2 em
            assert head[-1].x1 - head[0].x0 <= right - left - 2 * size + 0.5, (p, label(band))


def test_a_long_title_heading_or_author_is_cut_after_a_word(printed: tuple[Path, str, bool]):
    """Each head is a title, heading or author as it is or cut after a word, ending "…", and
    never cut to nothing; a short form, where the TEI gives one, stands for the long one."""
    pdf, paper, short = printed
    recto = {plain(LIFE), REFLECTION, TITLE}
    whole = {f"Part {s}" for s in range(4, SECTIONS + 1)} | {
        "Bibliography", "Key to the signs and emendations", "Glossary", "Events", "Works consulted by the editors",
        "Map of places", "Index", "Colophon"}
    if short:
        recto -= {REFLECTION, TITLE}
        whole |= {SHORT_HEAD, SHORT_TITLE}
    seen = set()
    for _, band in heads(pdf, paper):
        p, words = band[0].page, label(band)
        if p % 2 == 0:  # verso: the author
            assert cut_from(words, AUTHOR), (p, words)
            continue
        assert words in whole or any(cut_from(words, full) for full in recto), (p, words)
        for full in recto | whole:
            if words == full or cut_from(words, full):
                seen.add(full)
    # the book's title before the first section (the contents' second page), each long heading
    assert ({SHORT_TITLE, SHORT_HEAD} if short else {TITLE, REFLECTION}) | {plain(LIFE)} <= seen


def test_a_cut_head_keeps_as_many_words_as_the_line_holds(printed: tuple[Path, str, bool]):
    """Cut after the last word that fits with the ellipsis, not sooner: the head fills its line
    but for less than the next word (none here longer than 13 letters) and a space."""
    pdf, paper, _ = printed
    inside, outside = margin(paper, "inside"), margin(paper, "outside")
    size = SIZES[paper]
    cut = 0
    for width, band in heads(pdf, paper):
        head = head_words(band)
        if head and head[-1].text.endswith("…"):
            cut += 1
            line = width - inside - outside - 2 * size
            assert head[-1].x1 - head[0].x0 > line - 14 * 0.82 * size, (band[0].page, label(band))
    assert cut > 10


def test_a_short_heading_is_for_the_running_heads_only(printed: tuple[Path, str, bool]):
    """The text, the contents and the bookmarks name the section by its heading."""
    pdf, paper, short = printed
    titles = [o["/Title"] for o in pypdf.PdfReader(pdf).outline if not isinstance(o, list)]
    assert REFLECTION in titles and SHORT_HEAD not in titles
    top = margin(paper, "top")
    body = " ".join(w.text for _, on_page in words(pdf)[1:] for w in on_page if w.y1 > top)
    assert body.count(SHORT_HEAD) == 2  # the heading and its entry in the contents (both go on)
