"""What the HTML and the print edition both say is defined once, in xslt/common/ (readable dates,
unit labels, register titles, the citable units) or in Python (the base URL), and reads the
same in both outputs.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_common_stylesheets_fixtures.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from support.pdfcheck import read_pages
from tei_edition.core import paths


@pytest.fixture(scope="module")
def pdf_text(built_edition: Path) -> str:
    return "\n".join(p.text for p in read_pages(built_edition / "pdf" / f"{paths.BASENAME}.pdf"))


def test_the_edition_date_reads_the_same(built_edition: Path, pdf_text: str):
    footer = html.fromstring((built_edition / "site" / "index.html").read_bytes()).xpath(
        "string(//footer[@class='site-footer']/p[1])")
    date = re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", footer).group(0)
    assert date == "27 November 2026"
    assert f"First digital edition, {date}" in pdf_text


def test_register_titles_read_the_same(built_edition: Path, pdf_text: str):
    nav = html.fromstring((built_edition / "site" / "index.html").read_bytes()).xpath(
        "//nav[@class='site-nav']//a/text()")
    titles = ["Persons", "Places", "Organisations"]
    assert [t for t in nav if t in titles] == titles
    index = pdf_text[re.search(r"^Index\n+Persons$", pdf_text, re.M).start():]
    assert [t for t in re.findall(r"^(Persons|Places|Organisations)$", index, re.M)] == titles


def test_unit_labels_read_the_same(built_edition: Path, pdf_text: str):
    persons = html.fromstring((built_edition / "site" / "persons.html").read_bytes())
    labels = persons.xpath("//article[@id='miasnikov']//a[starts-with(@href, 'index.html#p')]/text()")
    assert labels and all(re.fullmatch(r"¶ \d+", label) for label in labels)
    assert "Cite a paragraph by its number (¶ 1)" in " ".join(pdf_text.split())
