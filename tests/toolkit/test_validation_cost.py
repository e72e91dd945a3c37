"""Validation costs what the input is long, whatever its shape: thousands of unknown siblings on
one line, an error repeated on a line or many distinct ones there, an element with more
attributes than any takes, many problems of the rules on siblings. The work is counted (calls
of the functions that explain an error, element names read, readings of the file), never
timed. (The limit of attributes per element of the parser is in test_input_faults.py.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tei_edition.core import source
from tei_edition.core.xmlio import read_tei
from tei_edition.schema import explain, schematron
from tei_edition.schema.validate import validate_file
from support import FIXTURES

TEI = "http://www.tei-c.org/ns/1.0"


def _siblings(folder: Path, n: int) -> Path:
    """n unknown elements side by side on one line: each is an E0201 of its own."""
    path = folder / f"siblings-{n}.xml"
    path.write_text(f'<TEI xmlns="{TEI}">' + "<x/>" * n + "</TEI>\n", encoding="utf-8")
    return path


def _repeated(folder: Path, n: int) -> Path:
    """The minimal fixture with n paragraphs on one line, each holding an unknown <zz/>: libxml2
    reports the same two errors n times on that line."""
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    at = text.index('<p n="1"')
    path = folder / f"repeated-{n}.xml"
    path.write_text(text[:at] + "<p><zz/></p>" * n + text[at:], encoding="utf-8")
    return path


def _count(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of explain.`name` from now on (calls[0])."""
    calls = [0]
    real: Callable[..., Any] = getattr(explain, name)

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(explain, name, counted)
    return calls


def test_case_match_builds_no_lookup(monkeypatch):
    """The "did you mean" lookup is made once with the model, not on every call (it was a dict
    of every element name, rebuilt for each misplaced child)."""
    model = explain.model()

    class Counted(dict[str, explain.Elem]):
        walks = 0

        def __iter__(self):
            Counted.walks += 1
            return super().__iter__()

    monkeypatch.setattr(model, "elements", Counted(model.elements))
    assert [explain._case_match(n) for n in ("persname", "PLACENAME", "nothing")] == ["persName", "placeName", None]
    assert Counted.walks == 0


@pytest.mark.parametrize("make, which", [(_siblings, "_case_match"), (_repeated, "check_children"),
                                         (_repeated, "check_attributes")])
def test_explaining_grows_linearly(make, which, tmp_path, monkeypatch):
    """Twice the hostile elements, at most twice the calls (was: four times; 1,000 siblings made
    a million calls of _case_match)."""
    calls = _count(monkeypatch, which)
    counts = []
    for n in (100, 200):
        calls[0] = 0
        problems = validate_file(make(tmp_path, n))
        assert len([p for p in problems if p.code == "E0201"]) == n  # each stray element once
        counts.append(calls[0])
    assert counts[1] <= 2 * counts[0] + 5, counts
    assert counts[1] <= 2 * 200 + 5, counts


def _distinct(folder: Path, n: int, what: str) -> Path:
    """The minimal fixture with n paragraphs on one line, each wrong in its own way: an unknown
    child <aK/> or an unknown attribute @bK. libxml2 reports n distinct errors on that line."""
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    at = text.index('<p n="1"')
    one = "<p><a{k}/></p>" if what == "children" else '<p b{k}="1">text</p>'
    path = folder / f"distinct-{what}-{n}.xml"
    path.write_text(text[:at] + "".join(one.format(k=k) for k in range(n)) + text[at:], encoding="utf-8")
    return path


