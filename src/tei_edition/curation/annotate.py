"""Mark every mention of a register entry and every date in the body of the master.

`tei-edition annotate [PATH]` rewrites PATH in place:

1. removes the marks a previous run made (name elements with @ref, date elements that carry
   only @when/@from/@to), so every run starts from the author's text and is deterministic;
2. wraps each occurrence of any name form of any register entry in persName/placeName/orgName
   with ref="#id" (longest form first, word boundaries, possessive 's/s left outside);
   a `choice` whose reading is a name form, and a periodical `title` that is a name form,
   are wrapped whole; nothing is marked inside title, sic, choice, note, date or a name;
3. wraps every date expression (curation/dates.py) in date with @when or @from/@to.

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
from tei_edition.core.xmlio import parse_bytes, read_xml
from tei_edition.core.files import write_atomic
from tei_edition.core.locks import editing

__all__ = ["BLOCK_TAGS", "ELEMENT_KIND", "KIND_ELEMENT", "NAME_TAGS", "OVERRIDES", "POSSESSIVE", "SKIP_TAGS",
           "Entry", "Override", "Report", "Warned", "annotate_bytes", "annotate_file", "annotate_tree", "audit_tree",
           "block_slots", "blocks", "form_regex", "forms_index", "insert_standoff", "keep_verbatim",
           "load_overrides", "load_registers", "mark_dates", "mark_names", "names_pattern", "norm",
           "reading", "reannotation_findings", "registers_standoff", "serialize", "strip_annotations",
           "wrap_whole"]


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return data if data.endswith(b"\n") else data + b"\n"


def _start_of(data: bytes, el: etree._Element | None) -> int:
    """Byte offset of el's start tag in data (the bytes el was parsed from; the caller knows
    el is there)."""
    assert el is not None and el.sourceline is not None
    line_start = 0
    for _ in range(el.sourceline - 1):
        line_start = data.index(b"\n", line_start) + 1
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
    r_old, r_new = (parse_bytes(d, "annotate").getroot() for d in (old, new))
    if serialize(r_old.getroottree()) == new:
        return old
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
            if serialize(parse_bytes(kept, "annotate")) == new:
                return kept
        except EditionError:
            pass
    return old[: ends[0]] + new[ends[1]:]  # the root's end not found where it is: the body as written


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


def annotate_bytes(data: bytes, name: str = "document", registers: Path | str | None = None,
                   overrides: Sequence[Override] = (), replace_standoff: bool = False) -> tuple[bytes, Report]:
    """The annotator's output for the document `data` (and its report)."""
    tree = parse_bytes(data, name)
    standoff = read_xml(registers).getroot() if registers is not None else None
    if standoff is not None and standoff.tag == T + "TEI":
        standoff = registers_standoff(standoff)
    report = annotate_tree(tree, standoff, overrides, replace_standoff)
    written = keep_verbatim(data, serialize(tree), report.standoff_replaced)
    if report.warnings:
        _locate_warnings(report, tree, written, name)
    return written, report


def _locate_warnings(report: Report, tree: etree._ElementTree, written: bytes, name: str) -> None:
    """Each warning's line: that of its block in `written`, the bytes the editor opens (the
    body's blocks are the same, in the same order, in the tree and in its written form)."""
    body, again = (t.find(f"{T}text/{T}body") for t in (tree.getroot(), parse_bytes(written, name).getroot()))
    if body is None or again is None:
        return
    order = {block: i for i, block in enumerate(blocks(body))}
    located = blocks(again)
    if len(located) != len(order):
        return
    for warned in report.warnings:
        if warned.block is not None and warned.block in order:
            warned.line = located[order[warned.block]].sourceline


def annotate_file(path: Path | str, registers: Path | str | None = None,
                  overrides: Path | str | None = OVERRIDES, replace_standoff: bool = False) -> Report:
    """Annotate the file in place (written only when its bytes change); `registers` only to
    bootstrap a document without a standOff (or with replace_standoff)."""
    path = Path(path)
    with editing(path):  # the whole read-modify-write: another command's update is never lost
        old = read_bytes(path)
        data, report = annotate_bytes(old, str(path), registers, load_overrides(overrides), replace_standoff)
        if data != old:
            write_atomic(path, data, unchanged=old)
    return report
