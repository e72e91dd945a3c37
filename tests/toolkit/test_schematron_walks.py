"""The Schematron stylesheet walks less than the ISO skeleton's, and reports exactly the same."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import read_tei
from tei_edition.schema import schematron
from tei_edition.schema.schematron import SVRL, XSL, may_match_attribute
from support import TESTS



def _parses(path: Path) -> bool:
    try:
        read_tei(path)
    except EditionError:  # a duplicate xml:id stops the parser: the rules never see that case
        return False
    return True


CASES = [case for case in sorted((TESTS / "schema_cases").glob("*/*.xml")) if _parses(case)]


@pytest.fixture(scope="module")
def skeleton_rules() -> etree.XSLT:
    return etree.XSLT(schematron.skeleton())


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_same_report_as_the_skeleton(case: Path, skeleton_rules):
    tree = read_tei(case)
    assert etree.tostring(schematron.compiled()(tree)) == etree.tostring(skeleton_rules(tree))


def test_the_cases_break_rules_of_both_kinds_of_walk():
    """The comparison above means something only if the broken cases fail rules in patterns that
    now walk elements only and in patterns that still visit attributes."""
    xslt = schematron.skeleton()
    schematron.walk_elements_only(xslt)
    root = xslt.getroot()
    # the pattern each mode belongs to: the skeleton calls mode Mn right after its active-pattern
    calls = [el for el in root.iter(f"{SVRL}active-pattern", f"{XSL}apply-templates")
             if el.tag == f"{SVRL}active-pattern" or (el.get("select") == "/" and el.get("mode"))]
    mode_of = {calls[i].findtext(f"{XSL}attribute[@name='id']"): calls[i + 1].get("mode")
               for i in range(len(calls) - 1) if calls[i].tag == f"{SVRL}active-pattern"}
    visits_attributes = {mode: any(w.get("select") == "@*|*" for w in root.iterfind(f"{XSL}template[@mode='{mode}']/"
                                                                                     f"{XSL}apply-templates"))
                         for mode in mode_of.values()}
    failed_in = set()
    for case in CASES:
        pattern = None
        for el in schematron.compiled()(read_tei(case)).getroot():
            if el.tag == f"{SVRL}active-pattern":
                pattern = el.get("id")
            elif el.tag == f"{SVRL}failed-assert":
                failed_in.add(visits_attributes[mode_of[pattern]])
    assert failed_in == {True, False}


def _walks(xslt: etree._ElementTree) -> tuple[int, int, int]:
    """(walks in the default mode inside active-pattern, pattern walks of elements only, of attributes too)."""
    default = sum(1 for p in xslt.getroot().iter(f"{SVRL}active-pattern")
                  for w in p.findall(f"{XSL}apply-templates") if w.get("mode") is None)
    selects = [w.get("select") for w in xslt.getroot().iter(f"{XSL}apply-templates")
               if (w.get("mode") or "").startswith("M") and w.get("mode", "")[1:].isdigit()]
    return default, selects.count("*"), selects.count("@*|*")


def test_the_empty_walks_are_gone_and_attributes_visited_only_where_a_rule_can_match_one():
    before = schematron.skeleton()
    after = copy.deepcopy(before)
    schematron.drop_default_walks(after)
    schematron.walk_elements_only(after)
    default_before, elements_before, both_before = _walks(before)
    default_after, elements_after, both_after = _walks(after)
    assert default_before > 0 and default_after == 0
    assert elements_before == 0 and elements_after > 0
    assert 0 < both_after < both_before


def test_a_default_mode_template_of_its_own_keeps_the_default_walks():
    xslt = schematron.skeleton()
    etree.SubElement(xslt.getroot(), f"{XSL}template", match="tei:p")
    before = _walks(xslt)[0]
    schematron.drop_default_walks(xslt)
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