class _CountedNames:
    """lxml.etree for the module explain, counting the element names it asks for (QName)."""

    def __init__(self) -> None:
        self.calls = 0

    def QName(self, *args: Any) -> Any:
        self.calls += 1
        return etree.QName(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(etree, name)


@pytest.mark.parametrize("what", ["children", "attributes"])
def test_distinct_errors_on_one_line_are_linear(what, tmp_path, monkeypatch):
    """n distinct errors on one line: each used to scan every element of the line for the names
    it gives (n² names read: 10,000 errors on a line took minutes); now an index by line and
    name finds them, and each (line, name) is looked at once."""
    explain.model()  # read from the ODD before counting
    counted = _CountedNames()
    monkeypatch.setattr(explain, "etree", counted)
    counts = []
    for n in (100, 200):
        counted.calls = 0
        problems = validate_file(_distinct(tmp_path, n, what))
        assert len([p for p in problems if p.code in ("E0201", "E0203")]) == n
        counts.append(counted.calls)
    assert counts[1] <= 2 * counts[0] + 50, counts  # were 20,800 -> 81,600 (children), 10,808 -> 41,608 (attributes)


class _CountedMarkup:
    """source._MARKUP, counting its readings of the file and the markup they find."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.readings = self.found = 0

    def finditer(self, text: str, at: int) -> Iterator[re.Match[str]]:
        self.readings += 1
        for m in self.pattern.finditer(text, at):
            self.found += 1
            yield m


def test_problems_on_one_line_read_it_once(tmp_path, monkeypatch):
    """The place of each problem: one reading of the file for all of them (was one scan of the
    whole line, and a search of its elements, per problem: 50,000 problems on one line meant
    50,000 scans of it), each element at its own column."""
    path = _siblings(tmp_path, 300)
    counted = _CountedMarkup(source._MARKUP)
    monkeypatch.setattr(source, "_MARKUP", counted)
    cols = sorted(p.col for p in validate_file(path) if p.code == "E0201")
    assert counted.readings == 1 and counted.found == 300 + 2  # <TEI>, the siblings, </TEI>
    first = len(f'<TEI xmlns="{TEI}">') + 1
    assert cols == [first + 4 * i for i in range(300)]


def _tei(attributes: dict[str, str]) -> etree._Element:
    return etree.Element(f"{{{TEI}}}TEI", attributes)


def test_more_attributes_than_any_element_takes_is_one_problem(tmp_path):
    """An element with more attributes than the most any element takes (event: 12) has some it
    may not have: one E0203 says so, without a problem (and a search of the element) for each.
    (The parser refuses more than 256: test_input_faults.py.)"""
    most = explain.model().most_attributes
    assert most == max(len(e.atts) for e in explain.model().elements.values()) == 12
    found = explain.check_attributes(_tei({f"a{i}": "1" for i in range(most + 1)}))
    assert [code for _, code, _ in found] == ["E0203", "E0205"]  # and xml:lang is missing
    assert found[0][2] == (f"<TEI> has {most + 1} attributes, more than any element of this edition "
                           f"takes ({most}); <TEI> takes: @xml:id, @xml:lang.")
    path = tmp_path / "attributes.xml"
    path.write_text(f'<TEI xmlns="{TEI}" xml:lang="en"' + "".join(f' a{i}="1"' for i in range(200)) + "/>\n",
                    encoding="utf-8")
    problems = [p for p in validate_file(path) if p.code == "E0203"]
    assert len(problems) == 1 and "has 201 attributes" in problems[0].message  # was 200 problems


def test_up_to_the_most_attributes_each_is_named():
    """At the bound, the attributes are still read one by one: each wrong one is named."""
    most = explain.model().most_attributes
    el = _tei({"{http://www.w3.org/XML/1998/namespace}lang": "e n", **{f"a{i}": "1" for i in range(most - 1)}})
    found = explain.check_attributes(el)
    assert [code for _, code, _ in found] == ["E0204"] + ["E0203"] * (most - 1)
    assert found[0][2].startswith('xml:lang="e n" on <TEI> is not allowed')
    assert found[1][2] == "@a0 is not allowed on <TEI>; <TEI> takes: @xml:id, @xml:lang."


def _unnumbered(folder: Path, n: int) -> Path:
    """The minimal fixture with n paragraphs without n on one line: n problems of the rules
    (E0213) on n siblings."""
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    at = text.index('<p n="1"')
    path = folder / f"unnumbered-{n}.xml"
    path.write_text(text[:at] + "<p>text</p>" * n + text[at:], encoding="utf-8")
    return path


def test_the_rules_paths_count_no_siblings():
    """The skeleton counts an element's preceding siblings to write its path (n problems on n
    siblings: n² read in C: 4.4 s for 8,000); the stylesheet asks path(.) instead."""
    xslt = schematron.skeleton()
    schematron.paths_in_python(xslt)
    writers = xslt.getroot().iterfind(f"{schematron.XSL}template[@mode='schematron-get-full-path']")
    text = "".join(etree.tostring(t, encoding="unicode") for t in writers)
    assert "preceding-sibling" not in text and "p:path(.)" in text


def test_the_rules_problems_are_located_without_evaluating_paths(tmp_path, monkeypatch):
    """Each problem of the rules is on the element whose path the rules wrote, handed back with
    the report (an XPath per problem read the preceding siblings again: 8,000 took 9.9 s), and
    each parent's children are named once however many problems they hold."""
    names = _CountedNames()
    monkeypatch.setattr(schematron, "etree", names)
    counts = []
    for n in (100, 200):
        names.calls = 0
        tree = read_tei(_unnumbered(tmp_path, n))
        report, located = schematron.report(tree)
        locations = [x.get("location") for x in report.getroot().iter(f"{schematron.SVRL}failed-assert")]
        assert len(locations) == n and all(x in located for x in locations)
        assert len({located[x] for x in locations}) == n  # each on its own <p>
        counts.append(names.calls)
    assert counts[1] <= 2 * counts[0] + 10, counts


