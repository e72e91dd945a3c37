"""A word longer than the line (a URL, a long compound, an identifier) in the text, a register,
the works consulted or the edition's title breaks inside the line on every page of the site:
at a phone's width no page scrolls sideways (the header's title and the footer's citation are
outside `main`, where the text breaks)."""

from __future__ import annotations

from pathlib import Path

from support.browser import chromium, served
from support.editing import copy_master, edit

LONG_WORD = "Arbeitergruppe" * 12  # 168 letters, no break opportunity
WIDTH = 360


def test_no_page_is_wider_than_a_phone(tmp_path: Path):
    from tei_edition.build import build

    master = copy_master(tmp_path)
    edit(master, ">Lenin</persName> wrote", f">Lenin</persName> {LONG_WORD} https://example.org/{'x' * 150} wrote")
    edit(master, "<persName>Vladimir Lenin</persName>", f"<persName>Vladimir Lenin {LONG_WORD}</persName>")
    edit(master, '<title type="main">The Most Intransigent of Bolsheviks</title>',
         f'<title type="main">The Most Intransigent of {LONG_WORD}</title>')
    edit(master, '<title level="a">Gavril Myasnikov</title>', f'<title level="a">Gavril Myasnikov {LONG_WORD}</title>')
    site = build(master, tmp_path / "out").out / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert {"index.html", "persons.html", "sources.html"} <= set(pages)
    wide = {}
    with served(site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": WIDTH, "height": 700})
        for rel in pages:
            page.goto(base + rel)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                wide[rel] = width
    assert not wide, wide
