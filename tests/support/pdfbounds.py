"""Where the words of a print edition stand (poppler's `pdftotext -bbox`), against the text block
that the layout's own measures give (the `papers` of edition.typ), the title page included, and
against one another."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LAYOUT = Path(__file__).resolve().parents[2] / "src" / "tei_edition" / "data" / "xslt" / "pdf" / "edition.typ"
POINTS = {"mm": 72 / 25.4, "in": 72.0}
HANG = 2.2  # Typst hangs punctuation and hyphens this far into the margin (its overhang)


@dataclass
class Word:
    page: int  # 1-based
    x0: float
    y0: float  # from the top of the page
    x1: float
    y1: float
    text: str


def margin(paper: str, name: str) -> float:
    """A margin of `paper` (inside, outside, top, bottom) in points, as edition.typ sets it."""
    line = re.search(rf"^\s*{paper}: \(.*$", LAYOUT.read_text(encoding="utf-8"), re.M)
    value = re.search(rf"\b{name}: ([\d.]+)(mm|in)\b", line.group(0)) if line else None
    assert value, (paper, name)
    return float(value.group(1)) * POINTS[value.group(2)]


def words(pdf: Path) -> list[tuple[float, list[Word]]]:
    """Per page: its width and its words, as pdftotext finds them."""
    if not shutil.which("pdftotext"):
        raise AssertionError("pdftotext is missing: `make test` installs Debian's poppler-utils")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for n, (width, body) in enumerate(re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', html, re.S), 1):
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body)
        pages.append((float(width), [Word(n, float(a), float(b), float(c), float(d), _unescape(t))
                                     for a, b, c, d, t in found]))
    return pages


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def outside_text_block(pdf: Path, paper: str) -> list[tuple[int, str, float]]:
    """(page, word, how far it sticks out) of every word beyond the text block of a two-sided
    page (the inner margin on the left of a recto, an odd page), but the paragraph numbers in
    the outer margin."""
    inside, outside = margin(paper, "inside"), margin(paper, "outside")
    bad = []
    for width, page in words(pdf):
        for w in page:
            left, right = (inside, width - outside) if w.page % 2 else (outside, width - inside)
            if w.text.isdigit() and (w.x0 >= right if w.page % 2 else w.x1 <= left):
                continue  # a paragraph number
            over = max(left - w.x0 - (0.5 if w.text[0].isalnum() else HANG),
                       w.x1 - right - (0.5 if w.text[-1].isalnum() else HANG))
            if over > 0:
                bad.append((w.page, w.text, round(over, 1)))
    return bad


def overlapping_words(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, word, word) of two words printed over each other: a run that went on over a
    paragraph number, a page number or the next column of a table."""
    bad = []
    for _, page in words(pdf):
        page = sorted(page, key=lambda w: w.x0)
        for i, w in enumerate(page):
            for other in page[i + 1:]:
                if other.x0 >= w.x1 - 0.5:
                    break  # sorted by their left edges: no later word reaches back to this one
                if other.y0 < w.y1 - 0.5 and w.y0 < other.y1 - 0.5:
                    bad.append((w.page, w.text, other.text))
    return bad


def unmarked_runs(master: Path, paper: str) -> list[dict[str, object]]:
    """The containers of the print edition of `master` in which edition.typ `fit` may have to break
    a run shorter than the XSLT marks for it (functions.xsl f:long-text, f:long-index): each as
    `fit` reports itself with the input `probe`, its variable and the fewest characters of a run
    it may have to break. Fails unless every kind of container is seen."""
    import typst
    from lxml import etree

    from tei_edition.core.inputs import real_path
    from tei_edition.core.xmlio import read_tei
    from tei_edition.core.xslt import to_xdm
    from tei_edition.outputs import pdf

    tree = read_tei(master)
    source = pdf.prepare(tree, to_xdm(tree, real_path(master).as_uri()), str(master))
    probes = json.loads(typst.query(source.encode(), "<edition:probe>", field="value", root=str(pdf.TEMPLATE_DIR),
                                    ignore_system_fonts=True, sys_inputs={"paper": paper, "probe": "1"}))
    functions = etree.parse(str(pdf.TEMPLATE_DIR / "functions.xsl"))
    marked = {name: int(functions.xpath(f"string(//*[local-name() = 'variable'][@name = '{name}']/@select)"))
              for name in {p["marks"] for p in probes if p["marks"]}}
    assert set(marked) == {"f:long-text", "f:long-index"}, marked
    return [p for p in probes if p["marks"] and p["shortest"] < marked[p["marks"]]]
