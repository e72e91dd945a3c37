"""A scaled edition for benchmarks: the master with its body repeated k times.

    python tools/scale.py K OUT.xml [--master FILE] [--no-lock]

Every repeat of the body is renumbered as the edition's conventions require: sections
`n`/`xml:id="s{n}"` 1…k·S, citable units `n`/`xml:id="p{n}"` 1…k·U in reading order, body notes
`xml:id="n{m}"` 1…k·N and their labels `n` 1…k·L; any other id of the body gets a suffix
`-r{j}`. Pointers inside a repeat (`#p12`, `#n3`, …) follow their target into that repeat. A
repeated untitled opening gains a `head` (only the first section may lack one). The header, registers and bibliography stay as
they are, so the result is valid against the edition's schema whenever the master is. Unless
`--no-lock`, the anchor lock of OUT is written beside it (`tei-edition anchors lock`).
"""

from __future__ import annotations

import argparse
import copy
import re
import subprocess
import sys
from pathlib import Path

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.xmlio import NS, TEI_NS, XML_NS, read_tei

XML_ID = f"{{{XML_NS}}}id"
UNIT_TAGS = {f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}cit"}
POINTER_ATTRS = ("ref", "target", "corresp", "source", "prev", "next")
NUMBERED = re.compile(r"([pns])([1-9][0-9]*)")


def _counts(body: etree._Element) -> dict[str, int]:
    """How many sections, citable units and notes one copy of the body holds."""
    sections = body.findall("tei:div", NS)
    units = [el for div in sections for el in div if el.tag in UNIT_TAGS]
    notes = body.findall(".//tei:note", NS)
    labelled = [note for note in notes if (note.get("n") or "").isdigit()]
    return {"s": len(sections), "p": len(units), "n": len(notes), "label": len(labelled)}


def _renumber(div: etree._Element, counts: dict[str, int], repeat: int) -> dict[str, str]:
    """Renumber one repeated section in place; return its id map (old -> new)."""
    ids: dict[str, str] = {}
    for el in div.iter():
        old = el.get(XML_ID)
        if old is None:
            continue
        m = NUMBERED.fullmatch(old)
        if m:
            new = f"{m.group(1)}{int(m.group(2)) + repeat * counts[m.group(1)]}"
            if m.group(1) in "ps" and el.get("n") is not None:
                el.set("n", new[1:])
            elif m.group(1) == "n" and (label := el.get("n") or "").isdigit():  # a note's label
                el.set("n", str(int(label) + repeat * counts["label"]))
        else:
            new = f"{old}-r{repeat + 1}"
        el.set(XML_ID, new)
        ids[old] = new
    return ids


def _repoint(divs: list[etree._Element], ids: dict[str, str]) -> None:
    """Pointers to ids of this repeat follow them into it (others, to registers, stay)."""
    for div in divs:
        for el in div.iter():
            for attr in POINTER_ATTRS:
                value = el.get(attr)
                if value and value.startswith("#"):
                    targets = [ids.get(v[1:], v[1:]) if v.startswith("#") else v[1:] for v in value.split()]
                    el.set(attr, " ".join(f"#{t}" for t in targets))


def scale(tree: etree._ElementTree, k: int) -> etree._ElementTree:
    """A new tree: `tree` with its body's sections repeated k times, renumbered."""
    if k < 1:
        raise ValueError("k must be at least 1")
    scaled = copy.deepcopy(tree)
    body = scaled.getroot().find("tei:text/tei:body", NS)
    if body is None:
        raise ValueError("the master has no tei:text/tei:body")
    originals = body.findall("tei:div", NS)
    counts = _counts(body)
    between, closing = originals[0].tail, originals[-1].tail
    for repeat in range(1, k):
        divs = [copy.deepcopy(div) for div in originals]
        ids: dict[str, str] = {}
        for div in divs:
            ids.update(_renumber(div, counts, repeat))
        _repoint(divs, ids)
        if divs[0].find("tei:head", NS) is None:
            head = etree.Element(f"{{{TEI_NS}}}head")
            head.text = f"Opening, repeat {repeat + 1}"
            head.tail = divs[0].text
            divs[0].insert(0, head)
        body[-1].tail = between
        body.extend(divs)
        body[-1].tail = closing
    return scaled


def copy_source_records(master: Path, out: Path) -> None:
    """The source records the master's header names, beside the scaled master as beside the
    master: the scaled edition publishes them as the edition does (no W0321)."""
    from tei_edition.core.files import same_path
    from tei_edition.outputs.tei_sources import publish_sources

    if not same_path(master.parent, out.parent):
        publish_sources(master, read_tei(master), out.parent, [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("k", type=int, help="how many times the body is repeated (1 = the master itself)")
    parser.add_argument("out", type=Path, help="the scaled TEI file to write")
    parser.add_argument("--master", type=Path, default=paths.MASTER)
    parser.add_argument("--no-lock", action="store_true", help="do not write OUT's anchor lock")
    args = parser.parse_args(argv)
    scaled = scale(read_tei(args.master), args.k)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    scaled.write(str(args.out), xml_declaration=True, encoding="UTF-8")
    with args.out.open("ab") as f:
        f.write(b"\n")
    copy_source_records(args.master, args.out)
    if not args.no_lock:
        lock = [sys.executable, "-m", "tei_edition.cli", "anchors", "lock", "--master", str(args.out)]
        subprocess.run(lock, check=True, stdout=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
