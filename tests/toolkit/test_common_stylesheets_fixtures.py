"""What the HTML and the print edition both say is defined once, in xslt/common/ (readable dates,
unit labels, register titles, the citable units) or in Python (the base URL), and reads the
same in both outputs.

The tests on the real master are in tests/edition/test_common_stylesheets.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tei_edition.core import paths

XSLT = paths.XSLT_DIR
OUTPUT_STYLESHEETS = sorted([*XSLT.glob("html/*.xsl"), *XSLT.glob("pdf/*.xsl")])


RULES = [
    ("a month name", r"'(January|February|November|December)'"),
    ("a unit label", r"'¶ |¶ <xsl:value-of"),
    ("a register title", r"'(Persons|Places|Organisations)'"),
    ("an anchor pattern of units", r"\^p\[0-9\]"),
    ("the header's base URL", r"tei:idno\[@type *= *'URI'\]"),
]


def offences(stylesheets: list[Path], pattern: str) -> list[str]:
    return [f"{p.name}:{no}" for p in stylesheets
            for no, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if re.search(pattern, line)]


@pytest.mark.parametrize("what, pattern", RULES, ids=[r[0] for r in RULES])
def test_only_common_defines(what: str, pattern: str):
    assert offences(OUTPUT_STYLESHEETS, pattern) == [], f"{what} defined outside xslt/common/"


def test_the_check_can_fail(tmp_path: Path):
    """Each rule finds what the stylesheets used to hold."""
    old = tmp_path / "old.xsl"
    old.write_text("""<xsl:variable name="f:months" select="('January', 'February')"/>
<a>¶ <xsl:value-of select="@n"/></a>
map{'listPerson': 'Persons'}
<xsl:template match="tei:p[matches(@xml:id, '^p[0-9]+$')]"/>
($base-url[.], normalize-space(//tei:publicationStmt/tei:idno[@type = 'URI'][1]))[1]
""", encoding="utf-8")
    assert [offences([old], pattern) for _, pattern in RULES] == [
        ["old.xsl:1"], ["old.xsl:2"], ["old.xsl:3"], ["old.xsl:4"], ["old.xsl:5"]]
