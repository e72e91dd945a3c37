"""The numbering rules, linear in the text, against their definitions.

E0213 at every place a unit can stand: the Schematron rule finds the unit before each unit
through its sibling or the section before, and through the whole preceding axis only where
neither holds one. Whatever the route, the message names the unit that precedes in reading order,
as the rule's definition says.

E0215, E0216: a section's number is its place among the sections of its body; the rule finds it
in a list of the places written once for the document, and counts the sections before it only
where a body lies inside another. The sections reported, and what each message asks for, are
those of the rule's definition (the sections before it, counted), whatever the route.

E0265: each labelled note's label is checked against its place among the labelled notes of the
body, looked up in a list written once for the document; the notes reported are those whose
label is not their position (the notes before it, counted), as the rule's definition says.

E0217: every note of the body has an id whose number (after its first character) is at most the
number of notes of the body, counted once for the document; the notes reported, and the count
each message gives, are those of the rule's definition (all the notes of the body, counted)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.core.xmlio import NS, TEI_NS, XML_NS, read_tei
from tei_edition.schema.validate import validate_file

UNITS = "//tei:body//tei:div/*[self::tei:p or self::tei:cit]"
FOLLOWS = re.compile(r'^<(?:p|cit) n="(\d+)"> follows unit (\d+):')


def _renumber(tree: etree._ElementTree, numbers: list[str]) -> None:
    """New numbers; the ids stay (a repeated id would stop the parser before the rules)."""
    for unit, n in zip(tree.xpath(UNITS, namespaces=NS), numbers):
        unit.set("n", n)


def _expected(tree: etree._ElementTree) -> set[tuple[str, str]]:
    """(n, previous n) of every unit whose number does not follow the unit before it in
    document order, by the rule's definition (the preceding axis, as the rule said first)."""
    wrong = set()
    for unit in tree.xpath(UNITS, namespaces=NS):
        before = unit.xpath("(preceding::tei:p[parent::tei:div][ancestor::tei:body]"
                            " | preceding::tei:cit[parent::tei:div][ancestor::tei:body])[last()]", namespaces=NS)
        if before and int(unit.get("n")) != int(before[0].get("n")) + 1:
            wrong.add((unit.get("n"), before[0].get("n")))
    return wrong


def _follows(tmp_path: Path, tree: etree._ElementTree) -> set[tuple[str, str]]:
    path = tmp_path / "case.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    found = set()
    for problem in validate_file(path):
        m = FOLLOWS.match(problem.message) if problem.code == "E0213" else None
        if m:
            found.add((m.group(1), m.group(2)))
    return found


@pytest.fixture()
def four_units(minimal_tei: Path) -> etree._ElementTree:
    """The minimal fixture: p1 in s1; p2, cit p3, p4 in s2."""
    return read_tei(minimal_tei)


@pytest.mark.parametrize("numbers", [
    ["1", "2", "3", "4"],     # all in order: nothing to report
    ["1", "2", "4", "5"],     # a gap between siblings (p, then cit)
    ["1", "2", "2", "3"],     # a repeat between siblings
    ["1", "3", "4", "5"],     # a gap across a section boundary
    ["1", "9", "3", "4"],     # one wrong number: the unit and the one after it
])
def test_numbering_reports_the_unit_before_in_reading_order(four_units, tmp_path: Path, numbers: list[str]) -> None:
    _renumber(four_units, numbers)
    assert _follows(tmp_path, four_units) == _expected(four_units)
    assert bool(_expected(four_units)) == (numbers != ["1", "2", "3", "4"])


def test_unit_after_a_list_in_its_section(four_units, tmp_path: Path) -> None:
    """A listBibl between two units of a section: the unit after it follows the one before it."""
    p4 = four_units.xpath("//tei:p[@n = '4']", namespaces=NS)[0]
    bibl_list = etree.Element(f"{{{TEI_NS}}}listBibl")
    etree.SubElement(bibl_list, f"{{{TEI_NS}}}bibl").text = "A list in the text."
    p4.addprevious(bibl_list)
    _renumber(four_units, ["1", "2", "3", "7"])
    assert _follows(tmp_path, four_units) == {("7", "3")} == _expected(four_units)


