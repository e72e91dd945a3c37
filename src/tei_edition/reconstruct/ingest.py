"""Build the draft master TEI from the raw PDF extraction and the reading-order file.

    tei-edition ingest OUT.xml [--source FILE] [--order FILE] [--plain]

``build_text`` and ``build_tei`` are pure: they take the two texts and return lxml
trees. The reading order is parsed by ``ingest_order``; the editorial markup
(citations, titles, corrections, notes, bibliography) is declared in
``ingest_markup``. ``plain=True`` gives the structure without inline markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from tei_edition.reconstruct import markup as mk
from tei_edition.reconstruct.order import Unit, build_units, parse_order
from tei_edition.core.xmlio import TEI_NS, XML_NS, safe_parser

SOURCE_NAME = "lawson-2021-most-intransigent-of-bolsheviks.txt"
ORDER_NAME = "reading-order.txt"
SOURCE_SHA256 = "591b5be56f127cc297e92ac111b09489ba1ac6d17d939e0cba5e11b98faf08cf"
T = f"{{{TEI_NS}}}"
STRUCTURAL = {"TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc",
              "text", "body", "back", "div", "listBibl"}


class IngestError(ValueError):
    """The markup rules do not fit the text (a rule matched the wrong number of times…)."""


@dataclass
class Span:
    start: int
    end: int
    open: str
    close: str
    kind: str = "wrap"   # "cite" spans block titles from being marked inside them

    @property
    def rank(self) -> int:
        """Among spans covering the same range, the outermost first: bibl, ref, title, others."""
        for i, tag in enumerate(("<bibl", "<ref", "<title")):
            if self.open.startswith(tag):
                return i
        return 3


# --- inline markup --------------------------------------------------------------

def _cite_spans(text: str, lo: int, hi: int, block: bool) -> list[Span]:
    """Spans for the citation whose parenthesised content is text[lo:hi]."""
    content = text[lo:hi]
    target, ttl, level = mk.CITATIONS[content]
    if content.count(ttl) != 1:
        raise IngestError(f"title {ttl!r} not unique in citation {content!r}")
    t0 = lo + content.index(ttl)
    spans = [Span(t0, t0 + len(ttl), f'<title level="{level}">', "</title>", "cite")]
    ref = (f'<ref target="#{target}">', "</ref>")
    if block:   # <bibl>(<ref>…</ref>)</bibl>
        spans += [Span(lo - 1, hi + 1, "<bibl>", "</bibl>", "cite"), Span(lo, hi, *ref, "cite")]
    else:       # (<bibl><ref>…</ref></bibl>)
        spans += [Span(lo, hi, "<bibl>" + ref[0], ref[1] + "</bibl>", "cite")]
    return spans


def unit_spans(unit: Unit, text: str, counts: dict[int, int]) -> list[Span]:
    """All markup spans of one essay unit; `counts` tallies the rule matches."""
    spans: list[Span] = []
    block_cite = None
    if unit.kind == "Q":
        m = re.search(r"\(([^()]*)\)\s*$", text)
        if not m or m.group(1) not in mk.CITATIONS:
            raise IngestError(f"block quotation without a known closing citation: …{text[-80:]!r}")
        block_cite = m.start()
        q_end = len(text[:block_cite].rstrip())
        spans.append(Span(0, q_end, "<quote>", "</quote>", "quote"))
        spans += _cite_spans(text, m.start(1), m.end(1), block=True)
    for m in mk.PAREN.finditer(text):
        if m.start() == block_cite:
            continue
        if m.group(1) in mk.CITATIONS:
            spans += _cite_spans(text, m.start(1), m.end(1), block=False)
        elif m.group(1) not in mk.NOT_CITATIONS:
            raise IngestError(f"unclassified parenthesis ({m.group(1)}): add it to CITATIONS or NOT_CITATIONS")
    cites = [s for s in spans if s.kind == "cite"]
    for i, rule in enumerate(mk.TITLES):
        for m in re.finditer(rule.pattern, text):
            if any(c.start < m.end() and m.start() < c.end for c in cites):
                continue
            spans.append(Span(m.start(), m.end(), rule.open, rule.close))
            counts[i] = counts.get(i, 0) + 1
    for i, rule in enumerate(mk.FIXES, len(mk.TITLES)):
        for m in re.finditer(rule.pattern, text):
            spans.append(Span(m.start(), m.end(), rule.open, rule.close))
            counts[i] = counts.get(i, 0) + 1
    return spans


def render(text: str, spans: list[Span], inserts: dict[int, list[str]]) -> str:
    """Serialise `text` with properly nested `spans` and zero-width `inserts` (XML strings)."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, s.rank))
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[Span] = []
    for pos in range(len(text) + 1):
        while stack and stack[-1].end == pos:
            out.append(stack.pop().close)
        out.extend(inserts.get(pos, []))
        for s in starts.get(pos, []):
            if stack and s.end > stack[-1].end:
                raise IngestError(f"overlapping markup at {text[s.start:s.end]!r} / {text[stack[-1].start:stack[-1].end]!r}")
            out.append(s.open)
            stack.append(s)
        if pos < len(text):
            out.append(escape(text[pos]))
    if stack:
        raise IngestError("unclosed markup")
    return "".join(out)


