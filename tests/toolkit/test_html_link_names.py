"""What a screen reader hears of paragraph numbers: a cross-reference the editors write with the sign ¶ is named
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


def spoken(e) -> str:
    """The text of `e` a screen reader speaks: without what aria-hidden hides."""
    return " ".join("".join(e.xpath(".//text()[not(ancestor::*[@aria-hidden = 'true'])]")).split())


def shown(e) -> str:
    """The text of `e` on screen: without what .visually-hidden hides."""
    return " ".join("".join(e.xpath(".//text()[not(ancestor::*[@class = 'visually-hidden'])]")).split())


def test_the_paragraphs_the_pages_name_in_running_text_are_spoken_as_paragraphs(tmp_path: Path):
    """The contents' ranges (" ¶ 4") and the works consulted's "Commentary 1 (¶ 1)" printed the
    sign alone; the sign stays on screen, and a screen reader hears "paragraph 4"."""
    from support.html_site import APPARATUS

    site = build_html(APPARATUS, tmp_path)
    index = html.fromstring((site / "index.html").read_bytes())
    ranges = index.xpath("//span[@class = 'toc-range']")
    assert ranges and [shown(r) for r in ranges] == [f"¶ {n}" for n in (1, 2)]
    assert [spoken(r) for r in ranges] == ["paragraph 1", "paragraph 2"]
    sources = html.fromstring((site / "sources.html").read_bytes())
    cited = sources.xpath("//ul[@class = 'cited-for']/li[contains(., '¶')]")
    assert cited and all("¶" not in spoken(li) and "(paragraph " in spoken(li) for li in cited)
