"""Each problem of the schema and of the rules (and the map's W0120) is at the `<` of the start
tag it is about, line and column: a start tag over several lines is at its first line, where
the `<` is (as E0204, E0251 and W0250 are, `source.Source.tag`). The column was found by
counting `<` and a letter on the element's line (lxml's line of an element is its start tag's
last): a comment, CDATA section or processing instruction holding `<x` on that line, or a start
tag begun on an earlier line, made the count differ and the column 1, or another tag's.

Positions are marked in the fixture with MARK, as in test_output_checks_positions.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_edition.build import build
from tei_edition.core import source
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs import map as places_map
from tei_edition.schema.output_checks import strip_processing_instructions
from tei_edition.schema.validate import validate_file
from support import FIXTURES, positions
from support.positions import MARK, P1

P4 = '<p n="4" xml:id="p4">'
PERSON = '<persName ref="#miasnikov">'
DATE = '<date when="1889-02-25">'
PERM = '<placeName ref="#perm">'
GEO = "<geo>40.71 -74.01</geo>"


def marked(tmp_path: Path, fixture: Path, *edits: tuple[str, str]) -> tuple[Path, list[tuple[int, int]]]:
    """The fixture with `edits` made, and the line and column of each MARK in it (removed)."""
    return positions.marked(tmp_path / fixture.name, fixture.read_text(encoding="utf-8"), *edits)


def found(path: Path, code: str) -> list[tuple[int, int]]:
    return sorted((p.line, p.col) for p in validate_file(path) if p.code == code)


def minimal(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, list[tuple[int, int]]]:
    return marked(tmp_path, FIXTURES / "minimal.xml", *edits)


# --- the schema (E0203 for an attribute no element takes) -------------------------------------

@pytest.mark.parametrize("before", ["<!-- <x -->", "<![CDATA[<x]]>", "<?editor <x?>", "&lt;x"],
                         ids=["comment", "cdata", "instruction", "escaped-text"])
def test_markup_like_text_before_the_element_on_its_line(before, tmp_path):
    """`<x` inside a comment, CDATA or instruction was counted as a tag: the column was 1."""
    master, places = minimal(tmp_path, ("was born on", f"was born {before} on"),
                             (PERM, f'{MARK}<placeName ref="#perm" bogus="1">'))
    assert found(master, "E0203") == places


def test_an_escaped_tag_in_an_attribute_before_the_element(tmp_path):
    """A value holds no raw `<` (the parser refuses it), but `&lt;x`, a raw `>` and a line end."""
    master, places = minimal(tmp_path, (P1, f'{MARK}<p n="1" xml:id="p1" bogus="&lt;x a>b\n">'),
                             (PERM, f'{MARK}<placeName ref="#perm" bogus="1">'))
    assert found(master, "E0203") == places


def test_a_byte_order_mark_is_no_column(tmp_path):
    """Line 1 after a byte-order mark: an editor shows no column for it (it gave 1:40 for 1:39)."""
    text, places = positions.unmark((FIXTURES / "minimal.xml").read_text(encoding="utf-8"),
                                    ('?>\n<TEI xmlns', f'?>{MARK}<TEI bogus="1" xmlns'),
                                    (PERM, f'{MARK}<placeName ref="#perm" bogus="1">'))
    master = tmp_path / "bom.xml"
    master.write_text("\ufeff" + text, encoding="utf-8")
    assert found(master, "E0203") == places


def test_a_start_tag_over_several_lines_is_at_its_first(tmp_path):
    """The line was the tag's last, the column that of the `<x` in the comment after it."""
    master, places = minimal(tmp_path, (P4, f'{MARK}<p\n          n="4" xml:id="p4" bogus="1"><!-- <x --> '))
    assert found(master, "E0203") == places


def test_several_faulty_elements_on_a_line_begun_by_a_tag_over_lines(tmp_path):
    """The paragraph's tag ends on the line of its children's: four elements there, three `<`."""
    master, places = minimal(tmp_path, (P1, f'{MARK}<p n="1"\n          xml:id="p1" bogus="1">'),
                             (PERSON, f'{MARK}<persName ref="#miasnikov" bogus="1">'),
                             (DATE, f'{MARK}<date when="1889-02-25" bogus="1">'),
                             (PERM, f'{MARK}<placeName ref="#perm" bogus="1">'))
    assert found(master, "E0203") == places


