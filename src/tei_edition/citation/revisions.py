"""The revision history: append a `<change>` to the master's revisionDesc as a minimal text edit.

The master is hand-formatted; re-serialising it would rewrite every line. So the change is
inserted as text at the right place, and the result is parsed again before it is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

from lxml import etree

from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.inputs import read_bytes
from tei_edition.core.source import tag_of
from tei_edition.core.xmlio import NS, parse_bytes
from tei_edition.core.files import write_atomic

def _indent_unit(raw: str) -> str:
    m = re.search(r"\n([ \t]+)<teiHeader", raw)
    base = m.group(1) if m else ""
    m2 = re.search(r"<teiHeader[^>]*>\s*?\n([ \t]*)<", raw)
    inner = m2.group(1) if m2 else base + "  "
    unit = inner[len(base):] if inner.startswith(base) and len(inner) > len(base) else "  "
    return unit


def _line_indent(raw: str, index: int) -> str:
    start = raw.rfind("\n", 0, index) + 1
    m = re.match(r"[ \t]*", raw[start:index])
    return m.group(0) if m and start + len(m.group(0)) == index else ""


def append_change(master: Path, when: str, who: str, text: str, target: str | None = None) -> None:
    """Append `<change when who [target]>text</change>` to the master's revisionDesc (inside its
    listChange if it has one), creating revisionDesc at the end of teiHeader if missing. Only the
    inserted lines change in the file."""
    master = Path(master)
    write_atomic(master, with_change(read_bytes(master), master, when, who, text, target))


def same_changes(tree: etree._ElementTree, when: str, who: str, text: str, target: str | None = None) -> int:
    """How many `<change>`s of the revisionDesc are this one (the same attributes and text)."""
    return sum(1 for c in tree.getroot().iterfind("tei:teiHeader/tei:revisionDesc//tei:change", NS)
               if (c.get("when"), c.get("who"), c.get("target"), "".join(c.itertext())) == (when, who, target, text))


def removal_summary(anchor: str) -> str:
    """What `anchors accept` writes of a removed anchor before ": reason" ("Anchor #p4 removed"):
    `removed_pointers` and the schema's key `removed` read it back."""
    return f"Anchor #{anchor} removed"


def removed_pointers(root: etree._Element) -> set[str]:
    """The pointers (#p4) of the anchors the revision history records as removed (`anchors accept`
    writes "Anchor #p4 removed: …"): an earlier change's @target may go on naming them, as the
    schema's E0211 rule allows (the key `removed` of the ODD)."""
    found = set()
    for change in root.iterfind(".//tei:revisionDesc//tei:change", NS):
        text = "".join(change.itertext())
        if text.startswith("Anchor #") and " removed: " in text:  # removal_summary(…) + ": reason"
            found.add(text[len("Anchor "):text.index(" removed: ")])
    return found


def is_history(el: etree._Element) -> bool:
    """Whether `el` is a `<change>` of the revision history."""
    return el.tag == f"{{{NS['tei']}}}change" and any(
        a.tag == f"{{{NS['tei']}}}revisionDesc" for a in el.iterancestors())


def with_change(data: bytes, master: Path, when: str, who: str, text: str, target: str | None = None) -> bytes:
    """The master's bytes `data` with the change appended (see `append_change`); E0315 if it
    cannot be, and nothing is written."""
    raw = data.decode("utf-8")
    crlf = "\n" in raw and raw.count("\r\n") == raw.count("\n")  # edited as LF, given back as CRLF
    raw = raw.replace("\r\n", "\n") if crlf else raw
    tree = parse_bytes(data, str(master))
    header = tree.getroot().find("tei:teiHeader", NS)
    if header is None:
        raise EditionError([Problem(str(master), 1, 1, "E0315", "no teiHeader")])
    before = len(tree.getroot().findall(".//tei:revisionDesc//tei:change", NS))
    from xml.sax.saxutils import escape, quoteattr  # imports urllib: only here, not in every build

    attrs = f"when={quoteattr(when)} who={quoteattr(who)}" + (f" target={quoteattr(target)}" if target else "")
    change = f"<change {attrs}>{escape(text)}</change>"
    unit = _indent_unit(raw)
    rd = header.find("tei:revisionDesc", NS)

    def fail(msg: str) -> NoReturn:  # at the `<` of revisionDesc, or of the header without one
        at = tag_of(rd if rd is not None else header, str(master), data)
        raise EditionError([Problem(str(master), *at, "E0315", msg)])

    if rd is None:
        closes = [m.start() for m in re.finditer(r"</teiHeader\s*>", raw)]
        if len(closes) != 1:
            fail("cannot find the one </teiHeader> to add a revisionDesc before it")
        at = closes[0]
        indent = _line_indent(raw, at)
        if indent or raw[at - 1:at] == "\n":
            # on its own lines, before the line that closes teiHeader
            child = indent + unit
            line_start = at - len(indent)
            new = raw[:line_start] + f"{child}<revisionDesc>\n{child}{unit}{change}\n{child}</revisionDesc>\n" + raw[line_start:]
        else:
            new = raw[:at] + f"<revisionDesc>{change}</revisionDesc>" + raw[at:]
    else:
        container = rd.find("tei:listChange", NS)
        name = "listChange" if container is not None else "revisionDesc"
        self_closing = list(re.finditer(rf"<{name}(\s[^>]*)?/>", raw))
        closes = [m.start() for m in re.finditer(rf"</{name}\s*>", raw)]
        if container is not None and len(rd.findall("tei:listChange", NS)) != 1:
            fail("revisionDesc has several listChange: add the change by hand")
        if len(closes) == 1 and not self_closing:
            at = closes[0]
            indent = _line_indent(raw, at)
            last_change = None
            for m in re.finditer(r"\n([ \t]*)<change\b", raw[:at]):
                last_change = m
            child_indent = last_change.group(1) if last_change else indent + unit
            if indent or raw[at - 1:at] == "\n":
                line_start = at - len(indent)
                new = raw[:line_start] + f"{child_indent}{change}\n" + raw[line_start:]
            else:
                new = raw[:at] + change + raw[at:]
        elif len(self_closing) == 1 and not closes:
            m = self_closing[0]
            indent = _line_indent(raw, m.start())
            opening = raw[m.start():m.end() - 2].rstrip() + ">"
            new = raw[:m.start()] + f"{opening}\n{indent}{unit}{change}\n{indent}</{name}>" + raw[m.end():]
        else:
            fail(f"cannot find the one </{name}> of the header")
    check_tree = parse_bytes(new.encode("utf-8"), str(master))
    after = len(check_tree.getroot().findall(".//tei:revisionDesc//tei:change", NS))
    if after != before + 1:
        fail("the edited header does not have exactly one more change; file left unchanged")
    return (new.replace("\n", "\r\n") if crlf else new).encode("utf-8")