def _fragment(xml: str) -> etree._Element:
    wrapped = f'<wrap xmlns="{TEI_NS}">{xml}</wrap>'
    try:
        return etree.fromstring(wrapped.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"markup is not well-formed: {exc}; in {xml[:200]!r}") from None


def _fill(elem: etree._Element, xml: str) -> etree._Element:
    frag = _fragment(xml)
    elem.text = frag.text
    for child in frag:
        elem.append(child)
    return elem


def _note_xml(text: str, unit_of_line: dict[int, int]) -> str:
    def link(part: str) -> str:
        m = re.match(r"\{L(\d+)\}", part)
        assert m is not None, part  # the separators split out below
        n = unit_of_line[int(m.group(1))]
        return f'<ref target="#p{n}">¶ {n}</ref>'
    parts = re.split(r"(\{L\d+\})", text)
    return "".join(link(p) if p.startswith("{L") else escape(p) for p in parts)


# --- the <text> ------------------------------------------------------------------

def build_text(source_text: str, order_text: str, plain: bool = False) -> etree._Element:
    """The draft <text>: <body> of sections, paragraphs and block quotations, and <back>."""
    units = build_units(parse_order(order_text, source_text))
    essay = [u for u in units if u.kind in ("HEAD", "P", "Q")]
    numbers: dict[int, int] = {}
    unit_of_line: dict[int, int] = {}
    for u in essay:
        if u.kind != "HEAD":
            numbers[id(u)] = len(numbers) + 1
            for p in u.pieces:
                unit_of_line[p.line] = numbers[id(u)]

    counts: dict[int, int] = {}
    markup: dict[int, str] = {}
    note_hits = [0] * len(mk.NOTES)
    for u in essay:
        text = u.text
        if plain or u.kind == "HEAD":
            markup[id(u)] = escape(text)
            continue
        inserts: dict[int, list[str]] = {}
        for i, note in enumerate(mk.NOTES):
            for m in re.finditer(note.after, text):
                note_hits[i] += 1
                inserts.setdefault(m.end(), []).append(
                    f'<note type="editorial" resp="#editors">{_note_xml(note.text, unit_of_line)}</note>')
        markup[id(u)] = render(text, unit_spans(u, text, counts), inserts)
    if not plain:
        for i, rule in enumerate([*mk.TITLES, *mk.FIXES]):
            if counts.get(i, 0) != rule.count:
                raise IngestError(f"rule {rule.pattern!r} matched {counts.get(i, 0)} times, expected {rule.count}")
        for note, hits in zip(mk.NOTES, note_hits):
            if hits != 1:
                raise IngestError(f"note anchor {note.after!r} matched {hits} times, expected 1")

    text_el = etree.Element(T + "text")
    body = etree.SubElement(text_el, T + "body")
    div = None
    sections = 0
    for u in essay:
        if div is None or u.section != div.get(f"{{{XML_NS}}}id"):
            sections += 1
            if u.section != f"s{sections}":
                raise IngestError(f"section {u.section!r} should be s{sections}")
            div = etree.SubElement(body, T + "div", type="section", n=str(sections))
            div.set(f"{{{XML_NS}}}id", f"s{sections}")
        if u.kind == "HEAD":
            _fill(etree.SubElement(div, T + "head"), markup[id(u)])
            continue
        n = numbers[id(u)]
        el = etree.SubElement(div, T + ("p" if u.kind == "P" else "cit"), n=str(n))
        el.set(f"{{{XML_NS}}}id", f"p{n}")
        if u.kind == "Q":  # a block quotation says so, for any TEI processor (E0243)
            el.set("rend", "block")
        if u.kind == "Q" and plain:
            _fill(etree.SubElement(el, T + "quote"), markup[id(u)])
        else:
            _fill(el, markup[id(u)])
    if not plain:
        for k, note_el in enumerate(body.iter(T + "note"), 1):
            note_el.set(f"{{{XML_NS}}}id", f"n{k}")
    text_el.append(build_back(units, plain))
    return text_el


