"""The list of emendations: every intervention of the editors in the text, computed here and
only rendered by `xslt/html/emendations.xsl` (web edition and EPUB) and `xslt/pdf/apparatus.xsl`.

An intervention is a `choice` with a `corr` (a correction, its kind in `corr/@type`) or a
`supplied` (a missing word or mark), in `text` (body and reference list), numbered 1…N in
document order: `e{k}` is its row on emendations.html and its sign ° in the text
(`core.text.INTERVENTIONS`; `c:interventions` in xslt/common/interventions.xsl counts the
same elements in the same order). For each: its kind (`core.text.intervention_kind`), its citable unit (or the bibliography entry or section it is in), the source's
reading and the edition's, each with the word it touches and one word of context where the
intervention is a whole word, and the note right after it, if any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from tei_edition.citation.units import CitableUnit
from tei_edition.core import memo
from tei_edition.core.text import INTERVENTIONS, intervention_kind
from tei_edition.core.xmlio import NS, XML_NS, TEI_NS

EMENDATIONS_NS = "urn:tei-edition:emendations"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
_BLOCKS = {T + "p", T + "cit", T + "head", T + "bibl", T + "item", T + "l"}
_WORD_END = re.compile(r"(\S*)$")
_WORD_START = re.compile(r"^(\S*)")


@dataclass
class _Span:
    source: tuple[int, int]
    edition: tuple[int, int]


@dataclass
class Emendation:
    id: str  # e5
    kind: str  # corr/@type, or supplied-word / supplied-punctuation
    source: tuple[str, str, str]  # the source's reading, with the words before and after it
    edition: tuple[str, str, str]  # the edition's reading, likewise
    unit: CitableUnit | None
    entry: str | None  # xml:id of the bibliography entry (an intervention in the reference list)
    section: str | None  # xml:id of the section (an intervention in a heading)
    note: str | None  # xml:id of the note right after it


def _readings(block: etree._Element) -> tuple[str, str, dict[etree._Element, _Span]]:
    """The block's source and edition readings (notes and deletions left out) and where each
    intervention inside it lies in both."""
    src: list[str] = []
    ed: list[str] = []
    spans: dict[etree._Element, _Span] = {}

    def length(parts: list[str]) -> int:
        return sum(map(len, parts))

    def walk(e: etree._Element, into_source: bool, into_edition: bool) -> None:
        def add(text: str | None) -> None:
            if text:
                if into_source:
                    src.append(text)
                if into_edition:
                    ed.append(text)

        add(e.text)
        for child in e:
            if isinstance(child.tag, str) and child.tag not in (T + "note", T + "del"):
                start = (length(src), length(ed))
                if child.tag == T + "choice":
                    for reading in child:
                        name = etree.QName(reading).localname if isinstance(reading.tag, str) else ""
                        if name in ("sic", "orig", "abbr"):
                            walk(reading, into_source, False)
                        elif name in ("corr", "reg", "expan"):
                            walk(reading, False, into_edition)
                elif child.tag == T + "supplied":
                    walk(child, False, into_edition)
                else:
                    walk(child, into_source, into_edition)
                if child.tag == T + "supplied" or (child.tag == T + "choice" and child.find("tei:corr", NS) is not None):
                    spans[child] = _Span((start[0], length(src)), (start[1], length(ed)))
            add(child.tail)

    walk(block, True, True)
    return "".join(src), "".join(ed), spans


def _matched(m: re.Match[str] | None, group: int) -> str:
    """A group of a match that cannot fail: the patterns of `_in_context` match the empty string."""
    assert m is not None
    return m.group(group)


def _in_context(text: str, start: int, end: int, whole_before: bool, whole_after: bool) -> tuple[str, str, str]:
    """The intervention's reading and the rest of the words it touches (before, reading,
    after); a whole word gets one word of context on each side. Spaces are normalised."""
    before, after = text[:start], text[end:]
    head = _matched(_WORD_END.search(before), 1)
    tail = _matched(_WORD_START.match(after), 1)
    if whole_before:
        head = _matched(re.search(r"(\S+\s+)?$", before), 0)
    if whole_after:
        tail = _matched(re.match(r"^(\s*\S+)?", after), 0)
    return _spaced(head).lstrip(), _spaced(text[start:end]), _spaced(tail).rstrip()


def _spaced(s: str) -> str:
    """Runs of spaces as one space, kept at the edges."""
    return re.sub(r"\s+", " ", s)


def _note_after(el: etree._Element, block: etree._Element) -> str | None:
    """The note right after the intervention (or after the names that hold it), with nothing but
    spaces and punctuation between."""
    current = el
    while True:
        if current.tail and any(ch.isalnum() for ch in current.tail):
            return None
        nxt = current.getnext()
        if nxt is not None:
            return nxt.get(XML_ID) if nxt.tag == T + "note" else None
        parent = current.getparent()
        if parent is None or parent is block:
            return None
        current = parent


@memo.of_tree(key=lambda units: tuple(u.anchor for u in units))
def emendations(tree: etree._ElementTree, units: list[CitableUnit]) -> list[Emendation]:
    root = tree.getroot()
    unit_of = {u.element: u for u in units}
    measured: dict[etree._Element, tuple[str, str, dict[etree._Element, _Span]]] = {}
    rows = []
    for k, el in enumerate(root.xpath(INTERVENTIONS, namespaces=NS), start=1):
        ancestors = list(el.iterancestors())
        block = next((a for a in ancestors if a in unit_of), None)
        if block is None:
            block = next((a for a in ancestors if a.tag in _BLOCKS), el.getparent())
        if block not in measured:
            measured[block] = _readings(block)
        src, ed, spans = measured[block]
        span = spans[el]
        at_word_start = span.source[0] == 0 or src[span.source[0] - 1].isspace()
        at_word_end = span.source[1] == len(src) or src[span.source[1]].isspace() or src[span.source[1]] in ".,;:!?)"
        bibl = next((a for a in ancestors if a.tag == T + "bibl" and a.get(XML_ID) and a.xpath("ancestor::tei:back", namespaces=NS)), None)
        section = next((a.get(XML_ID) for a in ancestors if a.tag == T + "div" and a.get(XML_ID)), None)
        unit = next((unit_of[a] for a in ancestors if a in unit_of), None)
        rows.append(Emendation(
            id=f"e{k}", kind=intervention_kind(el),
            source=_in_context(src, *span.source, at_word_start, at_word_end),
            edition=_in_context(ed, *span.edition, at_word_start, at_word_end),
            unit=unit, entry=bibl.get(XML_ID) if bibl is not None and unit is None else None,
            section=section if unit is None else None, note=_note_after(el, block)))
    return rows


def emendations_document(rows: list[Emendation]) -> etree._Element:
    """`<emendations xmlns="urn:tei-edition:emendations"><emendation id kind unit n …>`, each with
    `<source>` and `<edition>`, each of them `<before/><reading/><after/>`."""
    root = etree.Element(f"{{{EMENDATIONS_NS}}}emendations", nsmap={None: EMENDATIONS_NS})
    root.set("count", str(len(rows)))
    for row in rows:
        el = etree.SubElement(root, f"{{{EMENDATIONS_NS}}}emendation", id=row.id, kind=row.kind)
        if row.unit is not None:
            el.set("unit", row.unit.anchor)
            el.set("n", row.unit.n)
        for key, value in (("entry", row.entry), ("section", row.section), ("note", row.note)):
            if value:
                el.set(key, value)
        for part in ("source", "edition"):
            reading = etree.SubElement(el, f"{{{EMENDATIONS_NS}}}{part}")
            for name, text in zip(("before", "reading", "after"), getattr(row, part)):
                etree.SubElement(reading, f"{{{EMENDATIONS_NS}}}{name}").text = text
    return root
