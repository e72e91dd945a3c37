"""The citable units are defined once (citation/units.py, from the citation scheme) and every
output shows the same list: the TEI, the HTML (ids and margin numbers), the PDF (margin
numbers) and DTS (the default tree and the section tree).

The tests on the real master are in tests/edition/test_units_master.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from support.pdfcheck import margin_numbers, read_pages
from tei_edition.core.build_context import BuildContext
from tei_edition.citation.units import UNITS_NS, citable_units, units_document
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import NS, read_tei
from tei_edition.outputs.html import build_site
from tei_edition.outputs.pdf import write_part
from support import FIXTURES
from support.units import html_units

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



@pytest.mark.parametrize("use, message", [
    ("@corresp", "a paragraph has no reference: @use “@corresp” is empty on it"),
    ("'x'", "reference “x” is given to two units (also line {first})"),
], ids=["empty", "shared"])
def test_a_unit_without_its_own_reference_is_e0303(tmp_path: Path, use: str, message: str):
    master = variant(tmp_path, (f'<citeStructure unit="paragraph" match="{DEFAULT_MATCH}" use="@xml:id">',
                                f'<citeStructure unit="paragraph" match="{DEFAULT_MATCH}" use="{use}">'))
    tree = read_tei(master)
    lines = [u.sourceline for u in tree.xpath("//tei:body/tei:div/*[self::tei:p or self::tei:cit]", namespaces=NS)]
    text = master.read_text(encoding="utf-8").splitlines()
    with pytest.raises(EditionError) as err:
        citable_units(tree, str(master))
    # one problem per unit at fault, at its tag (each begins its line): every unit (empty), every
    # unit after the first (shared)
    at_fault = lines if use == "@corresp" else lines[1:]
    assert [(p.code, p.line, p.col, p.message) for p in err.value.problems] == [
        ("E0303", line, text[line - 1].index("<") + 1, message.format(first=lines[0])) for line in at_fault]
