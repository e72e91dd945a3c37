"""DTS ranges (`start`/`end`): which units a range spans, lists and covers.

Answered by `tei-edition serve` only (Level 1); the static export cannot hold every range.
"""

from __future__ import annotations

from tei_edition.citation.scheme import CitationTree, Unit


class RangeError(ValueError):
    """`end` comes before `start` in document order."""


def _subtree_size(unit: Unit) -> int:
    return 1 + sum(_subtree_size(c) for c in unit.children)


def range_span(ct: CitationTree, start: Unit, end: Unit) -> list[Unit]:
    """The units from `start` to `end`, both inclusive, in document (pre-)order: `end` with
    everything below it (the end of the range is the end of `end`). Raises RangeError when `end`
    comes before `start` (an ancestor of `start` comes before it)."""
    index = {id(u): i for i, u in enumerate(ct.units)}
    i, j = index[id(start)], index[id(end)]
    if j < i:
        raise RangeError(f"end {end.ref} comes before start {start.ref} in document order")
    return ct.units[i:j + _subtree_size(end)]


def range_members(ct: CitationTree, start: Unit, end: Unit, down: int | None) -> list[Unit] | None:
    """The spec's table "Usage of down, ref, start and end", rows with start/end: no `member`
    without `down`; with `down` > 0 the units of the range from the level of the deeper of
    `start`/`end` down `down` levels below it; with -1 down to the deepest level. (`down=0` with
    a range is a 400, refused by the caller.) The units above that level are not members, as in
    the reference implementation (`get_nav`): a range s2.p10…s3.p5 lists paragraphs, not s3."""
    if down is None:
        return None
    span = range_span(ct, start, end)
    level = max(start.level, end.level)
    return [u for u in span if u.level >= level and (down == -1 or u.level <= level + down)]


def range_cover(ct: CitationTree, start: Unit, end: Unit) -> list[Unit]:
    """The units whose text makes up the range, in document order, none inside another: each
    unit of the span whose whole subtree is in the span, unless its parent already is
    (s1…s2 → the two divisions; s2…s2.p10 → s2's paragraphs up to p10, not the division)."""
    span = range_span(ct, start, end)
    out: list[Unit] = []
    i = 0
    while i < len(span):
        size = _subtree_size(span[i])
        if i + size <= len(span):
            out.append(span[i])
            i += size
        else:
            i += 1
    return out
