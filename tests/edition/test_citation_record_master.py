"""One citation record: the same type, editors and original publication in CSL-JSON, RIS,
BibTeX, biblatex, the pages' Highwire/Dublin Core tags and their schema.org JSON-LD; every CSL
item valid against the CSL data schema; RIS and BibTeX read back by other tools; the citeproc-py
patches fail loudly when upstream changes what they patch.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_citation_record.py."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import rispy
from lxml import html

from tei_edition.citation import record
from support.csl import csl_errors


def test_every_csl_item_of_the_master_is_valid(built_edition: Path, csl_validator):
    exports = built_edition / "exports"
    data = json.loads((exports / "citations.json").read_text())
    items = [json.loads(data["edition"]["csl-json"])[0]]
    items += [json.loads(unit["csl-json"])[0] for unit in data["units"].values()]
    assert len(items) == 1 + 94 + 3  # the edition, its 94 units and 3 sections
    items += json.loads((exports / "edition.json").read_text())
    items += json.loads((exports / "bibliography.json").read_text())
    assert csl_errors(csl_validator, items) == []


def test_master_record_names_the_first_publication(built_edition: Path):
    data = json.loads((built_edition / "exports" / "edition.json").read_text())[0]
    assert data["original-publisher"] == "libcom.org" and data["genre"] == "Digital scholarly edition"
    ris = rispy.loads((built_edition / "exports" / "edition.ris").read_text())[0]
    assert ris["original_publication"] == "libcom.org, 2021-09-12"
    biblatex = bibtexparser.parse_string((built_edition / "exports" / "edition-biblatex.bib").read_text())
    assert {f.key: f.value for f in biblatex.entries[0].fields}["origpublisher"] == "libcom.org"


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
