"""W0270: a work consulted read after the edition's last dated version (its publication date or
the latest change its revisionDesc records): the version that cites it must be recorded.

E0276: a date whose text and normalised value share no day (`<date when="1921-03-08">8 March
1922</date>`), wherever the document holds one (body, notes, registers, header, works consulted).

The text is read with the annotator's shapes (core/dates.py) and those a header or a work
consulted writes ("5 December 2026", "2026-11-27"); a text none of them reads ("late 26", "before
the rising") is not checked. The value may be more or less precise than the text ("1921" for
1921-08-01): they disagree only when no day lies in both. A value is Gregorian (TEI); a text
dated before Russia's change of calendar (31 January 1918 Old Style was followed by 14 February)
may give the Old Style day, so a text that names days is read in the Julian calendar too (a year or
a month is not: "1917" Old Style would reach into 1918).
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from tei_edition.core.problems import Problem
from tei_edition.core.source import Source
from tei_edition.core.text import EDITED_READING, reading
from tei_edition.core.dates import MONTH_NUM, MONTHS, find_dates, parse_iso

TEI = "{http://www.tei-c.org/ns/1.0}"
_MONTH = "|".join(MONTHS)
# shapes the annotator does not mark in the essay (it would change the body's marks): a day
# without an ordinal before the month, and ISO 8601 written out
_EXTRA = [re.compile(rf"(?<![\w.,])(?P<d>[0-3]?\d)\s+(?P<m>{_MONTH}),?\s+(?P<y>1[5-9]\d\d|20\d\d)(?![\w])"),
          re.compile(r"(?<![\w.,-])(?P<y>1[5-9]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])")]
LAST_OLD_STYLE = date(1918, 1, 31)  # the last day Russia counted in the Julian calendar
Span = tuple[date, date]


def _first(value: str) -> date | None:
    parts = parse_iso(value)
    return None if parts is None else date(parts[0], *(parts[1:] + (1, 1)[len(parts) - 1:]))


def _last(value: str) -> date | None:
    parts = parse_iso(value)
    if parts is None:
        return None
    if len(parts) == 3:
        return date(*parts)
    year, month = parts[0], (parts[1] if len(parts) == 2 else 12)
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def value_span(el: etree._Element) -> Span | None:
    """The first and last day the value allows (None: no value, or one E0218 reports)."""
    start = el.get("when") or el.get("from") or el.get("notBefore")
    end = el.get("when") or el.get("to") or el.get("notAfter")
    first, last = _first(start) if start else None, _last(end) if end else None
    if first is None and last is None:
        return None
    return first or date.min, last or date.max


def text_span(text: str) -> tuple[Span, bool] | None:
    """The first and last day the text's dates name, and whether it names them to the day; None
    when it names none."""
    spans: list[Span] = []
    daily = True
    masked = text
    for rx in _EXTRA:
        for m in rx.finditer(masked):
            masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]  # no shape reads a part
            month = MONTH_NUM.get(m["m"]) or int(m["m"])
            try:
                day = date(int(m["y"]), month, int(m["d"]))
            except ValueError:
                continue  # no such day ("31 February 1921"): not a date the check can read
            spans.append((day, day))
    for found in find_dates(masked):
        values = dict(found.attrs)
        first, last = _first(values.get("when") or values["from"]), _last(values.get("when") or values["to"])
        daily = daily and all(len(v) == 10 for v in values.values())
        if first and last:
            spans.append((first, last))
    if not spans:
        return None
    return (min(s for s, _ in spans), max(e for _, e in spans)), daily


def julian(day: date) -> date:
    """The Gregorian day of `day` read as a Julian calendar date (its Julian Day Number)."""
    a = (14 - day.month) // 12
    y, m = day.year + 4800 - a, day.month + 12 * a - 3
    jdn = day.day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return date.fromordinal(jdn - 1721425)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def agree(text: Span, value: Span, daily: bool = True) -> bool:
    """Whether text and value share a day, the text read as New Style or (days before the change
    of calendar) as Old Style."""
    if _overlap(text, value):
        return True
    return daily and text[0] <= LAST_OLD_STYLE and _overlap((julian(text[0]), julian(min(text[1], LAST_OLD_STYLE))), value)


def date_text_problems(tree: etree._ElementTree, path: str, source: Source) -> list[Problem]:
    problems = []
    for el in tree.getroot().iter(f"{TEI}date"):
        value = value_span(el)
        if value is not None and not all(1800 <= d.year <= 2100 for d in value if d not in (date.min, date.max)):
            continue  # E0219 says the value is out of the edition's range: one line for one thing to fix
        text = " ".join(reading(el, EDITED_READING).split())  # a correction's reading, no note
        read = text_span(text) if value is not None else None
        if value is None or read is None or agree(read[0], value, read[1]):
            continue
        attrs = " ".join(f'{k}="{el.get(k)}"' for k in ("when", "from", "to", "notBefore", "notAfter") if el.get(k))
        problems.append(Problem(path, *source.tag(el), "E0276",
                                f'<date {attrs}> reads "{text}": the text and the value share no day (the value '
                                f"is Gregorian; an Old Style text before February 1918 is read as such too); "
                                f"correct the one that is wrong."))
    return problems


def read_after_the_edition(tree: etree._ElementTree, path: str, source: Source) -> list[Problem]:
    """W0270, once, at the latest dated version: the edition as last recorded cannot cite a work
    its editors read later (a source read for a revision is recorded with that revision's change)."""
    header = tree.getroot().find(f"{TEI}teiHeader")
    if header is None:
        return []
    versions = [el for el in header.iterfind(f"{TEI}fileDesc/{TEI}publicationStmt/{TEI}date")
                if len(el.get("when", "")) == 10]
    versions += [el for el in header.iterfind(f"{TEI}revisionDesc//{TEI}change") if len(el.get("when", "")) == 10]
    latest = max(versions, key=lambda el: el.get("when", ""), default=None)
    if latest is None:
        return []
    last = latest.get("when", "")
    later = [el for bibl in tree.getroot().iterfind(f".//{TEI}listBibl[@type='consulted']/{TEI}bibl")
             for el in bibl.iterfind(f"{TEI}date[@type='accessed']") if len(el.get("when", "")) == 10
             and el.get("when", "") > last]
    if not later:
        return []
    first = min(later, key=lambda el: el.get("when", ""))
    work = first.getparent()
    name = work.get("{http://www.w3.org/XML/1998/namespace}id", "?") if work is not None else "?"
    return [Problem(path, *source.tag(latest), "W0270",
                    f"the edition's last dated version ({last}) is earlier than the day {len(later)} work(s) "
                    f'consulted were read, the first "{name}" ({first.get("when")}): record the revision that '
                    f"cites them (a revisionDesc change of that day or later).")]
