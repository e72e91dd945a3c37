"""Inline quotations of the body: every span in the author's straight quotation marks, marked as
the reviewed decision file `edition/source/quotations.txt` says.

`tei-edition quotations [--master PATH]` rewrites the master in place:

1. finds every quoted span of every unit of the body (a section's `head`, `p`, `cit`), reading
   the text as the source has it (notes left out, a `choice` read as its `sic`/`orig`): a `"` or
   `'` opens after a space, a bracket, a dash or another mark and before a non-space; it closes
   after a non-space. A `'` between letters or digits is an apostrophe (Il'ich, Miasnikov's,
   d'état); after a letter and before a non-letter it closes a span only when a `'` span is
   open, and is otherwise an apostrophe too (workers' parties, Oktiabr'). A span opened with
   one mark and closed with the other (the author's slips) is reported as "mismatched";
2. matches each span with its line in the decision file (unit, the span's text abbreviated,
   kind): `quote` (words quoted from a text or a speech), `soCalled` (scare quotes, a term the
   author keeps at a distance), `title` (a title of a work, already a `title` element inside the
   marks), `block` (the whole block quotation, already `cit/quote`), `none` (left as it is);
3. removes the `quote` (outside `cit`) and `soCalled` elements of the body and wraps the spans
   of kind quote/soCalled again, the marks inside the element and whole child elements inside
   it, so every run gives the same bytes (`annotate.serialize`; the teiHeader is copied).

It fails, changing nothing, when a span has no decision, a decision matches no span (the text
changed), a span would split an element (decide by hand: `none`, or change the markup) or a pair
of bidirectional formatting characters (E0253), or a `title`/`block` decision does not fit the markup. The text itself never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tei_edition.curation.annotate import keep_verbatim, serialize
from tei_edition.curation.decisions import decision_rows
from tei_edition.core.bidi import split_by_marking
from tei_edition.core.paths import SOURCE_DIR
from tei_edition.core.source import Source
from tei_edition.core.xmlio import TEI_NS, XML_NS, parse_bytes

DECISIONS = SOURCE_DIR / "quotations.txt"
T = f"{{{TEI_NS}}}"
KINDS = ("quote", "soCalled", "title", "block", "none")
WRAPPED = ("quote", "soCalled")
SOURCE_READING = (T + "sic", T + "orig", T + "abbr")
OPEN_AFTER = set("([{—–-/\"'")


class QuotationError(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


# ----------------------------------------------------------------------------- the text of a unit
@dataclass
class Seg:
    owner: etree._Element
    is_tail: bool
    start: int
    text: str

    @property
    def container(self) -> etree._Element:
        if not self.is_tail:
            return self.owner
        parent = self.owner.getparent()
        assert parent is not None  # a tail's owner sits inside the unit
        return parent


def segments(unit: etree._Element) -> tuple[str, list[Seg]]:
    """The unit's text as the source reads (notes out, choice = its source reading), with the
    text nodes it comes from."""
    segs: list[Seg] = []
    pos = 0

    def walk(el: etree._Element) -> None:
        nonlocal pos
        if el.text:
            segs.append(Seg(el, False, pos, el.text))
            pos += len(el.text)
        for child in el:
            if not isinstance(child.tag, str) or child.tag == T + "note":
                pass
            elif child.tag == T + "choice":
                kids = [k for k in child if k.tag in SOURCE_READING] or list(child)[:1]
                for k in kids[:1]:
                    walk(k)
            else:
                walk(child)
            if child.tail:
                segs.append(Seg(child, True, pos, child.tail))
                pos += len(child.tail)

    walk(unit)
    return "".join(s.text for s in segs), segs


def units(body: etree._Element) -> list[tuple[str, etree._Element]]:
    """(label, element) of every unit of the body: p{n}/cit by xml:id, a heading as s{n}-head."""
    out: list[tuple[str, etree._Element]] = []
    for div in body.iter(T + "div"):
        for el in div:
            if el.tag in (T + "p", T + "cit"):
                out.append((el.get(f"{{{XML_NS}}}id") or f"{div.get(f'{{{XML_NS}}}id')}-{len(out)}", el))
            elif el.tag == T + "head" and el.get("type") != "short":  # (a short head: the editors' words)
                out.append((f"{div.get(f'{{{XML_NS}}}id')}-head", el))
    return out


# ----------------------------------------------------------------------------- finding the spans
@dataclass
class Span:
    start: int
    end: int              # exclusive; for an unmatched mark, start + 1
    text: str
    status: str = "ok"    # ok | mismatched | unmatched

    @property
    def key(self) -> str:
        return abbreviate(self.text if self.status != "unmatched" else self.text + " [unmatched]")


def abbreviate(s: str, head: int = 40, tail: int = 16) -> str:
    s = " ".join(s.split())
    return s if len(s) <= head + tail + 1 else s[:head] + "…" + s[-tail:]


def find_spans(text: str) -> list[Span]:
    """Every quoted span of `text`, in order of their opening marks (nested spans after the
    span that holds them); unmatched marks as one-character spans with status "unmatched"."""
    stack: list[tuple[str, int]] = []
    found: list[Span] = []
    n = len(text)
    for i, c in enumerate(text):
        if c not in "\"'":
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if c == "'" and prev.isalnum() and nxt.isalnum():
            continue                                   # Il'ich, Miasnikov's, d'état
        opens = (prev.isspace() or prev in OPEN_AFTER) and not nxt.isspace()
        closes = not prev.isspace() and not nxt.isalnum()
        if c == "'" and closes and prev.isalnum() and not any(ch == "'" for ch, _ in stack):
            continue                                   # workers' parties, Oktiabr'
        if opens and closes:                           # ("… or '"…: close what is open
            opens = not (stack and stack[-1][0] == c)
        if opens:
            stack.append((c, i))
        elif closes and stack:
            opener, at = stack.pop()
            if opener == c:
                found.append(Span(at, i + 1, text[at:i + 1]))
            elif not any(ch == c for ch, _ in stack):
                found.append(Span(at, i + 1, text[at:i + 1], "mismatched"))
            else:                                      # closes an outer span: inner ones left open
                found.append(Span(at, at + 1, text[at:at + 40], "unmatched"))
                while stack[-1][0] != c:
                    _, k = stack.pop()
                    found.append(Span(k, k + 1, text[k:k + 40], "unmatched"))
                _, at = stack.pop()
                found.append(Span(at, i + 1, text[at:i + 1]))
        else:
            found.append(Span(i, i + 1, text[i:i + 40], "unmatched"))
    found += [Span(k, k + 1, text[k:k + 40], "unmatched") for _, k in stack]
    return sorted(found, key=lambda s: (s.start, -s.end))


# ----------------------------------------------------------------------------- the decision file
@dataclass
class Decision:
    line: int
    unit: str
    key: str
    kind: str
    comment: str


def load_decisions(path: Path | str = DECISIONS) -> list[Decision]:
    """`unit | span | kind | comment` a line; `%` starts a comment line."""
    out, errors = [], []
    for no, raw, parts in decision_rows(path):
        if len(parts) < 3 or parts[2] not in KINDS:
            errors.append(f"{path}:{no}: expected `unit | span | kind | comment` with kind one of "
                          f"{', '.join(KINDS)}: {raw!r}")
            continue
        out.append(Decision(no, parts[0], parts[1], parts[2], " | ".join(parts[3:])))
    if errors:
        raise QuotationError(errors)
    return out


# ----------------------------------------------------------------------------- marking
def _locate(segs: list[Seg], pos: int, at_end: bool) -> tuple[Seg, int]:
    for s in segs:
        if s.start <= pos < s.start + len(s.text) or (at_end and pos == s.start + len(s.text)):
            return s, pos - s.start
    raise AssertionError(pos)


def _set(seg: Seg, value: str) -> None:
    if seg.is_tail:
        seg.owner.tail = value or None
    else:
        seg.owner.text = value or None


def wrap(unit: etree._Element, span: Span, tag: str) -> etree._Element:
    """Wrap span (offsets in the unit's text) in a new element `tag`; the marks go inside and
    child elements go in whole. Raises QuotationError when the span would split an element."""
    _, segs = segments(unit)
    first, a = _locate(segs, span.start, False)
    last, b = _locate(segs, span.end, True)
    parent = first.container
    if last.container is not parent:
        names = [etree.QName(e).localname for e in (parent, last.container)]
        raise QuotationError([f"the span {abbreviate(span.text)!r} would split markup: it starts in <{names[0]}> "
                              f"and ends in <{names[1]}>"])
    if parent.tag in SOURCE_READING or parent.tag in (T + "corr", T + "reg", T + "choice"):
        raise QuotationError([f"the span {abbreviate(span.text)!r} lies inside a <choice>"])
    el = etree.Element(T + tag, nsmap={None: TEI_NS})
    index = parent.index(first.owner) + 1 if first.is_tail else 0
    if first is last:
        el.text, el.tail = first.text[a:b] or None, first.text[b:] or None
        _set(first, first.text[:a])
    else:
        end = parent.index(last.owner)
        el.text = first.text[a:] or None
        _set(first, first.text[:a])
        for child in list(parent)[index:end + 1]:
            el.append(child)          # moves the child, with its tail
        el.tail = last.text[b:] or None
        last.owner.tail = last.text[:b] or None
    parent.insert(index, el)
    return el


def strip(body: etree._Element) -> None:
    """Remove the marks a previous run made: inline quote (not the quote of a cit) and soCalled
    outside notes."""
    marker = "{urn:x-tei-edition:quotations}strip"
    for el in list(body.iter(T + "quote", T + "soCalled")):
        if any(a.tag == T + "note" for a in el.iterancestors()):
            continue
        parent = el.getparent()
        if not (el.tag == T + "quote" and parent is not None and parent.tag == T + "cit"):
            el.tag = marker
    etree.strip_tags(body, marker)


def _check_title(unit: etree._Element, span: Span) -> str | None:
    """A `title` span holds a title element whose text is the span's, without the marks and
    the punctuation before the closing mark."""
    _, segs = segments(unit)
    inner = " ".join(re.sub(r"^[\"'\s]+|[\"'\s.,;:!?]+$", "", span.text).split())
    for t in unit.iter(T + "title"):
        at = [s.start for s in segs if s.owner is t or (not s.is_tail and t in s.owner.iterancestors())]
        if at and span.start < at[0] < span.end and " ".join(segments(t)[0].split()) == inner:
            return None
    return f"no <title> inside the marks holds {inner!r}: mark the title (title level=…) in the master, or decide otherwise"


def _check_block(unit: etree._Element, span: Span) -> str | None:
    q = unit.find(T + "quote") if unit.tag == T + "cit" else None
    if q is None:
        return "a `block` span must be the whole quotation of a cit"
    qtext, _ = segments(q)
    text, _ = segments(unit)
    start = text.find(qtext)
    if (span.start, span.end) != (start + len(qtext) - len(qtext.lstrip()), start + len(qtext.rstrip())):
        return "the span is not the whole quotation of the cit"
    return None


@dataclass
class Report:
    counts: dict[str, int]
    spans: list[tuple[str, Span]]


def mark_tree(tree: etree._ElementTree | etree._Element, decisions: list[Decision],
              source: str = "quotations.txt", name: str = "", data: bytes | None = None) -> Report:
    """Mark the body of tree as `decisions` say (in place); QuotationError lists every problem,
    a span without a decision at its unit in the file `name` (`data`: its bytes, where at hand)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = root.find(f"{T}text/{T}body")
    if body is None:
        raise QuotationError(["the document has no text/body"])
    # the spans are found before the marks are stripped (the text is the same): a unit is located
    # on the tree as read, which its file pairs with (read only for a span without a decision)
    where = Source(name, root, data)
    wanted: dict[tuple[str, str], list[Decision]] = {}
    for d in decisions:
        wanted.setdefault((d.unit, d.key), []).append(d)
    errors: list[str] = []
    todo: list[tuple[etree._Element, Span, Decision]] = []
    found: list[tuple[str, Span]] = []
    for label, unit in units(body):
        text, _ = segments(unit)
        for span in find_spans(text):
            found.append((label, span))
            queue = wanted.get((label, span.key))
            if not queue:  # at its unit in the document (`name`), where it is to be found
                at = "{}:{}:{}: ".format(name, *where.tag(unit)) if name else ""
                errors.append(f"{at}{label}: quoted span {span.key!r} ({span.status}) has no decision: add "
                              f"`{label} | {span.key} | quote|soCalled|title|block|none | why` to {source}")
                continue
            d = queue.pop(0)
            problem = None
            if span.status == "unmatched" and d.kind != "none":
                problem = "an unmatched mark can only be `none`"
            elif d.kind == "title":
                problem = _check_title(unit, span)
            elif d.kind == "block":
                problem = _check_block(unit, span)
            if not problem and d.kind in WRAPPED and (split := split_by_marking(span.text)):
                problem = f"the span {split}; decide `none`, or put both characters inside the span or outside it"
            if problem:
                errors.append(f"{source}:{d.line}: {label} {span.key!r}: {problem}")
            elif d.kind in WRAPPED:
                todo.append((unit, span, d))
    for queue in wanted.values():
        errors += [f"{source}:{d.line}: no quoted span {d.key!r} in {d.unit} (the text or the detection "
                   f"changed): correct or remove the line" for d in queue]
    strip(body)
    # spans nest or are disjoint, so wrapping one never splits another (in text order, outer first)
    for unit, span, d in todo:
        try:
            wrap(unit, span, d.kind)
        except QuotationError as exc:
            errors += [f"{source}:{d.line}: {m}: decide by hand (`none`, or change the markup)" for m in exc.messages]
    if errors:
        raise QuotationError(errors)
    counts = {k: sum(d.kind == k for d in decisions) for k in KINDS}
    return Report(counts, found)


def mark_bytes(data: bytes, name: str, decisions: list[Decision], source: str = "quotations.txt") -> tuple[bytes, Report]:
    """The document `data` marked as `decisions` say (header bytes copied), and the report."""
    tree = parse_bytes(data, name)
    report = mark_tree(tree, decisions, source, name, data)
    return keep_verbatim(data, serialize(tree), False), report


def listing(tree: etree._ElementTree | etree._Element) -> str:
    """The spans of the document as lines of a decision file (kind `?`), for review."""
    body = (tree.getroot() if isinstance(tree, etree._ElementTree) else tree).find(f"{T}text/{T}body")
    if body is None:
        raise QuotationError(["the document has no text/body"])
    lines = []
    for label, unit in units(body):
        for span in find_spans(segments(unit)[0]):
            lines.append(f"{label} | {span.key} | ? | {span.status if span.status != 'ok' else ''}".rstrip(" |"))
    return "".join(line + "\n" for line in lines)
