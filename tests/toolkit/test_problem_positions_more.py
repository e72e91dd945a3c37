"""The citation scheme's problems (E0301-E0303), the published TEI's (E0320, W0320, E0321) and
the reader's (E0003, E0005) are at the `<` of the start tag they are about, line and column, as
the schema's are (test_problem_positions.py): they were at lxml's line of the element, the last
of a start tag over several lines, column 1.

Positions are marked in the fixture with MARK; a comment holding `<x` before the element on its
line, or its tag over two lines, is what a count of `<` on the line got wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition.build import build
from tei_edition.citation.scheme import read_trees, scheme_problems
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import MAX_ATTRIBUTES, read_tei
from tei_edition.outputs.tei import published_tree
from tei_edition.schema.output_checks import strip_processing_instructions
from tei_edition.schema.validate import validate_file
from support import FIXTURES
from support.positions import MARK, X, at, marked, raised
from support.positions import minimal as _minimal

XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
PARAGRAPHS = "/TEI/text/body/div[@type='section']/*[self::p or self::cit]"
DEFAULT = f'<citeStructure unit="paragraph" match="{PARAGRAPHS}" use="@xml:id">'
NESTED = '<citeStructure unit="paragraph" match="*[self::p or self::cit]" use="@xml:id" delim="."/>'
PERSON = '<persName ref="#miasnikov">'
PERM = '<placeName ref="#perm">'


def minimal(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, list[tuple[int, int]]]:
    return _minimal(tmp_path, *edits, name="minimal.xml")


# --- the citation scheme ------------------------------------------------------------------

OVER_LINES = [f'{MARK}<citeStructure unit="paragraph"\n            match="///" use="@xml:id">',
              f'{X}{MARK}<citeStructure unit="paragraph" match="///" use="@xml:id">',
              f'{X} {MARK}<citeStructure\n match="///" use="@xml:id" unit="paragraph">']


@pytest.mark.parametrize("tag", OVER_LINES, ids=["tag-over-lines", "comment", "both"])
def test_e0302_in_validate(tag, tmp_path):
    """validate reads the scheme through `also`, as the command does (the golden case's E0302)."""
    master, places = minimal(tmp_path, (DEFAULT, tag))
    assert at(validate_file(master, also=scheme_problems), "E0302") == places


def test_e0302_of_a_nested_level(tmp_path):
    master, places = minimal(tmp_path, (NESTED, f'{X}{MARK}<citeStructure unit="paragraph"\n'
                                                '  match="*[self::p or self::cit]" use="@xml:id"/>'))
    assert at(raised(lambda: read_trees(read_tei(master), str(master))), "E0302") == places


def test_e0301_is_at_the_header(tmp_path):
    master, places = minimal(tmp_path, ("<teiHeader>", f"{X}{MARK}<teiHeader\n    >"),
                             ("<encodingDesc>", "<encodingDesc><!--"), ("</encodingDesc>", "--></encodingDesc>"))
    assert at(raised(lambda: read_trees(read_tei(master), str(master))), "E0301") == places


def _units_without_reference(tmp_path: Path) -> tuple[Path, list[tuple[int, int]]]:
    """Every unit at fault (@use empty on each): one over lines, one after a comment, one after
    an instruction (the build strips them before it reads the scheme)."""
    return minimal(tmp_path, (DEFAULT, DEFAULT.replace("@xml:id", "@corresp")),
                   ('<p n="1" xml:id="p1">', f'{MARK}<p n="1"\n          xml:id="p1">'),
                   ('<p n="2" xml:id="p2">', f'<?editor <x?>{MARK}<p n="2" xml:id="p2">'),
                   ('<cit n="3"', f'{MARK}<cit\n n="3"'),
                   ('<p n="4" xml:id="p4">', f'{X} {MARK}<p n="4" xml:id="p4">'))


def test_e0303_in_validate(tmp_path):
    master, places = _units_without_reference(tmp_path)
    assert at(validate_file(master, also=scheme_problems), "E0303") == places


def test_e0303_in_the_build(tmp_path):
    master, places = _units_without_reference(tmp_path)
    assert at(raised(lambda: build(master, tmp_path / "build")), "E0303") == places


def test_e0303_shared_reference_is_at_the_second_unit(tmp_path):
    master, places = minimal(tmp_path, (DEFAULT, DEFAULT.replace("@xml:id", "'x'")),
                             ('<p n="2" xml:id="p2">', f'{MARK}<p n="2"\n xml:id="p2">'),
                             ('<cit n="3"', f'{X}{MARK}<cit n="3"'),
                             ('<p n="4" xml:id="p4">', f'{MARK}<p\n n="4" xml:id="p4">'))
    assert at(raised(lambda: read_trees(read_tei(master), str(master))), "E0303") == places


def test_a_tree_made_in_memory_keeps_its_lines(tmp_path):
    """No file to read: the element's own line, column 1, as before."""
    tag = f'{X}<citeStructure unit="paragraph"\n match="///" use="@xml:id">'
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8").replace(DEFAULT, tag)
    tree = etree.ElementTree(etree.fromstring(text.encode()))
    line = text[:text.index('match="///"')].count("\n") + 1
    assert at(scheme_problems(tree, str(tmp_path / "nowhere.xml")), "E0302") == [(line, 1)]


# --- the published TEI --------------------------------------------------------------------

def published(master: Path, strip: bool = False, warnings: list[Problem] | None = None) -> list[Problem]:
    tree = read_tei(master)
    if strip:  # as the build gives it
        strip_processing_instructions(tree)
    try:
        published_tree(tree, master, warnings)
    except EditionError as exc:
        return exc.problems
    return []


@pytest.mark.parametrize("strip", [False, True], ids=["as-read", "stripped"])
def test_e0320_a_pointer_to_no_id(strip, tmp_path):
    master, places = minimal(tmp_path, (PERSON, f'<?editor <x?>{X}{MARK}<persName\n   ref="#nowhere">'),
                             (PERM, f'{MARK}<placeName ref="#perm" corresp="#nothing">'))
    assert at(published(master, strip), "E0320") == places


def test_w0320_a_relative_link(tmp_path):
    master, places = minimal(tmp_path, (PERM, f'{X}{MARK}<placeName\n ref="places.xml#perm">'))
    warnings: list[Problem] = []
    assert published(master, True, warnings) == [] and at(warnings, "W0320") == places


@pytest.mark.parametrize("include", ['href="https://example.org/r.xml"', 'href="r.xml" xpointer="nowhere"'],
                         ids=["remote", "no-such-id"])
def test_e0321_an_include_it_cannot_resolve(include, tmp_path):
    (tmp_path / "r.xml").write_text('<r xmlns="http://www.tei-c.org/ns/1.0" xml:id="here"/>', encoding="utf-8")
    master, places = minimal(tmp_path, ("</body>", f"{X}{MARK}<xi:include {XI}\n    {include}/></body>"))
    assert at(published(master), "E0321") == places


def test_e0321_an_xinclude_element_left(tmp_path):
    master, places = minimal(tmp_path, ("</body>", f"{X}{MARK}<xi:fallback\n {XI}/></body>"))
    assert at(published(master), "E0321") == places


def test_a_pointer_of_an_included_file_is_in_it(tmp_path):
    """It was the master's, at the included file's line."""
    included, places = marked(tmp_path / "r.xml", '<listPerson xmlns="http://www.tei-c.org/ns/1.0">\n'
                              f'  {X}{MARK}<person xml:id="x"\n    corresp="#nowhere"/>\n</listPerson>\n')
    master, _ = minimal(tmp_path, ("</body>", f'<xi:include {XI} href="r.xml"/></body>'))
    assert [(p.path, p.line, p.col) for p in published(master)] == [(str(included.resolve()), *places[0])]


def test_an_include_of_an_included_file_is_in_it(tmp_path):
    included, places = marked(tmp_path / "r.xml", '<listPerson xmlns="http://www.tei-c.org/ns/1.0">\n'
                              f'  {X}{MARK}<xi:include {XI}\n    href="https://example.org/r.xml"/>\n</listPerson>\n')
    master, _ = minimal(tmp_path, ("</body>", f'<xi:include {XI} href="r.xml"/></body>'))
    assert [(p.path, p.line, p.col) for p in published(master)] == [(str(included.resolve()), *places[0])]


# --- reading the file ---------------------------------------------------------------------

def test_e0003_is_at_the_root(tmp_path):
    path, places = marked(tmp_path / "x.xml", f'<?xml version="1.0"?>\n<?editor <x?>\n{X} {MARK}<tei\n'
                                              f'  xmlns="http://www.tei-c.org/ns/1.0"><p/></tei>\n')
    assert at(raised(lambda: read_tei(path)), "E0003") == places
    assert at(validate_file(path), "E0003") == places


def test_e0005_is_at_the_crowded_element(tmp_path):
    crowded = "".join(f'\n   a{i}="1"' for i in range(MAX_ATTRIBUTES))
    master, places = minimal(tmp_path, (PERSON, f'{X}{MARK}<persName ref="#miasnikov"{crowded}>'))
    assert at(raised(lambda: read_tei(master)), "E0005") == places