def test_the_rules_paths_are_the_skeletons(tmp_path):
    """The paths as the skeleton writes them where elements of other namespaces, of a prefix and
    of none share names among siblings; each path's element handed back."""
    wrong = '<tei:persName xmlns:tei="http://www.tei-c.org/ns/1.0" ref="#none"/>'
    foreign = (f'<a:div xmlns:a="urn:a">{wrong}</a:div><div xmlns="">{wrong}{wrong}</div>'
               f'<div xmlns="urn:b">{wrong}</div><x:div xmlns:x="http://www.tei-c.org/ns/1.0">{wrong}</x:div>'
               f'<div>{wrong}</div>')
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    at = text.index("</text>")
    path = tmp_path / "namespaces.xml"
    path.write_text(text[:at] + foreign + text[at:], encoding="utf-8")
    tree = read_tei(path)
    report, located = schematron.report(tree)
    skeletons = etree.XSLT(schematron.skeleton())(tree).getroot()
    assert sorted(map(etree.tostring, report.getroot())) == sorted(map(etree.tostring, skeletons))
    wrongs = tree.xpath("//tei:persName[@ref='#none']", namespaces={"tei": TEI})
    on = [located[n.get("location")] for n in report.getroot().iter(f"{schematron.SVRL}failed-assert")
          if n.get("location") in located and "persName" in n.get("location")]
    assert len(wrongs) == 6 and set(on) == set(wrongs)


def _counted(expression: str) -> list[str]:
    """The argument of every count(…) in an XPath expression (parentheses balanced)."""
    found = []
    for start in (m.end() for m in re.finditer(r"\bcount\(", expression)):
        depth, at = 1, start
        while depth and at < len(expression):
            depth += {"(": 1, ")": -1}.get(expression[at], 0)
            at += 1
        found.append(expression[start:at - 1])
    return found


def test_no_rule_counts_the_document_before_a_node():
    """A rule that counts along the preceding axis walks the whole document before each node it
    fires on: one wrong note label in the edition at k = 64 made `validate` take 18 s (the label
    of every note counted again). Places are counted in a list of the nodes (set:leading) or
    among siblings."""
    from tei_edition.schema.odd import SCH

    expressions = [value for el in etree.parse(str(SCH)).iter() for name, value in el.attrib.items()
                   if name in ("test", "value", "select", "use", "match")]
    counted = [arg for e in expressions for arg in _counted(e)]
    assert counted and not [arg for arg in counted if "preceding::" in arg or "following::" in arg]


