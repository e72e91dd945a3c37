"""The citable units are defined once (citation/units.py, from the citation scheme) and every
output shows the same list: the TEI, the HTML (ids and margin numbers), the PDF (margin
numbers) and DTS (the default tree and the section tree).

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_units.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html

from support.pdfcheck import margin_numbers, read_pages
from tei_edition.citation.units import citable_units
from tei_edition.core import paths
from tei_edition.core.xmlio import NS, read_tei
from support.units import html_units


@pytest.fixture(scope="module")
def master_units() -> list[tuple[str, str, str]]:
    return [(u.anchor, u.n, u.section or "") for u in citable_units(read_tei(paths.MASTER), str(paths.MASTER))]


def test_the_tei_convention(master_units):
    """GUIDE: every p and block cit of the body has n = 1…N and xml:id p{n}; sections s{n}."""
    tree = read_tei(paths.MASTER)
    body = tree.xpath("//tei:body//*[self::tei:p or self::tei:cit][not(ancestor::tei:cit or ancestor::tei:note)]",
                      namespaces=NS)
    expected = [(el.get("{http://www.w3.org/XML/1998/namespace}id"), el.get("n"),
                 el.xpath("string(ancestor::tei:div[1]/@xml:id)", namespaces=NS)) for el in body]
    assert master_units == expected
    assert [n for _, n, _ in master_units] == [str(i) for i in range(1, len(master_units) + 1)]


def test_html_shows_the_same_units(built_edition: Path, master_units):
    index = html.fromstring((built_edition / "site" / "index.html").read_bytes())
    assert html_units(index) == master_units


def test_pdf_numbers_the_same_units(built_edition: Path, master_units):
    pdf = built_edition / "pdf" / f"{paths.BASENAME}.pdf"
    assert [str(n) for _, n, _ in margin_numbers(read_pages(pdf))] == [n for _, n, _ in master_units]


def test_dts_cites_the_same_units(built_edition: Path, master_units):
    nav = built_edition / "dts" / "navigation"
    flat = json.loads((nav / f"{paths.BASENAME};down=1.json").read_text())["member"]
    assert [m["identifier"] for m in flat] == [a for a, _, _ in master_units]
    tree = json.loads((nav / f"{paths.BASENAME};tree=section;down=2.json").read_text())["member"]
    assert [(m["identifier"], m["parent"]) for m in tree if m["level"] == 2] == [
        (f"{s}.{a}", s) for a, _, s in master_units]
