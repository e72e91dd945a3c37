"""Splice the blocks a marking command changed into the master's own bytes.

A block is an element child of the text's `front`, `body`, `back`, `group` or of a `div` (p,
cit, head, lg, list, listBibl, note…), never one of these containers itself. The marking
commands add no block and remove none, so the blocks of the old and the new document pair off
by position; a block whose serialisation is unchanged keeps its bytes as the editor wrote them
(character references, CDATA, quotes, empty tags), a changed one takes its new serialisation.
`splice_blocks` returns None when the blocks do not pair off; `annotate.keep_verbatim` checks
whatever it returns by parsing it again.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from tei_edition.core.xmlio import TEI_NS

CONTAINERS = {f"{{{TEI_NS}}}{name}" for name in ("text", "front", "body", "back", "group", "div")}

# Markup starts at `<` only (a `<` is never raw in text or an attribute value); a quoted value
# may hold `>`. Groups: 1 start tag's name, 2 its `/` when empty, 3 an end tag's name.
_MARKUP = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    rb"|<([^\s/>!?][^\s/>]*)(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>"
    rb"|</([^\s/>]+)\s*>",
    re.DOTALL)


def element_ranges(data: bytes) -> list[tuple[bytes, int, int]] | None:
    """(name, start, end) of every element of data in document order (lxml's iter() order),
    end just after its end tag; None where data holds markup this scan does not know (a
    DOCTYPE) or tags that do not nest."""
    ranges: list[tuple[bytes, int, int]] = []
    open_: list[int] = []
    pos = data.find(b"<")
    while pos >= 0:
        m = _MARKUP.match(data, pos)
        if m is None:
            return None
        if m.group(1) is not None:
            ranges.append((m.group(1), pos, m.end()))
            if not m.group(2):
                open_.append(len(ranges) - 1)
        elif m.group(3) is not None:
            if not open_ or ranges[open_[-1]][0] != m.group(3):
                return None
            name, start, _ = ranges[open_[-1]]
            ranges[open_.pop()] = (name, start, m.end())
        pos = data.find(b"<", m.end())
    return None if open_ else ranges


def blocks(text: etree._Element) -> list[etree._Element]:
    """The blocks of a `text` element, in document order."""
    found: list[etree._Element] = []
    for child in text:
        if isinstance(child.tag, str):
            found.extend(blocks(child) if child.tag in CONTAINERS else [child])
    return found


def splice_blocks(old: bytes, new: bytes, r_old: etree._Element, r_new: etree._Element,
                  lines: Callable[[bytes], bytes]) -> bytes | None:
    """old with each block of its text whose content new changed replaced by new's bytes for
    it (passed through `lines`, which gives them old's line ends); None unless the blocks pair
    off by position and tag."""
    texts = (r_old.find(f"{{{TEI_NS}}}text"), r_new.find(f"{{{TEI_NS}}}text"))
    if texts[0] is None or texts[1] is None:
        return None
    olds, news = blocks(texts[0]), blocks(texts[1])
    if len(olds) != len(news) or any(a.tag != b.tag for a, b in zip(olds, news)):
        return None
    changed = [(a, b) for a, b in zip(olds, news)
               if etree.tostring(a, with_tail=False) != etree.tostring(b, with_tail=False)]
    spans_old, spans_new = _spans(old, r_old), _spans(new, r_new)
    if spans_old is None or spans_new is None:
        return None
    pieces, at = [], 0
    for a, b in changed:
        (start, end), (new_start, new_end) = spans_old[a], spans_new[b]
        pieces += [old[at:start], lines(new[new_start:new_end])]
        at = end
    return b"".join([*pieces, old[at:]])


def _spans(data: bytes, root: etree._Element) -> dict[etree._Element, tuple[int, int]] | None:
    """Each element's byte range in data (the bytes root was parsed from), or None where the
    scan and the tree disagree (then nothing is spliced)."""
    ranges = element_ranges(data)
    elements = list(root.iter(etree.Element))
    if ranges is None or len(ranges) != len(elements):
        return None
    spans = {}
    for el, (name, start, end) in zip(elements, ranges):
        if name.rpartition(b":")[2].decode("utf-8", "replace") != etree.QName(el).localname:
            return None
        spans[el] = (start, end)
    return spans
