"""Each problem of the output checks is at its own character: E0250, E0252 and E0253 at the
faulty character (a character reference at its `&`), E0204 and E0251 at their element's start
tag, W0250 at its instruction's `<?`. They were found by searching the file for the character (or
the tag) from the element's line, so the same character earlier on that line (in an attribute, a
comment, a processing instruction, an earlier text) took the report.

Columns are 1-based and count characters (code points) from the line's start, as every problem
of the toolkit does: a tab is one, 𝔄 (outside the BMP) one, and a CRLF line end belongs to the
line it ends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tei_edition.core import source
from tei_edition.core.xmlio import read_tei
from tei_edition.schema import output_checks
from support import FIXTURES
from support.positions import MARK, P1, unmark

TEXT = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
CJK, C1, DEL = "中", "\u0085", "\u007f"
RLI, PDI, RLO = "\u2067", "\u2069", "\u202e"
PERM = '<placeName ref="#perm">Perm</placeName>'
PTR = '<ptr target="https://en.wikipedia.org/wiki/Gavril_Myasnikov"/>'


def marked(tmp_path: Path, *edits: tuple[str, str], newline: str = "\n") -> tuple[Path, list[tuple[int, int]]]:
    """The fixture with `edits` made, written with `newline`, and the line and column of each
    MARK in it (the marks removed)."""
    text, places = unmark(TEXT, *edits)
    path = tmp_path / "m.xml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path, places


def found(path: Path, *codes: str) -> list[tuple[int, int]]:
    """Line and column of every problem of `codes`, in the file's order."""
    return [(line, col) for line, col, _ in problems(path, *codes)]


def problems(path: Path, *codes: str) -> list[tuple[int, int, str]]:
    found = output_checks.output_problems(read_tei(path), str(path))
    return sorted((p.line, p.col, p.message) for p in found if p.code in codes)


# --- E0250 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("edits", [
    [(P1, f'<p n="1" xml:id="p1" rend="{CJK}">'), ("worked in", f"worked {MARK}{CJK} in")],
    [("worked in", f"worked <!-- {CJK} --> {MARK}{CJK} in")],
    [("worked in", f"worked <?editor {CJK}?> {MARK}{CJK} in")],
    [("Gavril Miasnikov</persName> was", f"{MARK}{CJK} {CJK}</persName> was"),
     ("worked in", f"worked {MARK}{CJK} in")],
    [(f"worked in {PERM}", f"worked {MARK}{CJK} in {CJK} <placeName ref=\"#perm\">{MARK}{CJK}Perm</placeName>")],
    [(P1, f'<p n="1" xml:id="p1" rend="{CJK}">'), ("worked in", f"worked\n          {MARK}{CJK} in")],
    [("worked in", f"worked {MARK}&#x4E2D; in")],
], ids=["attribute", "comment", "instruction", "sibling-text", "parent-text", "next-line", "reference"])
def test_a_character_the_fonts_lack_is_at_its_own_column(edits, tmp_path):
    master, places = marked(tmp_path, *edits)
    assert found(master, "E0250") == places


def test_a_tail_and_the_text_before_it_are_each_at_their_column(tmp_path):
    """The tail of <placeName> was looked for before the text of the <name> inside it."""
    master, places = marked(tmp_path, (PERM, f'<placeName ref="#perm">Perm <name>{MARK}{CJK}</name></placeName>'
                                              f'{MARK}{CJK}'))
    assert [(line, col, "<name>" in m) for line, col, m in problems(master, "E0250")] == \
        [(*places[0], True), (*places[1], False)]


def test_a_printed_attribute_of_a_tag_over_several_lines(tmp_path):
    """An element's line is its start tag's last: the value on the tag's first line was not found."""
    new = f'<ptr target="https://en.wikipedia.org/wiki/{MARK}{CJK}"\n          rend="x"/>'
    master, places = marked(tmp_path, (PTR, new))
    assert found(master, "E0250") == places


def test_a_combining_mark_is_at_its_letter(tmp_path):
    cluster = "\u00b8\u1dcd"
    master, places = marked(tmp_path, (P1, f'<p n="1" xml:id="p1" rend="{cluster}">'),
                            ("worked in", f"worked {MARK}{cluster} in"))
    assert found(master, "E0250") == places


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_columns_count_characters(newline, tmp_path):
    """A tab and a character outside the BMP are one column each; CR is not counted."""
    master, places = marked(tmp_path, ("worked in", f"worked\n\t𝔄 {MARK}{CJK} in"), newline=newline)
    assert found(master, "E0250") == places


# --- E0252 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("edits", [
    [(f"worked in {PERM}", f"worked {MARK}{C1} in {C1} <placeName ref=\"#perm\">{MARK}{C1}Perm</placeName>")],
    [("worked in", f"worked <!-- {MARK}{C1} --> {MARK}{C1} in")],
    [("worked in", f"worked <?editor {C1}?> {MARK}{C1} in")],
    [("worked in", f"worked {MARK}&#x85; in")],
    [(PERM, f'<placeName ref="#perm" tail="a">Perm</placeName>{MARK}{C1}')],
], ids=["parent-text", "comment", "instruction", "reference", "attribute-named-tail"])
def test_a_control_character_is_at_its_own_column(edits, tmp_path):
    master, places = marked(tmp_path, *edits)
    assert found(master, "E0252") == places


