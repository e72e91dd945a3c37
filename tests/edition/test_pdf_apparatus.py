"""The print edition's apparatus (issue #10): notes labelled by the TEI's own @n and marked by
kind, corrections as signs with a list of emendations (not footnotes), the index in the order
of the sort keys with events and glossary terms, the glossary, the events, the works consulted
cited from the notes, and no quotation marks added to titles.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_pdf_apparatus_fixtures.py."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from support.pdfapparatus import body_text, expected_index, heading_page, index_ids, index_sections
from support.pdfcheck import norm, read_pages
from tei_edition.core import paths
from tei_edition.core.xmlio import NS
from tei_edition.outputs.pdf import Selection, write_part
from support.pdf_apparatus_checks import FIXTURE, NOTES, check_emendations, check_notes, tei_interventions, tei_notes


@pytest.fixture(scope="module")
def edition_pdf(built_edition: Path) -> Path:
    return built_edition / "pdf" / f"{paths.BASENAME}.pdf"


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory) -> Path:
    return write_part(FIXTURE, tmp_path_factory.mktemp("apparatus") / "apparatus.pdf")


def title_of(work) -> str:
    """The title of a work consulted: the article's, else the work's."""
    titles = work.xpath("tei:title[@level='a']", namespaces=NS) or work.xpath("tei:title", namespaces=NS)
    return " ".join("".join(titles[0].itertext()).split())


def test_notes_are_labelled_by_their_tei_label_and_kind(edition_pdf: Path):
    assert check_notes(edition_pdf, paths.MASTER) == 23


def test_every_intervention_is_listed_once_and_linked_both_ways(edition_pdf: Path):
    assert check_emendations(edition_pdf, paths.MASTER) == 52


def test_a_part_lists_its_own_notes_and_emendations(tmp_path: Path):
    pdf = write_part(paths.MASTER, tmp_path / "part.pdf", selection=Selection(first=80, last=84), paper="a5")
    units = {f"p{n}" for n in range(80, 85)}
    labels = tei_notes(paths.MASTER, units)
    assert labels and labels[0][0] != "1"  # the part keeps the edition's labels
    check_notes(pdf, paths.MASTER, units)
    assert check_emendations(pdf, paths.MASTER, units) == len(tei_interventions(paths.MASTER, units))


def test_index_follows_the_sort_keys_in_every_section(edition_pdf: Path):
    printed = index_ids(paths.MASTER, index_sections(read_pages(edition_pdf)))
    assert list(printed) == ["Persons", "Places", "Organisations", "Events", "Glossary"]
    assert printed == expected_index(paths.MASTER)


def test_glossary_events_and_works_consulted_are_complete(edition_pdf: Path):
    tree = etree.parse(str(paths.MASTER))
    pages = read_pages(edition_pdf)
    glossary, events, consulted, end = (heading_page(pages, t) for t in
                                        ("Glossary", "Events", "Works consulted by the editors", "Map of places"))
    text = {name: norm(" ".join(body_text(p) for p in pages[a:b]))
            for name, a, b in (("glossary", glossary, events), ("events", events, consulted),
                               ("consulted", consulted, end))}
    for item in tree.xpath("//tei:list[@type='glossary']/tei:item", namespaces=NS):
        assert norm("".join(item.find("tei:gloss", NS).itertext())) in text["glossary"]
    for event in tree.xpath("//tei:listEvent/tei:event", namespaces=NS):
        assert norm("".join(event.find("tei:label", NS).itertext())) in text["events"]
    works = tree.xpath("//tei:listBibl[@type='consulted']/tei:bibl", namespaces=NS)
    assert len(works) == 120
    dests = pypdf.PdfReader(edition_pdf).named_destinations
    reader = pypdf.PdfReader(edition_pdf)
    for work in works:
        key = work.get("{http://www.w3.org/XML/1998/namespace}id")
        assert consulted <= reader.get_destination_page_number(dests[key]) < end, key
        assert norm(title_of(work)) in text["consulted"], key


def test_every_note_cites_its_sources_by_a_short_citation(edition_pdf: Path):
    pages = read_pages(edition_pdf)
    size = max(i.size for p in pages for i in p.items if i.text.strip() == "Editorial note")
    notes = " ".join(i.text for p in pages[: heading_page(pages, "References")] for i in p.items
                     if abs(i.size - size) < 0.05)
    bodies = re.split(r"\d+(?=(?:Editorialnote|Commentary)\.)", norm(notes))[1:]
    tree = etree.parse(str(paths.MASTER))
    for note, body in zip(tree.xpath(NOTES, namespaces=NS), bodies, strict=True):
        for ref in (note.get("source") or "").split():
            work = tree.xpath("//tei:bibl[@xml:id = $k]", namespaces=NS, k=ref[1:])[0]
            short = re.sub(r"\s*(\([^()]*\)|\[[^\[\]]*\])$", "", title_of(work))  # a bracketed comment left out
            assert norm(short) in body.split(norm("Works consulted:"))[-1], (note.get("n"), short)


def test_titles_get_no_quotation_marks_the_author_did_not_write(fixture_pdf: Path, edition_pdf: Path):
    text = " ".join(read_pages(fixture_pdf)[2].text.split())
    assert "‘the Duke’s Affair’ was closed" in text  # the author's own marks only
    references = read_pages(edition_pdf)[heading_page(read_pages(edition_pdf), "References")].text
    assert "The Bolshevik Left and Workers Power, Michel Oliver" in " ".join(references.split())


def reading(text: str) -> str:
    """A unit's text for comparing the two editions: the characters of the text, the quotation
    marks as set, without what layout and the apparatus add (spaces, line-end hyphens, note
    labels and numbers, the emendation sign)."""
    return re.sub(r"[\s\u00ad\-–—\d°]", "", text)


def web_units(index_html: Path) -> dict[int, str]:
    """Unit number → its text on the web page, without what is there only for screen readers,
    the paragraph number, the note marks and the citation panel."""
    from lxml import html

    doc = html.parse(str(index_html)).getroot()
    out = {}
    for unit in doc.xpath("//div[contains(concat(' ', @class, ' '), ' unit ')][starts-with(@id, 'p')]"):
        for extra in unit.xpath(".//*[contains(@class, 'visually-hidden') or contains(@class, 'noteref')"
                                " or self::details or (self::a and contains(@class, 'pn'))]"):
            extra.drop_tree()
        out[int(unit.get("id")[1:])] = unit.text_content()
    return out


def differing_units(printed: dict[int, str], web: dict[int, str]) -> list[int]:
    return [n for n in sorted(set(printed) | set(web)) if reading(printed.get(n, "")) != reading(web.get(n, ""))]


def test_every_unit_reads_as_in_the_web_edition_quotation_marks_included(edition_pdf: Path, built_edition: Path):
    from support.pdfapparatus import unit_texts

    printed = unit_texts(edition_pdf, "References")
    web = web_units(built_edition / "site" / "index.html")
    assert len(printed) == len(web) == 94
    assert sum(reading(t).count(q) for t in printed.values() for q in "“”‘’") > 250
    assert not any(q in reading(t) for t in printed.values() for q in "\"'")  # all set, none straight
    assert differing_units(printed, web) == []
    # the comparison sees a single mark set the other way
    web[68] = web[68].replace("‘mad’", "’mad’")
    assert differing_units(printed, web) == [68]
