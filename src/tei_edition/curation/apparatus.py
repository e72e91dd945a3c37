"""The audit's account of the scholarly apparatus: works consulted and what cites them, events,
glossary, notes, interventions by kind, and what the registers still lack (`tei-edition audit`)."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from tei_edition.core.text import INTERVENTIONS, intervention_kind
from tei_edition.core.xmlio import NS

T = "{" + NS["tei"] + "}"
REGISTERS = (("persons", "person"), ("places", "place"), ("organisations", "org"))


def _xp(root: etree._Element, path: str) -> list[etree._Element]:
    found: list[etree._Element] = root.xpath(path, namespaces=NS)  # every path here selects elements
    return found


def interventions(root: etree._Element) -> Counter[str]:
    """Interventions of the text by kind (`intervention_kind`)."""
    return Counter(intervention_kind(el) for el in _xp(root, INTERVENTIONS))


def apparatus_summary(root: etree._Element) -> list[str]:
    works = _xp(root, "//tei:standOff/tei:listBibl[@type='consulted']/tei:bibl")
    by_type = Counter(b.get("type") for b in works)
    lines = ["works consulted: " + str(len(works)) + " ("
             + ", ".join(f"{t} {n}" for t, n in sorted(by_type.items())) + ")"]
    for label, tag in REGISTERS:
        entries = _xp(root, f"//tei:standOff//tei:{tag}")
        sourced = [e for e in entries if e.xpath(".//@source")]
        beyond = [e for e in entries if e.xpath("tei:note[@type='description'][@source]", namespaces=NS)]
        lines.append(f"{label}: {len(sourced)} of {len(entries)} entries cite works consulted; descriptions "
                     f"beyond the essay {len(beyond)}, restating the essay {len(entries) - len(beyond)}")
    events = _xp(root, "//tei:standOff/tei:listEvent/tei:event")
    marked = len(_xp(root, "//tei:body//tei:rs[@type='event']"))
    lines.append(f"events: {len(events)} ({sum(1 for e in events if e.get('source'))} citing works consulted, "
                 f"{sum(1 for e in events if not e.get('source'))} from the essay alone); mentions marked "
                 f"{marked}")
    items = _xp(root, "//tei:standOff/tei:list[@type='glossary']/tei:item")
    lines.append(f"glossary terms: {len(items)}; mentions marked {len(_xp(root, '//tei:body//tei:term[@ref]'))}")
    notes = Counter(n.get("type") for n in _xp(root, "//tei:body//tei:note"))
    lines.append(f"notes: {notes.get('editorial', 0)} editorial, {notes.get('commentary', 0)} commentary "
                 f"(one numbering, labels 1–{notes.get('editorial', 0) + notes.get('commentary', 0)})")
    kinds = interventions(root)
    lines.append(f"interventions: {sum(kinds.values())} (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")")
    mentioned = {r.get("ref") for r in _xp(root, "//tei:body//tei:rs[@type='event']")}
    persons = _xp(root, "//tei:standOff//tei:person")
    places = _xp(root, "//tei:standOff//tei:place")
    lacking = [
        f"life dates for {sum(1 for p in persons if not p.xpath('tei:birth or tei:death', namespaces=NS))} persons",
        f"coordinates for {sum(1 for p in places if not p.xpath('.//tei:geo', namespaces=NS))} places",
        f"an identifier or Wikipedia link for "
        f"{sum(1 for e in _xp(root, '//tei:standOff//*[self::tei:person or self::tei:place or self::tei:org]') if not e.xpath('tei:idno', namespaces=NS))} entries",
        f"a mention in the text for {sum(1 for e in events if '#' + e.xpath('string(@xml:id)') not in mentioned)} events",
    ]
    lines.append("the registers still lack: " + "; ".join(lacking))
    return lines
