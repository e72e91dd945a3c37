"""Mentions of events and glossary terms in the body, marked as the reviewed decision file
`edition/source/mentions.txt` says.

`tei-edition mentions [--master PATH] [--check]` rewrites the master in place:

1. reads the decision file: one mention a line, `unit | span | #id | comment`, where `span` is
   the words as the unit reads them in the source (notes left out, a correction read as its
   `sic`) and `#id` an `event` of the register of events (marked `rs type="event"`) or an
   `item` of the glossary (marked `term`); two lines with the same unit, span and id mark its
   first and second occurrence, and so on. A line `unit | span | remove #id | comment` says the
   span is not a mention of #id: its mark, if the master has one, is removed;
2. checks that the file accounts for every mark already in the body: each has a line that
   makes it again or one that removes it. An empty or cut-off file would otherwise silently
   unmark the master;
3. removes the marks a previous run made (`rs type="event"` and `term` with `@ref` in the body)
   and wraps each span again; names and dates inside a span keep their elements (the span must
   hold them whole), so `tei-edition annotate`, which keeps these marks and marks names inside
   them, and this command can run in either order and give the same bytes.

It fails, changing nothing, when a line names an unknown entry, a span is not in its unit,
a span would split an element or a pair of bidirectional formatting characters, or a mark of the master has no line (or lies where no line can
name it: in a note, a correction, outside the units). The text itself never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tei_edition.curation.decisions import decision_rows
from tei_edition.core.bidi import split_by_marking
from tei_edition.core.paths import SOURCE_DIR
from tei_edition.core.source import Source
from tei_edition.core.xmlio import TEI_NS, XML_NS, parse_bytes
from tei_edition.curation.annotate import keep_verbatim, serialize
from tei_edition.curation.quotations import SOURCE_READING, QuotationError, Span, abbreviate, segments, units

DECISIONS = SOURCE_DIR / "mentions.txt"
T = f"{{{TEI_NS}}}"


class MentionError(QuotationError):
    """Every problem of a run, one message each."""


@dataclass
class Mention:
    line: int
    unit: str
    span: str
    ref: str
    comment: str
    remove: bool = False


def load_mentions(path: Path | str = DECISIONS) -> list[Mention]:
    """`unit | span | #id | comment` (or `remove #id`) a line; `%` starts a comment line."""
    out, errors = [], []
    for no, raw, parts in decision_rows(path, "|"):
        ref = parts[2] if len(parts) >= 3 else ""
        remove = ref.split(None, 1)[0] == "remove" if ref else False
        if remove:
            ref = ref[len("remove"):].strip()
        if len(parts) < 3 or not parts[1] or not ref.startswith("#"):
            errors.append(f"{path}:{no}: expected `unit | span | #id | comment` or `unit | span | remove #id | comment`: {raw!r}")
            continue
        out.append(Mention(no, parts[0], parts[1], ref, " | ".join(parts[3:]), remove))
    if errors:
        raise MentionError(errors)
    return out


def is_mark(el: etree._Element) -> bool:
    """A mark this command makes (and `tei-edition annotate` keeps)."""
    return (el.tag == T + "rs" and el.get("type") == "event") or (el.tag == T + "term" and el.get("ref") is not None)


def strip(body: etree._Element) -> None:
    marker = "{urn:x-tei-edition:mentions}strip"
    for el in list(body.iter(T + "rs", T + "term")):
        if is_mark(el):
            el.tag = marker
    etree.strip_tags(body, marker)


def _targets(root: etree._Element) -> dict[str, str]:
    """#id -> the element a mention of it becomes (rs for an event, term for a glossary item)."""
    so = root.findall(T + "standOff")
    out = {}
    for s in so:
        for ev in s.iter(T + "event"):
            out["#" + ev.get(f"{{{XML_NS}}}id", "")] = "rs"
        for lst in s.iter(T + "list"):
            if lst.get("type") == "glossary":
                for it in lst.iter(T + "item"):
                    out["#" + it.get(f"{{{XML_NS}}}id", "")] = "term"
    return out


