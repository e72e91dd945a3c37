"""Mark every mention of a register entry and every date in the body of the master.

`python -m tei_edition.annotate PATH` rewrites PATH in place:

1. removes the marks a previous run made (name elements with @ref, date elements that carry
   only @when/@from/@to), so every run starts from the author's text and is deterministic;
2. wraps each occurrence of any name form of any register entry in persName/placeName/orgName
   with ref="#id" (longest form first, word boundaries, possessive 's/s left outside);
   a `choice` whose reading is a name form, and a periodical `title` that is a name form,
   are wrapped whole; nothing is marked inside title, sic, choice, note, date or a name;
3. wraps every date expression (annotate_dates) in date with @when or @from/@to.

The registers are the document's own `standOff` (listPerson, listPlace, listOrg): after the
bootstrap the master is the only source of truth for them, and they are edited there.
`--registers FILE` is only for bootstrapping a document that has no standOff yet: the file's
standOff is then inserted after the teiHeader. An existing standOff is never replaced unless
`--replace-standoff` is given. Only the body's marks (and, when asked, the standOff) change:
the bytes of the teiHeader, and of everything before `text` when the standOff is kept, are
copied from the input unchanged.

HAND CORRECTIONS TO MARKS DO NOT SURVIVE A RUN. Every run removes the marks it made and
derives them again from the registers and edition/source/annotation-overrides.txt, so a
persName/placeName/orgName with @ref or a date with only @when/@from/@to that was edited by
hand in the master is undone. Correct a mark in one of two ways, then re-run the annotator:
a wrong or missing name form of an entity -> its entry in the master's standOff; a single
occurrence (wrong entity, not a mention, a date the text makes certain) -> a line in the
overrides file (see its header). The audit (annotate_audit, tests/test_annotate.py) fails when
the committed master differs from the annotator's output on itself.
The text itself never changes. Running twice gives identical bytes.
"""

from __future__ import annotations

import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click
from lxml import etree

from . import annotate_dates as dates
from .paths import SOURCE_DIR
from .xmlio import TEI_NS, XML_NS, parse_bytes, read_xml

OVERRIDES = SOURCE_DIR / "annotation-overrides.txt"

T = f"{{{TEI_NS}}}"
KIND_ELEMENT = {"person": "persName", "place": "placeName", "org": "orgName"}
ELEMENT_KIND = {v: k for k, v in KIND_ELEMENT.items()}
NAME_TAGS = {T + n for n in ("persName", "placeName", "orgName", "name", "rs")}
# Nothing is marked inside these (their tails are ordinary text).
SKIP_TAGS = NAME_TAGS | {T + n for n in ("title", "sic", "orig", "abbr", "choice", "note", "date", "gap")}
BLOCK_TAGS = {T + n for n in ("p", "head", "ab", "item", "l", "cell", "label", "trailer", "quote", "bibl",
                              "cit", "note", "byline", "dateline", "closer", "opener", "salute", "signed")}
DATE_ATTRS = ("when", "from", "to")
NOTE = T + "note"
_STRIP = "{urn:x-tei-edition:annotate}strip"
APOS = "'’"


# ----------------------------------------------------------------------------- registers
@dataclass(frozen=True)
class Entry:
    id: str
    kind: str                 # person | place | org
    names: tuple[str, ...]    # preferred first
    periodical: bool = False

    @property
    def element(self) -> str:
        return KIND_ELEMENT[self.kind]


def norm(s: str) -> str:
    """Key for comparing name forms: collapsed whitespace, straight apostrophes."""
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip()


def load_registers(source: Path | str | etree._Element) -> list[Entry]:
    """Entries of a registers element (standOff, or anything holding person/place/org), or of
    the registers standOff of a TEI file."""
    root = source if isinstance(source, etree._Element) else read_xml(source).getroot()
    if root.tag == T + "TEI":
        so = registers_standoff(root)
        if so is None:
            raise ValueError(f"{source}: no registers (standOff with listPerson)")
        root = so
    entries = []
    for kind, tag in KIND_ELEMENT.items():
        for el in root.iter(T + kind):
            names = tuple(norm("".join(n.itertext())) for n in el.findall(T + tag))
            entries.append(Entry(el.get(f"{{{XML_NS}}}id"), kind, tuple(n for n in names if n),
                                 el.get("type") == "periodical"))
    return entries


