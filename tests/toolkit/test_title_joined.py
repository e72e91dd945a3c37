"""The edition's title and subtitle are joined by one rule everywhere (citation.record.full_title):
a main title that ends in its own stop takes no colon before its subtitle, in the site's page
descriptions and footer and the EPUB's dc:title as in the citations and the PDF."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from support.editing import copy_master, edit


@pytest.mark.parametrize("end, joined", [("?", "Bolsheviks? Gavril"), (".", "Bolsheviks. Gavril"),
                                         (" Ltd.", "Bolsheviks Ltd.: Gavril"), ("", "Bolsheviks: Gavril")])
def test_the_site_and_the_epub_join_the_title_as_the_citations_do(tmp_path: Path, end: str, joined: str):
    from tei_edition.build import build

    master = copy_master(tmp_path)
    edit(master, "Bolsheviks</title>", f"Bolsheviks{end}</title>")
    out = build(master, tmp_path / "out").out
    page = (out / "site" / "bibliography.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description and joined in description.group(1), description
    footer = page[page.index("<footer"):]
    assert f"<cite>The Most Intransigent of {joined}" in footer
    with zipfile.ZipFile(next((out / "epub").glob("*.epub"))) as z:
        opf = z.read("EPUB/package.opf").decode()
    assert re.search(rf"<dc:title[^>]*>The Most Intransigent of {re.escape(joined)}", opf), opf[:2000]
