"""The running text of a TEI element, as one reading: notes left out, one reading per choice;
the source reading also leaves out what the editors supplied. And the editors' interventions
in the text, with their kinds."""

from __future__ import annotations

from lxml import etree

from tei_edition.core.xmlio import NS, TEI_NS

SOURCE_READING = ("sic", "orig", "abbr")
EDITED_READING = ("corr", "reg", "expan")


def _short_head(el: etree._Element) -> bool:
    """A section's short heading: the editors' words for the print's running heads (E0225), no
    part of the section's text, its fingerprint or its citations."""
    return el.tag == f"{{{TEI_NS}}}head" and el.get("type") == "short"


def reading(el: etree._Element, prefer: tuple[str, ...],
            skip: set[etree._Element] | frozenset[etree._Element] = frozenset()) -> str:
    """Text of `el` without notes, short headings (and the elements in `skip`); inside a `choice`
    the first child named in `prefer` (else the first child). The source reading
    (prefer=SOURCE_READING) leaves out `supplied` too: the editors' addition is not the
    source's text. Whitespace is kept."""
    source = prefer == SOURCE_READING
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if child in skip or name == "note" or (source and name == "supplied") or _short_head(child):
                    pass
                elif name == "choice":
                    readings = [c for c in child if isinstance(c.tag, str)]
                    chosen = next((c for pref in prefer for c in readings
                                   if etree.QName(c).localname == pref), readings[0] if readings else None)
                    if chosen is not None:
                        walk(chosen)
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


# The editors' interventions in the text (body and reference list), in document order: every
# choice with a correction and every supplied text. The k-th is e{k} in every output
# (outputs/emendations.py; xslt/common/interventions.xsl selects the same elements).
INTERVENTIONS = "/tei:TEI/tei:text//tei:choice[tei:corr] | /tei:TEI/tei:text//tei:supplied"


def intervention_kind(el: etree._Element) -> str:
    """corr/@type for a correction ("untyped" without one); `supplied-word` or
    `supplied-punctuation` for what the editors supplied."""
    if etree.QName(el).localname == "supplied":
        return "supplied-word" if any(ch.isalnum() for ch in "".join(el.itertext())) else "supplied-punctuation"
    corr = el.find("tei:corr", NS)
    return ((corr.get("type") if corr is not None else None) or "").strip() or "untyped"