def _ranges(unit: etree._Element) -> dict[etree._Element, tuple[int, int]]:
    """[start, end) of every element of the unit in its source reading (as `segments` reads it:
    notes take no room, a choice is its sic)."""
    pos = 0
    out: dict[etree._Element, tuple[int, int]] = {}

    def walk(el: etree._Element) -> None:
        nonlocal pos
        start = pos
        pos += len(el.text or "")
        for ch in el:
            if not isinstance(ch.tag, str) or ch.tag == T + "note":
                out[ch] = (pos, pos)
            elif ch.tag == T + "choice":
                begin = pos
                kids = [k for k in ch if k.tag in SOURCE_READING] or list(ch)[:1]
                for k in kids[:1]:
                    walk(k)
                out[ch] = (begin, pos)
            else:
                walk(ch)
            pos += len(ch.tail or "")
        out[el] = (start, pos)

    walk(unit)
    return out


def wrap(unit: etree._Element, span: Span, tag: str) -> etree._Element:
    """Wrap span (offsets in the unit's source reading) in a new element `tag`, in the outermost
    element that holds it without splitting a child: "the suppression of
    <placeName>Kronstadt</placeName>" is wrapped with the name inside. Raises MentionError when
    the span would split an element."""
    s, e = span.start, span.end
    rng = _ranges(unit)
    box = unit
    while True:
        cut = [c for c in box if isinstance(c.tag, str) and c.tag != T + "note"
               and (rng[c][0] < s < rng[c][1] or rng[c][0] < e < rng[c][1])]
        if not cut:
            break
        c = cut[0]
        if c.tag == T + "choice" or not (rng[c][0] <= s and e <= rng[c][1]):
            raise MentionError([f"the span {abbreviate(span.text)!r} would split <{etree.QName(c).localname}>"])
        box = c
    el = etree.Element(T + tag, nsmap={None: TEI_NS})
    kids = list(box)
    inside = [c for c in kids if s <= rng[c][0] and rng[c][1] <= e and not (rng[c][0] == rng[c][1] and rng[c][0] in (s, e))]
    # text before the span: box.text or the tail of the last child before it
    before = [c for c in kids if rng[c][1] <= s and c not in inside]
    prev = before[-1] if before else None
    if prev is None:
        text, base = box.text or "", rng[box][0]
    else:
        text, base = prev.tail or "", rng[prev][1]
    if not inside:
        el.text = text[s - base:e - base] or None
        el.tail = text[e - base:] or None
        head = text[:s - base]
    else:
        el.text = text[s - base:] or None
        head = text[:s - base]
        last = inside[-1]
        tail = last.tail or ""
        for c in inside:
            el.append(c)
        last.tail = tail[:e - rng[last][1]] or None
        el.tail = tail[e - rng[last][1]:] or None
    if prev is None:
        box.text = head or None
        box.insert(0, el)
    else:
        prev.tail = head or None
        box.insert(box.index(prev) + 1, el)
    return el


@dataclass
class Mark:
    """A mark already in the body, where the decision file would name it."""
    element: etree._Element
    tag: str
    ref: str
    unit: str | None      # None: where no line can name it (a note, a correction, outside the units)
    start: int = 0
    end: int = 0
    span: str = ""
    occurrence: int = 1


def existing_marks(body: etree._Element) -> list[Mark]:
    """Every mark of the body (before `strip`), with its unit and span in the unit's source reading."""
    out: list[Mark] = []
    placed: set[etree._Element] = set()
    for label, unit in units(body):
        text, _ = segments(unit)
        rng = _ranges(unit)
        for el in unit.iter(T + "rs", T + "term"):
            if not is_mark(el) or el not in rng or any(a.tag == T + "note" for a in el.iterancestors()):
                continue
            s, e = rng[el]
            k, at = 0, -1
            while True:       # which occurrence of its span, as the file counts them
                at = text.find(text[s:e], at + 1)
                k += 1
                if at < 0 or at >= s:
                    break
            placed.add(el)
            out.append(Mark(el, etree.QName(el).localname, el.get("ref", ""), label, s, e, text[s:e], k))
    out += [Mark(el, etree.QName(el).localname, el.get("ref", ""), None)
            for el in body.iter(T + "rs", T + "term") if is_mark(el) and el not in placed]
    return out


