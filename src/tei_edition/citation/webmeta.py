"""The edition's record as web-page metadata: Highwire `citation_*` tags (Google Scholar,
Zotero), Dublin Core, OpenGraph's type, and a schema.org node for JSON-LD.

Every page of the HTML edition carries these (each page has its own URL but cites the edition);
`data/xslt/html/metadata.xsl` renders them from `page_metadata()`, adding what only the
stylesheets know (the PDF's address, the page's own URL, the register entries, the units).
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from tei_edition.citation.record import (TYPES, CslItem, abstract, edition_item, family_name, iso_date, keywords, licence,
                                         name_text, source_bibl, text_of)
from tei_edition.core.xmlio import NS


def _agent(name: dict[str, str]) -> dict[str, str]:
    """schema.org Person for a personal name, Organization for a literal (corporate) one."""
    if "literal" in name:
        return {"@type": "Organization", "name": name["literal"]}
    node = {"@type": "Person", "name": name_text(name)}
    if family_name(name):
        node["familyName"] = family_name(name)
    if name.get("given"):
        node["givenName"] = name["given"]
    if name.get("suffix"):
        node["honorificSuffix"] = name["suffix"]
    return node


def schema_org(item: CslItem, tree: etree._ElementTree) -> dict[str, Any]:
    """The schema.org node of the edition (the same record as the CSL item)."""
    node: dict[str, Any] = {"@type": TYPES["schema.org"], "@id": item["URL"], "url": item["URL"],
                            "name": item["title"]}
    if item.get("genre"):
        node["genre"] = item["genre"]
    node["bookFormat"] = "https://schema.org/EBook"
    node["inLanguage"] = item["language"]
    if item.get("author"):
        node["author"] = [_agent(n) for n in item["author"]]
    if item.get("editor"):
        node["editor"] = [_agent(n) for n in item["editor"]]
    if item.get("publisher"):
        node["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if item.get("issued"):
        node["datePublished"] = iso_date(item["issued"])
    url, statement = licence(tree)
    if url or statement:
        node["license"] = url or statement
    summary = abstract(tree)
    if summary:
        node["abstract"] = summary
    terms = keywords(tree)
    if terms:
        node["keywords"] = terms
    if item.get("original-publisher") or item.get("original-date"):
        source = source_bibl(tree)
        title = text_of(source.find(".//tei:title", NS)) if source is not None else ""
        original: dict[str, Any] = {"@type": "CreativeWork", "name": title or item["title"]}
        if item.get("author"):
            original["author"] = [_agent(n) for n in item["author"]]
        if item.get("original-publisher"):
            original["publisher"] = {"@type": "Organization", "name": item["original-publisher"]}
        if item.get("original-date"):
            original["datePublished"] = iso_date(item["original-date"])
        node["isBasedOn"] = original
    return node


def page_metadata(tree: etree._ElementTree, base: str) -> str:
    """JSON for metadata.xsl: {"meta": [[name, content]…], "og": [[property, content]…],
    "jsonld": the schema.org node serialised}."""
    item = edition_item(tree, base)
    date = iso_date(item.get("issued"))
    source = source_bibl(tree)
    meta: list[list[str]] = [["citation_title", item["title"]]]
    meta += [["citation_author", name_text(n)] for n in item.get("author", [])]
    meta += [["citation_editor", name_text(n)] for n in item.get("editor", [])]
    if item.get("publisher"):
        meta.append(["citation_publisher", item["publisher"]])
    if date:
        meta.append(["citation_publication_date", date.replace("-", "/")])
    meta += [["citation_language", item["language"]], ["citation_public_url", base],
             ["citation_fulltext_html_url", base]]
    meta.append(["DC.title", item["title"]])
    meta += [["DC.creator", name_text(n)] for n in item.get("author", [])]
    meta += [["DC.contributor", name_text(n)] for n in item.get("editor", [])]
    if item.get("publisher"):
        meta.append(["DC.publisher", item["publisher"]])
    if date:
        meta.append(["DC.date", date])
    meta += [["DC.type", TYPES["dcmi"]], ["DC.format", "text/html"], ["DC.language", item["language"]],
             ["DC.identifier", base]]
    statement = licence(tree)[1]
    if statement:
        meta.append(["DC.rights", statement])
    if source is not None:
        meta.append(["DC.source", text_of(source)])
    og = [["og:type", TYPES["og"]], ["og:title", item["title"]]]
    jsonld = json.dumps(schema_org(item, tree), ensure_ascii=False, separators=(",", ":"))
    return json.dumps({"meta": meta, "og": og, "jsonld": jsonld}, ensure_ascii=False)
