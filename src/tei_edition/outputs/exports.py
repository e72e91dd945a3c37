"""`build/exports/`: the edition as data.

    <basename>.txt          the reading text, one citable unit a paragraph, numbered [n]
    registers.csv           persons, places, organisations, events, glossary terms (one row each),
                            with their sort keys and the works consulted their facts cite
    registers.jsonld        the same as schema.org JSON-LD; authority identifiers as `sameAs`,
                            the works consulted as `subjectOf` (exports_apparatus.py)
    sources.json            the works consulted by the editors, as CSL-JSON
    bibliography.bib        the edition's bibliography (back), classic BibTeX
    bibliography-biblatex.bib  the same for biblatex
    bibliography.json       the same as CSL-JSON
    citations.json          how to cite the edition and every unit, every style (see cite.py)
    edition.bib, edition-biblatex.bib, edition.ris, edition.json
                            the edition's own record (citation.record): BibTeX, biblatex, RIS, CSL-JSON
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.context import StageContext
from tei_edition.citation.formats import to_biblatex, to_bibtex
from tei_edition.citation.record import (CslItem, base_url, csl_name as _name, date_parts as _date_parts, given_first,
                                         initial, inverted_name, name_kind, name_word, without_empty_names)
from tei_edition.citation.units import citable_units
from tei_edition.core.xmlio import NS, XML_NS
from tei_edition.core.text import EDITED_READING, reading
from tei_edition.outputs.exports_apparatus import (RegisterEntry, event_entries, glossary_entries, sources_of,
                                                   works_consulted)

XML_ID = f"{{{XML_NS}}}id"
AUTHORITY_URIS = {
    "wikidata": "https://www.wikidata.org/entity/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "geonames": "https://www.geonames.org/{}",
    "gnd": "https://d-nb.info/gnd/{}",
    "orcid": "https://orcid.org/{}",
    "isni": "https://isni.org/isni/{}",
    "loc": "https://id.loc.gov/authorities/names/{}",
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def reading_text(el: etree._Element) -> str:
    """The edited reading: notes left out, in a choice the editor's reading (corr/reg/expan)."""
    return _flat(reading(el, EDITED_READING))


