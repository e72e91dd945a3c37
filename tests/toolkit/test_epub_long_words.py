"""A word longer than the reading system's line (a URL, a long compound, an identifier) breaks
inside the line instead of pushing the page sideways: the EPUB's pages at a phone's width, in
Chromium (the engine of many reading systems), have no horizontal overflow."""

from __future__ import annotations

import zipfile
from pathlib import Path

from support.browser import chromium
from support.epub import FIXTURE

LONG_WORD = "Arbeitergruppe" * 12  # 168 letters, no break opportunity
LONG_URL = "https://example.org/" + "/".join(["verylongpathsegment" * 3] * 6)


def test_long_words_and_urls_break_inside_the_line(tmp_path: Path):
    from tei_edition.outputs.epub import write_epub

    master = tmp_path / "m.xml"
    text = FIXTURE.read_text(encoding="utf-8")
    assert ">Lenin</persName> wrote" in text
    for old, new in ((">Lenin</persName> wrote", f">Lenin</persName> {LONG_WORD} {LONG_URL} wrote"),
                     ("<persName>Vladimir Lenin</persName>", f"<persName>Vladimir Lenin {LONG_WORD}</persName>"),
                     ("Bolshevik Opposition To Lenin</title>", f"Bolshevik Opposition To {LONG_WORD}</title>")):
        assert old in text
        text = text.replace(old, new)
    master.write_text(text, encoding="utf-8")
    epub = write_epub(master, tmp_path / "m.epub")
    pages = tmp_path / "pages"
    with zipfile.ZipFile(epub) as z:
        z.extractall(pages)
    shown = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        for xhtml in sorted((pages / "EPUB").glob("*.xhtml")):
            page.goto(xhtml.as_uri())
            if LONG_WORD in page.inner_text("body"):
                shown.append(xhtml.name)
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= 320, f"{xhtml.name} is {wide}px wide at 320px"
    assert {"index.xhtml", "bibliography.xhtml"} <= set(shown) and len(shown) >= 3, shown  # and a register
