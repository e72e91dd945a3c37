"""Mark every mention of a register entry and every date in the body of the master.

`tei-edition annotate [PATH]` rewrites PATH in place:

1. removes the marks a previous run made (name elements with @ref, date elements that carry
   only @when/@from/@to), so every run starts from the author's text and is deterministic;
2. wraps each occurrence of any name form of any register entry in persName/placeName/orgName
   with ref="#id" (longest form first, word boundaries, possessive 's/s left outside);
   a `choice` whose reading is a name form, and a periodical `title` that is a name form,
   are wrapped whole; nothing is marked inside title, sic, choice, note, date or a name;
3. wraps every date expression (core/dates.py) in date with @when or @from/@to.

The registers are the document's own `standOff` (listPerson, listPlace, listOrg): after the
bootstrap the master is the only source of truth for them, and they are edited there.
`--registers FILE` is only for bootstrapping a document that has no standOff yet: the file's
standOff is then inserted after the teiHeader. An existing standOff is never replaced unless
`--replace-standoff` is given. Only the body's marks (and, when asked, the standOff) change:
the bytes of the teiHeader, of everything before `text` when the standOff is kept, and of
everything after the root are copied from the input unchanged, and so is every block of the
text (p, cit, head, list… in a div) whose marks did not change (`splice`); a document that needs
no mark changed is not rewritten however it is spelt (`keep_verbatim`).

HAND CORRECTIONS TO MARKS DO NOT SURVIVE A RUN. Every run removes the marks it made and
derives them again from the registers and edition/source/annotation-overrides.txt, so a
persName/placeName/orgName with @ref or a date with only @when/@from/@to that was edited by
hand in the master is undone. Correct a mark in one of two ways, then re-run the annotator:
a wrong or missing name form of an entity -> its entry in the master's standOff; a single
occurrence (wrong entity, not a mention, a date the text makes certain) -> a line in the
overrides file (see its header). The audit (curation/audit.py, tests/*/test_annotate*.py) fails when
the committed master differs from the annotator's output on itself.
The text itself never changes. Running twice gives identical bytes.

Modules: registers (entries, name-form patterns, overrides), marks (the passes over the
body), dates (date expressions), audit (the audit); this module is the file-level entry point
(the command is `tei-edition annotate`, cli/editor.py) and re-exports their public names.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tei_edition.curation.audit import audit_tree, reannotation_findings
from tei_edition.curation.marks import (BLOCK_TAGS, NAME_TAGS, SKIP_TAGS, Report, Warned, annotate_tree, block_slots,
                             blocks, insert_standoff, mark_dates, mark_names, reading, strip_annotations, wrap_whole)
from tei_edition.curation.splice import splice_blocks
from tei_edition.curation.registers import (ELEMENT_KIND, KIND_ELEMENT, OVERRIDES, POSSESSIVE, T, Entry, Override,
                                 form_regex, forms_index, load_overrides, load_registers, names_pattern, norm,
                                 registers_standoff)
from tei_edition.core.inputs import read_bytes
from tei_edition.core.problems import EditionError
from tei_edition.core.source import tag_of
from tei_edition.core.xmlio import parse_bytes, read_xml
from tei_edition.core.files import write_atomic
from tei_edition.core.locks import editing

__all__ = ["Annotated", "BLOCK_TAGS", "ELEMENT_KIND", "KIND_ELEMENT", "NAME_TAGS", "OVERRIDES", "POSSESSIVE",
           "SKIP_TAGS", "Entry", "Override", "Report", "Warned", "annotate_bytes", "annotate_file", "annotate_path",
           "annotate_tree", "audit_tree", "block_slots", "blocks", "form_regex", "forms_index", "insert_standoff",
           "keep_verbatim", "load_overrides", "load_registers", "mark_dates", "mark_names", "names_pattern", "norm",
           "reading", "reannotation_findings", "registers_standoff", "serialize", "strip_annotations",
           "wrap_whole"]


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return data if data.endswith(b"\n") else data + b"\n"


def _start_of(data: bytes, el: etree._Element | None) -> int:
    """Byte offset of el's start tag in data (the bytes el's document was parsed from; the
    caller knows el is there). Located by pairing the markup with the tree (`core.source`):
    lxml's line is the start tag's last, and the tag may begin lines before it."""
    assert el is not None
    line, col = tag_of(el, "annotate", data)
    line_start = 0
    for _ in range(line - 1):
        line_start = data.index(b"\n", line_start) + 1
    at = line_start + len(data[line_start:].decode("utf-8", errors="replace")[: col - 1].encode("utf-8"))
    if data[at:at + 1] == b"<":
        return at
    # not paired (tag_of then gives the element's own line): the first such tag from that line
    local = etree.QName(el).localname.encode()
    found = re.compile(rb"<(?:[\w.-]+:)?" + local + rb"[\s/>]").search(data, line_start)
    assert found is not None
    return found.start()


def keep_verbatim(old: bytes, new: bytes, standoff_replaced: bool) -> bytes:
    """new, with the bytes the annotator did not change copied from old: everything before
    `text` (declaration, TEI start tag, teiHeader, standOff), or, when the standOff was
    replaced, everything up to the end of the teiHeader; and everything after the root. Lexical
    choices of a hand-written header (quotes, character references, empty tags) thus survive,
    and so do those of every block of the text whose content did not change (`splice_blocks`;
    the whole text as lxml writes it where the blocks do not pair off or the splice does not
    parse back to new). old itself where new is old's own document (the body spelt otherwise:
    nothing to write), and the body's lines end in CRLF where old's all do."""
    return _verbatim(old, new, standoff_replaced, parse_bytes(old, "annotate").getroot(), "annotate")[0]


def _verbatim(old: bytes, new: bytes, standoff_replaced: bool, r_old: etree._Element,
              name: str) -> tuple[bytes, etree._ElementTree | None]:
    """`keep_verbatim`, given the root parsed from old as it is (not the tree the annotator
    changed), and the tree parsed (under `name`) from the bytes it returns: the parse that
    checks them, which every later reader of those bytes takes (None where it returns bytes it
    did not check)."""
    r_new = parse_bytes(new, "annotate").getroot()
    if serialize(r_old.getroottree()) == new:
        return old, r_old.getroottree()
    texts = [_start_of(old, r_old.find(T + "text")), _start_of(new, r_new.find(T + "text"))]
    ends = texts
    if standoff_replaced:
        ends = []
        for data, root in ((old, r_old), (new, r_new)):
            start = _start_of(data, root.find(T + "teiHeader"))
            end = re.compile(rb"</(?:[\w.-]+:)?teiHeader\s*>").search(data, start)
            assert end is not None  # the header parsed, so its end tag is there
            ends.append(end.end())
    crlf = b"\n" in old and old.count(b"\r\n") == old.count(b"\n")  # a CR in the text is serialised &#13;

    def lines(data: bytes) -> bytes:
        return data.replace(b"\n", b"\r\n") if crlf else data

    candidates = []
    spliced = splice_blocks(old, new, r_old, r_new, lines)
    if spliced is not None:  # only the changed blocks of the text rewritten
        candidates.append(old[: ends[0]] + lines(new[ends[1]:texts[1]]) + spliced[texts[0]:])
    # the whole text as lxml writes it
    candidates.append(old[: ends[0]] + lines(new[ends[1]:_end_of_root(new, r_new)]) + old[_end_of_root(old, r_old):])
    for kept in candidates:
        try:
            tree = parse_bytes(kept, name)
        except EditionError:
            continue
        if serialize(tree) == new:
            return kept, tree
    return old[: ends[0]] + new[ends[1]:], None  # the root's end not found where it is: the body as written


def _end_of_root(data: bytes, root: etree._Element) -> int:
    """Byte offset just after the root's end tag in data (the bytes root was parsed from),
    walking back over the comments and processing instructions after it (a comment holds no
    `--`; a PI that holds its own `<?target` is caught by the caller's check)."""
    after = []
    node = root.getnext()
    while node is not None:
        after.append(node)
        node = node.getnext()
    end = _before_space(data, len(data))
    for node in reversed(after):
        start = b"<?" + node.target.encode() if isinstance(node, etree._ProcessingInstruction) else b"<!--"
        end = _before_space(data, max(data.rfind(start, 0, end), 0))
    return end


def _before_space(data: bytes, end: int) -> int:
    while end and data[end - 1] in b" \t\r\n":
        end -= 1
    return end


@dataclass
class Annotated:
    """A document annotated: the bytes to write (`data`), the report, the overrides applied
    (read once, for the command's report too) and the tree of `data`, parsed once (`tree()`)."""
    data: bytes
    report: Report
    overrides: list[Override]
    name: str
    parsed: etree._ElementTree | None = None

    def tree(self) -> etree._ElementTree:
        """`data` parsed: the parse keep_verbatim checked them with, or, where it wrote bytes
        it did not check, a parse of them made here, once."""
        if self.parsed is None:
            self.parsed = parse_bytes(self.data, self.name)
        return self.parsed


def annotate_bytes(data: bytes, name: str = "document", registers: Path | str | None = None,
                   overrides: Sequence[Override] = (), replace_standoff: bool = False) -> tuple[bytes, Report]:
    """The annotator's output for the document `data` (and its report)."""
    done = _annotate(data, name, registers, list(overrides), replace_standoff)
    return done.data, done.report


def _annotate(data: bytes, name: str, registers: Path | str | None, overrides: list[Override],
              replace_standoff: bool) -> Annotated:
    tree = parse_bytes(data, name)
    standoff = read_xml(registers).getroot() if registers is not None else None
    if standoff is not None and standoff.tag == T + "TEI":
        tei = standoff
        standoff = registers_standoff(tei)
        if standoff is None:  # (not "the document has none": the file given was read)
            line, col = tag_of(tei, str(registers))
            raise ValueError(f"{registers}:{line}:{col}: --registers names a TEI file without registers "
                             "(no standOff with listPerson)")
    report = annotate_tree(tree, standoff, overrides, replace_standoff, data)
    # data parsed again, not copied before annotate_tree changed the tree: keep_verbatim needs
    # data's own tree, and a deep copy loses the line of a processing instruction and reorders
    # the comments and processing instructions after the root
    as_read = parse_bytes(data, "annotate").getroot()
    written, parsed = _verbatim(data, serialize(tree), report.standoff_replaced, as_read, name)
    done = Annotated(written, report, overrides, name, parsed)
    if report.warnings:
        _locate_warnings(report, tree, done.tree())
    return done


def _locate_warnings(report: Report, tree: etree._ElementTree, written: etree._ElementTree) -> None:
    """Each warning's block in `written` (parsed from the bytes the editor opens; the body's
    blocks are the same, in the same order, in the tree and in its written form)."""
    body, again = (t.find(f"{T}text/{T}body") for t in (tree.getroot(), written.getroot()))
    if body is None or again is None:
        return
    order = {block: i for i, block in enumerate(blocks(body))}
    located = blocks(again)
    if len(located) != len(order):
        return
    for warned in report.warnings:
        if warned.block is not None and warned.block in order:
            warned.written = located[order[warned.block]]


def annotate_file(path: Path | str, registers: Path | str | None = None,
                  overrides: Path | str | None = OVERRIDES, replace_standoff: bool = False) -> Report:
    """Annotate the file in place (written only when its bytes change); `registers` only to
    bootstrap a document without a standOff (or with replace_standoff)."""
    return annotate_path(path, registers, overrides, replace_standoff).report


def annotate_path(path: Path | str, registers: Path | str | None = None,
                  overrides: Path | str | None = OVERRIDES, replace_standoff: bool = False) -> Annotated:
    """`annotate_file`, and what the command reports from: the overrides as read and the tree of
    the file as written (its audit reads neither file again)."""
    path = Path(path)
    with editing(path):  # the whole read-modify-write: another command's update is never lost
        old = read_bytes(path)
        done = _annotate(old, str(path), registers, load_overrides(overrides), replace_standoff)
        if done.data != old:
            write_atomic(path, done.data, unchanged=old)
    return done
