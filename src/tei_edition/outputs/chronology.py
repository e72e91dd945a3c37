"""The chronology's rows, computed here and only rendered by `xslt/html/chronology.xsl`.

A row is one dated thing placed in time, of one of two kinds:

- a date of the text (`kind="text"`): each `date` of the body (not in a note) with a valid
  `@when`, `@from`/`@to` or `@notBefore`/`@notAfter`, with its wording, its sentence
  (`Context`, from the text a reader sees: `reading_text.py`), the register entries named there
  (or, if none, in its paragraph), its citable
  unit and the editorial note that questions it;
- an event of the register of events (`kind="event"`, `event_rows`): each `event` with valid
  dating attributes, with its places and participants as the entries it names; the stylesheet
  gives its name, description and the paragraphs that mention it from the TEI.

Sorting (a date of the text before an event of the same start), grouping by year and the
timeline (`timeline.py`) work on any row.

The result reaches the stylesheet as one document (`chronology_document`): the rows sorted
and grouped by year, and the timeline's geometry. The stylesheet looks up what other pages
also show (register names and kinds, note numbers, readable dates) in the TEI itself.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator

from lxml import etree

from tei_edition.citation.units import CitableUnit
from tei_edition.core.xmlio import TEI_NS, XML_NS
from tei_edition.outputs import timeline
from tei_edition.outputs.reading_text import (TextNode, letter_or_digit, normalize_space, reading_texts,
                                                sentence_stops, text_keys, words)

CHRONOLOGY_NS = timeline.NS
T = f"{{{TEI_NS}}}"
DATING = ("when", "from", "to", "notBefore", "notAfter")  # att.datable, as written
ENTRY_TAGS = {T + "person", T + "personGrp", T + "place", T + "org"}
NAME_TAGS = {T + "persName", T + "placeName", T + "orgName", T + "name"}
CONTEXT_WORDS = 12  # words of the sentence kept on each side of the date
KINDS = ("text", "event")  # the kinds of row, in the order rows of one start are listed
_NCNAME = re.compile(r"[^\W\d][\w.\-]*")


@dataclass(frozen=True)
class Context:
    """The sentence around a date: what comes before it, its own words, what comes after
    (before and after cut to CONTEXT_WORDS words, with an ellipsis where words were cut)."""

    before: str
    text: str
    after: str


@dataclass
class Row:
    id: str  # on the page: d3 (the third date of the text)
    kind: str  # "text": a date of the text; "event": an event of the register of events
    order: int  # reading order among the rows of its kind: ties of equal starts keep it
    start: str  # ISO 8601 bounds, each of its own precision
    end: str
    dating: dict[str, str] = field(default_factory=dict)  # the attributes the readable date is made from
    context: Context | None = None
    unit: CitableUnit | None = None
    section: str | None = None  # xml:id of the section (for a date outside any unit)
    note: str | None = None  # xml:id of the editorial note that questions it
    scope: str = "sentence"  # where `named` was found: "sentence" or "paragraph"
    named: list[str] = field(default_factory=list)  # xml:ids of register entries
    event: str | None = None  # xml:id of the event (kind "event")

    @cached_property
    def year(self) -> int:
        return iso_year(self.start)

    @cached_property
    def end_year(self) -> int:
        return iso_year(self.end)

    def sort_key(self) -> tuple[int, str, int, int]:
        """By start: year, then month and day (a bare year before its months), then the text's
        dates before the events, then reading (or register) order."""
        rank = KINDS.index(self.kind) if self.kind in KINDS else len(KINDS)
        return self.year, re.sub(r"^-?[0-9]{4}", "", self.start), rank, self.order


# --- dates ---------------------------------------------------------------------------------

def iso_date(value: str | None) -> bool:
    """An ISO 8601 date of year, month or day precision that exists (a year may be negative)."""
    if value is None:
        return False
    m = re.fullmatch(r"(-?[0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not m:
        return False
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    return day is None or 1 <= int(day) <= _days_in(year, int(month))


def _days_in(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)  # proleptic, year 0 = 1 BCE
    return 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]


def iso_year(value: str) -> int:
    year = re.match(r"-?[0-9]{4}", value)
    assert year is not None  # value is a valid ISO date (iso_date)
    return int(year.group(0))


def date_bounds(el: etree._Element) -> tuple[str, str] | None:
    """The first and last day a dating element can mean: @when, else @from/@to, else
    @notBefore/@notAfter; one bound stands for both when the other is missing."""
    start = next((v for v in map(el.get, ("when", "from", "notBefore")) if iso_date(v)), None)
    end = next((v for v in map(el.get, ("when", "to", "notAfter")) if iso_date(v)), None)
    if start is None:
        return None if end is None else (end, end)
    return start, (end or start)


# --- rows of the text's dates ----------------------------------------------------------------

@dataclass
class _Container:
    """A paragraph (or heading) in which dates are placed: its text measured once."""

    texts: list[TextNode]
    at: dict[tuple[etree._Element, bool], int]
    full: str
    ends: list[int]
    starts: list[int]
    names: list[tuple[list[str], int, int]]  # (entry ids, from, to) of each name marked there

    @classmethod
    def of(cls, el: etree._Element, by_id: dict[str, etree._Element]) -> _Container:
        texts = reading_texts(el)
        at: dict[tuple[etree._Element, bool], int] = {}
        pos = 0
        for t in texts:
            at[t.key] = pos
            pos += len(t.value)
        length = {at[t.key]: len(t.value) for t in texts}  # texts are never empty: one per offset
        full = "".join(t.value for t in texts)
        ends, starts = sentence_stops(full)
        names = []
        for name in el.iterdescendants(*NAME_TAGS):
            if name.get("ref") is None or any(a.tag == T + "note" for a in name.iterancestors()):
                continue
            own = sorted(at[k] for k in text_keys(name) if k in at)
            entries = [i for i in _local_ids(name.get("ref", "")) if by_id.get(i) is not None
                       and by_id[i].tag in ENTRY_TAGS]
            if own and entries:
                names.append((entries, own[0], own[-1] + length[own[-1]]))
        return cls(texts, at, full, ends, starts, names)


def _local_ids(pointer: str) -> list[str]:
    return [p[1:] for p in normalize_space(pointer).split(" ") if p.startswith("#") and _NCNAME.fullmatch(p[1:])]


def _note_after(date: etree._Element) -> str | None:
    """The editorial note right after a date (only spaces or punctuation between)."""
    if date.tail and any(letter_or_digit(ch) for ch in date.tail):
        return None
    nxt = date.getnext()
    if nxt is not None and nxt.tag == T + "note" and nxt.get("type") == "editorial":
        return nxt.get(f"{{{XML_NS}}}id")
    return None


def text_rows(tree: etree._ElementTree, units: list[CitableUnit]) -> list[Row]:
    """A row for every date of the body (not in a note) with valid bounds, in reading order."""
    root = tree.getroot()
    by_id: dict[str, etree._Element] = {}
    order: dict[etree._Element, int] = {}
    for i, el in enumerate(root.iter()):
        order[el] = i
        xml_id = el.get(f"{{{XML_NS}}}id")
        if xml_id:
            by_id.setdefault(xml_id, el)
    unit_of = {u.element: u for u in units}
    containers: dict[etree._Element, _Container] = {}
    rows: list[Row] = []
    for date in _body_dates(root):
        bounds = date_bounds(date)
        if bounds is None:
            continue
        unit = next((unit_of[a] for a in (date, *date.iterancestors()) if a in unit_of), None)
        head = next((a for a in date.iterancestors(T + "head")), None)
        where = unit.element if unit else head if head is not None else date.getparent()
        if where is None:
            continue
        if where not in containers:
            containers[where] = _Container.of(where, by_id)
        rows.append(_text_row(date, bounds, len(rows) + 1, containers[where], unit, order))
    return rows


def _body_dates(root: etree._Element) -> Iterator[etree._Element]:
    for body in root.iterfind(f"{T}text/{T}body"):
        for date in body.iter(T + "date"):
            if not any(a.tag == T + "note" for a in date.iterancestors()):
                yield date


def _text_row(date: etree._Element, bounds: tuple[str, str], n: int, c: _Container,
              unit: CitableUnit | None, order: dict[etree._Element, int]) -> Row:
    own = reading_texts(date)
    text = "".join(t.value for t in own)
    b = c.at[own[0].key] if own else sum(len(t.value) for t in c.texts if _precedes(t, date, order))
    e = b + len(text)
    start = max([0, *(s for s in c.starts if s <= b)])
    stop = min([len(c.full), *(x for x in c.ends if x >= e)])
    in_sentence = [ids for ids, f, t in c.names if f < stop and t > start]
    named = _distinct(i for ids in (in_sentence or [ids for ids, _, _ in c.names]) for i in ids)
    section = next((a.get(f"{{{XML_NS}}}id") for a in date.iterancestors(T + "div")
                    if a.get(f"{{{XML_NS}}}id")), None)
    return Row(
        id=f"d{n}", kind="text", order=n, start=bounds[0], end=bounds[1],
        dating={k: v for k, v in ((k, date.get(k)) for k in DATING) if v is not None},
        context=Context(words(c.full[start:b], CONTEXT_WORDS, True), normalize_space(text),
                        words(c.full[e:stop], CONTEXT_WORDS, False)),
        unit=unit, section=section, note=_note_after(date),
        scope="sentence" if in_sentence else "paragraph", named=named)


def _precedes(text: TextNode, el: etree._Element, order: dict[etree._Element, int]) -> bool:
    """Does the text node come before the start of `el` (document order)? A node's text follows
    its start tag; its tail follows its end, so not when `el` is inside it."""
    if order[text.owner] >= order[el]:
        return False
    return not text.tail or not any(a is text.owner for a in el.iterancestors())


def _distinct(items: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- rows of the register of events -----------------------------------------------------------

def event_rows(tree: etree._ElementTree) -> list[Row]:
    """A row for every event of the register (standOff/listEvent) with valid dating attributes,
    in the register's order; it names its places (@where) and participants (ptr)."""
    rows: list[Row] = []
    for event in tree.getroot().iterfind(f"{T}standOff//{T}listEvent/{T}event"):
        bounds = date_bounds(event)
        ident = event.get(f"{{{XML_NS}}}id")
        if bounds is None or not ident:
            continue
        named = _local_ids(event.get("where", "")) + [
            i for ptr in event.iterfind(f"{T}ptr[@type='participant']") for i in _local_ids(ptr.get("target", ""))]
        n = len(rows) + 1
        rows.append(Row(id=f"v{n}", kind="event", order=n, start=bounds[0], end=bounds[1],
                        dating={k: v for k, v in ((k, event.get(k)) for k in DATING) if v is not None},
                        scope="event", named=_distinct(iter(named)), event=ident))
    return rows


