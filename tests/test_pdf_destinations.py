"""`file.pdf#p42` opens at ¶42: the PDF's named destinations, resolved by PDF.js itself.

PDF.js (pdfjs-dist from npm, .ci/webtools) opens each PDF under node and resolves every name
as its viewer does for a URL fragment; each unit `p{n}` must open on the page whose margin shows
n, just above that number (the unit's first line), in every paper size. Sections `s{n}` open at
their heading (the untitled opening at its first unit), notes `n{k}` at the footnote itself.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from tei_edition.core import paths
from tei_edition.core.xmlio import NS, read_tei
from support import CHECKOUT, FIXTURES

ROOT = CHECKOUT
SPECIALS = FIXTURES / "pdf" / "specials.xml"
NODE = "/usr/bin/node"
# how far below a destination's top the first line shown may stand (PDF units): two lines of A4
REACH = 30.0


def node_modules() -> Path:
    out = subprocess.run([str(ROOT / ".ci" / "webtools")], check=True, capture_output=True, text=True)
    modules = Path(out.stdout.strip()) / "node_modules"
    assert (modules / "pdfjs-dist" / "legacy" / "build" / "pdf.mjs").is_file(), modules
    return modules


def resolve(pdf: Path, names: list[str]) -> dict[str, dict | None]:
    """What PDF.js makes of `pdf#name` for each name (see pdfjs_dests.mjs)."""
    run = subprocess.run([NODE, str(ROOT / "tests" / "pdfjs_dests.mjs"), str(node_modules()), str(pdf), *names],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(run.stdout)


def words(text: str, n: int = 4) -> str:
    return _plain_marks("".join(text.split()[:n]))


def _plain_marks(text: str) -> str:
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
        first = _plain_marks(re.sub(r"\s+", "", shown[0]["text"])) if shown else ""
        if what == "unit":
            margin = [m["n"] for m in dest["margin"] if shown and abs(m["y"] - shown[0]["y"]) < 1.5]
            if value not in margin:
                out.append(f"{name}: page {dest['page']} opens at {first[:40]!r}, margin there {margin}, not {value}")
        elif what == "line" and not first.startswith(str(value)):
            out.append(f"{name}: page {dest['page']} opens at {first[:40]!r}, not {value!r}")
        elif what == "note" and not re.sub(r"^\d+", "", first).startswith(str(value)):
            out.append(f"{name}: page {dest['page']} opens at {first[:40]!r}, not the note {value!r}")
    return out


@pytest.fixture(scope="module")
def master_expected() -> dict[str, tuple[str, object]]:
    return expectations(paths.MASTER)


def test_every_unit_section_and_note_of_the_a4_edition_opens_in_place(built_edition: Path, master_expected):
    pdf = built_edition / "pdf" / f"{paths.BASENAME}.pdf"
    kinds = {what for what, _ in master_expected.values()}
    assert len(master_expected) >= 94 + 3 + 10 and kinds == {"unit", "line", "note"}
    assert problems(pdf, master_expected) == []


@pytest.mark.parametrize("paper", ["a5", "letter"])
def test_every_destination_opens_in_place_in_other_paper_sizes(paper: str, master_expected, tmp_path: Path):
    from tei_edition.outputs.pdf import write_part

    pdf = write_part(paths.MASTER, tmp_path / f"{paper}.pdf", paper=paper)
    assert problems(pdf, master_expected) == []


def test_the_check_fails_on_a_wrong_or_missing_destination(built_edition: Path, master_expected):
    pdf = built_edition / "pdf" / f"{paths.BASENAME}.pdf"
    shifted = {f"p{value + 1}": (what, value) for name, (what, value) in master_expected.items()
               if what == "unit" and name.startswith("p") and value < 5}
    wrong = {"s2": ("line", "Nowhere"), "n1": ("note", "Nothing"), "p999": ("unit", 999)}
    found = problems(pdf, {**shifted, **wrong})
    assert len(found) == len(shifted) + len(wrong)
    assert "p999: no such destination" in found


def test_fixture_untitled_opening_is_in_contents_outline_and_destinations(tmp_path: Path):
    from tei_edition.outputs.pdf import write_part

    pdf = write_part(SPECIALS, tmp_path / "specials.pdf")
    expected = expectations(SPECIALS)
    assert {"s1", "s2", "n1"} <= set(expected)
    assert problems(pdf, expected) == []
    reader = pypdf.PdfReader(pdf)
    titles = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert titles[0] == "[Opening]"
    contents = next(p.extract_text() for p in reader.pages if "Contents" in p.extract_text())
    assert "[Opening]" in contents
    # nothing printed for it in the text, and the running head does not name it
    assert not any("[Opening]" in p.extract_text() for p in reader.pages if "Contents" not in p.extract_text())


def test_master_outline_starts_with_the_opening(built_edition: Path):
    reader = pypdf.PdfReader(built_edition / "pdf" / f"{paths.BASENAME}.pdf")
    titles = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert titles[:2] == ["[Opening]", "A life that touched many revolutionary threads"]
