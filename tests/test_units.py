"""The citable units are defined once (citation/units.py, from the citation scheme) and every
output shows the same list: the TEI, the HTML (ids and margin numbers), the PDF (margin
numbers) and DTS (the default tree and the section tree)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree, html

from support.pdfcheck import margin_numbers, read_pages
from tei_edition.build import BuildContext
from tei_edition.citation.units import UNITS_NS, citable_units, units_document
from tei_edition.core import paths
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import NS, read_tei
from tei_edition.outputs.html import build_site
from tei_edition.outputs.pdf import write_part
from support import FIXTURES

MINIMAL = FIXTURES / "minimal.xml"
DEFAULT_MATCH = "/TEI/text/body/div[@type='section']/*[self::p or self::cit]"


def variant(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "variant.xml"
    path.write_text(text, encoding="utf-8")
    return path


def site_of(master: Path, out: Path) -> html.HtmlElement:
    build_site(BuildContext(master=master, tree=read_tei(master), out=out))
    return html.fromstring((out / "site" / "index.html").read_bytes())


def html_units(index: html.HtmlElement) -> list[tuple[str, str, str]]:
    """(id, margin number, section id) of every unit of the rendered text."""
    return [(div.get("id"), div.xpath("string(a[@class='pn'])").replace("Paragraph ", ""),
             div.xpath("string(ancestor::*[contains(@class, 'section')][1]/@id)"))
            for div in index.xpath("//div[@class='unit']")]


# --- the definition, on fixtures -----------------------------------------------------------

def test_units_of_the_fixture_with_number_and_section():
    units = citable_units(read_tei(MINIMAL), str(MINIMAL))
    assert [(u.anchor, u.n, u.section) for u in units] == [
        ("p1", "1", "s1"), ("p2", "2", "s2"), ("p3", "3", "s2"), ("p4", "4", "s2")]
    assert [etree.QName(u.element).localname for u in units] == ["p", "p", "cit", "p"]


def test_the_leaves_of_a_nested_default_tree_are_the_units(tmp_path: Path):
    master = variant(tmp_path, (
        f'<citeStructure unit="paragraph" match="{DEFAULT_MATCH}" use="@xml:id">',
        """<citeStructure unit="section" match="/TEI/text/body/div[@type='section']" use="@n">
           <citeStructure unit="paragraph" match="*[self::p or self::cit]" use="@n" delim=":"/></citeStructure>
           <citeStructure unit="unused" match="/TEI/teiHeader" use="'x'">"""))
    units = citable_units(read_tei(master), str(master))
    assert [(u.anchor, u.n, u.section) for u in units] == [
        ("p1", "1", "s1"), ("p2", "2", "s2"), ("p3", "3", "s2"), ("p4", "4", "s2")]


def test_no_citation_scheme_is_a_coded_error():
    tree = read_tei(MINIMAL)
    for decl in tree.findall(".//tei:refsDecl", NS):
        decl.getparent().remove(decl)
    with pytest.raises(EditionError) as err:
        citable_units(tree, "minimal.xml")
    assert err.value.problems[0].code == "E0301"


def test_the_document_the_stylesheets_read():
    doc = units_document(citable_units(read_tei(MINIMAL), str(MINIMAL)))
    assert etree.QName(doc).namespace == UNITS_NS
    assert [dict(u.attrib) for u in doc] == [
        {"id": "p1", "n": "1", "section": "s1"}, {"id": "p2", "n": "2", "section": "s2"},
        {"id": "p3", "n": "3", "section": "s2"}, {"id": "p4", "n": "4", "section": "s2"}]


# --- the stylesheets follow the scheme, not a rule of their own -----------------------------

def test_html_and_pdf_take_units_with_any_anchor_from_the_scheme(tmp_path: Path):
    """Anchors that are not p{n}: the HTML used to find units by the regex ^p[0-9]+$."""
    master = variant(tmp_path, *[(f'xml:id="p{n}"', f'xml:id="para-{n}"') for n in range(1, 5)])
    index = site_of(master, tmp_path / "out")
    assert html_units(index) == [("para-1", "1", "s1"), ("para-2", "2", "s2"),
                                 ("para-3", "3", "s2"), ("para-4", "4", "s2")]
    pdf = write_part(master, tmp_path / "variant.pdf")
    assert [n for _, n, _ in margin_numbers(read_pages(pdf))] == [1, 2, 3, 4]


def test_a_block_quotation_the_scheme_leaves_out_is_no_unit_in_the_html(tmp_path: Path):
    master = variant(tmp_path, (f'match="{DEFAULT_MATCH}"', "match=\"/TEI/text/body/div[@type='section']/p\""))
    index = site_of(master, tmp_path / "out")
    assert [u[0] for u in html_units(index)] == ["p1", "p2", "p4"]
    assert index.xpath("//blockquote[not(ancestor::div[@class='unit'])]")  # shown, but not a unit


# --- the edition: one list in every output -------------------------------------------------

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
