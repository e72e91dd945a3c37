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

from tei_edition.core.xmlio import read_tei
from tei_edition.schema import source
from tei_edition.schema.output_checks import strip_processing_instructions
from support import FIXTURES

MARK = "⟦"  # where a problem must be reported: removed from the file written
PERM = '<placeName ref="#perm">'


def marked(tmp_path: Path, fixture: Path, *edits: tuple[str, str]) -> tuple[Path, list[tuple[int, int]]]:
    """The fixture with `edits` made, and the line and column of each MARK in it (removed)."""
    text = fixture.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    places = []
    while (at := text.find(MARK)) >= 0:
        text = text[:at] + text[at + 1:]
        places.append((text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)))
    path = tmp_path / fixture.name
    path.write_text(text, encoding="utf-8")
    return path, places


def minimal(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, list[tuple[int, int]]]:
    return marked(tmp_path, FIXTURES / "minimal.xml", *edits)


# --- the pairing of the file with a tree that is no longer quite the file's ------------------

def test_instructions_stripped_from_the_tree_are_passed_by(tmp_path):
    """The tree had one node fewer than the file: nothing was paired, every place was column 1."""
    master, places = minimal(tmp_path, ("<TEI", "<?top x?>\n<TEI"),
                             ("was born on", f"was born <?editor <x?> on {MARK}中"),
                             (PERM, f"<?editor?>{MARK}{PERM}"))
    tree = read_tei(master)
    strip_processing_instructions(tree)
    found = source.Source(str(master), tree.getroot())
    p1 = tree.find(".//{*}p")
    person, perm = p1.find("{*}persName"), p1.find("{*}placeName")
    assert [found.char(person, source.TAIL, person.tail.index("中")), found.tag(perm)] == places


def test_attributes_set_in_memory_keep_the_tag_paired(tmp_path):
    """An attribute set in memory (E0210's test sets ids): the tags and texts are still the file's."""
    master, places = minimal(tmp_path, (PERM, f"{MARK}{PERM}"), ("worked in", f"worked {MARK}中 in"))
    tree = read_tei(master)
    p1 = tree.find(".//{*}p")
    p1.set("rend", "x")
    perm = p1.find("{*}placeName")
    perm.set("ref", "#elsewhere")
    date = p1.find("{*}date")
    found = source.Source(str(master), tree.getroot())
    assert [found.char(date, source.TAIL, date.tail.index("中")), found.tag(perm)] == places
