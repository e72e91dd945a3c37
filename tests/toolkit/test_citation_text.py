"""The Chicago citation is made once, by citation/cite.py (citeproc): the HTML pages and the PDF
colophon print the text they are handed and never rebuild it from the header.

The tests on the real master are in tests/edition/test_citation_text_master.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html

from tei_edition.core.build_context import BuildContext
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs import html_extras, pdf
from tei_edition.outputs.html import build_site
from support import FIXTURES
from support.citation_text import citations_of

MINIMAL = FIXTURES / "minimal.xml"


def site_of(master: Path, out: Path) -> Path:
    build_site(BuildContext(master=master, tree=read_tei(master), out=out))
    return out / "site"


SENTINEL = {"edition": "An edition cited as handed in, https://example.org/e/.",
            "units": {f"p{n}": f"Unit {n} cited as handed in, https://example.org/e/#p{n}." for n in range(1, 5)}}


def test_html_prints_the_handed_text_and_nothing_of_its_own(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_extras, "page_citations", lambda ctx: (json.dumps(SENTINEL), False))
    site = site_of(MINIMAL, tmp_path)
    assert citations_of(site / "about.html") == [SENTINEL["edition"]]
    assert citations_of(site / "index.html") == [SENTINEL["units"][f"p{n}"] for n in range(1, 5)]
    links = html.fromstring((site / "index.html").read_bytes()).xpath("//p[@class='citation']/a/@href")
    assert links == [f"https://example.org/e/#p{n}" for n in range(1, 5)]


def test_html_without_a_units_citation_fails_rather_than_composing_one(tmp_path: Path, monkeypatch):
    partial = {"edition": SENTINEL["edition"], "units": {"p1": SENTINEL["units"]["p1"]}}
    monkeypatch.setattr(html_extras, "page_citations", lambda ctx: (json.dumps(partial), False))
    with pytest.raises(EditionError) as err:
        site_of(MINIMAL, tmp_path)
    assert err.value.problems[0].code == "E0100" and "cite.xsl" in str(err.value)


def test_pdf_prints_the_handed_text(monkeypatch):
    monkeypatch.setattr(pdf, "citations", lambda *args: ("Entry as handed in.", "Note as handed in."))
    tree = read_tei(MINIMAL)
    from tei_edition.core.xslt import to_xdm

    source = pdf.prepare(tree, to_xdm(tree), str(MINIMAL), selection=pdf.Selection("s2"))
    colophon = source[source.index("#colophon("):]
    assert '[#"Entry as handed in.";]' in colophon and '[#"Note as handed in.";]' in colophon
    assert "Lawson" not in colophon.split("Paragraphs")[0]  # nothing composed from the header


def test_no_base_url_is_a_coded_error_not_a_citation_without_a_link(tmp_path: Path):
    text = MINIMAL.read_text(encoding="utf-8")
    master = tmp_path / "no-url.xml"
    master.write_text(text.replace('<idno type="URI">https://tei-edition.example.org/lawson-2021-most-intransigent/</idno>', ""))
    with pytest.raises(EditionError) as err:
        pdf.write_part(master, tmp_path / "x.pdf")
    assert err.value.problems[0].code == "E0331"
    with pytest.raises(EditionError) as err:
        site_of(master, tmp_path / "out")
    assert err.value.problems[0].code == "E0331"