def test_section_opening_after_a_section_ending_in_a_list(four_units, tmp_path: Path) -> None:
    """The section before ends with a listBibl: the unit before is its last unit all the same."""
    s1 = four_units.xpath("//tei:body/tei:div[1]", namespaces=NS)[0]
    etree.SubElement(s1, f"{{{TEI_NS}}}listBibl").append(copy.deepcopy(
        four_units.xpath("//tei:back//tei:bibl", namespaces=NS)[0]))
    s1[-1][0].attrib.pop(f"{{{XML_NS}}}id")
    _renumber(four_units, ["1", "5", "6", "7"])
    assert _follows(tmp_path, four_units) == {("5", "1")} == _expected(four_units)


def test_section_opening_follows_the_last_unit_of_the_section_before(four_units, tmp_path: Path) -> None:
    """A third section whose unit skips a number: it follows p4, the last of section 2's three."""
    s2 = four_units.xpath("//tei:body/tei:div[2]", namespaces=NS)[0]
    s3 = etree.SubElement(s2.getparent(), f"{{{TEI_NS}}}div", type="section", n="3")
    s3.set(f"{{{XML_NS}}}id", "s3")
    etree.SubElement(s3, f"{{{TEI_NS}}}head").text = "A third section"
    etree.SubElement(s3, f"{{{TEI_NS}}}p", n="6").text = "A paragraph."
    s3[-1].set(f"{{{XML_NS}}}id", "p6")
    assert _follows(tmp_path, four_units) == {("6", "4")} == _expected(four_units)


# --- E0265: note labels ---------------------------------------------------------------------

NOTE_AT = re.compile(r'^<note xml:id="(n\d+)"> is note (\d+) in reading order')
LABELLED = "//tei:body//tei:note[@type = 'editorial' or @type = 'commentary']"


def _with_notes(tree: etree._ElementTree, labels: list[str], types: list[str] | None = None) -> None:
    """Notes n2, n3, … after n1 (the fixture's one note, in p2), at the end of the last unit."""
    last = tree.xpath(UNITS, namespaces=NS)[-1]
    for i, label in enumerate(labels):
        kind = types[i] if types else "editorial"
        note = etree.SubElement(last, f"{{{TEI_NS}}}note", type=kind, resp="#editors")
        note.set(f"{{{XML_NS}}}id", f"n{i + 2}")
        if kind in ("editorial", "commentary"):
            note.set("n", label)
        note.text = "An editorial note."


def _labels_wrong(tree: etree._ElementTree) -> set[tuple[str, str]]:
    """(id, position) of every labelled note whose label is not its position in reading order."""
    notes = tree.xpath(LABELLED, namespaces=NS)
    return {(n.get(f"{{{XML_NS}}}id"), str(i)) for i, n in enumerate(notes, start=1) if n.get("n") != str(i)}


def _reported_labels(tmp_path: Path, tree: etree._ElementTree) -> set[tuple[str, str]]:
    path = tmp_path / "notes.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return {m.groups() for p in validate_file(path) if p.code == "E0265" and (m := NOTE_AT.match(p.message))}


@pytest.mark.parametrize("labels", [
    ["2", "3", "4", "5", "6"],   # in order: nothing to report
    ["2", "4", "3", "5", "6"],   # two swapped
    ["2", "3", "9", "5", "6"],   # one wrong: that one only, not the notes after it
    ["3", "4", "5", "6", "7"],   # all shifted by one after the first
])
def test_note_labels_reported_by_position(four_units, tmp_path: Path, labels: list[str]) -> None:
    _with_notes(four_units, labels)
    assert _reported_labels(tmp_path, four_units) == _labels_wrong(four_units)
    assert bool(_labels_wrong(four_units)) == (labels != ["2", "3", "4", "5", "6"])


def test_first_note_labelled_two(four_units, tmp_path: Path) -> None:
    """Labels 2, 3, 4: each follows the one before, but none is its position."""
    four_units.xpath(LABELLED, namespaces=NS)[0].set("n", "2")
    _with_notes(four_units, ["3", "4"])
    assert _reported_labels(tmp_path, four_units) == {("n1", "1"), ("n2", "2"), ("n3", "3")}
    assert _labels_wrong(four_units) == {("n1", "1"), ("n2", "2"), ("n3", "3")}


