"""The editor's audit: what is not yet marked, or not yet verified, in an edition file.

`audit_file` is the command's report: problems W0401–W0405 from the checks of the marks below
((a) refs resolve to entries of the right kind, (b) every entry is referenced, (c) no name form
is left unmarked, (d) date values are valid and no year is left unmarked, (e) the body is
exactly the annotator's output on itself, so a hand edit of a mark is caught; (e) leaves out
what (a)-(d) already report, one line for one thing to fix), and a summary of
what the registers still lack (life dates, coordinates, authority identifiers), with the account
of the apparatus (works consulted, events, glossary, notes, interventions: curation/apparatus.py).
"""


from __future__ import annotations

import copy
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from lxml import etree

from tei_edition.core import dates
from tei_edition.curation import slips
from tei_edition.curation.apparatus import apparatus_summary
from tei_edition.curation.marks import _forced, annotate_tree, block_slots, blocks
from tei_edition.curation.registers import (KIND_ELEMENT, POSSESSIVE, T, Entry, Override, form_regex, forms_index,
                                 load_registers, norm, registers_standoff, OVERRIDES, load_overrides)
from tei_edition.core import paths
from tei_edition.core.files import same_path
from tei_edition.core.problems import Problem
from tei_edition.core.source import Source
from tei_edition.core.xmlio import NS, XML_NS, read_tei


def _standoff_entries(root: etree._Element) -> list[Entry]:
    so = registers_standoff(root)
    return load_registers(so) if so is not None else []


def audit_tree(tree: etree._ElementTree | etree._Element, overrides: Sequence[Override] = (),
               entries: list[Entry] | None = None) -> list[str]:
    """Everything wrong with the marks in the body; empty when the annotation is complete.

    (a) every name @ref resolves to an entry of the right kind; (b) every entry is referenced;
    (c) no name form of any entry occurs unmarked in the body text outside title, sic, choice,
    note, date and name elements (except occurrences an override marks "-"); (d) every date
    has valid ISO 8601 values with from <= to, and no four-digit year is left unmarked.
    """
    return [f"({letter}) {text}" for letter, _at, text in audit_findings(tree, overrides, entries)]


def audit_findings(tree: etree._ElementTree | etree._Element, overrides: Sequence[Override] = (),
                   entries: list[Entry] | None = None) -> list[tuple[str, etree._Element, str]]:
    """The audit as (check letter, element it is at, message) triples, for `tei-edition annotate`."""
    return [(f.letter, f.at, f.text) for f in findings(tree, overrides, entries)]


@dataclass
class Finding:
    """One finding of checks (a)-(d), at the start tag of `at` (the mark, the entry, the block
    of a word left unmarked, the root), and what it is about: a mark (`element`), or a place
    (`offset`) in the text of `block` (block_slots), so the re-annotation check (e) leaves it out."""
    letter: str
    at: etree._Element
    text: str
    element: etree._Element | None = None
    block: etree._Element | None = None
    offset: int = 0


def findings(tree: etree._ElementTree | etree._Element, overrides: Sequence[Override] = (),
             entries: list[Entry] | None = None) -> list[Finding]:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = root.find(f"{T}text/{T}body")
    if body is None:
        return [Finding("a", root, "the document has no text/body")]
    entries = _standoff_entries(root) if entries is None else entries
    if not entries:
        return [Finding("b", root, "no registers (standOff with listPerson) in the document")]
    by_id = {e.id: e for e in entries}
    out: list[Finding] = []
    refs: set[str] = set()
    for el in body.iter(*(T + n for n in KIND_ELEMENT.values())):
        ref, local = el.get("ref", ""), etree.QName(el).localname
        ent = by_id.get(ref[1:]) if ref.startswith("#") else None
        if ent is None:
            out.append(Finding("a", el, f"<{local} ref={ref!r}> does not point to a register entry", el))
        elif ent.element != local:
            out.append(Finding("a", el, f"<{local} ref={ref!r}> points to a {ent.kind}, "
                               f"expected <{ent.element}>", el))
        refs.add(ref)
    entry_elements = {el.get(f"{{{XML_NS}}}id"): el for el in root.iter(T + "person", T + "place", T + "org")}
    out += [Finding("b", entry_elements.get(e.id, root), f"register entry {e.id!r} is never referenced")
            for e in entries if "#" + e.id not in refs]
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
                    out.append(Finding("c", block, f"unmarked {form!r} ({', '.join(x.id for x in idx[form])}"
                                       f"): {full[max(0, m.start() - 40):m.end() + 40]!r}", None, block, m.start()))
        for m in re.finditer(r"(?<![\w.,])1[5-9]\d\d(?![\w]|[.,]\d)", masked):
            if not any(s <= m.start() and m.start() < e for s, e in ex_dates):
                out.append(Finding("d", block, f"unmarked year {m.group(0)}: "
                                   f"{full[max(0, m.start() - 40):m.end() + 40]!r}", None, block, m.start()))
    for el in body.iter(T + "date"):
        for problem in dates.date_problems(dict(el.attrib)):
            out.append(Finding("d", el, f"<date>{''.join(el.itertext())}</date>: {problem}", el))
    return out


