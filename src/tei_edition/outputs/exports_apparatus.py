"""The scholarly apparatus as data, for `build/exports/` (written by `exports.py`):

- the register of events (`standOff/listEvent`) and the glossary (`list[@type='glossary']`) as rows
  of `registers.csv` and nodes of `registers.jsonld` (schema.org `Event`, `DefinedTerm`), beside
  persons, places and organisations;
- the sources of every entry: the works consulted its facts cite (`@source`, ids without `#`,
  in the CSV; `subjectOf` in the JSON-LD, whose graph holds those works too);
- the works consulted by the editors (`standOff/listBibl[@type='consulted']`) as CSL-JSON
  (`sources.json`), each with its address (`URL`), the day it was read (`accessed`) and its
  type among the edition's seven (`genre`); authors as the edition's record reads them where
  the TEI or the text says a person (`_csl_name`), else as literals.
"""

from __future__ import annotations

import re
from typing import Required, TypedDict

from lxml import etree

from tei_edition.citation.record import (CslItem, csl_name, date_parts, given_first, inverted_name, name_kind, said_person,
                                         without_empty_names)
from tei_edition.core.text import EDITED_READING, reading
from tei_edition.core.xmlio import NS, XML_NS

XML_ID = f"{{{XML_NS}}}id"
DATING = ("when", "from", "to", "notBefore", "notAfter")


class RegisterEntry(TypedDict, total=False):
    """An entry of the registers' exports: a person, place or organisation, an event or a term."""
    id: Required[str]
    kind: Required[str]   # person, place, org, event, term
    name: Required[str]
    note: Required[str]
    sortKey: Required[str]
    sources: Required[list[str]]
    variants: list[str]   # persons, places, organisations
    birth: str
    death: str
    geo: str
    sameAs: list[str]
    type: str             # events
    dating: dict[str, str]
    places: list[str]
    participants: list[str]
    corresp: list[str]    # events and terms
# The CSL type of each kind of work consulted (the schema's closed list).
CSL_TYPES = {"wikipedia": "entry-encyclopedia", "reference": "entry-encyclopedia", "authority": "entry",
             "wikidata": "dataset", "geonames": "dataset", "archive": "document"}
GENRES = {"wikipedia": "Wikipedia article", "reference": "reference work", "authority": "authority record",
          "wikidata": "Wikidata item", "geonames": "GeoNames record", "archive": "primary-source archive document",
          "scholarship": "scholarship"}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _text(el: etree._Element | None, skip: etree._Element | None = None) -> str:
    """Reading text of `el` (without `skip`): notes left out, in a choice the edition's reading."""
    return _flat(reading(el, EDITED_READING, {skip} if skip is not None else frozenset())) if el is not None else ""


def _ids(pointers: str | None) -> list[str]:
    return [p[1:] for p in (pointers or "").split() if p.startswith("#")]


def sources_of(entry: etree._Element) -> list[str]:
    """The works consulted that an entry's facts cite: its own @source and its parts', in order."""
    found = [i for el in entry.iter() if isinstance(el.tag, str) for i in _ids(el.get("source"))]
    return list(dict.fromkeys(found))


def event_entries(tree: etree._ElementTree) -> list[RegisterEntry]:
    entries: list[RegisterEntry] = []
    for event in tree.getroot().iterfind(".//tei:standOff//tei:listEvent/tei:event", NS):
        ident = event.get(XML_ID)
        if not ident:
            continue
        participants = [i for ptr in event.iterfind("tei:ptr[@type='participant']", NS) for i in _ids(ptr.get("target"))]
        entries.append({
            "id": ident, "kind": "event", "name": _text(event.find("tei:label", NS)) or ident,
            "type": event.get("type", ""), "sortKey": event.get("sortKey", ""),
            "dating": {k: v for k, v in ((k, event.get(k)) for k in DATING) if v},
            "places": _ids(event.get("where")), "participants": list(dict.fromkeys(participants)),
            "note": _text(event.find("tei:desc", NS)), "sources": sources_of(event),
            "corresp": _ids(event.get("corresp")),
        })
    return entries


def glossary_entries(tree: etree._ElementTree) -> list[RegisterEntry]:
    entries: list[RegisterEntry] = []
    for item in tree.getroot().iterfind(".//tei:list[@type='glossary']/tei:item", NS):
        label = item.getprevious()
        label = label if label is not None and label.tag == f"{{{NS['tei']}}}label" else None
        ident = item.get(XML_ID) or (label.get(XML_ID) if label is not None else None)
        if not ident:
            continue
        term = item.find("tei:term", NS)
        gloss = item.find("tei:gloss", NS)
        entries.append({
            "id": ident, "kind": "term", "name": _text(label if label is not None else term) or ident,
            "sortKey": item.get("sortKey", ""),
            "note": _text(gloss) if gloss is not None else _text(item, skip=term),
            "sources": sources_of(item), "corresp": _ids(item.get("corresp")),
        })
    return entries


# --- the works consulted ----------------------------------------------------------------------

def _csl_name(el: etree._Element) -> dict[str, str]:
    """An author of a work consulted (a person or an issuing body), read as the edition's record
    reads it where the TEI says which (`name_kind`: persName, orgName, @ref); in plain text a
    person only where the text says so, written family first ("Lawson, Tommy") or with an initial
    ("V. I. Lenin", `said_person`); else, as "Cambridge University Library" or "Orlando Figes"
    (which look alike), a literal."""
    if name_kind(el) is not None:
        return csl_name(el)
    text = _text(el)
    name = inverted_name(text)
    if name is None and len(text.split()) >= 2 and not text.lower().startswith("the "):
        name = given_first(text.split())
        name = name if said_person(name) else None
    return name or {"literal": text}


def works_consulted(tree: etree._ElementTree) -> list[CslItem]:
    """The works consulted by the editors as CSL-JSON items, in the list's order."""
    items = []
    for bibl in tree.getroot().iterfind(".//tei:standOff/tei:listBibl[@type='consulted']/tei:bibl", NS):
        ident = bibl.get(XML_ID)
        if not ident:
            continue
        kind = bibl.get("type", "")
        article = _text(bibl.find("tei:title[@level='a']", NS))
        work = _text(bibl.find("tei:title[@level='m']", NS))
        item: CslItem = {"id": ident,
                      "type": CSL_TYPES.get(kind) or ("article" if article else "book"),
                      "title": article or work}
        if article and work:
            item["container-title"] = work
        authors = [_csl_name(a) for a in bibl.findall("tei:author", NS)]
        if authors:
            item["author"] = authors
        for tag, key in (("publisher", "publisher"), ("edition", "edition")):
            value = _text(bibl.find(f"tei:{tag}", NS))
            if value:
                item[key] = value
        scope = bibl.find("tei:biblScope", NS)
        if scope is not None and _text(scope):
            item["page" if scope.get("unit") == "page" else "volume" if scope.get("unit") == "volume" else "number"] = _text(scope)
        ptr = bibl.find("tei:ptr[@target]", NS)
        if ptr is not None and re.match(r"^https?://", ptr.get("target", "")):
            item["URL"] = ptr.get("target")
        accessed = bibl.find("tei:date[@type='accessed']", NS)
        if accessed is not None and date_parts(accessed.get("when")):
            item["accessed"] = date_parts(accessed.get("when"))
        if kind in GENRES:
            item["genre"] = GENRES[kind]
        items.append(without_empty_names(item))
    return items
