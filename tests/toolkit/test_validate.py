"""The validator: golden output for one broken instance per rule, exit codes, formats, speed.

The tests on the real master are in tests/edition/test_validate_master.py."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.cli import main
from tei_edition.core.codes import CODES
from tei_edition.schema.validate import validate_file, validate_tree
from tei_edition.core.xmlio import XML_NS, read_tei
from support import TESTS

CASES = TESTS / "schema_cases"
INVALID = sorted((CASES / "invalid").glob("*.xml"))
VALID = sorted((CASES / "valid").glob("*.xml"))
# E0240-E0242 are problems of the ODD itself (tei-edition odd), broken on purpose in test_odd_modes.py
SCHEMA_CODES = {c for c in CODES if re.fullmatch(r"[EW]02\d\d", c)} - {"E0240", "E0241", "E0242"}
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): \[(?P<code>[EW]\d{4})\] (?P<msg>.+)$")


def _run(runner, folder: Path, *args: str):
    old = os.getcwd()
    os.chdir(folder)  # paths in the output are as given: relative, like the golden files
    try:
        return runner.invoke(main, ["validate", *args])
    finally:
        os.chdir(old)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_golden_output(case: Path, runner):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    result = _run(runner, case.parent, case.name)
    assert result.output == expected
    warnings_only = all(m.group("code").startswith("W") for m in map(LINE.match, expected.splitlines()[:-1]))
    assert result.exit_code == (0 if warnings_only else 1)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_each_case_breaks_only_its_rule(case: Path):
    lines = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    codes = {LINE.match(line).group("code") for line in lines[:-1]}
    assert codes == {case.stem[:5]}


def test_every_schema_code_has_a_failing_case():
    covered = {p.stem[:5] for p in INVALID}
    assert SCHEMA_CODES - covered == set()
    assert len(SCHEMA_CODES) >= 28


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_valid_cases(case: Path, runner):
    result = _run(runner, case.parent, case.name)
    assert result.exit_code == 0
    assert result.output == "1 file(s) valid: 0 error(s), 0 warning(s)\n"


def test_errors_before_warnings_then_summary(runner, tmp_path):
    text = (CASES / "invalid" / "W0201-entry-never-referenced.xml").read_text(encoding="utf-8")
    bad = tmp_path / "both.xml"
    bad.write_text(text.replace('<date when="1945">', '<date when="1745">'), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    lines = result.output.splitlines()
    assert [LINE.match(x).group("code") for x in lines[:-1]] == ["E0219", "W0201"]
    assert lines[-1] == "1 file(s) invalid: 1 error(s), 1 warning(s)"
    assert result.exit_code == 1


def test_json_format(runner):
    result = _run(runner, CASES / "invalid", "--format", "json", "E0212-persname-to-place.xml")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data == [{"path": "E0212-persname-to-place.xml", "line": 102, "col": 79, "code": "E0212",
                     "message": data[0]["message"], "severity": "error"}]
    assert "must point to a <person>" in data[0]["message"]


def test_several_files_and_unreadable_file(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(CASES / "valid" / "full.xml"), str(tmp_path / "nope.xml")])
    assert result.exit_code == 2
    assert "[E0001]" in result.output and "2 file(s) invalid" in result.output


def test_hostile_input_is_refused_quickly(runner, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&b;</TEI>')
    result = runner.invoke(main, ["validate", str(bomb)])
    assert result.exit_code == 1 and "[E0004]" in result.output


def test_unique_id_rule_on_a_tree_built_in_memory():
    # The parser refuses duplicate xml:ids (reported as E0210 too); trees built by code are
    # checked by the Schematron rule.
    tree = read_tei(CASES / "valid" / "full.xml")
    kronstadt = tree.find(".//{*}place[@{http://www.w3.org/XML/1998/namespace}id='kronstadt']")
    kronstadt.set(f"{{{XML_NS}}}id", "perm")
    codes = [p.code for p in validate_tree(tree, "memory.xml")]
    assert "E0210" in codes



def test_unique_id_rule_reports_every_later_holder_at_its_element(minimal_tei):
    """E0210 of the rules: each element whose id an earlier element (in document order) holds is
    reported at its own start tag, naming the first holder's element, whichever of the two had
    its id changed; the first holder is not reported. Two on one line each have their column."""
    tree = read_tei(minimal_tei)
    lines = minimal_tei.read_text(encoding="utf-8").splitlines()
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    for path, ident in [("//tei:p[@n = '2']", "p1"),  # a later p, the first's id
                        ("//tei:orgName[@ref]", "perm"), ("//tei:sic", "perm"),  # three holders, two on one line
                        ("//tei:person[2]", "s2"),  # an earlier person takes a later section's id
                        ("/tei:TEI", "avrich-bolshevik-opposition")]:  # the root, the first of all
        tree.xpath(path, namespaces=ns)[0].set(f"{{{XML_NS}}}id", ident)

    def at(line: int, tag: str) -> tuple[int, int]:
        return line, lines[line - 1].index(f"<{tag}") + 1

    found = {(p.line, p.col, p.message) for p in validate_tree(tree, str(minimal_tei)) if p.code == "E0210"}
    assert found == {
        (*at(90, "p "), 'xml:id="p1" is already used by an earlier <p>; give this <p> an id of its own.'),
        (*at(90, "orgName"), 'xml:id="perm" is already used by an earlier <place>; give this <orgName> an id of its own.'),
        (*at(90, "sic"), 'xml:id="perm" is already used by an earlier <place>; give this <sic> an id of its own.'),
        (*at(88, "div"), 'xml:id="s2" is already used by an earlier <person>; give this <div> an id of its own.'),
        (*at(102, "bibl"), 'xml:id="avrich-bolshevik-opposition" is already used by an earlier <TEI>; '
                           'give this <bibl> an id of its own.'),
    }

def test_problems_point_at_the_offending_element():
    problems = validate_file(CASES / "invalid" / "E0201-misspelt-element.xml")
    line = (CASES / "invalid" / "E0201-misspelt-element.xml").read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    assert line[problems[0].col - 1:].startswith("<persname")


def test_messages_never_leak_libxml2_wording():
    for case in INVALID:
        for line in case.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
            assert "failed to validate" not in line and "extra content" not in line and "Expecting" not in line


def test_schema_element_count_is_what_the_edition_needs():
    rng = etree.parse(str(paths.SCHEMA_DIR / "tei-edition.rng"))
    names = {e.get("name") for e in rng.iter("{http://relaxng.org/ns/structure/1.0}element")}
    assert {"p", "persName", "standOff", "citeStructure"} <= names
    assert not {"seg", "w", "lb", "pb", "div1", "persname"} & names  # rs: mentions of events (issue #10)