def test_a_note_of_another_kind_between(four_units, tmp_path: Path) -> None:
    """A description note between two labelled ones: the label after it still counts from 1…K."""
    _with_notes(four_units, ["2", "", "3", "3"], types=["editorial", "description", "commentary", "editorial"])
    assert _reported_labels(tmp_path, four_units) == {("n5", "4")} == _labels_wrong(four_units)


def _note(parent: etree._Element, ident: str, label: str) -> etree._Element:
    note = etree.SubElement(parent, f"{{{TEI_NS}}}note", type="editorial", resp="#editors", n=label)
    note.set(f"{{{XML_NS}}}id", ident)
    note.text = "An editorial note."
    return note


def test_notes_anywhere_in_the_body_in_reading_order(four_units, tmp_path: Path) -> None:
    """Notes inside phrases, quotations and headings, in other sections, one inside another,
    each take their place in reading order; notes of the front, the back and the registers take
    none (labelled 1 here, they would shift every place were they counted)."""
    tree = four_units
    at = {name: tree.xpath(path, namespaces=NS)[0] for name, path in [
        ("p1", "//tei:p[@n = '1']"), ("quote", "//tei:cit/tei:quote"), ("head", "//tei:body/tei:div[2]/tei:head"),
        ("p4", "//tei:p[@n = '4']"), ("text", "//tei:text"), ("back", "//tei:back/tei:div"),
        ("person", "//tei:person")]}
    n2 = _note(etree.SubElement(at["p1"], f"{{{TEI_NS}}}hi"), "n2", "2")
    n3 = _note(at["quote"], "n3", "3")
    n4 = _note(at["head"], "n4", "4")
    n5 = _note(at["p4"], "n5", "5")
    n6 = _note(n5, "n6", "6")  # inside n5: after it in reading order
    front = etree.Element(f"{{{TEI_NS}}}front")
    at["text"].insert(0, front)
    _note(etree.SubElement(etree.SubElement(front, f"{{{TEI_NS}}}div"), f"{{{TEI_NS}}}p"), "n90", "1")
    _note(etree.SubElement(at["back"], f"{{{TEI_NS}}}p"), "n91", "1")
    _note(at["person"], "n92", "1")
    # labels in the order the notes were added: n2 (in p1) comes first, n4 (the head) before n1
    assert _reported_labels(tmp_path, tree) == _labels_wrong(tree) == {("n2", "1"), ("n4", "2"), ("n1", "3"), ("n3", "4")}
    for place, note in enumerate([n2, n4, tree.xpath("//tei:note[@xml:id = 'n1']", namespaces=NS)[0], n3, n5, n6], start=1):
        note.set("n", str(place))
    assert _reported_labels(tmp_path, tree) == _labels_wrong(tree) == set()


# --- E0215, E0216: sections ----------------------------------------------------------------

OPENING = "section 1 is the untitled opening of the essay and has no <head>; remove it (or it is not the opening)."


def _sections(tree: etree._ElementTree, specs: list[tuple[str | None, str | None, bool]]) -> None:
    """The body's sections made anew: (n, xml:id, head?) each, None for an attribute left out;
    each holds one paragraph, the units numbered 1…N in order."""
    body = tree.find("tei:text/tei:body", NS)
    for div in list(body):
        body.remove(div)
    for unit, (n, ident, head) in enumerate(specs, start=1):
        div = etree.SubElement(body, f"{{{TEI_NS}}}div", type="section")
        if n is not None:
            div.set("n", n)
        if ident is not None:
            div.set(f"{{{XML_NS}}}id", ident)
        if head:
            etree.SubElement(div, f"{{{TEI_NS}}}head").text = f"Section {unit}"
        p = etree.SubElement(div, f"{{{TEI_NS}}}p", n=str(unit))
        p.set(f"{{{XML_NS}}}id", f"p{unit}")
        p.text = "A paragraph."


