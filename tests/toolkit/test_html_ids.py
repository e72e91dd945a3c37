"""No TEI id can collide with an id the templates make: every id of the web and EPUB pages is
unique, whatever the entries are called.

A TEI id has the form [a-z][a-z0-9-]* and is its element's anchor (persons.html#miasnikov, p{n});
the ids the templates make (the main region, the quick search, headings, lists, sources, note
references, the signs of interventions, the page markers of the EPUB) have a form it cannot have
(they hold a `_`)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from support import FIXTURES
from support.html_site import build_html

FULL = FIXTURES.parent / "schema_cases" / "valid" / "full.xml"
TEI_ID = re.compile(r"[a-z][a-z0-9-]*")
# the pages whose elements have TEI ids as anchors (the others, such as emendations.html with its
# rows e{k} and chronology.html with its years y{yyyy}, hold none a made-up id could meet)
ANCHOR_PAGES = {"index.html", "persons.html", "places.html", "organisations.html", "events.html",
                "glossary.html", "bibliography.html", "sources.html"}
ASSETS = Path(__file__).parents[2] / "src" / "tei_edition" / "data" / "assets"


def entries(tag: str, *ids: str) -> str:
    return "".join(f'<{tag} xml:id="{i}" sortKey="{i}"><persName>{i}</persName></{tag}>' for i in ids)


def bibls(*ids: str) -> str:
    return "".join(f'<bibl xml:id="{i}"><title level="m">{i}</title></bibl>' for i in ids)


def notes(*ids: str) -> str:
    return "".join(f'<note type="editorial" resp="#editors" xml:id="{i}" n="{n}">On {i}.</note>'
                   for n, i in enumerate(ids, start=4))


def places(*ids: str) -> str:
    return "".join(f'<place xml:id="{i}" sortKey="{i}"><placeName>{i}</placeName></place>' for i in ids)


def events(*ids: str) -> str:
    return "".join(f'<event xml:id="{i}" when="1921"><label>{i}</label></event>' for i in ids)


# Each variant names entries after the ids the templates made before they had a form of their own
# (a TEI id is unique in its document, hence several variants).
VARIANTS = {
    "headings-and-lists": {
        "</person>\n      <person": "</person>" + entries("person", "miasnikov-h", "tei-card", "highlight") + "\n      <person",
        "</place>\n      <place": "</place>" + places("kronstadt-h", "map-caption", "map-frame", "map-missing-h") + "\n      <place",
        "</event>": "</event>" + events("kronstadt-uprising-1921-h"),
        '<bibl xml:id="avrich': bibls("main", "q-top", "list-1", "list-1-h", "e1") + '<bibl xml:id="avrich',
        '<bibl xml:id="src-wp': '<bibl xml:id="sources-wikipedia" type="wikipedia"><title level="a">W</title></bibl>'
                                '<bibl xml:id="sources-wikipedia-h" type="wikipedia"><title level="a">W</title></bibl>'
                                '<bibl xml:id="src-wp',
        "1945</date>.</note>": "1945</date>.</note>" + notes("nr-n1", "toc-h", "notes-h", "s1-h", "abstract-h",
                                                             "e2", "cite-style-p1", "pb1", "colophon-h"),
    },
    "main-person-q-top-event": {
        "</person>\n      <person": "</person>" + entries("person", "main") + "\n      <person",
        "</event>": "</event>" + events("q-top"),
    },
    "main-event-q-top-person": {
        "</person>\n      <person": "</person>" + entries("person", "q-top") + "\n      <person",
        "</event>": "</event>" + events("main"),
    },
}


def variant(tmp_path: Path, name: str) -> tuple[Path, set[str]]:
    text = FULL.read_text(encoding="utf-8")
    for old, new in VARIANTS[name].items():
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    master = tmp_path / "full.xml"
    master.write_text(text, encoding="utf-8")
    ids = set(etree.parse(str(master)).xpath("//@xml:id"))
    return master, ids


def repeated(ids: list[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_id_of_every_page_is_unique(tmp_path: Path, name: str):
    master, tei_ids = variant(tmp_path, name)
    site = build_html(master, tmp_path / "out")
    pages = sorted(site.glob("*.html"))
    assert ANCHOR_PAGES <= {p.name for p in pages}
    for p in pages:
        ids = html.fromstring(p.read_bytes()).xpath("//@id")
        assert repeated(ids) == [], p.name
        # a page that holds TEI anchors holds no made-up id a TEI id could take
        if p.name in ANCHOR_PAGES:
            assert [i for i in ids if i not in tei_ids and TEI_ID.fullmatch(i)] == [], p.name
    # the inserted entries are on their pages, under their TEI ids
    if name == "headings-and-lists":
        assert html.fromstring((site / "persons.html").read_bytes()).xpath("//article[@id='miasnikov-h']")
        assert html.fromstring((site / "sources.html").read_bytes()).xpath("//li[@id='sources-wikipedia']")
        assert html.fromstring((site / "index.html").read_bytes()).xpath("//li[@id='nr-n1']")


@pytest.mark.parametrize("name", ["headings-and-lists"])
def test_every_id_of_every_epub_document_is_unique(tmp_path: Path, name: str):
    from tei_edition.outputs.epub import write_epub

    master, _ = variant(tmp_path, name)
    epub = write_epub(master, tmp_path / "full.epub")
    with zipfile.ZipFile(epub) as z:
        names = [n for n in z.namelist() if n.endswith(".xhtml")]
        assert "EPUB/index.xhtml" in names
        for n in names:
            assert repeated(etree.fromstring(z.read(n)).xpath("//@id")) == [], n


def test_the_ids_the_script_of_every_page_makes_have_a_form_no_tei_id_has():
    made = re.findall(r'\.id = "([^"]*)"', (ASSETS / "edition.js").read_text(encoding="utf-8"))
    assert made and all("_" in i for i in made), made