def plain_text(tree: etree._ElementTree, path: str, base: str) -> str:
    root = tree.getroot()
    fd = root.find("tei:teiHeader/tei:fileDesc", NS)
    assert fd is not None  # a valid master has its fileDesc
    lines = []
    for t in fd.findall("tei:titleStmt/tei:title", NS):
        if t.get("type") != "short":  # for the print's running heads (as a section's short head)
            lines.append(reading_text(t))  # the edited reading, as the record names the edition
    for a in fd.findall("tei:titleStmt/tei:author", NS):
        if author := reading_text(a):  # an empty author is no line (the header ends at the first blank)
            lines.append(author)
    lines.append(base)
    lines.append("")
    current_section = None
    for unit in citable_units(tree, path):
        section = unit.section_element
        if section is not None and section is not current_section:
            current_section = section
            head = section.find("tei:head", NS)
            if head is not None:
                lines += ["", reading_text(head), ""]
        n = unit.n
        if etree.QName(unit.element).localname == "cit":
            quote = unit.element.find("tei:quote", NS)
            bibl = unit.element.find("tei:bibl", NS)
            text = "    " + reading_text(quote if quote is not None else unit.element)
            if bibl is not None:
                text += " " + reading_text(bibl)
            lines.append(f"[{n}] {text.strip()}")
        else:
            lines.append(f"[{n}] {reading_text(unit.element)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- registers ------------------------------------------------------------------------------

def _authority_uris(entry: etree._Element) -> list[str]:
    uris = []
    for idno in entry.findall("tei:idno", NS):
        value = _flat(idno.text or "")
        kind = (idno.get("type") or "").lower()
        if re.match(r"^https?://", value):
            uris.append(value)
        elif kind in AUTHORITY_URIS and value:
            uris.append(AUTHORITY_URIS[kind].format(value))
    for ptr in entry.findall("tei:ptr[@target]", NS) + entry.findall("tei:ref[@target]", NS):
        if (target := ptr.get("target")) and re.match(r"^https?://", target):
            uris.append(target)
    same = entry.get("sameAs")
    if same:
        uris += [u for u in same.split() if re.match(r"^https?://", u)]
    return list(dict.fromkeys(uris))


REGISTER_KINDS = (("person", "persName", "Person"), ("place", "placeName", "Place"), ("org", "orgName", "Organization"))


def register_entries(tree: etree._ElementTree) -> list[RegisterEntry]:
    entries: list[RegisterEntry] = []
    root = tree.getroot()
    for kind, name_el, _ in REGISTER_KINDS:
        for entry in root.iter(f"{{{NS['tei']}}}{kind}"):
            ident = entry.get(XML_ID)
            if not ident:
                continue
            names = [reading_text(n) for n in entry.findall(f"tei:{name_el}", NS)]  # a choice: its corr
            preferred = [n for n, el in zip(names, entry.findall(f"tei:{name_el}", NS)) if el.get("type") != "variant"]
            name = preferred[0] if preferred else (names[0] if names else ident)
            notes = [reading_text(n) for n in entry.findall("tei:note", NS) if n.get("type") != "source"]
            birth, death = entry.find("tei:birth", NS), entry.find("tei:death", NS)
            geo = entry.find(".//tei:geo", NS)
            entries.append({
                "id": ident, "kind": kind, "name": name,
                "variants": [n for n in names if n != name],
                "birth": (birth.get("when") or "") if birth is not None else "",
                "death": (death.get("when") or "") if death is not None else "",
                "geo": _flat(geo.text or "") if geo is not None else "",
                "sameAs": _authority_uris(entry),
                "note": " ".join(notes),
                "sortKey": entry.get("sortKey", ""), "sources": sources_of(entry),
            })
    return entries + event_entries(tree) + glossary_entries(tree)


CSV_COLUMNS = ["id", "kind", "name", "variants", "birth", "death", "geo", "sameAs", "note", "sortKey",
               "when", "from", "to", "notBefore", "notAfter", "places", "participants", "sources"]


def registers_csv(entries: list[RegisterEntry]) -> str:
    """One row an entry; lists joined by spaces (variants by " | "); an event's dates as the
    TEI gives them (ISO 8601 in when, from/to, notBefore/notAfter)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in entries:
        dating = e.get("dating", {})
        w.writerow([e["id"], e["kind"], e["name"], " | ".join(e.get("variants", [])), e.get("birth", ""),
                    e.get("death", ""), e.get("geo", ""), " ".join(e.get("sameAs", [])), e["note"], e.get("sortKey", ""),
                    *(dating.get(k, "") for k in ("when", "from", "to", "notBefore", "notAfter")),
                    " ".join(e.get("places", [])), " ".join(e.get("participants", [])), " ".join(e.get("sources", []))])
    return buf.getvalue()


def registers_jsonld(entries: list[RegisterEntry], base: str, works: list[CslItem] | None = None) -> str:
    types = {k: t for k, _, t in REGISTER_KINDS} | {"event": "Event", "term": "DefinedTerm"}
    root = base.split('#', 1)[0]
    graph = []
    for e in entries:
        node: dict[str, Any] = {"@id": f"{root}#{e['id']}", "@type": types[e["kind"]], "identifier": e["id"],
                "name": e["name"]}
        if e.get("variants"):
            node["alternateName"] = e["variants"]
        if e.get("birth"):
            node["birthDate" if e["kind"] == "person" else "foundingDate"] = e["birth"]
        if e.get("death"):
            node["deathDate" if e["kind"] == "person" else "dissolutionDate"] = e["death"]
        dating = e.get("dating", {})
        if dating.get("when") or dating.get("from"):
            node["startDate"] = dating.get("when") or dating["from"]
        if dating.get("when") or dating.get("to"):
            node["endDate"] = dating.get("when") or dating["to"]
        if e.get("places"):
            node["location"] = [{"@id": f"{root}#{p}"} for p in e["places"]]
        if e.get("participants"):
            node["attendee"] = [{"@id": f"{root}#{p}"} for p in e["participants"]]
        if e.get("geo"):
            parts = e["geo"].replace(",", " ").split()
            if len(parts) == 2:
                node["geo"] = {"@type": "GeoCoordinates", "latitude": parts[0], "longitude": parts[1]}
        if e["note"]:
            node["description"] = e["note"]
        if e.get("sameAs"):
            node["sameAs"] = e["sameAs"]
        if e.get("sources"):
            node["subjectOf"] = [{"@id": f"{root}#{s}"} for s in e["sources"]]
        graph.append(node)
    for work in works or []:
        node = {"@id": f"{root}#{work['id']}", "@type": "CreativeWork", "identifier": work["id"], "name": work["title"]}
        if work.get("URL"):
            node["url"] = work["URL"]
        graph.append(node)
    doc = {"@context": "https://schema.org/", "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# --- bibliography ---------------------------------------------------------------------------

def bibl_items(tree: etree._ElementTree) -> list[CslItem]:
    items = []
    for bibl in tree.getroot().findall(".//tei:back//tei:listBibl/tei:bibl", NS):
        ident = bibl.get(XML_ID)
        if not ident:
            continue
        titles = {t.get("level"): reading_text(t) for t in bibl.findall("tei:title", NS)}
        item: CslItem = {"id": ident}
        if "a" in titles:
            item["type"] = "article-journal" if "j" in titles else "article"
            item["title"] = titles["a"]
            if "j" in titles:
                item["container-title"] = titles["j"]
        elif "m" in titles:
            item["type"] = "book"
            item["title"] = titles["m"]
        elif "j" in titles:
            item["type"] = "periodical"
            item["title"] = titles["j"]
        else:
            item["type"] = "document"
            item["title"] = reading_text(bibl)
        authors = []
        for a in bibl.findall("tei:author", NS):
            authors.append(_person_name(a))
        if authors:
            item["author"] = authors
        date = bibl.find("tei:date", NS)
        if date is not None and _date_parts(date.get("when")):
            item["issued"] = _date_parts(date.get("when"))
        for tag, key in (("publisher", "publisher"), ("pubPlace", "publisher-place")):
            el = bibl.find(f"tei:{tag}", NS)
            if el is not None:
                item[key] = reading_text(el)
        scope = bibl.find("tei:biblScope", NS)
        if scope is not None:
            item["page" if scope.get("unit") == "page" else "number"] = reading_text(scope)
        ptr = bibl.find("tei:ptr[@target]", NS)
        if ptr is not None:
            item["URL"] = ptr.get("target")
        note = bibl.find("tei:note", NS)
        if note is not None:
            item["note"] = reading_text(note)
        items.append(without_empty_names(item))
    return items


def _person_name(el: etree._Element) -> dict[str, str]:
    """CSL name of a bibl's author: as `csl_name` when the TEI says person or body (persName,
    orgName, @ref); "Given Family" when the reading is two or more capitalised words but "The …"
    (a body, as `csl_name` reads it: "The Editors" was family "Editors", given "The"), of which at
    most three are not initials, a particle aside and a family name such as "Du Bois" one word
    ("Marcel van der Linden", "Ursula K. Le Guin", "W. E. B. Du Bois"); otherwise (an
    organisation, a single name, "Tregubova; Starikov") a literal."""
    if name_kind(el) is not None:
        return _name(el)
    inverted = inverted_name(reading_text(el))
    if inverted:
        return inverted
    words = reading_text(el).split()
    if len(words) >= 2 and words[0].lower() != "the":
        name = given_first(words)
        others = [*name.get("given", "").split(), name["family"], *name.get("suffix", "").split()]
        full = [w for w in others if not initial(w)]
        spelt = [*name.get("given", "").split(), *name["family"].replace(" y ", " ").split(), *name.get("suffix", "").split()]
        if len(others) >= 2 and len(full) <= 3 and all(name_word(w) for w in spelt):  # "Ortega y Gasset": "y" aside
            return name
    return {"literal": " ".join(words)}


# --- the stage ------------------------------------------------------------------------------

def write_exports(out: Path, tree: etree._ElementTree, path: str, base: str | None = None) -> list[Path]:
    from tei_edition.citation.cite import all_units, csl_item
    from tei_edition.citation.formats import WRITERS

    folder = out / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    base = base or base_url(tree)
    entries = register_entries(tree)
    items = bibl_items(tree)
    works = works_consulted(tree)
    outputs = {
        f"{paths.BASENAME}.txt": plain_text(tree, path, base),
        "registers.csv": registers_csv(entries),
        "registers.jsonld": registers_jsonld(entries, base, works),
        "bibliography.bib": "".join(to_bibtex(i) + "\n" for i in items),
        "bibliography-biblatex.bib": "".join(to_biblatex(i) + "\n" for i in items),
        "bibliography.json": json.dumps(items, ensure_ascii=False, indent=1) + "\n",
        "sources.json": json.dumps(works, ensure_ascii=False, indent=1) + "\n",
        "citations.json": json.dumps(all_units(tree, base, path), ensure_ascii=False, indent=1) + "\n",
    }
    record = csl_item(tree, None, base)
    for name, style in (("edition.bib", "bibtex"), ("edition-biblatex.bib", "biblatex"), ("edition.ris", "ris"),
                        ("edition.json", "csl-json")):
        outputs[name] = WRITERS[style](record, None)
    written = []
    for name, text in outputs.items():
        target = folder / name
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)
    return written


def build_exports(ctx: StageContext) -> None:
    write_exports(ctx.out, ctx.tree, str(ctx.master), ctx.base_url)
