"""A paragraph of the web and EPUB pages holds no block: a quotation of paragraphs run into a
paragraph (or into a note's) keeps that paragraph whole.

An HTML5 parser ends a <p> at a <p>, <div> or <blockquote> inside it, so such a page does not parse
as written; lxml's HTML parser does not follow those rules, hence the structural assertions."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree, html

from support import FIXTURES
from support.html_site import build_html

MINIMAL = FIXTURES / "minimal.xml"
# a quotation of two paragraphs run into a paragraph, and into a paragraph of a note
QUOTED = ' said <quote><p>first QP1</p><p>second QP2</p></quote> and worked in '
NOTE = ('<note type="editorial" resp="#editors" xml:id="n9" n="1"><p>He wrote <quote><p>QP3</p>'
        '<p>QP4</p></quote> twice.</p><p>QN2</p></note>')
BLOCKS = ["p", "div", "blockquote", "ul", "ol", "dl", "aside", "section", "table", "h2"]


def inside(prefix: str = "") -> str:
    """What a <p> cannot hold (it ends at any of them)."""
    return " | ".join(f".//{prefix}{b}" for b in BLOCKS)


def quoted_master(tmp_path: Path) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(" and worked in ") == 1
    text = text.replace(" and worked in ", QUOTED).replace("Perm</placeName>.</p>", "Perm</placeName>." + NOTE + "</p>", 1)
    master = tmp_path / "quoted.xml"
    master.write_text(text, encoding="utf-8")
    return master


def test_a_quotation_of_paragraphs_in_a_paragraph_keeps_the_paragraph_whole(tmp_path: Path):
    site = build_html(quoted_master(tmp_path), tmp_path / "out")
    index = html.fromstring((site / "index.html").read_bytes())
    p1 = index.xpath("//div[@id='p1']/p")
    assert len(p1) == 1
    text = p1[0].text_content()
    assert "said first QP1" in text and "second QP2 and worked in" in text
    assert [s.text_content() for s in p1[0].xpath(".//span[@class='p']")] == ["first QP1", "second QP2"]
    note = index.xpath("//li[@id='n9']")[0]
    assert [p.text_content() for p in note.xpath("p")] == ["He wrote QP3QP4 twice.", "QN2"]
    for p in index.xpath("//p"):
        assert p.xpath(inside()) == [], p.text_content()


def test_a_quotation_of_paragraphs_in_a_paragraph_of_the_epub_stays_inside_it(tmp_path: Path):
    from tei_edition.outputs.epub import write_epub

    epub = write_epub(quoted_master(tmp_path), tmp_path / "quoted.epub")
    with zipfile.ZipFile(epub) as z:
        text = etree.fromstring(z.read("EPUB/index.xhtml"))
    x = {"x": "http://www.w3.org/1999/xhtml"}
    assert [p for p in text.xpath("//x:p", namespaces=x) if p.xpath(inside("x:"), namespaces=x)] == []
    assert "said first QP1" in "".join(text.xpath("string(//x:div[@id='p1'])", namespaces=x))


def test_a_note_of_paragraphs_in_a_bibliography_entry_keeps_the_entry_whole(tmp_path: Path):
    """The entry is a <p class="bibl-text">; the note's paragraphs were <p>s inside it."""
    text = MINIMAL.read_text(encoding="utf-8")
    entry = "<author>Paul Avrich</author></bibl>"
    assert text.count(entry) == 1
    master = tmp_path / "noted.xml"
    master.write_text(text.replace(entry, "<author>Paul Avrich</author><note><p>QB1</p><p>QB2</p></note></bibl>"),
                      encoding="utf-8")
    site = build_html(master, tmp_path / "out")
    page = html.fromstring((site / "bibliography.html").read_bytes())
    entry_p = [p for p in page.xpath("//p[@class='bibl-text']") if "QB1" in p.text_content()]
    assert len(entry_p) == 1 and "QB2" in entry_p[0].text_content()
    for p in page.xpath("//p"):
        assert p.xpath(inside()) == [], p.text_content()
