"""The chronology's timeline as geometry: where each mark of the SVG goes (SVG user units).

A column per year from the first to the last; the decades banded; the dates of one year stacked
as dots in its column (a range within a year as a short bar); a range over several years as a
bar above them, packed into as few lanes as overlap allows. Lengths are exact fractions,
rounded to a tenth of a unit at the end (short, stable attributes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from lxml import etree

WIDTH = 960
PAD = 16  # left and right of the axis
PITCH = 12  # height of a lane, and of a dot in a stack
TOP = 10  # first lane
BAND_TOP = 4  # decade bands start here


class Dated(Protocol):
    id: str
    start: str
    end: str
    note: str | None

    @property
    def year(self) -> int: ...

    @property
    def end_year(self) -> int: ...


NS = "urn:tei-edition:chronology"  # of the document chronology.xsl reads


def element(tag: str, **attrs: str) -> etree._Element:
    """An element of the chronology document; `label_y=` gives the attribute `label-y`."""
    el = etree.Element(f"{{{NS}}}{tag}", nsmap={None: NS})
    for key, value in attrs.items():
        el.set(key.replace("_", "-"), value)
    return el


def year_fraction(iso: str, end: bool) -> Fraction:
    """Where in its year a date begins (or ends): a year is all of it, a month its twelfth, a
    day a 31st of its month."""
    parts = [int(p) for p in iso.lstrip("-").split("-")]
    if len(parts) == 1:
        return Fraction(1 if end else 0)
    if len(parts) == 2:
        return Fraction(parts[1] - (0 if end else 1), 12)
    return (parts[1] - 1 + Fraction(parts[2] - (0 if end else 1), 31)) / 12


def rounded(x: Fraction) -> Fraction:
    """To a tenth, halves up (XPath round)."""
    return Fraction(math.floor(x * 10 + Fraction(1, 2)), 10)


def number(x: Fraction) -> str:
    """A decimal without trailing zeros: 16, 41.3, 142.5."""
    if x.denominator == 1:
        return str(x.numerator)
    return format((Decimal(x.numerator) / Decimal(x.denominator)).normalize(), "f")


def idiv(a: int, b: int) -> int:
    """Integer division towards zero (XPath idiv): the decade of -1905 is -1900."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


class Axis:
    def __init__(self, first: int, last: int) -> None:
        self.first, self.last = first, last
        self.col = Fraction(WIDTH - 2 * PAD, last - first + 1)

    def x(self, year: int, fraction: Fraction = Fraction(0)) -> Fraction:
        return rounded(PAD + (year - self.first + fraction) * self.col)

    def span(self, row: Dated) -> tuple[Fraction, Fraction]:
        return (self.x(row.year, year_fraction(row.start, False)),
                self.x(row.end_year, year_fraction(row.end, True)))


def pack(spans: Sequence[Dated], axis: Axis) -> list[int]:
    """The lane of each multi-year range, in the order given: the first lane whose last bar
    ends (with a gap of 2) before the range starts."""
    ends: list[Fraction] = []
    lanes = []
    for row in spans:
        x1, x2 = axis.span(row)
        lane = next((i for i, end in enumerate(ends) if end + 2 <= x1), len(ends))
        if lane == len(ends):
            ends.append(x2)
        else:
            ends[lane] = x2
        lanes.append(lane)
    return lanes


def layout(rows: Sequence[Dated], first: int, last: int) -> etree._Element:
    """`<timeline>` for `rows` (in chronological order) from year `first` to `last`."""
    axis = Axis(first, last)
    points = [r for r in rows if r.year == r.end_year]
    spans = [r for r in rows if r.year != r.end_year]
    lanes = pack(spans, axis)
    by_year: dict[int, list[Dated]] = {}
    for r in points:
        by_year.setdefault(r.year, []).append(r)
    stack = max([1, *(len(g) for g in by_year.values())])
    lanes_height = (max(lanes) + 1) * PITCH + 6 if spans else 0
    base = TOP + lanes_height + stack * PITCH + 4  # the axis line
    n, E = Fraction, element
    root = E("timeline", width=str(WIDTH), height=str(base + 30))
    for decade in range(idiv(first, 10), idiv(last, 10) + 1):
        y0, y1 = max(decade * 10, first), min(decade * 10 + 9, last)
        root.append(E("decade", even="true" if decade % 2 == 0 else "false", x=number(axis.x(y0)),
                      y=str(BAND_TOP), width=number(rounded((y1 - y0 + 1) * axis.col)),
                      height=str(base - BAND_TOP)))
    root.append(E("axis", x1=str(PAD), x2=str(WIDTH - PAD), y=str(base)))
    for year in range(first, last + 1):
        labelled = year in (first, last) or (year % 10 == 0 and year - first >= 3 and last - year >= 3)
        tick = E("tick", x=number(axis.x(year)), y1=str(base),
                 y2=str(base + (7 if labelled or year % 10 == 0 else 3)))
        if labelled:
            tick.set("label", str(year))
            tick.set("label-y", str(base + 20))  # the year's label, below the axis
        root.append(tick)
    for row, lane in zip(spans, lanes):
        x1, x2 = axis.span(row)
        root.append(E("span", row=row.id, x=number(x1), y=str(TOP + lane * PITCH),
                      width=number(rounded(max(x2 - x1, n(4)))), height=str(PITCH - 4)))
    for year, group in by_year.items():
        cx = axis.x(year, n(1, 2))
        for position, row in enumerate(group, start=1):
            cy = base - 4 - (position - n(1, 2)) * PITCH
            if row.start != row.end:
                root.append(E("range", row=row.id, x=number(rounded(cx - axis.col * n(45, 100))),
                              y=number(cy - n(7, 2)), width=number(rounded(axis.col * n(9, 10))), height="7"))
            else:
                root.append(E("dot", row=row.id, cx=number(cx), cy=number(cy),
                              r=number(rounded(min(n(5), axis.col * n(35, 100)))),
                              noted="true" if row.note else "false"))
    return root