def build_back(units: list[Unit], plain: bool = False) -> etree._Element:
    back = etree.Element(T + "back")
    div = etree.SubElement(back, T + "div", type="bibliography")
    lst = None
    for u in units:
        if u.kind == "REFHEAD":
            etree.SubElement(div, T + "head").text = u.text
        elif u.kind == "LIST":
            if mk.LISTS.get(u.arg) != u.text:
                raise IngestError(f"list heading {u.text!r} does not match key {u.arg!r}")
            lst = etree.SubElement(div, T + "listBibl", type=u.arg)
            etree.SubElement(lst, T + "head").text = u.text
        elif u.kind == "ITEM":
            if lst is None:
                raise IngestError(f"bibliography item {u.arg!r} comes before any LIST")
            bibl = etree.SubElement(lst, T + "bibl")
            bibl.set(f"{{{XML_NS}}}id", u.arg)
            if plain:
                bibl.text = u.text
                continue
            _fill(bibl, mk.BIBL[u.arg])
            if plain_text(bibl) != u.text:
                raise IngestError(f"bibliography item {u.arg}: {plain_text(bibl)!r} != source {u.text!r}")
    if not plain and mk.ADDITIONS:
        lst = etree.SubElement(div, T + "listBibl", type="editorial-additions")
        etree.SubElement(lst, T + "head").text = "Works cited but not in the author's list (editorial additions)"
        for bid, xml in mk.ADDITIONS.items():
            bibl = _fill(etree.SubElement(lst, T + "bibl", resp="#editors"), xml)
            bibl.set(f"{{{XML_NS}}}id", bid)
    return back


EDITORIAL = {T + "corr", T + "supplied"}


def plain_text(elem: etree._Element) -> str:
    """The author's text of `elem`: sic readings, without corr/supplied/editorial and commentary notes."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        skip = e.tag in EDITORIAL or (e.tag == T + "note" and e.get("type") in ("editorial", "commentary"))
        if not skip and e.text:
            out.append(e.text)
        if not skip:
            for c in e:
                walk(c)
        if e.tail and e is not elem:
            out.append(e.tail)

    walk(elem)
    return "".join(out)


# --- the document -----------------------------------------------------------------

HEADER = f"""<teiHeader xmlns="{TEI_NS}">
<fileDesc>
<titleStmt>
<title type="main">The Most Intransigent of Bolsheviks</title>
<title type="sub">Gavril Miasnikov, the Workers Group and the Degeneration of the Russian Revolution</title>
<author>Tommy Lawson</author>
<editor xml:id="editors">The editors of tei-edition</editor>
</titleStmt>
<publicationStmt>
<p>Draft master document built by tei_edition.reconstruct.ingest; not yet published.</p>
</publicationStmt>
<sourceDesc>
<bibl><author>Tommy Lawson</author>, <title level="m">The Most Intransigent of Bolsheviks: Gavril Miasnikov, the Workers Group and the Degeneration of the Russian Revolution</title>, <date when="2021-09-12">September 12, 2021</date>. <note>First published on libcom.org. Transcribed from the plain-text extraction of The Anarchist Library's PDF (text retrieved from libcom.org on 4 November 2021; Anti-Copyright), source/{SOURCE_NAME} (SHA-256 {SOURCE_SHA256}), in the reading order recorded in source/{ORDER_NAME}.</note></bibl>
</sourceDesc>
</fileDesc>
</teiHeader>"""


def build_tei(source_text: str, order_text: str, plain: bool = False) -> etree._Element:
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    tei.set(f"{{{XML_NS}}}lang", "en")
    tei.append(etree.fromstring(HEADER.encode("utf-8"), safe_parser()))
    tei.append(build_text(source_text, order_text, plain))
    _indent(tei, 0)
    return tei


def _indent(elem: etree._Element, level: int) -> None:
    """Indent structural elements only; mixed content is left exactly as it is."""
    if etree.QName(elem).localname not in STRUCTURAL or (elem.text and elem.text.strip()):
        return
    children = list(elem)
    if not children:
        return
    elem.text = "\n" + "  " * (level + 1)
    for i, child in enumerate(children):
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + (1 if i < len(children) - 1 else 0))


def serialize(tei: etree._Element) -> bytes:
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8") + b"\n"
