"""The EPUB 3 edition: the web edition's text, notes as EPUB footnotes, registers (and events
and a glossary when the TEI has them) as back matter linked both ways, navigation, metadata;
valid for Debian's epubcheck, clean for Ace by DAISY, reproducible.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_epub_fixtures.py."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from support.epubtools import ace, epubcheck, unpack
from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei
from support.epub import FIXTURE, OPF, XHTML, xml

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def edition_epub(built_edition: Path) -> Path:
    return built_edition / "epub" / f"{paths.BASENAME}.epub"


@pytest.fixture(scope="module")
def fixture_epub(tmp_path_factory) -> Path:
    from tei_edition.outputs.epub import write_epub

    return write_epub(FIXTURE, tmp_path_factory.mktemp("epub") / "apparatus.epub")


def test_epubcheck_reports_nothing_for_the_edition_and_the_fixture(edition_epub: Path, fixture_epub: Path):
    assert epubcheck(edition_epub, fixture_epub) == []


def test_ace_reports_no_violation_and_catches_one(edition_epub: Path, fixture_epub: Path, tmp_path: Path):
    # the same fixture without its accessibility summary: Ace must object
    broken = tmp_path / "broken.epub"
    unpack(fixture_epub, tmp_path / "broken", broken, lambda name, text: re.sub(
        r'<meta property="schema:accessibilitySummary">.*?</meta>', "", text, flags=re.S)
        if name.endswith(".opf") else text)
    reports = ace([edition_epub, fixture_epub, broken], tmp_path / "ace")
    assert reports[0] == [] and reports[1] == []
    assert [v.split(" ")[0] for v in reports[2]] == ["metadata-accessibilitysummary"]


def test_zip_mimetype_first_stored_and_dates_from_the_header(edition_epub: Path):
    with zipfile.ZipFile(edition_epub) as z:
        infos = z.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b"" and edition_epub.read_bytes()[30:38] == b"mimetype"
    assert [i.filename for i in infos[1:3]] == ["META-INF/container.xml", "EPUB/package.opf"]
    assert {i.date_time for i in infos} == {(2026, 11, 27, 0, 0, 0)}


def test_package_metadata_comes_from_the_header(edition_epub: Path):
    opf = xml(edition_epub, "EPUB/package.opf")
    meta = opf.find("opf:metadata", OPF)

    def one(path: str) -> str:
        return " ".join(meta.findtext(path, namespaces=OPF).split())

    assert one("dc:identifier[@id='uid']") == "https://tei-edition.example.org/lawson-2021-most-intransigent/"
    assert one("dc:title").startswith("The Most Intransigent of Bolsheviks: Gavril Miasnikov")
    assert one("dc:creator") == "Tommy Lawson"
    assert one("opf:meta[@refines='#author-1'][@property='role']") == "aut"
    assert one("dc:contributor") == "The tei-edition editorial team"
    assert one("opf:meta[@refines='#editor-1'][@property='role']") == "edt"
    assert one("dc:date") == "2026-11-27" and one("opf:meta[@property='dcterms:modified']") == "2026-11-27T00:00:00Z"
    assert "CC BY 4.0" in one("dc:rights")
    assert meta.find("opf:link[@rel='dcterms:license']", OPF).get("href") == "https://creativecommons.org/licenses/by/4.0/"
    a11y = {m.get("property"): m.text for m in meta.findall("opf:meta", OPF)}
    assert a11y["schema:accessMode"] == "textual" and a11y["schema:accessibilityHazard"] == "none"
    assert a11y["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
    features = {m.text for m in meta.findall("opf:meta[@property='schema:accessibilityFeature']", OPF)}
    assert {"structuralNavigation", "tableOfContents", "pageNavigation"} <= features


def test_navigation_contents_and_page_list(edition_epub: Path):
    nav = xml(edition_epub, "EPUB/nav.xhtml")
    text = xml(edition_epub, "EPUB/index.xhtml")
    toc = nav.find(f".//{XHTML}nav[@{EPUB_TYPE}='toc']")
    labels = [a.text for a in toc.iter(f"{XHTML}a")]
    assert labels[1:4] == ["[Opening]", "A life that touched many revolutionary threads", "Reflection on the Workers Group"]
    assert labels[4:] == ["Emendations", "Persons", "Places", "Organisations", "Events", "Glossary", "Bibliography",
                          "Works consulted by the editors"]
    pages = nav.find(f".//{XHTML}nav[@{EPUB_TYPE}='page-list']")
    entries = [(a.text, a.get("href")) for a in pages.iter(f"{XHTML}a")]
    assert entries == [(str(n), f"index.xhtml#pb_{n}") for n in range(1, 95)]
    for n in (1, 42, 94):  # each marker opens its unit, before the unit's number
        marker = text.find(f".//*[@id='pb_{n}']")
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.getparent().get("id") == f"p{n}"


def remove(element: etree._Element) -> None:
    """Take `element` out, keeping the text after it."""
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def units(doc: etree._Element, drop: str) -> dict[str, tuple[str, list[str], list[tuple[str, str]]]]:
    """Each unit: its text, the ids inside it and its note references (label, target), with
    `drop` (an XPath of what only one edition has) removed."""
    out = {}
    for div in doc.xpath("//*[local-name()='div'][@class='unit']"):
        div = copy.deepcopy(div)
        for extra in div.xpath(drop, namespaces={"epub": "http://www.idpf.org/2007/ops"}):
            remove(extra)
        refs = [(" ".join("".join(a.itertext()).split()), a.get("href"))
                for a in div.xpath(".//*[@role='doc-noteref']")]
        out[div.get("id")] = (" ".join("".join(div.itertext()).split()), [e.get("id") for e in div.iter() if e.get("id")], refs)
    return out


def notes(doc: etree._Element, drop: str) -> dict[str, str]:
    out = {}
    for note in doc.xpath("//*[@role='doc-footnote'] | //*[local-name()='li'][starts-with(@id, 'n')]"):
        note = copy.deepcopy(note)
        for extra in note.xpath(drop):
            remove(extra)
        out[note.get("id")] = " ".join("".join(note.itertext()).split())
    return out


def test_every_unit_has_the_web_editions_text_anchors_and_note_labels(built_edition: Path, edition_epub: Path):
    web = lxml.html.parse(str(built_edition / "site" / "index.html")).getroot()
    epub = xml(edition_epub, "EPUB/index.xhtml")
    web_units = units(web, ".//details[contains(@class, 'cite')]")
    epub_units = units(epub, ".//*[local-name()='aside'] | .//*[@epub:type='pagebreak']")
    assert list(epub_units) == list(web_units) == [f"p{n}" for n in range(1, 95)]
    assert epub_units == web_units
    body_notes = len(read_tei(paths.MASTER).findall(".//{http://www.tei-c.org/ns/1.0}body//{http://www.tei-c.org/ns/1.0}note"))
    assert sum(len(refs) for _, _, refs in epub_units.values()) == body_notes
    assert notes(epub, ".//*[@role='doc-backlink']") == notes(web, ".//*[@role='doc-backlink']")
    assert len(notes(epub, ".//*[@role='doc-backlink']")) == body_notes


def test_notes_are_epub_footnotes_referenced_from_their_unit(edition_epub: Path):
    text = xml(edition_epub, "EPUB/index.xhtml")
    for ref in text.iterfind(f".//{XHTML}a[@role='doc-noteref']"):
        assert ref.get(EPUB_TYPE) == "noteref"
        note = text.find(f".//*[@id='{ref.get('href')[1:]}']")
        assert note.tag == f"{XHTML}aside" and note.get(EPUB_TYPE) == "footnote"
        assert note.getparent() is next(a for a in ref.iterancestors() if a.get("class") == "unit")


def links_both_ways(epub: Path, master: Path, page: str) -> int:
    """Every link from the text to `page` names an entry there; every entry links back to
    exactly the units whose TEI mentions it (@ref), which hold it. Returns the links checked."""
    from tei_edition.core.xmlio import NS, read_tei

    tei = read_tei(master)
    text, back = xml(epub, "EPUB/index.xhtml"), xml(epub, f"EPUB/{page}")
    entries = {a.get("id"): a for a in back.iterfind(f".//{XHTML}article")}
    checked = 0
    for a in text.iterfind(f".//{XHTML}a[@href]"):
        if a.get("href").startswith(page + "#"):
            assert a.get("href").split("#")[1] in entries, a.get("href")
            checked += 1
    for entry_id, entry in entries.items():
        listed = [a.get("href") for a in entry.iterfind(f".//{XHTML}ul[@class='inline mentions']/{XHTML}li/{XHTML}a")]
        mentioning = tei.xpath("//tei:text/tei:body//*[@ref][contains(concat(' ', @ref, ' '), $r)]"
                               "/ancestor::*[self::tei:p or self::tei:cit][starts-with(@xml:id, 'p')][1]/@xml:id",
                               namespaces=NS, r=f"#{entry_id} ")
        assert listed == [f"index.xhtml#{u}" for u in dict.fromkeys(mentioning)], entry_id
        checked += len(listed)
    return checked


@pytest.mark.parametrize("page", ["persons.xhtml", "places.xhtml", "organisations.xhtml"])
def test_registers_link_both_ways(edition_epub: Path, page: str):
    assert links_both_ways(edition_epub, paths.MASTER, page) > 50


def test_events_and_glossary_are_back_matter_when_present(fixture_epub: Path, edition_epub: Path):
    # three mentions of events (¶ 4 twice, ¶ 5), two of terms (¶ 4, ¶ 5); as many links back
    assert links_both_ways(fixture_epub, FIXTURE, "events.xhtml") == 3 + 3
    assert links_both_ways(fixture_epub, FIXTURE, "glossary.xhtml") == 2 + 2
    glossary = xml(fixture_epub, "EPUB/glossary.xhtml")
    assert [" ".join("".join(d.itertext()).split()) for d in glossary.iter(f"{XHTML}dfn")] == ["NEP", "soviet"]
    spine = [i.get("idref") for i in xml(fixture_epub, "EPUB/package.opf").iterfind(".//opf:itemref", OPF)]
    assert spine[-3:] == ["events", "glossary", "bibliography"]
    toc = [a.text for a in xml(fixture_epub, "EPUB/nav.xhtml").iterfind(f".//{XHTML}nav[@id='toc']/{XHTML}ol/{XHTML}li/{XHTML}a")]
    assert toc[-3:] == ["Events", "Glossary", "Bibliography"]
    # the edition has both registers, each a page of its own
    with zipfile.ZipFile(edition_epub) as z:
        assert {"EPUB/events.xhtml", "EPUB/glossary.xhtml"} <= set(z.namelist())


def test_build_writes_the_epub_and_the_site_offers_it(built_edition: Path, edition_epub: Path):
    copy_in_site = built_edition / "site" / "downloads" / edition_epub.name
    assert copy_in_site.read_bytes() == edition_epub.read_bytes()
    about = (built_edition / "site" / "about.html").read_text(encoding="utf-8")
    assert f'href="downloads/{edition_epub.name}" type="application/epub+zip"' in about
