"""The validator: golden output for one broken instance per rule, exit codes, formats, speed.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_validate.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tei_edition.core import paths


def test_validate_command_on_the_master_exits_0():
    """The master is valid as a whole process sees it (speed is measured by `make bench`)."""
    if not paths.MASTER.exists():
        pytest.fail("the master is missing")
    cmd = [sys.executable, "-m", "tei_edition.cli", "validate", str(paths.MASTER)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("valid: 0 error(s), 0 warning(s)"), proc.stdout


def test_the_rules_report_on_the_master_as_the_skeleton_does():
    """The Schematron stylesheet that walks once (schema/schematron_walks.py) on the whole edition."""
    from lxml import etree

    from tei_edition.core.xmlio import read_tei
    from tei_edition.schema import schematron

    tree = read_tei(paths.MASTER)
    report = schematron.compiled()(tree).getroot()
    skeletons = etree.XSLT(schematron.skeleton())(tree).getroot()
    # the same children, grouped by node where the skeleton grouped them by pattern
    assert sorted(map(etree.tostring, report)) == sorted(map(etree.tostring, skeletons))
    assert report.find(f"{schematron.SVRL}active-pattern") is not None


def test_each_node_is_handed_only_to_the_patterns_whose_rules_can_match_it():
    """On the edition, the templates run in the patterns' modes: every node in every mode before
    (88,685 on the first edition), only the nodes a rule can match by name now (9,390)."""
    from lxml import etree

    from tei_edition.core.xmlio import read_tei
    from tei_edition.schema import schematron, schematron_walks

    tree = read_tei(paths.MASTER)

    def calls(one: bool) -> int:
        xslt = schematron.skeleton()
        schematron_walks.drop_default_walks(xslt)
        schematron_walks.walk_elements_only(xslt)
        if one:
            assert schematron_walks.one_walk(xslt)
        schematron.paths_in_python(xslt)
        run = etree.XSLT(xslt, extensions={(schematron.PATHS, "path"): schematron._path})  # type: ignore[dict-item]
        profile = run(tree, profile_run=True).xslt_profile
        assert profile is not None
        return sum(int(t.get("calls", 0)) for t in profile.getroot()
                   if schematron_walks.PATTERN_MODE.fullmatch(t.get("mode") or ""))

    before, after = calls(False), calls(True)
    assert after * 4 < before, (before, after)