def _section_rules(tmp_path: Path, tree: etree._ElementTree) -> tuple[set[tuple[int, str, str]], set[tuple[int, str, str]]]:
    """(line, code, message) of E0215 and E0216: as reported, and by the definition (a section's
    number is 1 + the sections before it among its body's children)."""
    path = tmp_path / "sections.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    reported = {(p.line, p.code, p.message) for p in validate_file(path) if p.code in ("E0215", "E0216")}
    expected = set()
    for div in read_tei(path).xpath("//tei:body/tei:div", namespaces=NS):
        k = len(div.xpath("preceding-sibling::tei:div", namespaces=NS)) + 1
        n, ident = div.get("n", ""), div.get(f"{{{XML_NS}}}id", "")
        if n != str(k) or ident != f"s{k}":
            expected.add((div.sourceline, "E0215", f'section {k} of the body must have n="{k}" and xml:id="s{k}" '
                                                   f'(it has n="{n}", xml:id="{ident}").'))
        if k == 1 and div.find("tei:head", NS) is not None:
            expected.add((div.sourceline, "E0216", OPENING))
        if k > 1 and div.find("tei:head", NS) is None:
            expected.add((div.sourceline, "E0216", f"section {k} needs a <head> with its title (only the opening section has none)."))
    return reported, expected


def _numbered(count: int) -> list[tuple[str | None, str | None, bool]]:
    return [(str(k), f"s{k}", k > 1) for k in range(1, count + 1)]


@pytest.mark.parametrize("specs", [
    _numbered(5),                                                                      # in order: nothing
    [("2", "s2", False), ("3", "s3", True), ("4", "s4", True)],                        # the first is not 1
    [("1", "s1", False), ("2", "s2", True), ("4", "s4", True), ("5", "s5", True)],     # a gap
    [("1", "s1", False), ("2", "s2", True), ("2", "s3", True), ("3", "s4", True)],     # a repeated n
    [("1", "s1", False), ("2", "s9", True), ("3", "s3", True)],                        # a wrong xml:id
    [("1", "s1", False), ("2", "S2", True), ("3", "s03", True), ("4", "section4", True)],  # ids near s{n}
    [("1", "s1", False), ("2", "s2", True), ("3", "s3", False), ("4", "s4", True)],    # a head missing
    [("1", "s1", True), ("2", "s2", True)],                                            # a head on the opening
    [("1", "s1", True), ("2", "s2", False)],                                           # both, swapped
    [(None, "s1", False), ("2", None, True), (None, None, True)],                      # attributes left out
    _numbered(12)[:5] + [("9", "s6", True)] + _numbered(12)[6:],                       # one wrong: that one only
    [(str(k + 1), f"s{k + 1}", k > 1) for k in range(1, 8)],                           # all shifted by one
])
def test_sections_reported_by_place(four_units, tmp_path: Path, specs) -> None:
    _sections(four_units, specs)
    reported, expected = _section_rules(tmp_path, four_units)
    assert reported == expected
    assert bool(expected) == (specs != _numbered(5))


def test_a_stray_element_between_sections_is_not_a_section(four_units, tmp_path: Path) -> None:
    """An element of the body that is not a div (the RELAX NG schema refuses it; the rules run
    all the same) takes no number: the section after it is still the next."""
    _sections(four_units, _numbered(3))
    body = four_units.find("tei:text/tei:body", NS)
    body.insert(1, etree.Element(f"{{{TEI_NS}}}p"))
    reported, expected = _section_rules(tmp_path, four_units)
    assert reported == expected == set()


def test_a_body_inside_a_section(four_units, tmp_path: Path) -> None:
    """A body inside a section (the schema allows none; the rules run on what it refuses): each
    body's sections are numbered among themselves, the outer ones around the inner ones too."""
    _sections(four_units, _numbered(3))
    s2 = four_units.xpath("//tei:body/tei:div[2]", namespaces=NS)[0]
    inner = etree.SubElement(etree.SubElement(s2, f"{{{TEI_NS}}}floatingText"), f"{{{TEI_NS}}}body")
    for k, (n, ident) in enumerate([("1", "i1"), ("2", "s12")], start=1):
        div = etree.SubElement(inner, f"{{{TEI_NS}}}div", n=n)
        div.set(f"{{{XML_NS}}}id", ident)
        if k > 1:
            etree.SubElement(div, f"{{{TEI_NS}}}head").text = "Inner"
    reported, expected = _section_rules(tmp_path, four_units)
    assert reported == expected
    assert {m for _, _, m in expected} == {'section 1 of the body must have n="1" and xml:id="s1" (it has n="1", xml:id="i1").',
                                           'section 2 of the body must have n="2" and xml:id="s2" (it has n="2", xml:id="s12").'}


# --- E0217: note ids -----------------------------------------------------------------------

XPATH_NUMBER = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")


