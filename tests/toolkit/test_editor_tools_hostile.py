"""The editor tools (quotations, annotate, audit) on well-formed documents of an odd shape: every
failure is one coded line, never an internal error (E0199), and none of them runs without end.

Found by a campaign of odd documents and arguments through the commands other than validate and
build (the fuzz of those two is test_fuzz.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition.cli import main
from support import FIXTURES
from support.input_faults import assert_coded

MINIMAL = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
NO_BODY = {
    "no-text": re.sub(r"<text>.*</text>", "", MINIMAL, flags=re.S),
    "no-body": re.sub(r"<body>.*</body>", "", MINIMAL, flags=re.S),
    "not-tei": "<?xml version='1.0'?><foo/>",
}


@pytest.mark.parametrize("shape", NO_BODY)
def test_quotations_list_of_a_document_without_a_body_is_e0510(shape: str, tmp_path: Path) -> None:
    """--list raised the marking's own error uncaught: an internal error (E0199) where the marking
    of the same document says E0510 at the master."""
    master = tmp_path / "m.xml"
    master.write_text(NO_BODY[shape], encoding="utf-8")
    lines = assert_coded(CliRunner().invoke(main, ["quotations", "--master", str(master), "--list"]))
    assert lines == [f"{master}:1:1: [E0510] the document has no text/body"], lines


@pytest.mark.parametrize("command", ["audit", "annotate"])
def test_a_paragraph_with_thousands_of_names_and_years_is_read_in_linear_time(command: str, tmp_path: Path) -> None:
    """Each mark splits the paragraph's text, and every piece was scanned to the paragraph's end
    for the next date, every mark inserted by walking its parent's children, and every mark of
    the audit compared with every finding: 6,000 names and years took 23 s (116 KB: 96 s).
    Now a fraction of a second; the bound leaves room for a slow machine."""
    import time

    master = tmp_path / "m.xml"
    master.write_text(MINIMAL.replace('<p n="4" xml:id="p4">', '<p n="4" xml:id="p4">'
                                      + "Lenin and Miasnikov in 1921, " * 2000), encoding="utf-8")
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("", encoding="utf-8")
    args = ["audit", str(master)] if command == "audit" else ["annotate", str(master), "--overrides", str(overrides)]
    began = time.monotonic()
    result = CliRunner().invoke(main, args)
    took = time.monotonic() - began
    assert result.exit_code in (0, 1) and "[E0" not in result.output, result.output[-500:]
    assert took < 6, took
    if command == "annotate":
        assert master.read_text(encoding="utf-8").count('<persName ref="#lenin">Lenin</persName> and') == 2000
