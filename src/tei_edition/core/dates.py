"""Find date expressions in running English text and normalise them to ISO 8601.

Pure functions on strings; `annotate.py` applies them to the TEI tree.

Shapes recognised (the normalised value is only as precise as the text):

- "25th of February 1889", "the 1st of August, 1921"      -> when=1889-02-25
- "September 12, 2021", "December the 8th, 1924"          -> when=2021-09-12
- "March 1921", "March, 1920", "early 1921", "late 1926"  -> when=1921-03 / when=1921
- "1905"                                                   -> when=1905
- "10th-18th of January 1918"                              -> from=1918-01-10 to=1918-01-18
- "April 17–25, 1923"                                      -> from=1923-04-17 to=1923-04-25
- "between the 18th and 30th of March, 1918"               -> from=1918-03-18 to=1918-03-30
- "between the 27th of March and the 2nd of April, 1922"   -> from=1922-03-27 to=1922-04-02
- "Between 1917 and 1920", "1918–1920", "1933–37"          -> from=1917 to=1920

A month without a year ("March Action", "the February revolution", "another November") is
not a date here. A day and month without a year ("the 12th of July") is recognised by
`YEARLESS` (the marking warns of it) but only tagged when annotation-overrides.txt supplies the year that the
context makes certain; two-digit years ("(21)", "late 26") likewise only through overrides.
Numbers that are not years (counts such as "1930 were Party organisers") are excluded there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tei_edition.core.scan import Scan

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS)}

_M = r"(?:%s)" % "|".join(MONTHS)
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th)"          # ordinal day: 1st, 25th
_Y = r"(?:1[5-9]\d\d|20\d\d)"                 # four-digit year, 1500-2099
_DASH = r"\s*[-–—]\s*"
_SEP = r",?\s+"
_QUAL = r"(?:(?:early|late|mid)\s+|mid-)"

# Each shape: (name, compiled regex with named groups).  Order = priority (longest first).
_SHAPES = [
    ("between_dm_dm", rf"[Bb]etween\s+the\s+(?P<d1>{_D})\s+of\s+(?P<m1>{_M}),?\s+and\s+the\s+"
                      rf"(?P<d2>{_D})\s+of\s+(?P<m2>{_M}){_SEP}(?P<y>{_Y})"),
    ("between_d_d_m", rf"[Bb]etween\s+the\s+(?P<d1>{_D})\s+and\s+(?:the\s+)?(?P<d2>{_D})\s+of\s+"
                      rf"(?P<m1>{_M}){_SEP}(?P<y>{_Y})"),
    ("d_d_of_m", rf"(?P<d1>{_D}){_DASH}(?P<d2>{_D})\s+of\s+(?P<m1>{_M}){_SEP}(?P<y>{_Y})"),
    ("m_d_d", rf"(?P<m1>{_M})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?{_DASH}(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?"
              rf"{_SEP}(?P<y>{_Y})"),
    ("d_of_m_y", rf"(?P<d1>{_D})\s+of\s+(?P<m1>{_M}){_SEP}(?P<y>{_Y})"),
    ("m_d_y", rf"(?P<m1>{_M})\s+(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?{_SEP}(?P<y>{_Y})"),
    ("between_y_y", rf"[Bb]etween\s+(?P<y>{_Y})\s+and\s+(?P<y2>{_Y})"),
    ("y_y", rf"(?P<y>{_Y}){_DASH}(?P<y2>{_Y}|\d\d)"),
    ("m_y", rf"{_QUAL}?(?P<m1>{_M}){_SEP}(?P<y>{_Y})"),
    ("y", rf"{_QUAL}?(?P<y>{_Y})"),
]
_BOUND_L = r"(?<![\w.,])"
_BOUND_R = r"(?![\w]|[.,]\d)"
SHAPES = [(name, re.compile(_BOUND_L + rx + _BOUND_R)) for name, rx in _SHAPES]

YEARLESS = re.compile(
    _BOUND_L + rf"(?:(?P<d1>{_D})\s+of\s+(?P<m1>{_M})|(?P<m2>{_M})\s+(?:the\s+)?(?P<d2>{_D}))" + r"(?![\w])"
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    attrs: tuple[tuple[str, str], ...]   # (("when", "1918-01-10"),) or (("from", …), ("to", …))
    shape: str


def _day(s: str) -> int:
    digits = re.match(r"\d+", s)
    assert digits is not None  # s matched _D, which starts with digits
    return int(digits.group(0))


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if m is not None and d is not None:  # a day comes with its month
            return date(y, m, d).isoformat()
    except ValueError:
        return None
    if m is not None:
        return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
    return f"{y:04d}"


def _attrs(name: str, g: dict[str, str]) -> tuple[tuple[str, str], ...] | None:
    y = int(g["y"])
    if name in ("between_dm_dm",):
        a = _iso(y, MONTH_NUM[g["m1"]], _day(g["d1"]))
        b = _iso(y, MONTH_NUM[g["m2"]], _day(g["d2"]))
    elif name in ("between_d_d_m", "d_d_of_m", "m_d_d"):
        m = MONTH_NUM[g["m1"]]
        a, b = _iso(y, m, _day(g["d1"])), _iso(y, m, _day(g["d2"]))
    elif name in ("d_of_m_y", "m_d_y"):
        w = _iso(y, MONTH_NUM[g["m1"]], _day(g["d1"]))
        return (("when", w),) if w else None
    elif name in ("between_y_y", "y_y"):
        y2s = g["y2"]
        if len(y2s) == 2:
            y2 = (y // 100) * 100 + int(y2s)
            if y2 < y:
                y2 += 100
        else:
            y2 = int(y2s)
        a, b = _iso(y), _iso(y2)
    elif name == "m_y":
        w = _iso(y, MONTH_NUM[g["m1"]])  # never None: MONTH_NUM holds 1-12
        return (("when", w),) if w else None
    else:
        w = _iso(y)  # never None: a year alone is always valid
        return (("when", w),) if w else None
    if not a or not b or not iso_le(a, b):
        return None
    return (("from", a), ("to", b))


def date_scans(text: str) -> list[Scan]:
    """Each shape's matches in text, for `find_dates` on many parts of the same text."""
    return [Scan(rx, text) for _, rx in SHAPES]


