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