def _marks(block: etree._Element) -> list[etree._Element]:
    return list(block.iter(*(T + n for n in KIND_ELEMENT.values()), T + "date"))


def _mark(el: etree._Element) -> str:
    attrs = " ".join(f'{k}="{v}"' for k, v in sorted(el.attrib.items()))
    return f"<{etree.QName(el).localname} {attrs}>{norm(''.join(el.itertext()))}"


def _spans(block: etree._Element) -> dict[etree._Element, tuple[int, int]]:
    """Where each element of block lies in the block's text (offsets as block_slots counts them)."""
    out: dict[etree._Element, tuple[int, int]] = {}

    def walk(el: etree._Element, pos: int) -> int:
        if el.tag == T + "note":  # left out of the block's text
            return pos
        start = pos
        if isinstance(el.tag, str) and el.text:
            pos += len(el.text)
        for child in el:
            pos = walk(child, pos) + len(child.tail or "")
        out[el] = (start, pos)
        return pos
    walk(block, 0)
    return out


def _reported(b1: etree._Element, b2: etree._Element, reported: Sequence[Finding]) -> tuple[Counter[str], Counter[str]]:
    """The marks of b1 the annotator would remove, and those of b2 (b1 re-annotated) it would
    add, that another check already reports: a mark it names (a wrong ref, a bad date), or a
    mark added where it found a name or year unmarked or over a mark it names."""
    named = {f.element for f in reported if f.element is not None}
    spans1, spans2 = _spans(b1), _spans(b2)
    # sorted, and each span's end the furthest so far: a mark is looked up, not compared with
    # every finding (quadratic in a paragraph with thousands of names unmarked)
    places = sorted(f.offset for f in reported if f.block is b1)
    around = sorted(spans1[el] for el in named if el in spans1)
    starts, furthest = [s for s, _ in around], list(accumulate((e for _, e in around), max))
    gone = Counter(_mark(el) for el in _marks(b1) if el in named)
    new: Counter[str] = Counter()
    for el in _marks(b2):
        start, end = spans2.get(el, (0, 0))  # (0, 0): in a note, outside the block's text
        at = bisect_left(places, start)
        before = bisect_left(starts, end)  # the spans that begin before the mark ends
        if (at < len(places) and places[at] < end) or (before and furthest[before - 1] > start):
            new[_mark(el)] += 1
    return gone, new


def reannotation_findings(tree: etree._ElementTree | etree._Element, overrides: Sequence[Override] = ()) -> list[str]:
    return [f"(e) {text}" for _at, text in reannotation_places(tree, overrides)]