def find_dates(text: str, pos: int = 0, endpos: int | None = None, scans: list[Scan] | None = None) -> list[DateMatch]:
    """Non-overlapping date expressions in text[pos:endpos], most specific shape first; `scans`:
    `date_scans(text)`, the same found once (made here when not given)."""
    end = len(text) if endpos is None else endpos
    scans = scans or date_scans(text)
    taken: list[DateMatch] = []
    for (name, _), scan in zip(SHAPES, scans, strict=True):
        for m in scan.since(pos):
            if m.start() >= end:
                break
            if m.end() > end or any(m.start() < t.end and t.start < m.end() for t in taken):
                continue
            attrs = _attrs(name, m.groupdict())
            # an impossible date ("31st of February") is claimed but not tagged, so that no
            # shorter shape tags a part of it
            taken.append(DateMatch(m.start(), m.end(), attrs or (), name))
    return sorted((t for t in taken if t.attrs), key=lambda t: t.start)


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_iso(value: str) -> tuple[int, ...] | None:
    """(y,), (y, m) or (y, m, d) for a valid ISO 8601 calendar date of year, month or day precision."""
    m = _ISO.match(value or "")
    if not m:
        return None
    parts = tuple(int(p) for p in m.groups() if p is not None)
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return None
    if len(parts) == 3:
        try:
            date(*parts)
        except ValueError:
            return None
    return parts


def iso_le(a: str, b: str) -> bool:
    """a <= b, comparing the earliest instant of a with the latest of b's precision."""
    pa, pb = parse_iso(a), parse_iso(b)
    if pa is None or pb is None:
        return False
    return pa[: len(pb)] <= pb[: len(pa)]


def date_problems(attrs: dict[str, str]) -> list[str]:
    """Why a date element's normalised attributes are unacceptable (empty list: fine)."""
    out = []
    when, frm, to = attrs.get("when"), attrs.get("from"), attrs.get("to")
    nb, na = attrs.get("notBefore"), attrs.get("notAfter")
    if not (when or (frm and to) or nb or na):
        out.append("no @when, @from/@to or @notBefore/@notAfter")
    if when and (frm or to):
        out.append("both @when and @from/@to")
    for k in ("when", "from", "to", "notBefore", "notAfter"):
        v = attrs.get(k)
        if v is not None and parse_iso(v) is None:
            out.append(f"@{k}={v!r} is not an ISO 8601 date")
    if frm and to and parse_iso(frm) and parse_iso(to) and not iso_le(frm, to):
        out.append(f"@from={frm} is after @to={to}")
    if nb and na and parse_iso(nb) and parse_iso(na) and not iso_le(nb, na):
        out.append(f"@notBefore={nb} is after @notAfter={na}")
    return out