def test_the_sections_rule_looks_places_up():
    """A section's number (E0215, E0216) is looked up in a list of places its pattern writes once
    for the document (a let of the pattern), not counted at every section (8,000 sections took
    1.8 s); the sections before are counted only where a body lies inside another. Its reports
    are checked in test_numbering_rules.py."""
    from tei_edition.schema.odd import SCH

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    pattern = etree.parse(str(SCH)).find(f".//{sch}pattern[@id='sections']")
    written = {let.get("name"): let.get("value") for let in pattern.findall(f"{sch}let")}
    assert written["section-places"].startswith("dyn:map(")
    lets = " ".join(let.get("value") for let in pattern.iterfind(f"{sch}rule/{sch}let"))
    assert "key('places', generate-id(current()))" in lets
    assert _counted(lets) == ["self::node()[$body-in-body]/preceding-sibling::tei:div"]


def test_the_note_labels_rule_looks_places_up():
    """A note's place among the labelled notes of the body (E0265) is looked up in a list of
    places its pattern writes once for the document, of the very notes the rule fires on; it was
    counted at every note (along the preceding axis, then set:leading over a key of them all,
    still a walk of the list up to the note: 8,000 notes took 2 s). Its reports are checked in
    test_numbering_rules.py."""
    from tei_edition.schema.odd import SCH

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    pattern = etree.parse(str(SCH)).find(f".//{sch}pattern[@id='note-labels']")
    context = pattern.find(f"{sch}rule").get("context")
    assert pattern.find(f"{sch}let[@name='note-places']").get("value").startswith(f"dyn:map(//{context}, ")
    place = pattern.find(f".//{sch}let[@name='k']").get("value")
    assert "key('places', generate-id(current()))" in place
    assert not _counted(place) and "set:leading" not in place and "preceding" not in place


def test_the_note_ids_rule_counts_the_notes_once():
    """The number of notes of the body (E0217's K) is counted once for the document (a let of
    the pattern), of the very notes the rule fires on; the rule counted them at every note,
    through a key that held them all under one value and handed the whole list back each time
    (16,000 notes took 6.5 s). No key holds all its nodes under one value. Its reports are checked
    in test_numbering_rules.py."""
    from tei_edition.schema.odd import SCH

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    root = etree.parse(str(SCH)).getroot()
    pattern = root.find(f"{sch}pattern[@id='note-ids']")
    rule = pattern.find(f"{sch}rule")
    assert pattern.find(f"{sch}let[@name='body-notes']").get("value") == f"count(//{rule.get('context')})"
    at_every_note = [v for el in rule.iter() for name, v in el.attrib.items() if name in ("value", "test", "select")]
    assert not [v for v in at_every_note if "count(" in v or "key(" in v]
    uses = [key.get("use", "") for key in root.iterfind(f"{schematron.XSL}key")]
    assert uses and not [use for use in uses if re.fullmatch(r"\s*('[^']*'|\"[^\"]*\")\s*", use)]


def test_the_unique_ids_rule_has_no_predicate_in_its_context():
    """The unique ids' rule (E0210) fires at every element and passes those without an id: with
    the predicate in its context (*[@xml:id]), libxslt counted each element's siblings before
    testing it (kept only from one sibling to the next, while the walk visits the children in
    between): 8,000 sections took 5 s, 16,000 21 s. Its reports are checked in
    test_validate.py."""
    from tei_edition.schema.odd import SCH

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    rules = etree.parse(str(SCH)).getroot().findall(f"{sch}pattern[@id='unique-ids']/{sch}rule")
    assert [rule.get("context") for rule in rules] == ["*"]
    assert rules[0].find(f"{sch}assert").get("test").startswith("not(@xml:id) or ")
