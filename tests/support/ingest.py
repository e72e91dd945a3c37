"""What the tests of ingest share, on fixtures and on the master."""

from __future__ import annotations

from lxml import etree


def text_nodes(elem: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every text node inside `elem` in document order, as (element, "text" | "tail")."""
    out = []

    def walk(e):
        if e.text:
            out.append((e, "text"))
        for c in e:
            walk(c)
            if c.tail:
                out.append((c, "tail"))
    walk(elem)
    return out


def edit_text(elem: etree._Element, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in the text of `elem` by `new`, whatever inline markup
    (names, dates, citations) `old` crosses: `new` goes into the text node where `old` begins, the
    rest of `old` is cut from the following nodes (an element may be left empty). Fails if `old`
    does not occur exactly once, so the damage is never silently a no-op."""
    nodes = text_nodes(elem)
    texts = [getattr(e, kind) for e, kind in nodes]
    full = "".join(texts)
    assert full.count(old) == 1, f"{old!r} occurs {full.count(old)} times"
    start, end, pos = full.index(old), full.index(old) + len(old), 0
    for (e, kind), t in zip(nodes, texts):
        lo, hi = max(start, pos), min(end, pos + len(t))
        if lo < hi:
            t2 = t[: lo - pos] + (new if lo == start else "") + t[hi - pos:]
            setattr(e, kind, t2 or None)
        pos += len(t)