# the published TEI keeps a comment of the header, of standOff and of the text, and one before the
# root: each is checked; a comment after the root it drops, and it is not
@pytest.mark.parametrize("edits", [
    [("<teiHeader>", f"<teiHeader><!-- {MARK}{DEL} -->")],
    [("<listPerson>", f"<listPerson>\n      <!-- a {MARK}{C1}\n      -->")],
    [("<text>", f"<text><!-- first line\n  second {MARK}\u0080 line\n -->")],
    [("<TEI ", f"<!--\n  {MARK}{C1} -->\n<TEI "), ("</TEI>", f"</TEI>\n<!-- {C1} -->")],
], ids=["header", "standoff", "text-second-line", "before-and-after-the-root"])
def test_a_control_character_in_a_comment_is_at_its_own_column(edits, tmp_path):
    master, places = marked(tmp_path, *edits)
    assert found(master, "E0252") == places


def test_a_comment_of_look_alikes_is_not_markup(tmp_path):
    """`<`, `&` and a reference spelt out in a comment are its text: the character is counted in
    the comment (no reference there is one character), and the text after it is not moved."""
    look_alikes = f"<!-- <p n='9'> &amp; &#x85; {MARK}{C1} &lt; {C1}{C1} <x -->"
    master, places = marked(tmp_path, ("worked in", f"worked {look_alikes} {MARK}{C1} in"))
    assert found(master, "E0252") == places
    in_comment = problems(master, "E0252")[0][2]
    assert in_comment.startswith(f"C1 control character U+0085 in a comment; 2 more there: it is not text ")


def test_one_problem_for_each_comment(tmp_path):
    master, places = marked(tmp_path, ("<text>", f"<text><!-- {MARK}{DEL}{DEL} --><!--{MARK}{C1}-->"))
    assert [(line, col, m.split(":")[0]) for line, col, m in problems(master, "E0252")] == [
        (*places[0], "control character DEL U+007F in a comment; 1 more there"),
        (*places[1], "C1 control character U+0085 in a comment")]


def test_a_control_character_in_a_tail_is_at_its_column(tmp_path):
    master, places = marked(tmp_path, (PERM, f'<placeName ref="#perm">Perm <name>{MARK}{C1}</name></placeName>'
                                              f'{MARK}{C1}'))
    assert [(line, col, "<name>" in m) for line, col, m in problems(master, "E0252")] == \
        [(*places[0], True), (*places[1], False)]


# --- E0253 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("elsewhere", ["<!-- &#x2067; -->", "<![CDATA[&#x2067;]]>"], ids=["comment", "cdata"])
def test_a_bidirectional_character_is_at_its_column_when_a_reference_is_written_out(elsewhere, tmp_path):
    """`&#x2067;` in a comment or a CDATA section is text, no character: the characters of the file
    and of the document no longer counted alike, and the search for the character from the
    element's line found the balanced isolate of the attribute before it."""
    master, places = marked(tmp_path, ("<head>A life", f"<head>{elsewhere}A life"),
                            ('corresp="#p2">An editorial note.',
                             f'corresp="#p2" rend="{RLI}x{PDI}">An {MARK}{RLI}editorial note.'))
    assert found(master, "E0253") == places


def test_an_override_in_a_comment_of_several_lines(tmp_path):
    """A comment's line is its last; the character is on its first."""
    master, places = marked(tmp_path, ("<head>A life", f"<head><!-- &#x2067; -->A life"),
                            ("<text>", f"<text><!-- {MARK}{RLO}\n -->"))
    assert found(master, "E0253") == places


# --- start tags: E0204, E0251, W0250 -----------------------------------------------------------

def test_a_link_is_at_its_own_element(tmp_path):
    master, places = marked(tmp_path, (PTR, f'{PTR} {MARK}<ptr target="https://x.org:0/"/>'))
    assert found(master, "E0204") == places


def test_the_base_url_is_at_its_idno(tmp_path):
    master, places = marked(tmp_path, ('<idno type="URI">https://tei-edition.example.org/lawson-2021-most-intransigent/',
                                       f'<!-- <idno --> {MARK}<idno type="URI">javascript:x'))
    assert found(master, "E0251") == places


def test_an_instruction_is_at_its_own_place(tmp_path):
    master, places = marked(tmp_path, ("worked in", f"worked <!-- <?editor --> {MARK}<?editor x?> in"))
    assert found(master, "W0250") == places


# --- cost -----------------------------------------------------------------------------------

class _Counted:
    """A pattern of `source` that counts the pieces of the file it reads."""
    reads = 0

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        for m in self.pattern.finditer(text, start, end):
            _Counted.reads += 1
            yield m


def test_locating_costs_what_the_file_is_long(tmp_path, monkeypatch):
    """n faulty paragraphs on one line: the file is paired with the tree once for all of them,
    and each character is looked for in its own text only."""
    monkeypatch.setattr(source, "_UNIT", _Counted(source._UNIT))
    monkeypatch.setattr(source, "_RAW_UNIT", _Counted(source._RAW_UNIT))
    pairings = []
    real = source._paired
    monkeypatch.setattr(source, "_paired", lambda *args: pairings.append(1) or real(*args))
    counts = []
    for n in (100, 200):
        master, _ = marked(tmp_path, ("<p n=\"2\"", f"{'<p>&amp; a&#x4E2D;</p>' * n}<p n=\"2\""))
        _Counted.reads, pairings[:] = 0, []
        assert len(found(master, "E0250")) == n and pairings == [1]
        counts.append(_Counted.reads)
    assert counts[1] <= 2 * counts[0] + 10, counts


def test_only_the_attributes_of_an_element_located_in_are_read(tmp_path, monkeypatch):
    """Reading every start tag's attributes was half of the pairing's time, most of them never
    asked for: only the element whose attribute holds the character has its three read."""
    monkeypatch.setattr(source, "_ATTRIBUTE", _Counted(source._ATTRIBUTE))
    master, places = marked(tmp_path, (P1, f'<p n="1" xml:id="p1" rend="{MARK}{C1}">'))
    _Counted.reads = 0
    assert found(master, "E0252") == places and _Counted.reads == 3
