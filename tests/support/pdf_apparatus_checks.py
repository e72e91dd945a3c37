"""What the tests of pdf apparatus checks share, on fixtures and on the master."""

from __future__ import annotations

import re
from pathlib import Path
from lxml import etree
from support.pdfapparatus import emendation_rows, heading_page, linked_items, note_entries, note_markers
from support.pdfcheck import margin_numbers, norm, read_pages
from tei_edition.core.xmlio import NS
from support import FIXTURES


FIXTURE = FIXTURES / "pdf" / "apparatus.xml"


NOTES = "//tei:text/tei:body//tei:note[@type = 'editorial' or @type = 'commentary']"


INTERVENTIONS = "//tei:text//tei:choice[tei:corr] | //tei:text//tei:supplied"


KINDS = {"possessive": "Possessive without apostrophe", "doubled-word": "Doubled word, removed",
         "agreement": "Agreement", "misspelling": "Misspelt word", "misspelt-name": "Misspelt name"}


NOTE_KINDS = {"editorial": "Editorial note", "commentary": "Commentary"}


def tei_notes(master: Path, units: set[str] | None = None) -> list[tuple[str, str]]:
    """(label, kind word) of the notes in reading order (of the given units only)."""
    tree = etree.parse(str(master))
    notes = [n for n in tree.xpath(NOTES, namespaces=NS)
             if units is None or n.xpath("string(ancestor::*[@n][1]/@xml:id)", namespaces=NS) in units]
    return [(n.get("n"), NOTE_KINDS[n.get("type")]) for n in notes]


def tei_interventions(master: Path, units: set[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(where, source reading, edition reading, kind) of every intervention in reading order."""
    tree = etree.parse(str(master))
    out = []
    for e in tree.xpath(INTERVENTIONS, namespaces=NS):
        unit = e.xpath("ancestor::*[@n][ancestor::tei:body][1]", namespaces=NS)
        if units is not None and unit and unit[0].get("{http://www.w3.org/XML/1998/namespace}id") not in units:
            continue
        where = f"¶ {unit[0].get('n')}" if unit else "References"
        if e.tag.endswith("choice"):
            corr = e.find("tei:corr", NS)
            out.append((where, "".join(e.find("tei:sic", NS).itertext()), "".join(corr.itertext()),
                        KINDS[corr.get("type")]))
        else:
            text = "".join(e.itertext())
            out.append((where, "", text, "Missing word, supplied" if re.search(r"\w", text)
                        else "Missing punctuation, supplied"))
    return out


def check_notes(pdf: Path, master: Path, units: set[str] | None = None) -> int:
    """Every footnote is a note of the editors with its TEI label and kind, in reading order, and
    its mark in the text shows the same label; corrections are no footnotes."""
    pages = read_pages(pdf)
    expected = tei_notes(master, units)
    assert note_entries(pages) == expected
    markers = note_markers(pdf, pages, "References")
    assert [label for _, label, _ in markers] == [label for label, _ in expected]
    assert all(page == target for page, _, target in markers)  # each links to its footnote
    return len(expected)


def check_emendations(pdf: Path, master: Path, units: set[str] | None = None) -> int:
    """Every intervention is one row of the list, in reading order, with its place, both readings
    and its kind; each row's place links to its unit's page, each sign in the text to the list."""
    pages = read_pages(pdf)
    rows = emendation_rows(pages)
    expected = tei_interventions(master, units)
    assert len(rows) == len(expected), (rows, expected)
    for row, (where, source, edition, kind) in zip(rows, expected):
        assert row.startswith(where + " ") and kind in row, (row, where, kind)
        # word by word: a cell that wraps interleaves its lines with its neighbour's
        assert all(norm(w) in norm(row) for w in (source + " " + edition).split()), (row, source, edition)
    first, last = heading_page(pages, "Emendations"), len(pages)
    signs = linked_items(pdf, pages, lambda i: i.text.strip() == "°")
    corrections = sum(1 for *_, kind in expected if not kind.endswith("supplied"))
    assert len(signs) == corrections and all(first <= target < last for *_, target in signs)
    unit_pages = {n: page for page, n, _ in margin_numbers(pages)}
    places = linked_items(pdf, pages, lambda i: re.fullmatch(r"¶ \d+", i.text.strip()) is not None)
    places = [(int(item.text.split()[1]), target) for page, item, target in places if page >= first]
    assert [f"¶ {n}" for n, _ in places] == [w for w, *_ in expected if w != "References"]
    assert all(unit_pages[n] == target for n, target in places), places
    return len(rows)