def _note_id_rules(tmp_path: Path, tree: etree._ElementTree) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """(line, message) of E0217: as reported, and by the definition (K = all the notes of the
    body; a note without an id, or whose id's number after its first character, read as XPath
    reads a number, is not at most K). Each reported at the start tag of its note."""
    path = tmp_path / "note-ids.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = [p for p in validate_file(path) if p.code == "E0217"]
    assert all(lines[p.line - 1][p.col - 1:].startswith("<note") for p in problems)
    reported = {(p.line, p.message) for p in problems}
    notes = read_tei(path).xpath("//tei:body//tei:note", namespaces=NS)
    k = len(notes)
    expected = set()
    for note in notes:
        ident = note.get(f"{{{XML_NS}}}id")
        if ident is None:
            expected.add((note.sourceline, f"a note of the body has no xml:id: give it the lowest number of "
                                           f"n1…n{k} that no other note has (the body has {k} notes)."))
        elif not XPATH_NUMBER.fullmatch(ident[1:]) or float(ident[1:]) > k:
            expected.add((note.sourceline, f'note xml:id="{ident}" leaves a gap: the body has {k} notes, '
                                           f"numbered n1…n{k}; give it the lowest free number."))
    return reported, expected


def _notes_at(tree: etree._ElementTree, where: str, idents: list[str | None], kind: str = "editorial") -> None:
    """Notes of the given ids (None: none) added at the end of the first element `where` selects."""
    parent = tree.xpath(where, namespaces=NS)[0]
    for ident in idents:
        note = etree.SubElement(parent, f"{{{TEI_NS}}}note", type=kind, resp="#editors")
        if ident is not None:
            note.set(f"{{{XML_NS}}}id", ident)
        note.text = "A note."


@pytest.mark.parametrize("idents, wrong", [
    (["n2", "n3"], set()),                      # n1…n3: nothing
    (["n3", "n2"], set()),                      # in any order
    (["n2", "n5"], {"n5"}),                     # a gap: 3 notes, n5
    (["n2", None], {None}),                     # no id
    (["n6", "n3", None, None], {"n6", None}),   # both: K = 5, the notes without an id counted
    (["n2", "nx", "n", "q3", "n03"], {"nx", "n"}),  # no number after the first character; q3 and n03 are 3
])
def test_note_ids_reported_against_the_notes_of_the_body(four_units, tmp_path: Path, idents, wrong) -> None:
    _notes_at(four_units, "//tei:p[@n = '4']", idents)
    reported, expected = _note_id_rules(tmp_path, four_units)
    assert reported == expected
    named = {re.search(r'xml:id="([^"]*)"', m)[1] if m.startswith("note xml:id") else None for _, m in reported}
    assert named == wrong


def test_note_ids_count_every_note_of_the_body_only(four_units, tmp_path: Path) -> None:
    """Notes of any type in headings, quotations, other notes and a body inside a section count
    (once each: n5, in a body inside the body, too); the notes of the front, the back and the
    registers do not (n8, n9 and one without an id: none reported, none counted)."""
    _notes_at(four_units, "//tei:body/tei:div[2]/tei:head", ["n2"])
    _notes_at(four_units, "//tei:cit/tei:quote", ["n3"], kind="commentary")
    _notes_at(four_units, "//tei:note[@xml:id = 'n3']", ["n4"], kind="description")
    etree.SubElement(etree.SubElement(four_units.xpath("//tei:body/tei:div[1]", namespaces=NS)[0],
                                      f"{{{TEI_NS}}}floatingText"), f"{{{TEI_NS}}}body")
    _notes_at(four_units, "//tei:body/tei:div[1]/tei:floatingText/tei:body", ["n5"])
    _notes_at(four_units, "//tei:back/tei:div", ["n9", None])
    _notes_at(four_units, "//tei:person", ["n8"])
    four_units.find("tei:text", NS).insert(0, etree.Element(f"{{{TEI_NS}}}front"))
    _notes_at(four_units, "//tei:front", [None])
    assert _note_id_rules(tmp_path, four_units) == (set(), set())
    _notes_at(four_units, "//tei:p[@n = '4']", ["n7"])  # 6 notes (n5 once): n7 leaves a gap, and says so
    reported, expected = _note_id_rules(tmp_path, four_units)
    assert reported == expected and {m for _, m in reported} == {
        'note xml:id="n7" leaves a gap: the body has 6 notes, numbered n1…n6; give it the lowest free number.'}