def test_several_faulty_elements_after_a_comment_on_their_line(tmp_path):
    master, places = minimal(tmp_path, (P1, f'<!-- <x/> -->{MARK}<p n="1" xml:id="p1" bogus="1">'),
                             (PERSON, f'{MARK}<persName ref="#miasnikov" bogus="1">'),
                             (PERM, f'{MARK}<placeName ref="#perm" bogus="1">'))
    assert found(master, "E0203") == places


# --- the rules (E0212: a rule on @ref) ---------------------------------------------------------

@pytest.mark.parametrize("tag", [f'<!-- <x -->{MARK}<persName ref="#perm">',
                                 f'{MARK}<persName\n          ref="#perm">'], ids=["comment", "tag-over-lines"])
def test_a_rule_on_an_attribute_is_at_its_element(tag, tmp_path):
    master, places = minimal(tmp_path, (PERSON, tag))
    assert found(master, "E0212") == places


# --- the map (W0120), on the tree the build has stripped of its instructions -------------------

@pytest.mark.parametrize("strip", [True, False], ids=["stripped", "as-read"])
@pytest.mark.parametrize("edit", [f"<?editor x?> {MARK}{GEO}", f"<?editor <x?> {MARK}{GEO}",
                                  f"<?editor x?> {MARK}<geo\n>40.71 -74.01</geo>"],
                         ids=["instruction", "instruction-with-tag", "tag-over-lines"])
def test_a_place_beyond_the_map_after_an_instruction(edit, strip, tmp_path):
    """The build strips instructions (W0250) before the map is drawn: the tree no longer has
    the file's, and W0120 must still be at its geo."""
    master, places = marked(tmp_path, FIXTURES / "map" / "places.xml", (GEO, edit))
    tree = read_tei(master)
    if strip:
        strip_processing_instructions(tree)
    assert [(p.line, p.col) for p in places_map.outside_warnings(tree, str(master))] == places


def test_the_build_warns_at_the_geo_after_an_instruction(tmp_path):
    master, places = marked(tmp_path, FIXTURES / "map" / "places.xml", (GEO, f"{MARK}<?editor <x?> {MARK}{GEO}"))
    warnings = build(master, tmp_path / "build").warnings
    assert sorted((p.code, p.line, p.col) for p in warnings) == [("W0120", *places[1]), ("W0250", *places[0])]


# --- the pairing of the file with a tree that is no longer quite the file's ------------------

def test_instructions_stripped_from_the_tree_are_passed_by(tmp_path):
    """The tree had one node fewer than the file: nothing was paired, every place was column 1."""
    master, places = minimal(tmp_path, ("<TEI", "<?top x?>\n<TEI"),
                             ("was born on", f"was born <?editor <x?> on {MARK}中"),
                             (PERM, f"<?editor?>{MARK}{PERM}"))
    tree = read_tei(master)
    strip_processing_instructions(tree)
    located = source.Source(str(master), tree.getroot())
    p1 = tree.find(".//{*}p")
    person, perm = p1.find("{*}persName"), p1.find("{*}placeName")
    assert [located.char(person, source.TAIL, person.tail.index("中")), located.tag(perm)] == places


def test_attributes_set_in_memory_keep_the_tag_paired(tmp_path):
    """An attribute set in memory (E0210's test sets ids): the tags and texts are still the file's."""
    master, places = minimal(tmp_path, (PERM, f"{MARK}{PERM}"), ("worked in", f"worked {MARK}中 in"))
    tree = read_tei(master)
    p1 = tree.find(".//{*}p")
    p1.set("rend", "x")
    perm = p1.find("{*}placeName")
    perm.set("ref", "#elsewhere")
    date = p1.find("{*}date")
    located = source.Source(str(master), tree.getroot())
    assert [located.char(date, source.TAIL, date.tail.index("中")), located.tag(perm)] == places


# --- cost --------------------------------------------------------------------------------------

def test_the_file_is_paired_once_for_every_problem(tmp_path, monkeypatch):
    """The schema's problems and the characters' (E0250) share one reading of the file."""
    pairings = []
    real = source._paired
    monkeypatch.setattr(source, "_paired", lambda *args: pairings.append(1) or real(*args))
    master, _ = minimal(tmp_path, (PERM, '<placeName ref="#perm" bogus="1">'), ("worked in", "worked 中 in"))
    problems = validate_file(master)
    assert {p.code for p in problems} == {"E0203", "E0250"} and pairings == [1]
