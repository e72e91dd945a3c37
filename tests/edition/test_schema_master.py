"""The customisation: derived from the ODD, documented, and only restricting TEI P5 (tei_all).

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_schema.py."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.core import paths

from tei_edition.schema.validate import validate_file


def test_master_valid_here_is_valid_in_tei_all(tei_all):
    if not paths.MASTER.exists():
        pytest.fail(f"{paths.MASTER} is missing")
    errors = [p for p in validate_file(paths.MASTER) if p.severity == "error"]
    valid_tei = tei_all.validate(etree.parse(str(paths.MASTER)))
    assert valid_tei or errors, f"the schema accepts a master tei_all rejects: {tei_all.error_log}"


def test_master_is_valid():
    errors = [str(p) for p in validate_file(paths.MASTER) if p.severity == "error"]
    assert errors == []


def _embedded_rules() -> etree._Element:
    from setup_cache import TEI_ALL  # tools/, on the tests' path

    if not TEI_ALL.is_file():
        pytest.fail(f"{TEI_ALL} is missing: run `make` (or .venv/bin/python tools/setup_cache.py)")
    return etree.parse(str(TEI_ALL)).getroot()


def test_the_published_tei_keeps_the_rules_tei_all_embeds(built_edition):
    """Other archives validate with tei_all whole: its RELAX NG and the Schematron rules it
    embeds (a gloss list is label/item pairs: the glossary, items of term and gloss, is a list
    of type "glossary"). Every rule XPath 1.0 can read (78 of 85) holds on the published TEI."""
    from support.tei_all_rules import run

    published = etree.parse(str(built_edition / "tei" / f"{paths.BASENAME}.xml"))
    outcome = run(_embedded_rules(), published)
    assert outcome.problems == [] and outcome.read > 10 * outcome.unread, outcome


def test_the_rules_tei_all_embeds_find_a_gloss_list_without_labels(built_edition):
    """The check above can fail: the glossary typed as TEI's gloss list breaks one rule."""
    from support.tei_all_rules import run

    published = etree.parse(str(built_edition / "tei" / f"{paths.BASENAME}.xml"))
    glossary = published.find(".//{http://www.tei-c.org/ns/1.0}list[@type='glossary']")
    assert glossary is not None
    glossary.set("type", "gloss")
    problems = run(_embedded_rules(), published).problems
    assert len(problems) == 1 and "gloss-list-must-have-labels" in problems[0], problems
