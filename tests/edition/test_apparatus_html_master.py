"""The apparatus in the web edition (issue #10), on a fixture made for it and on the master:
registers in the order of their sort keys, note labels as the TEI's @n, every intervention once
on the emendations page and linked both ways, every @source a link to its work consulted,
events and glossary terms linked from the text, no quotation marks added to the author's text.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_apparatus_html.py."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from tei_edition.core import paths
from tei_edition.core.xmlio import NS, XML_NS, read_tei
from tei_edition.curation.apparatus import interventions
from support.html_site import APPARATUS, build_html, page
from support.apparatus_html import marks, text_of

XML_ID = f"{{{XML_NS}}}id"
T = "{http://www.tei-c.org/ns/1.0}"
REGISTER_PAGES = {  # page: XPath of its entries in the TEI
    "persons.html": "//tei:standOff//tei:listPerson/*[self::tei:person or self::tei:personGrp]",
    "places.html": "//tei:standOff//tei:listPlace/tei:place",
    "organisations.html": "//tei:standOff//tei:listOrg/tei:org",
    "events.html": "//tei:standOff//tei:listEvent/tei:event",
    "glossary.html": "//tei:standOff//tei:list[@type='glossary']/tei:item",
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return build_html(APPARATUS, tmp_path_factory.mktemp("apparatus"))


@pytest.fixture(scope="module")
def master_site(built_edition: Path) -> Path:
    return built_edition / "site"


def both(request, fixture_site: Path, master_site: Path) -> tuple[Path, Path]:
    return (fixture_site, APPARATUS) if request.param == "fixture" else (master_site, paths.MASTER)


@pytest.fixture(params=["fixture", "master"])
def edition(request, fixture_site, master_site) -> tuple[Path, etree._Element]:
    site, master = both(request, fixture_site, master_site)
    return site, read_tei(master).getroot()


def sorted_ids(root: etree._Element, xpath: str) -> list[str]:
    entries = root.xpath(xpath, namespaces=NS)
    return [e.get(XML_ID) for e in sorted(entries, key=lambda e: (e.get("sortKey", ""), e.get(XML_ID)))]


@pytest.mark.parametrize("name", list(REGISTER_PAGES))
def test_every_register_page_follows_the_sort_keys(edition, name: str):
    site, root = edition
    shown = [a.get("id") for a in page(site, name).xpath("//div[@class='register']/article")]
    assert shown == sorted_ids(root, REGISTER_PAGES[name])
    assert len(shown) == len(root.xpath(REGISTER_PAGES[name], namespaces=NS))


def test_master_grand_duke_is_under_his_given_name(master_site: Path):
    ids = [a.get("id") for a in page(master_site, "persons.html").xpath("//article")]
    at = ids.index("grand-duke-michael")
    assert ids[at - 1] == "miasnikov"  # michael-alexandrovich-grand-duke after miasnikov-gavril


def test_note_labels_are_the_teis_n(edition):
    site, root = edition
    index = page(site, "index.html")
    notes = root.xpath("//tei:text/tei:body//tei:note", namespaces=NS)
    assert notes
    for note in notes:
        ident, label, kind = note.get(XML_ID), note.get("n"), note.get("type")
        ref = index.xpath(f"//a[@id='nr_{ident}']")[0]
        assert text_of(ref) == label, ident
        assert {"Editorial note": "editorial", "Commentary": "commentary"}[
            ref.xpath("string(span[@class='visually-hidden'])").strip()] == kind
        assert f"noteref-{kind}" in ref.getparent().get("class")
        item = index.xpath(f"//section[@class='notes']//li[@id='{ident}']")[0]
        assert item.xpath("string(span[@class='note-label'])") == label
        assert item.get("class") == f"note note-{kind}"
        assert item.xpath("string(span[@class='note-kind'])") == {"editorial": "Editorial note", "commentary": "Commentary"}[kind]


def test_epub_note_labels_are_the_teis_n(built_edition: Path):
    import zipfile

    root = read_tei(paths.MASTER).getroot()
    labels = {n.get(XML_ID): n.get("n") for n in root.xpath("//tei:text/tei:body//tei:note", namespaces=NS)}
    with zipfile.ZipFile(next((built_edition / "epub").glob("*.epub"))) as z:
        text = html.fromstring(z.read("EPUB/index.xhtml"))
    refs = {a.get("href")[1:]: text_of(a) for a in text.xpath("//a[@role='doc-noteref']")}
    assert refs == labels
    assert {a.get("id"): a.xpath("string(.//span[@class='note-label'])") for a in text.xpath("//aside")} == labels


def test_every_intervention_appears_once_on_the_emendations_page(edition):
    site, root = edition
    tei = root.xpath("/tei:TEI/tei:text//tei:choice[tei:corr] | /tei:TEI/tei:text//tei:supplied", namespaces=NS)
    emend = page(site, "emendations.html")
    rows = emend.xpath("//table[@class='emendations-table']/tbody/tr")
    assert sorted(r.get("id") for r in rows) == sorted(f"e{k}" for k in range(1, len(tei) + 1))
    # grouped by kind, with the counts of `tei-edition audit`
    by_kind = Counter()
    for section in emend.xpath("//section[@class='emendations']"):
        kind = section.get("id").removeprefix("kind-")
        by_kind[kind] = len(section.xpath(".//tbody/tr"))
        assert section.xpath("string(h2)").endswith(f"({by_kind[kind]})")
    assert by_kind == interventions(root)
    for k, el in enumerate(tei, start=1):
        row = emend.xpath(f"//tr[@id='e{k}']")[0]
        source, edition_reading = (text_of(td) for td in row.xpath("td")[:2])
        if el.tag == T + "choice":
            sic = " ".join("".join(el.find("tei:sic", NS).itertext()).split())
            corr = " ".join("".join(el.find("tei:corr", NS).itertext()).split())
            assert sic.replace("'", "’") in source and corr.replace("'", "’") in edition_reading, k
        else:
            assert " ".join("".join(el.itertext()).split()) in edition_reading, k


def test_signs_and_rows_link_both_ways(edition):
    site, root = edition
    emend = page(site, "emendations.html")
    count = len(root.xpath("/tei:TEI/tei:text//tei:choice[tei:corr] | /tei:TEI/tei:text//tei:supplied", namespaces=NS))
    signs = {}
    for name in ("index.html", "bibliography.html"):
        for a in page(site, name).xpath("//a[@class='emend']"):
            row = a.get("id").removeprefix("sign_")  # the sign's id names its row's
            assert a.get("id") == f"sign_{row}" and a.get("href") == f"emendations.html#{row}"
            signs[row] = name
    assert sorted(signs) == sorted(f"e{k}" for k in range(1, count + 1))
    for row in emend.xpath("//table[@class='emendations-table']/tbody/tr"):
        target = row.xpath("string(th/a/@href)")
        assert target == f"{signs[row.get('id')]}#sign_{row.get('id')}"
        if signs[row.get("id")] == "index.html":  # the row names the paragraph the sign is in
            sign = page(site, "index.html").xpath(f"//a[@id='sign_{row.get('id')}']")[0]
            unit = next(a for a in sign.iterancestors() if a.get("class") == "unit")
            assert row.xpath("string(th/a)") == f"¶ {unit.get('id')[1:]}"


OWNERS = "ancestor-or-self::*[self::tei:person or self::tei:personGrp or self::tei:place or self::tei:org " \
         "or self::tei:event or self::tei:item or self::tei:note[ancestor::tei:body]][1]"


def owner_html(site: Path, owner: etree._Element, pages: dict):
    tag = etree.QName(owner).localname
    name = {"person": "persons.html", "personGrp": "persons.html", "place": "places.html", "org": "organisations.html",
            "event": "events.html", "item": "glossary.html", "note": "index.html"}[tag]
    if name not in pages:
        pages[name] = page(site, name)
    if tag == "note":
        return pages[name].xpath(f"//section[@class='notes']//li[@id='{owner.get(XML_ID)}']")[0]
    return pages[name].xpath(f"//article[@id='{owner.get(XML_ID)}']")[0]


def test_every_source_is_a_link_to_its_work_consulted(edition):
    site, root = edition
    sources = page(site, "sources.html")
    works = {b.get(XML_ID): b for b in root.xpath("//tei:listBibl[@type='consulted']/tei:bibl", namespaces=NS)}
    entries = {li.get("id") for li in sources.xpath("//li[@class='bibl-entry']")}
    assert entries == set(works)
    pages: dict = {}
    checked = 0
    for el in root.xpath("//*[@source]", namespaces=NS):
        owner = el.xpath(OWNERS, namespaces=NS)[0]
        links = {a.get("href") for a in owner_html(site, owner, pages).xpath(".//a[@class='source-ref']")}
        for pointer in el.get("source").split():
            assert f"sources.html{pointer}" in links, (owner.get(XML_ID), pointer)
            checked += 1
    assert checked >= (5 if site.parent.name.startswith("apparatus") else 250)


def test_works_consulted_are_grouped_by_type_apart_from_the_bibliography(edition):
    site, root = edition
    sources = page(site, "sources.html")
    assert sources.xpath("string(//h1)") == "Works consulted by the editors"
    for bibl in root.xpath("//tei:listBibl[@type='consulted']/tei:bibl", namespaces=NS):
        entry = sources.xpath(f"//li[@id='{bibl.get(XML_ID)}']")[0]
        assert entry.getparent().getparent().get("id") == f"sources_{bibl.get('type')}"
        url = bibl.find("tei:ptr", NS).get("target")
        assert entry.xpath(f".//a[@class='external'][@href='{url}']")
        assert "accessed" in text_of(entry)
    bibliography = page(site, "bibliography.html")
    assert not bibliography.xpath("//*[starts-with(@id, 'src-')]")


def test_works_consulted_are_listed_by_their_sort_keys(master_site: Path):
    root = read_tei(paths.MASTER).getroot()
    works = root.xpath("//tei:listBibl[@type='consulted']/tei:bibl", namespaces=NS)
    sources = page(master_site, "sources.html")
    for kind in sorted({b.get("type") for b in works}):
        listed = sources.xpath(f"//section[@id='sources_{kind}']//li[@class='bibl-entry']/@id")
        expected = sorted_ids(root, f"//tei:listBibl[@type='consulted']/tei:bibl[@type='{kind}']")
        assert listed == expected, kind
    # the master's own order is not the keys' (it was the ids'): the test sees the sorting
    in_document = [b.get(XML_ID) for b in works if b.get("type") == "wikipedia"]
    assert in_document != sorted_ids(root, "//tei:listBibl[@type='consulted']/tei:bibl[@type='wikipedia']")


def _key_words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.replace("ł", "l"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower().replace("'", "").replace("’", "")
    return set(re.findall(r"[a-z0-9]+", plain))


def test_each_work_consulted_is_keyed_by_what_its_entry_begins_with():
    """The key's first word is a word of the first author or, without one, of the title (a
    leading number in two digits): a key copied from another entry, or a title's key given to a
    work whose entry begins with its author, is caught."""
    root = read_tei(paths.MASTER).getroot()
    for bibl in root.xpath("//tei:listBibl[@type='consulted']/tei:bibl", namespaces=NS):
        author = bibl.find("tei:author", NS)
        lead = author if author is not None else bibl.find("tei:title", NS)
        first = bibl.get("sortKey", "").split("-")[0]
        assert first.lstrip("0") in _key_words("".join(lead.itertext())), (bibl.get(XML_ID), first)


def test_descriptions_that_restate_the_essay_link_to_their_paragraphs(edition):
    site, root = edition
    pages: dict = {}
    for note in root.xpath("//tei:standOff//tei:note[@type='description'][@corresp]", namespaces=NS):
        article = owner_html(site, note.getparent(), pages)
        links = {a.get("href") for a in article.xpath(".//a[@class='unit-ref']")}
        assert {f"index.html{p}" for p in note.get("corresp").split()} <= links, note.getparent().get(XML_ID)


def test_no_quotation_mark_is_added_to_the_author_s_text(built_edition: Path):
    from tei_edition.core.text import EDITED_READING, reading

    root = read_tei(paths.MASTER).getroot()
    index = page(built_edition / "site", "index.html")
    for unit in root.xpath("//tei:body//*[self::tei:p or self::tei:cit][@xml:id]", namespaces=NS):
        div = index.xpath(f"//div[@id='{unit.get(XML_ID)}']")[0]
        for extra in div.xpath(".//details | .//a[@class='pn'] | .//sup[contains(@class, 'noteref')]"):
            extra.drop_tree()
        assert marks(text_of(div)) == marks(reading(unit, EDITED_READING)), unit.get(XML_ID)
    bibliography = page(built_edition / "site", "bibliography.html")
    for bibl in root.xpath("//tei:back//tei:listBibl/tei:bibl[@xml:id]", namespaces=NS):
        shown = bibliography.xpath(f"//li[@id='{bibl.get(XML_ID)}']/p[@class='bibl-text']")[0]
        for note in shown.xpath(".//span[@class='note-inline']"):  # the editors' note on the entry
            note.drop_tree()
        assert marks(text_of(shown)) == marks(reading(bibl, EDITED_READING)), bibl.get(XML_ID)


def test_the_normalisation_is_declared_in_the_master_and_on_about(master_site: Path):
    root = read_tei(paths.MASTER).getroot()
    declared = " ".join(root.xpath("string(//tei:editorialDecl/tei:normalization)", namespaces=NS).split())
    assert "straight marks" in declared and "typographic" in declared and "adds" in declared
    about = text_of(page(master_site, "about.html").xpath("//section[@id='principles']")[0])
    assert "the TEI keeps the author’s straight marks" in about
