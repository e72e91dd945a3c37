"""The annotator's passes over the body (tei_edition.curation.annotate): text slots of a block,
removing the previous run's marks, marking names and dates, inserting a standOff.

`annotate_tree` is the whole run on a parsed tree; see annotate.py for the file-level entry
point and the rules (marks are re-derived on every run: hand corrections go through the
registers or the overrides file).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from lxml import etree

from tei_edition.core import dates
from tei_edition.core.scan import Scan
from tei_edition.curation.registers import (T, Entry, Override, form_regex, forms_index, load_registers, names_pattern,
                                 norm, registers_standoff)
from tei_edition.core.xmlio import TEI_NS, XML_NS

NAME_TAGS = {T + n for n in ("persName", "placeName", "orgName", "name", "rs")}
# Nothing is marked inside these (their tails are ordinary text).
SKIP_TAGS = NAME_TAGS | {T + n for n in ("title", "sic", "orig", "abbr", "choice", "note", "date", "gap")}
BLOCK_TAGS = {T + n for n in ("p", "head", "ab", "item", "l", "cell", "label", "trailer", "quote", "bibl",
                              "cit", "note", "byline", "dateline", "closer", "opener", "salute", "signed")}
DATE_ATTRS = ("when", "from", "to")


def is_mention(el: etree._Element) -> bool:
    """A mention of an event (rs type=event) made by `tei-edition mentions`: kept by the annotator,
    which marks names and dates inside it like anywhere else in the text."""
    return el.tag == T + "rs" and el.get("type") == "event"
NOTE = T + "note"
_STRIP = "{urn:x-tei-edition:annotate}strip"


# ----------------------------------------------------------------------------- text slots
@dataclass
class Slot:
    node: etree._Element
    is_tail: bool
    start: int
    text: str
    editable: bool            # the annotator may mark text here
    visible: bool = True      # the audit searches here (editable text and unmarked source readings)

    @property
    def end(self) -> int:
        return self.start + len(self.text)


# The audit reads an unmarked choice as the source has it (sic/orig/abbr), so a misspelt name
# left outside a name element is found; these hide text from the audit.
HIDDEN_TAGS = NAME_TAGS | {T + n for n in ("title", "note", "date", "gap", "corr", "reg", "expan")}


def _walk(el: etree._Element, skipping: bool, hidden: bool, out: list[Slot], pos: int) -> int:
    """Collect text slots in document order; a note's content is left out of the block text
    (it interrupts the author's sentence), its tail is kept."""
    if el.tag == NOTE:
        return pos
    transparent = isinstance(el.tag, str) and is_mention(el)
    skip = skipping or (el.tag in SKIP_TAGS and not transparent) or not isinstance(el.tag, str)
    hide = hidden or (el.tag in HIDDEN_TAGS and not transparent) or not isinstance(el.tag, str)
    if isinstance(el.tag, str) and el.text:
        out.append(Slot(el, False, pos, el.text, not skip, not hide))
        pos += len(el.text)
    for child in el:
        pos = _walk(child, skip, hide, out, pos)
        if child.tail:
            out.append(Slot(child, True, pos, child.tail, not skip, not hide))
            pos += len(child.tail)
    return pos


def blocks(body: etree._Element) -> list[etree._Element]:
    """Outermost block elements of the body (paragraph-like units of text)."""
    out: list[etree._Element] = []

    def rec(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == T + "head" and child.get("type") == "short":
                continue  # a section's short heading: the editors' words only (E0225)
            if child.tag in BLOCK_TAGS:
                out.append(child)
            else:
                rec(child)
    rec(body)
    return out


def block_slots(block: etree._Element) -> tuple[str, list[Slot]]:
    slots: list[Slot] = []
    _walk(block, False, False, slots, 0)
    return "".join(s.text for s in slots), slots


def _apply(slot: Slot, spans: list[tuple[int, int, etree._Element]]) -> None:
    """Replace slot text by text + new elements; spans are absolute (block) offsets, sorted."""
    text, base = slot.text, slot.start
    first = text[: spans[0][0] - base]
    for i, (s, e, el) in enumerate(spans):
        el.text = text[s - base: e - base]
        nxt = spans[i + 1][0] - base if i + 1 < len(spans) else len(text)
        el.tail = text[e - base: nxt] or None
    # each element after the one before: an insert by index walks the children (quadratic in a
    # paragraph with thousands of marks)
    if slot.is_tail:
        slot.node.tail = first or None
        previous = slot.node
    else:
        slot.node.text = first or None
        previous = spans[0][2]
        slot.node.insert(0, previous)
    for _, _, el in spans:
        if el is not previous:
            previous.addnext(el)
            previous = el


def _forced(full: str, overrides: list[Override], kind: str) -> list[tuple[int, int, Override]]:
    return [(m.start("span"), m.end("span"), ov) for ov in overrides if ov.kind == kind
            for m in ov.regex.finditer(full)]


def reading(el: etree._Element) -> str:
    """Text of el as the source reads: a choice contributes its sic/orig/abbr only."""
    if el.tag == T + "choice":
        kids = [c for c in el if c.tag in (T + "sic", T + "orig", T + "abbr")] or list(el)[:1]
        return "".join(reading(k) for k in kids)
    return (el.text or "") + "".join(reading(c) + (c.tail or "") for c in el if isinstance(c.tag, str))


# ----------------------------------------------------------------------------- passes
@dataclass
class Warned:
    """Something the annotator left unmarked (W0501): `text`, in `block` of the annotated tree;
    `written` is that block in the tree of the file as written, where the warning is
    (`annotate_bytes` sets it: a standOff inserted above the text moves it from the input's place)."""
    text: str
    block: etree._Element | None = None
    written: etree._Element | None = None


@dataclass
class Report:
    names: dict[str, int] = field(default_factory=lambda: {"person": 0, "place": 0, "org": 0})
    dates: int = 0
    warnings: list[Warned] = field(default_factory=list)
    used_overrides: set[int] = field(default_factory=set)
    standoff_replaced: bool = False


def strip_annotations(body: etree._Element) -> None:
    """Undo a previous run: unwrap name elements with @ref and plain date elements."""
    for el in body.iter(*NAME_TAGS, T + "date"):
        if any(a.tag == T + "note" for a in el.iterancestors()):
            continue
        if el.tag == T + "date":
            if el.attrib and set(el.attrib) <= set(DATE_ATTRS):
                el.tag = _STRIP
        elif el.get("ref", "").startswith("#") and not is_mention(el):
            el.tag = _STRIP
    etree.strip_tags(body, _STRIP)


def _new(tag: str, **attrs: str) -> etree._Element:
    el = etree.Element(T + tag, nsmap={None: TEI_NS})
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _wrap(el: etree._Element, wrapper: etree._Element) -> None:
    parent = el.getparent()
    assert parent is not None  # el is inside the body
    wrapper.tail, el.tail = el.tail, None
    parent.replace(el, wrapper)
    wrapper.append(el)


def _inside(el: etree._Element, tags: set[str]) -> bool:
    return any(a.tag in tags and not is_mention(a) for a in el.iterancestors())


def wrap_whole(body: etree._Element, entries: list[Entry], report: Report) -> None:
    """Wrap a choice whose source reading ends a name form (with the words of the form just
    before it, "Sylvia <choice>Pankhurts…"), and a periodical title, in a name element."""
    idx = forms_index(entries)
    for el in list(body.iter(T + "choice", T + "title")):
        if _inside(el, NAME_TAGS | {T + "note", T + "title", T + "choice"}):
            continue
        r = norm(reading(el))
        if el.tag == T + "title":
            hits = [e for e in idx.get(r, []) if e.periodical]
            if len({e.id for e in hits}) == 1:
                _wrap(el, _new(hits[0].element, ref="#" + hits[0].id))
                report.names[hits[0].kind] += 1
            continue
        prev = el.getprevious()
        parent = el.getparent()
        assert parent is not None  # el is inside the body
        before = (prev.tail if prev is not None else parent.text) or ""
        # (form, match of the form's first words in the text before the choice)
        best: tuple[str, re.Match[str] | None] | None = None
        cands = {r, re.sub(r"(?:['’]s|['’]|s)$", "", r)} - {""}
        for form, ents in idx.items():
            if len({e.id for e in ents}) != 1:
                continue
            for cand in cands:
                if form != cand and not form.endswith(" " + cand):
                    continue
                head = form[: len(form) - len(cand)]
                m = re.search(r"(?<![\w])" + form_regex(head) + r"$", before) if head else None
                if (not head or m) and (best is None or len(form) > len(best[0])):
                    best = (form, m)
        if best is None:
            continue
        ent = idx[best[0]][0]
        wrapper = _new(ent.element, ref="#" + ent.id)
        _wrap(el, wrapper)
        if best[1] is not None:
            wrapper.text = before[best[1].start():]
            if prev is not None:
                prev.tail = before[: best[1].start()] or None
            else:
                parent.text = before[: best[1].start()] or None  # the wrapper took el's place
        report.names[ent.kind] += 1


def _slot_overrides(forced: list[tuple[int, int, Override]], slot: Slot,
                    report: Report) -> list[tuple[int, int, Override]]:
    """The overrides that fall inside `slot`, recorded as used (unused ones are reported)."""
    inside = [(s, e, ov) for s, e, ov in forced if slot.start <= s and e <= slot.end]
    report.used_overrides.update(ov.line for _, _, ov in inside)
    return inside


def _editable_slots(body: etree._Element, overrides: list[Override], kind: str,
                    report: Report) -> Iterator[tuple[etree._Element, str, Slot, list[tuple[int, int, Override]]]]:
    """Each editable slot of the body's blocks, with its block, the block's text and the
    overrides of `kind` that fall inside it."""
    for block in blocks(body):
        full, slots = block_slots(block)
        forced = _forced(full, overrides, kind)
        for slot in slots:
            if slot.editable:
                yield block, full, slot, _slot_overrides(forced, slot, report)


def mark_names(body: etree._Element, entries: list[Entry], overrides: list[Override], report: Report) -> None:
    idx = forms_index(entries)
    by_id = {e.id: e for e in entries}
    pattern = names_pattern(idx)
    scan = Scan(pattern, "")
    for block, full, slot, fz in _editable_slots(body, overrides, "name", report):
        if scan.text is not full:  # the next block: its matches found once for all its slots
            scan = Scan(pattern, full)
        spans: list[tuple[int, int, Entry]] = []
        for s, e, ov in fz:
            if ov.action != "-":
                ent = by_id.get(ov.action[1:])
                if ent is None:
                    raise ValueError(f"annotation overrides line {ov.line}: no register entry {ov.action}")
                spans.append((s, e, ent))
        for m in scan.since(slot.start):
            s, e = m.span("name")
            if s >= slot.end:
                break
            if e > slot.end or any(s < fe and fs < e for fs, fe, _ in fz):
                continue
            ents = idx[norm(m.group("name"))]
            if len({x.id for x in ents}) > 1:
                report.warnings.append(Warned(f"ambiguous name {m.group('name')!r} ({', '.join(x.id for x in ents)}) "
                                              f"left unmarked: add an override near {full[max(0, s - 30):e + 30]!r}",
                                              block))
                continue
            spans.append((s, e, ents[0]))
        if spans:
            spans.sort(key=lambda t: t[0])
            _apply(slot, [(s, e, _new(ent.element, ref="#" + ent.id)) for s, e, ent in spans])
            for _, _, ent in spans:
                report.names[ent.kind] += 1


def mark_dates(body: etree._Element, overrides: list[Override], report: Report) -> None:
    text, scans, yearless = "", dates.date_scans(""), Scan(dates.YEARLESS, "")
    for block, full, slot, fz in _editable_slots(body, overrides, "date", report):
        if text is not full:  # the next block: its matches found once for all its slots
            text, scans, yearless = full, dates.date_scans(full), Scan(dates.YEARLESS, full)
        spans = [(s, e, ov.date_attrs()) for s, e, ov in fz if ov.action != "-"]
        found = dates.find_dates(full, slot.start, slot.end, scans)
        for d in found:
            if not any(d.start < fe and fs < d.end for fs, fe, _ in fz):
                spans.append((d.start, d.end, d.attrs))
        for m in yearless.since(slot.start):
            s, e = m.span()
            if e > slot.end:
                break
            if not any(s < fe and fs < e for fs, fe, _ in fz) \
                    and not any(d.start <= s and e <= d.end for d in found):
                report.warnings.append(Warned(f"date without year left unmarked: {full[max(0, s - 30):e + 30]!r}",
                                              block))
        if spans:
            spans.sort(key=lambda t: t[0])
            _apply(slot, [(s, e, _new("date", **dict(a))) for s, e, a in spans])
            report.dates += len(spans)


def insert_standoff(root: etree._Element, standoff: etree._Element) -> None:
    header = root.find(T + "teiHeader")
    if header is None:
        raise ValueError("the document has no teiHeader")
    for old in root.findall(T + "standOff"):
        if old.get(f"{{{XML_NS}}}id") == standoff.get(f"{{{XML_NS}}}id") or old.find(T + "listPerson") is not None:
            root.remove(old)
    new = copy.deepcopy(standoff)
    for el in new.iter():
        if isinstance(el.tag, str) and el.tail is not None and not el.tail.strip():
            el.tail = None
        if isinstance(el.tag, str) and len(el) and el.text is not None and not el.text.strip():
            el.text = None
    etree.indent(new, space="  ", level=1)
    new.tail = header.tail if header.tail and not header.tail.strip() else "\n  "
    root.insert(root.index(header) + 1, new)


def annotate_tree(tree: etree._ElementTree | etree._Element, standoff: etree._Element | None = None,
                  overrides: Sequence[Override] = (),
                  replace_standoff: bool = False, data: bytes | None = None) -> Report:
    """Annotate the body of tree in place with the registers of its own standOff, or, when the
    document has none, of `standoff` (which is then inserted after the teiHeader). Passing a
    `standoff` for a document that already has registers is an error unless replace_standoff.
    `data`: the bytes tree was parsed from, where an entry without id of its own is located."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = root.find(f"{T}text/{T}body")
    if body is None:
        raise ValueError("the document has no text/body")
    current = registers_standoff(root)
    if standoff is None:
        if current is None:
            raise ValueError("the document has no registers (standOff with listPerson): "
                             "bootstrap it with --registers FILE")
        standoff = current
    elif current is not None and not replace_standoff:
        raise ValueError("the document already has registers in its standOff (the source of truth): "
                         "edit them there, or pass --replace-standoff to overwrite them with FILE")
    entries = load_registers(standoff, data if standoff is current else None)
    overrides = list(overrides)
    report = Report()
    strip_annotations(body)
    wrap_whole(body, entries, report)
    mark_names(body, entries, overrides, report)
    mark_dates(body, overrides, report)
    report.standoff_replaced = standoff is not current
    if report.standoff_replaced:
        insert_standoff(root, standoff)
    return report
