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
    """The Schematron stylesheet that walks less (schema/schematron.py) on the whole edition."""
    from lxml import etree

    from tei_edition.core.xmlio import read_tei
    from tei_edition.schema import schematron

    tree = read_tei(paths.MASTER)
    report = etree.tostring(schematron.compiled()(tree))
    assert report == etree.tostring(etree.XSLT(schematron.skeleton())(tree))
    assert b"active-pattern" in report