def mark_tree(tree: etree._ElementTree | etree._Element, mentions: list[Mention],
              source: str = "mentions.txt", name: str = "document", data: bytes | None = None) -> dict[str, int]:
    """Mark the body of tree as `mentions` say (in place); MentionError lists every problem, a
    mark of the master at its `<` in the file `name` (`data`: its bytes, where at hand)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = root.find(f"{T}text/{T}body")
    if body is None:
        raise MentionError(["the document has no text/body"])
    before = existing_marks(body)
    # the marks are stripped once checked (the text is the same): a mark is located on the tree
    # as read, which its file pairs with (read only for a mark at fault)
    file = Source(name, root, data)

    def place(mk: Mark) -> str:
        return "{}:{}:{}".format(name, *file.tag(mk.element))

    targets = _targets(root)
    by_unit = dict(units(body))
    errors: list[str] = []
    todo: list[tuple[etree._Element, Span, str, Mention]] = []
    kept: set[tuple[str, int, int, str]] = set()
    removed: set[tuple[str, int, int, str]] = set()
    seen: dict[tuple[str, str], int] = {}
    for m in mentions:
        # a removal may name an entry no longer in the registers (its marks are what it removes)
        tag = targets.get(m.ref)
        unit = by_unit.get(m.unit)
        if tag is None and not m.remove:
            errors.append(f"{source}:{m.line}: {m.ref} is neither an event of the register of events nor an item of the glossary")
            continue
        if unit is None:
            errors.append(f"{source}:{m.line}: no unit {m.unit} in the body")
            continue
        text, _ = segments(unit)
        k = seen.get((m.unit, m.span + m.ref), 0)
        at = -1
        for _ in range(k + 1):
            at = text.find(m.span, at + 1)
            if at < 0:
                break
        if at < 0:
            errors.append(f"{source}:{m.line}: {m.span!r} is not in {m.unit} (occurrence {k + 1}): the text or the line changed")
            continue
        seen[(m.unit, m.span + m.ref)] = k + 1
        (removed if m.remove else kept).add((m.unit, at, at + len(m.span), m.ref))
        if tag is not None and not m.remove and (split := split_by_marking(m.span)):
            errors.append(f"{source}:{m.line}: {m.span!r} in {m.unit} {split}; put both characters inside the span "
                          f"or outside it")
        elif tag is not None and not m.remove:
            todo.append((unit, Span(at, at + len(m.span), m.span), tag, m))
    # a mark goes only where a line says so: a file that leaves one out (empty, cut off) is refused
    gone = 0
    for mk in before:
        where = f"<{mk.tag} ref=\"{mk.ref}\">"
        if mk.unit is None:
            errors.append(f"{place(mk)}: the mark {where} is in a note, a correction or outside the units of the "
                          f"body, where no line of {source} can name it: move or remove it by hand")
        elif (mk.unit, mk.start, mk.end, mk.ref) in removed:
            gone += 1
        elif (mk.unit, mk.start, mk.end, mk.ref) in kept:
            pass
        elif any(c in mk.span + mk.ref for c in "|\r\n") or not mk.span or mk.span != mk.span.strip():
            errors.append(f"{place(mk)}: the mark <{mk.tag} ref={mk.ref!r}> on {mk.span!r} in {mk.unit} cannot be "
                          f"named by a line of {source} (empty, starting or ending with a space, or holding a line "
                          f"break or a `|`): change or remove it by hand")
        else:
            nth = f" (occurrence {mk.occurrence})" if mk.occurrence > 1 else ""
            errors.append(f"{place(mk)}: the mark {where} on {mk.span!r} in {mk.unit}{nth} has no line in "
                          f"{source}: keep it (`{mk.unit} | {mk.span} | {mk.ref} | …`) or remove it "
                          f"(`{mk.unit} | {mk.span} | remove {mk.ref} | why`)")
    strip(body)
    # outer spans first (an event mention may hold a term), then in text order
    todo.sort(key=lambda t: (id(t[0]), t[1].start, -t[1].end, t[2] != "rs"))
    for unit, span, tag, m in todo:
        try:
            el = wrap(unit, span, tag)
        except QuotationError as exc:
            errors += [f"{source}:{m.line}: {msg}: choose a span that holds names and dates whole" for msg in exc.messages]
            continue
        if tag == "rs":
            el.set("type", "event")
        el.set("ref", m.ref)
    if errors:
        raise MentionError(errors)
    return {"events": sum(t[2] == "rs" for t in todo), "terms": sum(t[2] == "term" for t in todo), "removed": gone}


def mark_bytes(data: bytes, name: str, mentions: list[Mention], source: str = "mentions.txt") -> tuple[bytes, dict[str, int]]:
    """The document `data` marked as `mentions` say (everything before `text` copied), and the counts."""
    tree = parse_bytes(data, name)
    counts = mark_tree(tree, mentions, source, name, data)
    return keep_verbatim(data, serialize(tree), False), counts