def reannotation_places(tree: etree._ElementTree | etree._Element, overrides: Sequence[Override] = (),
                        reported: Sequence[Finding] = (),
                        source: Source | None = None) -> list[tuple[etree._Element, str]]:
    """(e) Marks the annotator would change if run on the document now: a hand edit of a mark
    (or of the registers or overrides without a re-run) shows up here. Empty when the body is
    exactly the annotator's output on itself. A change that one of `reported` (the findings of
    checks (a)-(d) on tree) already names is left out: one line for one thing to fix. A block's
    line is its `<`'s in `source` (default: the file tree was read from, read only for a change)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    source = source or Source(root.getroottree().docinfo.URL or "", root)
    body = root.find(f"{T}text/{T}body")
    if registers_standoff(root) is None or body is None:
        return []      # audit_tree reports these
    redone = copy.deepcopy(root)
    annotate_tree(redone, None, overrides)
    body2 = redone.find(f"{T}text/{T}body")
    assert body2 is not None  # a copy of root, whose body was found
    out: list[tuple[etree._Element, str]] = []  # at the start tag of the block, or of the body
    differ = False
    for b1, b2 in zip(blocks(body), blocks(body2)):
        m1, m2 = [_mark(el) for el in _marks(b1)], [_mark(el) for el in _marks(b2)]
        if m1 != m2:
            differ = True
            parent = b1.getparent()
            assert parent is not None  # a block is inside the body
            where = b1.get(f"{{{XML_NS}}}id") or parent.get(f"{{{XML_NS}}}id") or etree.QName(b1).localname
            # counted: a second mark equal to one already there is an addition too
            known_gone, known_new = _reported(b1, b2, reported)
            gone = list((Counter(m1) - Counter(m2) - known_gone).elements())
            new = list((Counter(m2) - Counter(m1) - known_new).elements())
            if gone or new:
                out.append((b1, f"{where} (line {source.tag(b1)[0]}): the annotator would remove {gone} and "
                            f"add {new}; correct marks through the registers (standOff) or the overrides file, "
                            f"then re-run"))
    if not differ and etree.tostring(body) != etree.tostring(body2):
        out.append((body, "the body differs from the annotator's output on it (markup or whitespace "
                    "of a mark); re-run tei-edition annotate"))
    return out


# --- the command's report -----------------------------------------------------------------

CHECK_CODES = {"a": "W0401", "b": "W0402", "c": "W0403", "d": "W0404", "e": "W0405"}


@dataclass
class AuditReport:
    problems: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def _overrides_for(path: Path) -> list[Override]:
    # The overrides file belongs to the master; other files are audited without exceptions. A
    # master whose overrides file is missing is an error (E0001), as for `annotate`: audited
    # without them it would list as unmarked what the overrides decided.
    if same_path(path, paths.MASTER):
        return load_overrides(OVERRIDES)
    return []


def _count(root: etree._Element, xpath: str) -> int:
    return int(root.xpath(f"count({xpath})", namespaces=NS))


def register_summary(root: etree._Element) -> list[str]:
    persons, places, orgs = "//tei:standOff//tei:person", "//tei:standOff//tei:place", "//tei:standOff//tei:org"
    with_id = "[tei:idno[@type='wikidata' or @type='VIAF' or @type='GeoNames']]"
    with_wp = "[tei:idno[@type='wikipedia']]"

    def links(xpath: str) -> str:
        return (f"with an authority identifier {_count(root, xpath + with_id)}, "
                f"with a Wikipedia link {_count(root, xpath + with_wp)}")

    return [
        f"persons: {_count(root, persons)}, with life dates {_count(root, persons + '[tei:birth or tei:death]')}, "
        + links(persons),
        f"places: {_count(root, places)}, with coordinates {_count(root, places + '[.//tei:geo]')}, " + links(places),
        f"organisations: {_count(root, orgs)}, " + links(orgs),
        f"marked in the body: {_count(root, '//tei:body//tei:persName')} persons, "
        f"{_count(root, '//tei:body//tei:placeName')} places, {_count(root, '//tei:body//tei:orgName')} "
        f"organisations, {_count(root, '//tei:body//tei:date')} dates, "
        f"{_count(root, '//tei:body//tei:bibl[tei:ref]')} citations",
    ]


def slip_problems(root: etree._Element, path: Path, exceptions: Path = slips.EXCEPTIONS,
                  source: Source | None = None) -> list[Problem]:
    """Candidate slips neither corrected nor excepted (E0532), at the `<` of their unit (`source`:
    the file, if at hand), and exceptions that match nothing (E0533)."""
    undecided, stale = slips.check(root, slips.load_exceptions(exceptions))
    where = source or Source(str(path), root)
    return ([Problem(str(path), *(where.tag(c.element) if c.element is not None else (1, 1)), "E0532",
                     f"{c.unit}: {c.kind} {c.text!r} is neither corrected nor listed "
                     f"in {exceptions.name}: correct it (choice, corr type) or add a line with the reason")
             for c in undecided]
            + [Problem(str(exceptions), x.line, 1, "E0533", f"{x.unit} | {x.text} | {x.kind} matches no candidate "
                       f"of the text: remove or correct the line") for x in stale])


def audit_file(path: Path | str) -> AuditReport:
    """Audit one TEI file; unreadable input raises EditionError like every reader."""
    path = Path(path)
    tree = read_tei(path)
    overrides = _overrides_for(path)
    report = AuditReport()
    found = findings(tree, overrides)
    source = Source(str(path), tree.getroot())  # the file read again only if there is a finding
    for f in found:
        report.problems.append(Problem(str(path), *source.tag(f.at), CHECK_CODES[f.letter], f.text))
    for at, text in reannotation_places(tree, overrides, found, source):  # what (a)-(d) did not already say
        report.problems.append(Problem(str(path), *source.tag(at), "W0405", text))
    if same_path(path, paths.MASTER) and slips.EXCEPTIONS.exists():
        report.problems += slip_problems(tree.getroot(), path, source=source)
    report.problems.sort()
    report.summary = register_summary(tree.getroot()) + apparatus_summary(tree.getroot())
    return report
