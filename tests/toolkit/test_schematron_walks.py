"""The Schematron stylesheet walks the document once for all the patterns, and finds exactly what
the ISO skeleton's finds."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import read_tei, read_xml
from tei_edition.schema import schematron, schematron_walks as walks
from tei_edition.schema.odd import SCH
from tei_edition.schema.schematron_walks import SVRL, XSL, context_ends, may_match_attribute, reads_position
from support import TESTS

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
TEI = "http://www.tei-c.org/ns/1.0"


def _parses(path: Path) -> bool:
    try:
        read_tei(path)
    except EditionError:  # a duplicate xml:id stops the parser: the rules never see that case
        return False
    return True


CASES = [case for case in sorted((TESTS / "schema_cases").glob("*/*.xml")) if _parses(case)]


def _findings(report: etree._XSLTResultTree) -> list[bytes]:
    """The report's children (patterns run, failed assertions, reports), each whole, in one order:
    the one walk groups them by node where the skeleton grouped them by pattern."""
    return sorted(etree.tostring(child) for child in report.getroot())


@pytest.fixture(scope="module")
def skeleton_rules() -> etree.XSLT:
    return etree.XSLT(schematron.skeleton())


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_same_findings_as_the_skeleton(case: Path, skeleton_rules):
    tree = read_tei(case)
    assert _findings(schematron.compiled()(tree)) == _findings(skeleton_rules(tree))


def test_the_cases_break_every_pattern_the_parser_lets_through():
    """The comparison above means something only if the broken cases fail the rules of every
    pattern (on elements and on attributes); unique-ids' faults, a duplicate xml:id, stop the
    parser before the rules run."""
    rules = read_xml(SCH)
    pattern_of = {}
    for pattern in rules.getroot().iter(f"{{{SCH_NS}}}pattern"):
        for check in pattern.iter(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report"):
            pattern_of[check.get("test")] = pattern.get("id")
    broken, on_attributes = set(), set()
    for case in CASES:
        for node in schematron.compiled()(read_tei(case)).getroot().iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
            broken.add(pattern_of[node.get("test")])
            on_attributes.add("/@" in (node.get("location") or ""))
    every = {p.get("id") for p in rules.getroot().iter(f"{{{SCH_NS}}}pattern")}
    assert broken == every - {"unique-ids"} and on_attributes == {True, False}


def _walked(xslt: etree._ElementTree) -> bool:
    walks.drop_default_walks(xslt)
    walks.walk_elements_only(xslt)
    return walks.one_walk(xslt)


def test_one_walk_for_all_the_patterns():
    """The root template starts one walk; each pattern's templates no longer walk on, they are
    handed one node at a time."""
    xslt = schematron.skeleton()
    assert _walked(xslt)
    root = xslt.getroot()
    pattern_calls = [w for w in root.iter(f"{XSL}apply-templates") if walks.PATTERN_MODE.fullmatch(w.get("mode") or "")]
    assert pattern_calls and all(w.get("select") == "." for w in pattern_calls)
    assert all(w.getparent().get("mode") in (walks.ELEMENTS, walks.ATTRIBUTES) for w in pattern_calls)
    starts = [w for w in root.iter(f"{XSL}apply-templates") if w.get("select") == "/"]
    assert [w.get("mode") for w in starts] == [walks.ELEMENTS]


def _rules(*patterns: str, ns: str = '<sch:ns prefix="a" uri="urn:x"/><sch:ns prefix="b" uri="urn:x"/>') -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(
        f'<sch:schema xmlns:sch="{SCH_NS}">{ns}'
        + "".join(f'<sch:pattern id="p{i}">{p}</sch:pattern>' for i, p in enumerate(patterns)) + "</sch:schema>"))


DOC = '<r xmlns="urn:x"><p/><p ok="1" xml:id="x"/><q id="y"/><p ok=""/></r>'
RULES = (
    '<sch:rule context="a:p"><sch:assert test="@ok">one</sch:assert></sch:rule>',
    '<sch:rule context="b:p[@ok]"><sch:assert test="string(@ok)">two</sch:assert></sch:rule>'
    '<sch:rule context="b:p"><sch:report test="true()">two-bis</sch:report></sch:rule>',
    '<sch:rule context="@xml:id"><sch:assert test="string-length(.) &gt; 1">three</sch:assert></sch:rule>',
    '<sch:rule context="*"><sch:report test="self::a:q">four</sch:report></sch:rule>',
    '<sch:rule context="@*"><sch:report test="name() = \'id\'">five</sch:report></sch:rule>',
)


def _texts(report: etree._XSLTResultTree) -> list[str]:
    return sorted(" ".join(n.itertext()).strip() for n in report.getroot().iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"))


def test_rules_on_one_name_written_with_two_prefixes_and_on_any_node_all_fire():
    """a:p and b:p are one name (both prefixes bound to urn:x): both patterns see each p; the
    wildcard patterns see every element and attribute; xml:id by the xml prefix bound in XSLT."""
    rules, tree = _rules(*RULES), etree.ElementTree(etree.fromstring(DOC))
    assert _walked(schematron.skeleton(rules))
    found = _texts(schematron.stylesheet(rules)(tree))
    assert found == _texts(etree.XSLT(schematron.skeleton(rules))(tree))
    assert found == ["five", "four", "one", "three", "two", "two-bis"]


@pytest.mark.parametrize("rule", [
    '<sch:rule context="/"><sch:assert test="a:r">root</sch:assert></sch:rule>',
    '<sch:rule context="id(\'x\')"><sch:report test="true()">by id</sch:report></sch:rule>',
    '<sch:rule context="a:p"><sch:report test="position() = 1">first</sch:report></sch:rule>',
    '<sch:rule context="c:p"><sch:report test="true()">unknown prefix</sch:report></sch:rule>',
])
def test_where_the_one_walk_cannot_be_made_the_patterns_walk_on_their_own(rule: str):
    """A rule on the root or on id()'s nodes, or one that reads its node's position among the
    nodes walked: the stylesheet is left as it was, and finds what the skeleton finds."""
    rules = _rules(RULES[0], rule)
    xslt = schematron.skeleton(rules)
    walks.drop_default_walks(xslt)
    walks.walk_elements_only(xslt)
    before = etree.tostring(xslt)
    assert walks.one_walk(xslt) is False and etree.tostring(xslt) == before
    if "unknown prefix" in rule:
        return  # the skeleton's stylesheet itself does not compile
    tree = etree.ElementTree(etree.fromstring(DOC))
    assert _texts(schematron.stylesheet(rules)(tree)) == _texts(etree.XSLT(schematron.skeleton(rules))(tree))


@pytest.mark.parametrize("pattern, ends", [
    ("tei:persName | tei:placeName", [("element", f"{{{TEI}}}persName"), ("element", f"{{{TEI}}}placeName")]),
    ("@ref[starts-with(., '#')]", [("attribute", "ref")]),
    ("tei:*[not(self::tei:biblScope)]/@when", [("attribute", "when")]),
    ("tei:body//tei:div/tei:p[@n = '1 | 2']", [("element", f"{{{TEI}}}p")]),
    ("child::tei:p | attribute::type", [("element", f"{{{TEI}}}p"), ("attribute", "type")]),
    ("*", [("element", None)]),
    ("tei:*", [("element", None)]),
    ("@*", [("attribute", None)]),
    ("p", [("element", "p")]),
    ("@xml:id", [("attribute", "{http://www.w3.org/XML/1998/namespace}id")]),
    ("/", None), ("id('x')", None), ("key('k', 'v')", None), ("text()", None), ("node()", None),
    ("x:p", None),  # a prefix not bound
    ("tei:p[", None),
])
def test_context_ends(pattern: str, ends):
    assert context_ends(pattern, {"tei": TEI, "xml": "http://www.w3.org/XML/1998/namespace"}) == ends


@pytest.mark.parametrize("test, reads", [
    ("position() = 1", True),
    ("last() > 2", True),
    ("count(../*) = last ()", True),
    ("*[last()]", False),
    ("preceding-sibling::*[position() = 1]", False),
    ("dyn:map(//x, \"position()\")", False),
    ("count(preceding-sibling::*) + 1", False),
    ("not(@n", True),  # unbalanced: in doubt, yes
])
def test_reads_position(test: str, reads: bool):
    template = etree.Element(f"{XSL}template")
    etree.SubElement(template, f"{XSL}if", test=test)
    assert reads_position(template) is reads


def _walks(xslt: etree._ElementTree) -> tuple[int, int, int]:
    """(walks in the default mode inside active-pattern, pattern walks of elements only, of attributes too)."""
    default = sum(1 for p in xslt.getroot().iter(f"{SVRL}active-pattern")
                  for w in p.findall(f"{XSL}apply-templates") if w.get("mode") is None)
    selects = [w.get("select") for w in xslt.getroot().iter(f"{XSL}apply-templates")
               if walks.PATTERN_MODE.fullmatch(w.get("mode") or "")]
    return default, selects.count("*"), selects.count("@*|*")


def test_the_empty_walks_are_gone_and_attributes_visited_only_where_a_rule_can_match_one():
    """The two steps that stand where the one walk cannot be made."""
    before = schematron.skeleton()
    after = copy.deepcopy(before)
    walks.drop_default_walks(after)
    walks.walk_elements_only(after)
    default_before, elements_before, both_before = _walks(before)
    default_after, elements_after, both_after = _walks(after)
    assert default_before > 0 and default_after == 0
    assert elements_before == 0 and elements_after > 0
    assert 0 < both_after < both_before


def test_a_default_mode_template_of_its_own_keeps_the_default_walks():
    xslt = schematron.skeleton()
    etree.SubElement(xslt.getroot(), f"{XSL}template", match="tei:p")
    before = _walks(xslt)[0]
    walks.drop_default_walks(xslt)
    assert _walks(xslt)[0] == before > 0


@pytest.mark.parametrize("pattern, attribute", [
    ("@ref", True),
    ("tei:persName/@ref[starts-with(., '#')]", True),
    ("tei:*[not(self::tei:biblScope)]/@when | tei:*[not(self::tei:biblScope)]/@from", True),
    ("tei:a | tei:b/@c", True),
    ("attribute::type", True),
    ("key('k', 'v')", True),
    ("id('x')", True),
    ("tei:a[", True),  # unbalanced: in doubt, yes
    ("tei:a[@x = ']']/@y", True),
    ("*[@xml:id]", False),
    ("tei:rs[@type = 'event']", False),
    ("tei:body//tei:div/tei:p | tei:body//tei:div/tei:cit", False),
    ("tei:x[contains(., '|/@y')]", False),
    ("tei:event/tei:ptr[@type = 'participant']", False),
    ("text()", False),
    ("processing-instruction('x')", False),
])
def test_may_match_attribute(pattern: str, attribute: bool):
    assert may_match_attribute(pattern) is attribute


@pytest.mark.parametrize("test", ["foo:bar(.)", "unknown-function(.)", "$undefined = 1"])
def test_a_rule_that_cannot_run_is_one_coded_problem_at_the_odd(test: str, tmp_path: Path, monkeypatch, minimal_tei):
    """libxslt looks a function, a namespace prefix or a variable up only when the rule runs: the
    `odd` that wrote such a rule passed, and every `validate` stopped with an internal error."""
    from click.testing import CliRunner

    from support.input_faults import assert_coded
    from tei_edition.cli import main
    from tei_edition.schema.odd import ODD, SCH

    rules = etree.parse(str(SCH))
    assertion = rules.getroot().find(".//{http://purl.oclc.org/dsdl/schematron}assert")
    assert assertion is not None
    assertion.set("test", test)
    broken = tmp_path / "rules.sch"
    broken.write_bytes(etree.tostring(rules))
    monkeypatch.setattr(schematron, "SCH", broken)
    schematron._stylesheet.cache_clear()
    try:
        lines = assert_coded(CliRunner().invoke(main, ["validate", str(minimal_tei)]))
    finally:
        schematron._stylesheet.cache_clear()
    assert len(lines) == 1 and lines[0].startswith(f"{ODD}:1:1: [E0521] a rule of the schema cannot be run"), lines


def test_positions_in_a_rules_context_are_among_siblings_in_the_one_walk_too():
    """A context's predicate counts the node among its siblings (pattern semantics), not among
    the nodes handed to the rule: the one walk is made, and finds what the skeleton finds."""
    rules = _rules('<sch:rule context="a:p[1]"><sch:report test="true()">first</sch:report></sch:rule>',
                   '<sch:rule context="a:p[last()]"><sch:report test="true()">last</sch:report></sch:rule>',
                   '<sch:rule context="a:r/*[2]"><sch:report test="true()">second child</sch:report></sch:rule>')
    tree = etree.ElementTree(etree.fromstring(DOC))
    assert _walked(schematron.skeleton(rules))
    found = _texts(schematron.stylesheet(rules)(tree))
    assert found == _texts(etree.XSLT(schematron.skeleton(rules))(tree)) == ["first", "last", "second child"]


def test_a_rule_on_an_attribute_of_a_namespace_fires_on_it_alone():
    rules = _rules('<sch:rule context="@b:k"><sch:report test="true()">k of urn:x</sch:report></sch:rule>')
    tree = etree.ElementTree(etree.fromstring('<r xmlns="urn:x" xmlns:x="urn:x" xmlns:y="urn:y"><p x:k="1" y:k="2" k="3"/></r>'))
    assert _walked(schematron.skeleton(rules))
    found = _texts(schematron.stylesheet(rules)(tree))
    assert found == _texts(etree.XSLT(schematron.skeleton(rules))(tree)) == ["k of urn:x"]
