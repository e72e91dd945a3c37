"""What the tests of pdf destinations share, on fixtures and on the master."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from support import CHECKOUT, TESTS
from tei_edition.core.xmlio import NS, read_tei


NODE = "/usr/bin/node"


# how far below a destination's top the first line shown may stand (PDF units): two lines of A4
REACH = 30.0


def node_modules() -> Path:
    out = subprocess.run([str(CHECKOUT / ".ci" / "webtools")], check=True, capture_output=True, text=True)
    modules = Path(out.stdout.strip()) / "node_modules"
    assert (modules / "pdfjs-dist" / "legacy" / "build" / "pdf.mjs").is_file(), modules
    return modules


def resolve(pdf: Path, names: list[str]) -> dict[str, dict | None]:
    """What PDF.js makes of `pdf#name` for each name (see pdfjs_dests.mjs)."""
    run = subprocess.run([NODE, str(TESTS / "support" / "pdfjs_dests.mjs"), str(node_modules()), str(pdf), *names],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(run.stdout)


def words(text: str, n: int = 4) -> str:
    return plain_marks("".join(text.split()[:n]))


def plain_marks(text: str) -> str:
    """The print edition sets straight quotation marks as typographic ones: compare them alike."""
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def expectations(master: Path) -> dict[str, tuple[str, object]]:
    """Every destination the PDF of `master` must have: name → (what, expected value).
    ("unit", n): the margin number n right below the top; ("line", words): the first line below
    the top starts with these words (spaces ignored); ("note", words) likewise after the note's
    number."""
    tree = read_tei(master)
    units = tree.xpath("//tei:text/tei:body//*[self::tei:p or self::tei:cit][@n]"
                       "[not(ancestor::tei:cit or ancestor::tei:note)]", namespaces=NS)
    expected: dict[str, tuple[str, object]] = {f"p{u.get('n')}": ("unit", int(u.get("n"))) for u in units}
    for div in tree.xpath("//tei:text/tei:body//tei:div[@xml:id]", namespaces=NS):
        head = div.find("tei:head", NS)
        sid = div.get("{http://www.w3.org/XML/1998/namespace}id")
        if head is not None:
            expected[sid] = ("line", words("".join(head.itertext())))
        else:
            first = div.xpath(".//*[self::tei:p or self::tei:cit][@n]", namespaces=NS)[0]
            expected[sid] = ("unit", int(first.get("n")))
    for note in tree.xpath("//tei:text/tei:body//tei:note[@xml:id]", namespaces=NS):
        # the footnote opens with the word for its kind (the key to the signs explains it)
        kind = {"editorial": "Editorial note. ", "commentary": "Commentary. "}.get(note.get("type"), "")
        expected[note.get("{http://www.w3.org/XML/1998/namespace}id")] = ("note", words(kind + "".join(note.itertext())))
    return expected


def problems(pdf: Path, expected: dict[str, tuple[str, object]]) -> list[str]:
    """Each destination that PDF.js cannot resolve or that opens elsewhere than `expected`."""
    found = resolve(pdf, sorted(expected))
    out = []
    for name, (what, value) in sorted(expected.items()):
        dest = found.get(name)
        if dest is None:
            out.append(f"{name}: no such destination")
            continue
        top = dest["top"]
        # the line the viewer shows first: the first whose letters (cap height) are below the top
        shown = [l for l in dest["lines"] if top - REACH < l["y"] and l["y"] + 0.6 * l["size"] <= top]
        first = plain_marks(re.sub(r"\s+", "", shown[0]["text"])) if shown else ""
        if what == "unit":
            margin = [m["n"] for m in dest["margin"] if shown and abs(m["y"] - shown[0]["y"]) < 1.5]
            if value not in margin:
                out.append(f"{name}: page {dest['page']} opens at {first[:40]!r}, margin there {margin}, not {value}")
        elif what == "line" and not first.startswith(str(value)):
            out.append(f"{name}: page {dest['page']} opens at {first[:40]!r}, not {value!r}")
        elif what == "note" and not re.sub(r"^\d+", "", first).startswith(str(value)):
            out.append(f"{name}: page {dest['page']} opens at {first[:40]!r}, not the note {value!r}")
    return out
