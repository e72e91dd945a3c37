"""The Chicago citation is made once, by citation/cite.py (citeproc): the HTML pages and the PDF
colophon print the text they are handed and never rebuild it from the header.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_citation_text.py."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lxml import html

from support.pdfcheck import norm, read_pages
from tei_edition.cli import main
from tei_edition.core import paths
from tei_edition.outputs import pdf
from support.citation_text import citations_of, flat


def tei_edition_cite(*args: str) -> str:
    result = CliRunner().invoke(main, ["cite", *args, "--master", str(paths.MASTER)])
    assert result.exit_code == 0, result.output
    return flat(result.output)


def test_html_prints_what_tei_edition_cite_prints(built_edition: Path):
    site = built_edition / "site"
    assert citations_of(site / "about.html") == [tei_edition_cite()]
    index = html.fromstring((site / "index.html").read_bytes())
    for unit in ("p1", "p42", "p94"):
        shown = flat(index.xpath(f"string(//div[@id='{unit}']//p[@class='citation'])"))
        assert shown == tei_edition_cite(unit, "--in-text")


def test_pdf_colophon_prints_what_tei_edition_cite_prints(built_edition: Path):
    colophon = read_pages(built_edition / "pdf" / f"{paths.BASENAME}.pdf")[-1].text
    assert "How to cite" in colophon
    assert norm(tei_edition_cite()) in norm(colophon)


def test_a_part_cites_its_units_as_tei_edition_cite_does(tmp_path: Path):
    part = pdf.write_part(paths.MASTER, tmp_path / "s2.pdf", selection=pdf.Selection("s2"))
    colophon = norm(read_pages(part)[-1].text)
    assert norm(tei_edition_cite("s2")) in colophon
    assert norm(tei_edition_cite("s2", "--in-text")) in colophon
