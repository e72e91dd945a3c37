"""One citation record: the same type, editors and original publication in CSL-JSON, RIS,
BibTeX, biblatex, the pages' Highwire/Dublin Core tags and their schema.org JSON-LD; every CSL
item valid against the CSL data schema; RIS and BibTeX read back by other tools; the citeproc-py
patches fail loudly when upstream changes what they patch."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from lxml import html

from tei_edition.citation import cite, formats, record
from tei_edition.core.xmlio import read_tei
from support.csl import csl_errors

BASE = "https://tei-edition.example.org/lawson-2021-most-intransigent/"


@pytest.fixture(scope="module")
def tree(minimal_tei):
    return read_tei(minimal_tei)


def test_every_csl_item_of_the_master_is_valid(built_edition: Path, csl_validator):
    exports = built_edition / "exports"
    data = json.loads((exports / "citations.json").read_text())
    items = [json.loads(data["edition"]["csl-json"])[0]]
    items += [json.loads(unit["csl-json"])[0] for unit in data["units"].values()]
    assert len(items) == 1 + 94 + 3  # the edition, its 94 units and 3 sections
    items += json.loads((exports / "edition.json").read_text())
    items += json.loads((exports / "bibliography.json").read_text())
    assert csl_errors(csl_validator, items) == []


def test_the_schema_rejects_a_citation_s_label_in_an_item(tree, csl_validator):
    item = cite.csl_item(tree, cite.find_unit(tree, "m", "p2"))
    assert csl_errors(csl_validator, [item]) == []
    assert csl_errors(csl_validator, [dict(item, label="paragraph")])  # belongs to the citation
    assert csl_errors(csl_validator, [dict(item, type="online")])  # not a CSL type


def test_one_type_and_editors_as_editors_in_every_format(tree):
    unit = cite.find_unit(tree, "m", "p2")
    item = cite.csl_item(tree, unit)
    assert item["type"] == record.TYPES["csl"] == "book"
    assert item["editor"] == [{"literal": "The tei-edition editors"}]
    assert item["original-date"] == {"date-parts": [[2021, 9, 12]]}

    # ED (editor) is a RIS tag rispy's table leaves out: read it as a list like AU
    ris = rispy.loads(cite.citation(tree, "p2", "ris"), mapping={**rispy.TAG_KEY_MAPPING, "ED": "editors"},
                      list_tags=[*rispy.LIST_TYPE_TAGS, "ED"])[0]
    assert ris["type_of_reference"] == "BOOK"
    assert ris["authors"] == ["Lawson, Tommy"] and ris["editors"] == ["The tei-edition editors"]
    assert "secondary_authors" not in ris  # A2 would be the series editor of a book
    assert ris["urls"] == [BASE + "#p2"] and ris["notes"] == ["Paragraph 2"]

    bib = bibtexparser.parse_string(cite.citation(tree, "p2", "bibtex"))
    assert not bib.failed_blocks
    entry = bib.entries[0]
    fields = {f.key: f.value for f in entry.fields}
    # classic BibTeX: @book takes author or editor, not both; the standard fields only
    assert entry.entry_type == "misc"
    assert fields["author"] == "Lawson, Tommy" and fields["editor"] == "{The tei-edition editors}"
    assert "edited by The tei-edition editors" in fields["howpublished"]
    assert set(fields) <= {"author", "editor", "title", "howpublished", "year", "month", "note", "url"}

    biblatex = bibtexparser.parse_string(cite.citation(tree, "p2", "biblatex")).entries[0]
    fields = {f.key: f.value for f in biblatex.fields}
    assert biblatex.entry_type == "book"
    assert fields["editor"] == "{The tei-edition editors}" and fields["origdate"] == "2021-09-12"
    assert fields["date"] == "2026-11-27"


def test_master_record_names_the_first_publication(built_edition: Path):
    data = json.loads((built_edition / "exports" / "edition.json").read_text())[0]
    assert data["original-publisher"] == "libcom.org" and data["genre"] == "Digital scholarly edition"
    ris = rispy.loads((built_edition / "exports" / "edition.ris").read_text())[0]
    assert ris["original_publication"] == "libcom.org, 2021-09-12"
    biblatex = bibtexparser.parse_string((built_edition / "exports" / "edition-biblatex.bib").read_text())
    assert {f.key: f.value for f in biblatex.entries[0].fields}["origpublisher"] == "libcom.org"


def test_bibtex_without_both_author_and_editor_stays_a_book():
    item = {"id": "x", "type": "book", "title": "T", "author": [{"family": "A", "given": "B"}],
            "publisher": "P", "issued": {"date-parts": [[1984]]}}
    assert formats.to_bibtex(item).startswith("@book{x,")
    assert formats.to_bibtex(dict(item, editor=[{"literal": "E"}])).startswith("@misc{x,")


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 8
    return pages


def _graph(doc: html.HtmlElement) -> dict[str, dict]:
    raw = doc.xpath("string(//script[@type='application/ld+json'])")
    nodes: dict[str, dict] = {}
    for node in json.loads(raw)["@graph"]:
        nodes.setdefault(node["@id"], {}).update(node)
    return nodes


def test_every_page_carries_the_edition_s_metadata(built_edition: Path):
    item = json.loads((built_edition / "exports" / "edition.json").read_text())[0]
    base = item["URL"]
    for path in _pages(built_edition / "site"):
        doc = html.parse(str(path)).getroot()
        meta: dict[str, list[str]] = {}
        for m in doc.xpath("//meta[@name]"):
            meta.setdefault(m.get("name"), []).append(m.get("content"))
        assert meta["citation_title"] == [item["title"]], path.name
        assert meta["citation_author"] == ["Tommy Lawson"], path.name
        assert meta["citation_editor"] == [record.name_text(n) for n in item["editor"]], path.name
        assert meta["citation_publication_date"] == ["2026/11/27"] and meta["DC.date"] == ["2026-11-27"]
        assert meta["citation_public_url"] == [base] and meta["DC.identifier"] == [base]
        assert meta["og:type"] == [record.TYPES["og"]]
        page_url = base if path.name == "index.html" else base + path.name
        assert meta["og:url"] == [page_url]

        nodes = _graph(doc)
        book = nodes[base]
        # the JSON-LD agrees with the CSL record
        assert book["@type"] == record.TYPES["schema.org"]
        assert book["name"] == item["title"] and book["genre"] == item["genre"]
        assert [a["name"] for a in book["author"]] == [record.name_text(n) for n in item["author"]]
        assert [e["name"] for e in book["editor"]] == [record.name_text(n) for n in item["editor"]]
        assert book["publisher"]["name"] == item["publisher"]
        assert book["datePublished"] == record.iso_date(item["issued"])
        assert book["isBasedOn"]["publisher"]["name"] == item["original-publisher"]
        assert book["isBasedOn"]["datePublished"] == record.iso_date(item["original-date"])
        if path.name != "index.html":
            assert nodes[page_url]["@type"] == "WebPage" and nodes[page_url]["isPartOf"] == {"@id": base}


def test_the_index_lists_its_units_with_their_permalinks(built_edition: Path):
    doc = html.parse(str(built_edition / "site" / "index.html")).getroot()
    base = doc.xpath("string(//link[@rel='canonical']/@href)")
    parts = _graph(doc)[base]["hasPart"]
    assert len(parts) == 94
    assert parts[41] == {"@type": "CreativeWork", "@id": base + "#p42", "url": base + "#p42", "position": 42}


def test_citeproc_patches_match_the_pinned_upstream_source():
    """cite.py patches private methods of citeproc-py; an upgrade that changes one fails here
    (then re-check the patch against the new source and record the new hash)."""
    assert cite.upstream_sources() == cite.UPSTREAM_SOURCES


def test_the_upstream_check_notices_a_change(monkeypatch):
    import inspect

    from citeproc import model

    real = inspect.getsource(model)
    monkeypatch.setattr(inspect, "getsource", lambda obj: real.replace("return self.xpath(expression, namespaces=self.nsmap)",
                                                                     "return self.xpath(expression)"))
    assert cite.upstream_sources() != cite.UPSTREAM_SOURCES