# --- the document the stylesheet renders -----------------------------------------------------

def chronology_document(rows: list[Row]) -> etree._Element:
    """`<chronology>`: the rows sorted and grouped by year, and the timeline's geometry."""
    E = timeline.element
    ordered = sorted(rows, key=Row.sort_key)
    root = E("chronology", count=str(len(rows)), noted=str(sum(1 for r in rows if r.note)))
    for kind in KINDS:
        root.set(f"{kind}-count", str(sum(1 for r in rows if r.kind == kind)))
    if not rows:
        return root
    first, last = min(r.year for r in rows), max(r.end_year for r in rows)
    root.set("first", str(first))
    root.set("last", str(last))
    root.append(timeline.layout(ordered, first, last))
    groups: dict[int, etree._Element] = {}
    for row in ordered:
        if row.year not in groups:
            groups[row.year] = E("year", value=str(row.year), decade=str(timeline.idiv(row.year, 10) * 10))
            root.append(groups[row.year])
        groups[row.year].append(_row_element(row))
    return root


def _row_element(row: Row) -> etree._Element:
    E = timeline.element
    el = E("row", id=row.id, kind=row.kind, start=row.start, end=row.end, year=str(row.year),
           decade=str(timeline.idiv(row.year, 10) * 10))
    for key, value in row.dating.items():
        el.set(key, value)
    if row.unit is not None:
        el.set("unit", row.unit.anchor)
        el.set("n", row.unit.n)
    elif row.section:
        el.set("section", row.section)
    if row.note:
        el.set("note", row.note)
    if row.event:
        el.set("event", row.event)
    if row.context is not None:
        for part in ("before", "text", "after"):
            child = E(part)
            child.text = getattr(row.context, part)
            el.append(child)
    named = E("named", scope=row.scope)
    for ref in row.named:
        named.append(E("entry", ref=ref))
    el.append(named)
    return el