def registers_standoff(root: etree._Element) -> etree._Element | None:
    """The document's registers: its (first) standOff holding a listPerson."""
    for so in root.findall(T + "standOff"):
        if so.find(T + "listPerson") is not None:
            return so
    return None


def forms_index(entries: list[Entry]) -> dict[str, list[Entry]]:
    idx: dict[str, list[Entry]] = {}
    for e in entries:
        for n in dict.fromkeys(e.names):
            idx.setdefault(n, []).append(e)
    return idx


def form_regex(form: str) -> str:
    """Regex for one name form: flexible whitespace and apostrophes."""
    out = []
    for ch in form:
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch in APOS:
            out.append("['’]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


POSSESSIVE = r"(?:['’]s|['’]|s)?"


def names_pattern(forms) -> re.Pattern:
    alts = sorted(set(forms), key=lambda f: (-len(f), f))
    return re.compile(r"(?<![\w])(?P<name>%s)(?=%s(?![\w]))" % ("|".join(form_regex(f) for f in alts), POSSESSIVE))


# ----------------------------------------------------------------------------- overrides
@dataclass(frozen=True)
class Override:
    kind: str                 # "name" or "date"
    action: str               # "#id" | "-" (names); "-" or "when=…" etc. (dates)
    context: str
    regex: re.Pattern
    line: int

    def date_attrs(self) -> tuple[tuple[str, str], ...]:
        return tuple(tuple(tok.split("=", 1)) for tok in self.action.split())  # type: ignore[misc]


def load_overrides(path: Path | str | None = OVERRIDES, text: str | None = None) -> list[Override]:
    if text is None:
        text = Path(path).read_text(encoding="utf-8") if path and Path(path).exists() else ""
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        action, sep, context = line.partition("|")
        action, context = action.strip(), context.strip()
        m = re.fullmatch(r"(.*)\[\[(.+?)\]\](.*)", context)
        if not sep or not m:
            raise ValueError(f"annotation overrides line {n}: expected 'ACTION | context with [[span]]': {raw!r}")
        kind = "name"
        if action.startswith("date"):
            kind, action = "date", action[4:].strip()
            if action != "-" and not all(re.fullmatch(r"(when|from|to|notBefore|notAfter)=\S+", t)
                                         and dates.parse_iso(t.split("=", 1)[1]) for t in action.split()):
                raise ValueError(f"annotation overrides line {n}: bad date action {action!r}")
        elif not re.fullmatch(r"#[\w.-]+|-", action):
            raise ValueError(f"annotation overrides line {n}: bad action {action!r}")
        rx = re.compile(form_regex(m.group(1)) + "(?P<span>" + form_regex(m.group(2)) + ")" + form_regex(m.group(3)))
        out.append(Override(kind, action, context, rx, n))
    return out


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


def _walk(el, skipping: bool, hidden: bool, out: list[Slot], pos: int) -> int:
    """Collect text slots in document order; a note's content is left out of the block text
    (it interrupts the author's sentence), its tail is kept."""
    if el.tag == NOTE:
        return pos
    skip = skipping or el.tag in SKIP_TAGS or not isinstance(el.tag, str)
    hide = hidden or el.tag in HIDDEN_TAGS or not isinstance(el.tag, str)
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
    out = []

    def rec(el):
        for child in el:
            if not isinstance(child.tag, str):
                continue
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
    if slot.is_tail:
        parent = slot.node.getparent()
        idx = parent.index(slot.node)
        slot.node.tail = first or None
        for k, (_, _, el) in enumerate(spans):
            parent.insert(idx + 1 + k, el)
    else:
        slot.node.text = first or None
        for k, (_, _, el) in enumerate(spans):
            slot.node.insert(k, el)


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
class Report:
    names: dict[str, int] = field(default_factory=lambda: {"person": 0, "place": 0, "org": 0})
    dates: int = 0
    warnings: list[str] = field(default_factory=list)
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
        elif el.get("ref", "").startswith("#"):
            el.tag = _STRIP
    etree.strip_tags(body, _STRIP)


def _new(tag: str, **attrs) -> etree._Element:
    el = etree.Element(T + tag, nsmap={None: TEI_NS})
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _wrap(el: etree._Element, wrapper: etree._Element) -> None:
    parent = el.getparent()
    wrapper.tail, el.tail = el.tail, None
    parent.replace(el, wrapper)
    wrapper.append(el)


def _inside(el, tags) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def wrap_whole(body, entries: list[Entry], report: Report) -> None:
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
        before = (prev.tail if prev is not None else el.getparent().text) or ""
        best = None   # (form, match of the form's first words in the text before the choice)
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
                wrapper.getparent().text = before[: best[1].start()] or None
        report.names[ent.kind] += 1


def mark_names(body, entries: list[Entry], overrides: list[Override], report: Report) -> None:
    idx = forms_index(entries)
    by_id = {e.id: e for e in entries}
    pattern = names_pattern(idx)
    for block in blocks(body):
        full, slots = block_slots(block)
        forced = _forced(full, overrides, "name")
        for slot in slots:
            if not slot.editable:
                continue
            spans = []
            fz = [(s, e, ov) for s, e, ov in forced if slot.start <= s and e <= slot.end]
            report.used_overrides.update(ov.line for _, _, ov in fz)
            for s, e, ov in fz:
                if ov.action != "-":
                    ent = by_id.get(ov.action[1:])
                    if ent is None:
                        raise ValueError(f"annotation overrides line {ov.line}: no register entry {ov.action}")
                    spans.append((s, e, ent))
            for m in pattern.finditer(full, slot.start):
                s, e = m.span("name")
                if s >= slot.end:
                    break
                if e > slot.end or any(s < fe and fs < e for fs, fe, _ in fz):
                    continue
                ents = idx[norm(m.group("name"))]
                if len({x.id for x in ents}) > 1:
                    report.warnings.append(f"ambiguous name {m.group('name')!r} ({', '.join(x.id for x in ents)}) "
                                           f"left unmarked: add an override near {full[max(0, s - 30):e + 30]!r}")
                    continue
                spans.append((s, e, ents[0]))
            if spans:
                spans.sort(key=lambda t: t[0])
                _apply(slot, [(s, e, _new(ent.element, ref="#" + ent.id)) for s, e, ent in spans])
                for _, _, ent in spans:
                    report.names[ent.kind] += 1


def mark_dates(body, overrides: list[Override], report: Report) -> None:
    for block in blocks(body):
        full, slots = block_slots(block)
        forced = _forced(full, overrides, "date")
        for slot in slots:
            if not slot.editable:
                continue
            fz = [(s, e, ov) for s, e, ov in forced if slot.start <= s and e <= slot.end]
            report.used_overrides.update(ov.line for _, _, ov in fz)
            spans = [(s, e, ov.date_attrs()) for s, e, ov in fz if ov.action != "-"]
            found = dates.find_dates(full, slot.start, slot.end)
            for d in found:
                if not any(d.start < fe and fs < d.end for fs, fe, _ in fz):
                    spans.append((d.start, d.end, d.attrs))
            for s, e in dates.find_yearless(full[: slot.end]):
                if s >= slot.start and not any(s < fe and fs < e for fs, fe, _ in fz) \
                        and not any(d.start <= s and e <= d.end for d in found):
                    report.warnings.append(f"date without year left unmarked: {full[max(0, s - 30):e + 30]!r}")
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


def annotate_tree(tree, standoff: etree._Element | None = None, overrides: list[Override] = (),
                  replace_standoff: bool = False) -> Report:
    """Annotate the body of tree in place with the registers of its own standOff, or, when the
    document has none, of `standoff` (which is then inserted after the teiHeader). Passing a
    `standoff` for a document that already has registers is an error unless replace_standoff."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
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
    entries = load_registers(standoff)
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


def serialize(tree) -> bytes:
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return data if data.endswith(b"\n") else data + b"\n"


def _start_of(data: bytes, el: etree._Element) -> int:
    """Byte offset of el's start tag in data (the bytes el was parsed from)."""
    line_start = 0
    for _ in range(el.sourceline - 1):
        line_start = data.index(b"\n", line_start) + 1
    local = etree.QName(el).localname.encode()
    return re.compile(rb"<(?:[\w.-]+:)?" + local + rb"[\s/>]").search(data, line_start).start()


def keep_verbatim(old: bytes, new: bytes, standoff_replaced: bool) -> bytes:
    """new, with the bytes the annotator did not change copied from old: everything before
    `text` (declaration, TEI start tag, teiHeader, standOff), or, when the standOff was
    replaced, everything up to the end of the teiHeader. Lexical choices of a hand-written
    header (quotes, character references, empty tags) thus survive."""
    r_old, r_new = (parse_bytes(d, "annotate").getroot() for d in (old, new))
    if standoff_replaced:
        ends = []
        for data, root in ((old, r_old), (new, r_new)):
            start = _start_of(data, root.find(T + "teiHeader"))
            ends.append(re.compile(rb"</(?:[\w.-]+:)?teiHeader\s*>").search(data, start).end())
    else:
        ends = [_start_of(old, r_old.find(T + "text")), _start_of(new, r_new.find(T + "text"))]
    return old[: ends[0]] + new[ends[1]:]


def annotate_bytes(data: bytes, name: str = "document", registers: Path | str | None = None,
                   overrides: list[Override] = (), replace_standoff: bool = False) -> tuple[bytes, Report]:
    """The annotator's output for the document `data` (and its report)."""
    tree = parse_bytes(data, name)
    standoff = read_xml(registers).getroot() if registers is not None else None
    if standoff is not None and standoff.tag == T + "TEI":
        standoff = registers_standoff(standoff)
    report = annotate_tree(tree, standoff, overrides, replace_standoff)
    return keep_verbatim(data, serialize(tree), report.standoff_replaced), report


def annotate_file(path: Path | str, registers: Path | str | None = None,
                  overrides: Path | str | None = OVERRIDES, replace_standoff: bool = False) -> Report:
    """Annotate the file in place (written only when its bytes change); `registers` only to
    bootstrap a document without a standOff (or with replace_standoff)."""
    path = Path(path)
    old = path.read_bytes()
    data, report = annotate_bytes(old, str(path), registers, load_overrides(overrides), replace_standoff)
    if data != old:
        path.write_bytes(data)
    return report


# ----------------------------------------------------------------------------- audit
def _standoff_entries(root) -> list[Entry]:
    so = registers_standoff(root)
    return load_registers(so) if so is not None else []


def audit_tree(tree, overrides: list[Override] = (), entries: list[Entry] | None = None) -> list[str]:
    """Everything wrong with the marks in the body; empty when the annotation is complete.

    (a) every name @ref resolves to an entry of the right kind; (b) every entry is referenced;
    (c) no name form of any entry occurs unmarked in the body text outside title, sic, choice,
    note, date and name elements (except occurrences an override marks "-"); (d) every date
    has valid ISO 8601 values with from <= to, and no four-digit year is left unmarked.
    """
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    body = root.find(f"{T}text/{T}body")
    if body is None:
        return ["the document has no text/body"]
    entries = _standoff_entries(root) if entries is None else entries
    if not entries:
        return ["no registers (standOff with listPerson) in the document"]
    by_id = {e.id: e for e in entries}
    out: list[str] = []
    refs: set[str] = set()
    for el in body.iter(*(T + n for n in KIND_ELEMENT.values())):
        ref, local = el.get("ref", ""), etree.QName(el).localname
        ent = by_id.get(ref[1:]) if ref.startswith("#") else None
        if ent is None:
            out.append(f"(a) <{local} ref={ref!r}> does not point to a register entry")
        elif ent.element != local:
            out.append(f"(a) <{local} ref={ref!r}> points to a {ent.kind}, expected <{ent.element}>")
        refs.add(ref)
    out += [f"(b) register entry {e.id!r} is never referenced" for e in entries if "#" + e.id not in refs]
    idx = forms_index(entries)
    pats = [(f, re.compile(r"(?<![\w])" + form_regex(f) + POSSESSIVE + r"(?![\w])")) for f in sorted(idx)]
    for block in blocks(body):
        full, slots = block_slots(block)
        masked = "".join(s.text if s.visible else "\ufffc" * len(s.text) for s in slots)
        ex_names = [(s, e) for s, e, ov in _forced(full, list(overrides), "name") if ov.action == "-"]
        ex_dates = [(s, e) for s, e, ov in _forced(full, list(overrides), "date") if ov.action == "-"]
        for form, rx in pats:
            for m in rx.finditer(masked):
                if not any(s <= m.start() and m.start() < e for s, e in ex_names):
                    out.append(f"(c) unmarked {form!r} ({', '.join(x.id for x in idx[form])}): "
                               f"{full[max(0, m.start() - 40):m.end() + 40]!r}")
        for m in re.finditer(r"(?<![\w.,])1[5-9]\d\d(?![\w]|[.,]\d)", masked):
            if not any(s <= m.start() and m.start() < e for s, e in ex_dates):
                out.append(f"(d) unmarked year {m.group(0)}: {full[max(0, m.start() - 40):m.end() + 40]!r}")
    for el in body.iter(T + "date"):
        for problem in dates.date_problems(dict(el.attrib)):
            out.append(f"(d) <date>{''.join(el.itertext())}</date>: {problem}")
    return out


def _marks(block: etree._Element) -> list[str]:
    out = []
    for el in block.iter(*(T + n for n in KIND_ELEMENT.values()), T + "date"):
        attrs = " ".join(f'{k}="{v}"' for k, v in sorted(el.attrib.items()))
        out.append(f"<{etree.QName(el).localname} {attrs}>{norm(''.join(el.itertext()))}")
    return out


def reannotation_findings(tree, overrides: list[Override] = ()) -> list[str]:
    """(e) Marks the annotator would change if run on the document now: a hand edit of a mark
    (or of the registers or overrides without a re-run) shows up here. Empty when the body is
    exactly the annotator's output on itself."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    if registers_standoff(root) is None or root.find(f"{T}text/{T}body") is None:
        return []      # audit_tree reports these
    redone = copy.deepcopy(root)
    annotate_tree(redone, None, overrides)
    body, body2 = root.find(f"{T}text/{T}body"), redone.find(f"{T}text/{T}body")
    out = []
    for b1, b2 in zip(blocks(body), blocks(body2)):
        m1, m2 = _marks(b1), _marks(b2)
        if m1 != m2:
            where = b1.get(f"{{{XML_NS}}}id") or b1.getparent().get(f"{{{XML_NS}}}id") or etree.QName(b1).localname
            gone = [m for m in m1 if m not in m2]
            new = [m for m in m2 if m not in m1]
            out.append(f"(e) {where} (line {b1.sourceline}): the annotator would remove {gone} and add {new}; "
                       f"correct marks through the registers (standOff) or the overrides file, then re-run")
    if not out and etree.tostring(body) != etree.tostring(body2):
        out.append("(e) the body differs from the annotator's output on it (markup or whitespace of a mark); "
                   "re-run python -m tei_edition.annotate")
    return out


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--registers", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Bootstrap only: a standOff (or TEI file) whose registers are inserted into a document "
                   "that has none. Without it the document's own standOff is used.")
@click.option("--replace-standoff", is_flag=True,
              help="With --registers: overwrite the document's existing registers.")
@click.option("--overrides", type=click.Path(dir_okay=False, path_type=Path), default=OVERRIDES)
def main(path: Path, registers: Path | None, replace_standoff: bool, overrides: Path) -> None:
    """Mark names and dates in the TEI master PATH (rewritten in place) from its own registers."""
    if replace_standoff and registers is None:
        raise click.UsageError("--replace-standoff needs --registers FILE")
    try:
        report = annotate_file(path, registers, overrides, replace_standoff)
    except ValueError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    ovs = load_overrides(overrides)
    for w in report.warnings:
        click.echo(f"{path}: warning: {w}", err=True)
    for ov in ovs:
        if ov.line not in report.used_overrides:
            click.echo(f"{overrides}:{ov.line}: warning: override never applied: {ov.context!r}", err=True)
    findings = audit_tree(parse_bytes(path.read_bytes(), str(path)), ovs)
    for f in findings:
        click.echo(f"{path}: audit: {f}", err=True)
    n = report.names
    click.echo(f"{path}: {n['person']} persons, {n['place']} places, {n['org']} organisations, "
               f"{report.dates} dates marked; {len(findings)} audit findings", err=True)
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
