"""The print edition's apparatus (issue #10): notes labelled by the TEI's own @n and marked by
kind, corrections as signs with a list of emendations (not footnotes), the index in the order
of the sort keys with events and glossary terms, the glossary, the events, the works consulted
cited from the notes, and no quotation marks added to titles."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from support.pdfapparatus import (body_text, emendation_rows, expected_index, heading_page, index_ids, index_sections,
                          linked_items, note_entries, note_markers)
from support.pdfcheck import margin_numbers, norm, read_pages
from tei_edition.core import paths
from tei_edition.core.xmlio import NS
from tei_edition.outputs.pdf import Selection, write_part
from support import FIXTURES

FIXTURE = FIXTURES / "pdf" / "apparatus.xml"
NOTES = "//tei:text/tei:body//tei:note[@type = 'editorial' or @type = 'commentary']"
INTERVENTIONS = "//tei:text//tei:choice[tei:corr] | //tei:text//tei:supplied"
KINDS = {"possessive": "Possessive without apostrophe", "doubled-word": "Doubled word, removed",
         "agreement": "Agreement", "misspelling": "Misspelt word", "misspelt-name": "Misspelt name"}
NOTE_KINDS = {"editorial": "Editorial note", "commentary": "Commentary"}


@pytest.fixture(scope="module")
def edition_pdf(built_edition: Path) -> Path:
    return built_edition / "pdf" / f"{paths.BASENAME}.pdf"


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory) -> Path:
    return write_part(FIXTURE, tmp_path_factory.mktemp("apparatus") / "apparatus.pdf")


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


def title_of(work) -> str:
    """The title of a work consulted: the article's, else the work's."""
    titles = work.xpath("tei:title[@level='a']", namespaces=NS) or work.xpath("tei:title", namespaces=NS)
    return " ".join("".join(titles[0].itertext()).split())


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


def test_notes_are_labelled_by_their_tei_label_and_kind(edition_pdf: Path):
    assert check_notes(edition_pdf, paths.MASTER) == 23


def test_fixture_notes_keep_labels_that_differ_from_their_ids(fixture_pdf: Path):
    # n2 is labelled 1 and n1 labelled 2: the PDF prints the labels, not a count of its own
    assert check_notes(fixture_pdf, FIXTURE) == 2
    assert tei_notes(FIXTURE) == [("1", "Editorial note"), ("2", "Commentary")]


def test_the_note_check_fails_on_a_wrong_label(fixture_pdf: Path, tmp_path: Path):
    wrong = tmp_path / "wrong.xml"
    wrong.write_text(FIXTURE.read_text(encoding="utf-8").replace('xml:id="n1" n="2"', 'xml:id="n1" n="7"'),
                     encoding="utf-8")
    with pytest.raises(AssertionError):
        check_notes(fixture_pdf, wrong)  # the PDF says 2 where this TEI says 7
    check_notes(write_part(wrong, tmp_path / "wrong.pdf"), wrong)  # the PDF of that TEI prints 7


def test_every_intervention_is_listed_once_and_linked_both_ways(edition_pdf: Path):
    assert check_emendations(edition_pdf, paths.MASTER) == 52


def test_fixture_emendations_give_the_words_around_and_brackets(fixture_pdf: Path):
    assert check_emendations(fixture_pdf, FIXTURE) == 5
    rows = emendation_rows(read_pages(fixture_pdf))
    assert " ".join(rows[0].split()) == "¶ 1 Miasnikovs men Miasnikov’s men Possessive without apostrophe"
    assert "had had left. had left. Doubled word, removed" in rows[2]
    assert "to comrade to [a] comrade Missing word, supplied" in " ".join(rows[3].split())
    text = " ".join(p.text for p in read_pages(fixture_pdf)[2:3])
    assert "he had° left." in text and "to [a] comrade" in text  # the sign after the word before


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


def test_fixture_index_files_entries_as_their_keys_say(fixture_pdf: Path):
    sections = dict(index_sections(read_pages(fixture_pdf)))
    names = {title: [re.sub(r"\s+\d+(, \d+)*$", "", e) for e in entries] for title, entries in sections.items()}
    assert names["Persons"] == ["Daia Grigor’evna", "Miasnikov, Gavril", "Michael Alexandrovich, Grand Duke",
                                "Zinoviev, Grigory"]
    assert names["Organisations"] == ["Bolshevik Party – Russian Communist Party (Bolsheviks)",
                                      "Voice of Labour, The"]
    assert names["Events"] == ["Exile", "Killing of Grand Duke Michael"] and names["Glossary"] == ["soviet"]
    assert index_ids(FIXTURE, list(sections.items())) == expected_index(FIXTURE)


def test_index_order_changes_with_the_sort_keys_only(tmp_path: Path):
    swapped = tmp_path / "swapped.xml"
    swapped.write_text(FIXTURE.read_text(encoding="utf-8")
                       .replace('sortKey="daia-grigorevna"', 'sortKey="zz-daia-grigorevna"'), encoding="utf-8")
    printed = index_ids(swapped, index_sections(read_pages(write_part(swapped, tmp_path / "s.pdf"))))
    assert printed["Persons"] == ["miasnikov", "michael", "zinoviev", "daia"] == expected_index(swapped)["Persons"]


def test_glossary_events_and_works_consulted_are_complete(edition_pdf: Path):
    tree = etree.parse(str(paths.MASTER))
    pages = read_pages(edition_pdf)
    glossary, events, consulted, end = (heading_page(pages, t) for t in
                                        ("Glossary", "Events", "Works consulted by the editors", "Map of places"))
    text = {name: norm(" ".join(body_text(p) for p in pages[a:b]))
            for name, a, b in (("glossary", glossary, events), ("events", events, consulted),
                               ("consulted", consulted, end))}
    for item in tree.xpath("//tei:list[@type='gloss']/tei:item", namespaces=NS):
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
