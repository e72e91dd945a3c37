"""The reading-order file: parse it, resolve its pieces against the source, join them.

Pure functions; see ``edition/source/reading-order.txt`` for the record syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNIT_STARTS = {"HEAD", "P", "Q", "ITEM", "REFHEAD", "LIST"}
CONTINUATIONS = {"+SPACE", "+HYPHEN"}
KINDS = UNIT_STARTS | CONTINUATIONS | {"SECTION", "EXCLUDE"}

_REF = re.compile(r'^L(\d+)(?:\[(.*)\])?$')
_BOUND = re.compile(r'^\s*(?:(-?\d+)|"((?:[^"\\]|\\.)*)")?\s*$')


class OrderError(ValueError):
    """A reading-order record is malformed or inconsistent with the source: at `line` of the
    reading order, or (`in_source`) at `line` and `col` of the source; 0 where neither applies."""

    def __init__(self, message: str, line: int = 0, col: int = 0, in_source: bool = False) -> None:
        super().__init__(message)
        self.line, self.col, self.in_source = line, col, in_source


@dataclass(frozen=True)
class Piece:
    line: int    # 1-based source line
    start: int   # character offsets into that line (after stripping nothing)
    end: int
    text: str    # the slice, stripped of surrounding whitespace

    @property
    def label(self) -> str:
        return f"L{self.line}[{self.start}:{self.end}]"


@dataclass
class Record:
    kind: str
    order_line: int
    piece: Piece | None = None
    arg: str = ""        # section id, bibl id, list key, exclusion kind
    reason: str = ""
    comment: str = ""


@dataclass
class Unit:
    """A run of joined pieces: a heading, paragraph, quotation or reference item."""

    kind: str            # HEAD, P, Q, ITEM, REFHEAD, LIST
    section: str | None
    arg: str
    pieces: list[Piece] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)   # joins[i] attaches pieces[i+1]

    @property
    def text(self) -> str:
        return join_pieces([p.text for p in self.pieces], self.joins)


def join_pieces(texts: list[str], joins: list[str]) -> str:
    out = texts[0]
    for join, nxt in zip(joins, texts[1:]):
        if join == "+HYPHEN":
            if not out.endswith("-"):
                raise OrderError(f"+HYPHEN join but the previous piece does not end with '-': …{out[-30:]!r}")
            out = out[:-1] + nxt
        else:
            out = out + " " + nxt
    return out


def _split_comment(raw: str) -> tuple[str, str]:
    """Split off a '#' comment that is outside double quotes."""
    in_q = False
    for i, ch in enumerate(raw):
        if ch == '"' and (i == 0 or raw[i - 1] != "\\"):
            in_q = not in_q
        elif ch == "#" and not in_q:
            return raw[:i].rstrip(), raw[i + 1:].strip()
    return raw.rstrip(), ""


def _bound(spec: str, line_text: str, lineno: int, default: int) -> int:
    m = _BOUND.match(spec)
    if not m:
        raise OrderError(f"bad bound {spec!r} for source line {lineno}")
    if m.group(1) is not None:
        return int(m.group(1))
    if m.group(2) is None:
        return default
    needle = m.group(2).replace('\\"', '"')
    count = line_text.count(needle)
    if count != 1:
        raise OrderError(f"text {needle!r} occurs {count} times in source line {lineno}; it must be unique")
    return line_text.index(needle)


def _split_range(inner: str) -> tuple[str, str]:
    in_q = False
    for i, ch in enumerate(inner):
        if ch == '"' and (i == 0 or inner[i - 1] != "\\"):
            in_q = not in_q
        elif ch == ":" and not in_q:
            return inner[:i], inner[i + 1:]
    raise OrderError(f"range {inner!r} needs a ':'")


def resolve_ref(ref: str, lines: list[str]) -> Piece:
    m = _REF.match(ref)
    if not m:
        raise OrderError(f"bad piece reference {ref!r}")
    lineno = int(m.group(1))
    if not 1 <= lineno <= len(lines):
        raise OrderError(f"source has no line {lineno}")
    text = lines[lineno - 1]
    start, end = 0, len(text)
    if m.group(2) is not None:
        a, b = _split_range(m.group(2))
        start = _bound(a, text, lineno, 0)
        end = _bound(b, text, lineno, len(text))
    if not 0 <= start < end <= len(text):
        raise OrderError(f"empty or inverted range in {ref!r}")
    piece = text[start:end].strip()
    if not piece:
        raise OrderError(f"{ref!r} selects only whitespace")
    return Piece(lineno, start, end, piece)


def parse_order(order_text: str, source_text: str) -> list[Record]:
    lines = source_text.split("\n")
    records: list[Record] = []
    for n, raw in enumerate(order_text.split("\n"), 1):
        body, comment = _split_comment(raw)
        if not body.strip():
            continue
        if body.lstrip().startswith("#"):
            continue
        head, _, rest = body.strip().partition(" ")
        rest = rest.strip()
        if head not in KINDS:
            raise OrderError(f"reading-order line {n}: unknown record {head!r}", n)
        rec = Record(head, n, comment=comment)
        try:
            if head == "SECTION":
                rec.arg = rest
            elif head == "EXCLUDE":
                spec, _, reason = rest.partition(":")
                ref, _, kind = spec.strip().partition(" ")
                rec.piece, rec.arg, rec.reason = resolve_ref(ref, lines), kind.strip(), reason.strip()
                if not rec.arg or not rec.reason:
                    raise OrderError("EXCLUDE needs '<ref> <kind> : <reason>'")
            elif head in ("ITEM", "LIST"):
                arg, _, ref = rest.partition(" ")
                rec.arg, rec.piece = arg, resolve_ref(ref.strip(), lines)
            else:
                rec.piece = resolve_ref(rest, lines)
        except OrderError as exc:
            raise OrderError(f"reading-order line {n}: {exc}", n) from None
        records.append(rec)
    check_coverage(records, lines)
    return records


def check_coverage(records: list[Record], lines: list[str]) -> None:
    """Every non-blank source character must belong to exactly one piece."""
    owner: dict[tuple[int, int], int] = {}
    for rec in records:
        p = rec.piece
        if p is None:
            continue
        for i in range(p.start, p.end):
            if lines[p.line - 1][i].isspace():
                continue
            key = (p.line, i)
            if key in owner:
                raise OrderError(
                    f"reading-order lines {owner[key]} and {rec.order_line} both use source line {p.line}, column {i + 1}",
                    rec.order_line)
            owner[key] = rec.order_line
    for ln, text in enumerate(lines, 1):
        for i, ch in enumerate(text):
            if not ch.isspace() and (ln, i) not in owner:
                raise OrderError(f"source line {ln}, column {i + 1} ({text[i:i + 30]!r}) is in no piece", ln, i + 1,
                                 in_source=True)


def build_units(records: list[Record]) -> list[Unit]:
    """Group records into units (headings, paragraphs, quotations, reference items)."""
    units: list[Unit] = []
    section: str | None = None
    current: Unit | None = None
    for rec in records:
        if rec.kind == "SECTION":
            section, current = rec.arg, None
        elif rec.kind == "EXCLUDE":
            current = None
        elif rec.kind in UNIT_STARTS:
            assert rec.piece is not None  # parse_order resolves a piece for every record but SECTION
            in_back = rec.kind in ("ITEM", "REFHEAD", "LIST")
            current = Unit(rec.kind, None if in_back else section, rec.arg, [rec.piece])
            units.append(current)
        else:  # continuation
            if current is None:
                raise OrderError(f"reading-order line {rec.order_line}: {rec.kind} continues nothing", rec.order_line)
            assert rec.piece is not None
            current.pieces.append(rec.piece)
            current.joins.append(rec.kind)
    for u in units:
        u.text  # raises on a bad +HYPHEN
    return units

