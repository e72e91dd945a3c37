"""Links a screen reader names well: a cross-reference the editors write with the sign ¶ is named
"paragraph …", as the paragraph links the pages write themselves (screen readers speak ¶ as
"pilcrow" or not at all: NVDA at its default punctuation level reads "¶ 12" as "12").

The check on the real master's pages is in tests/edition/test_html_master.py."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree, html

from support.html_site import RICH, build_html


def test_a_reference_written_with_the_sign_is_named_paragraph(tmp_path: Path):
    master = tmp_path / "pilcrow.xml"
    text = RICH.read_text(encoding="utf-8")
    assert '<ref target="#p1">paragraph 1</ref>' in text
    master.write_text(text.replace('<ref target="#p1">paragraph 1</ref>',
                                   '<ref target="#p1">¶ 1</ref>, <ref target="#p1">¶¶ 1–2</ref>, <ref target="#p1">the first</ref>'),
                      encoding="utf-8")
    doc = html.fromstring((build_html(master, tmp_path / "out") / "index.html").read_bytes())
    links = [(a.text_content(), a.get("aria-label")) for a in doc.xpath("//a[@class = 'xref'][@href = '#p1']")]
    assert links == [("¶ 1", "paragraph 1"), ("¶¶ 1–2", "paragraphs 1–2"), ("the first", None)]

    from tei_edition.outputs.epub import write_epub

    with zipfile.ZipFile(write_epub(master, tmp_path / "pilcrow.epub")) as z:
        page = etree.fromstring(z.read("EPUB/index.xhtml"))
    assert page.xpath("//*[local-name() = 'a'][. = '¶ 1']/@aria-label") == ["paragraph 1"]


def test_a_timeline_mark_is_named_paragraph_and_keeps_its_tooltip(tmp_path: Path):
    from support import FIXTURES

    doc = etree.fromstring((build_html(FIXTURES / "html" / "chronology.xml", tmp_path) / "chronology.html").read_bytes(),
                           etree.HTMLParser())
    marks = doc.xpath("//a[contains(@class, 'mark')][contains(title, '¶')]")
    assert marks
    for a in marks:
        title = a.findtext("title")
        assert a.get("aria-label") == title.replace("¶ ", "paragraph ")
