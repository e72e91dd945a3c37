"""Reading the print edition back (pypdf): text with positions, margin numbers, links, units.

Shared by tests/test_pdf*.py. Nothing here knows the Typst template; the margin numbers are
found by geometry alone (digits outside the text block of a two-sided page).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import pypdf
from lxml import etree

from tei_edition.xmlio import NS

UNIT_XPATH = ("//tei:text/tei:body//*[self::tei:p or self::tei:cit][@n]"
              "[not(ancestor::tei:cit or ancestor::tei:note)]")


@dataclass
class Item:
    x: float
    y: float
    text: str


@dataclass
class Page:
    index: int  # 0-based physical page
    width: float
    height: float
    items: list[Item]
    text: str

    def line_at(self, y: float, tol: float = 1.5) -> str:
        row = sorted((i for i in self.items if abs(i.y - y) <= tol), key=lambda i: i.x)
        return "".join(i.text for i in row)


def read_pages(pdf: Path | bytes) -> list[Page]:
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else __import__("io").BytesIO(pdf))
    pages = []
    for index, page in enumerate(reader.pages):
        items: list[Item] = []

        def visit(text, cm, tm, font, size, items=items):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                items.append(Item(x, y, text))

        text = page.extract_text(visitor_text=visit)
        box = page.mediabox
        pages.append(Page(index, float(box.width), float(box.height), items, text))
    return pages


def _left_edge(page: Page) -> float | None:
    xs = [round(i.x, 1) for i in page.items if len(i.text.strip()) > 12]
    return statistics.mode(xs) if xs else None


def margin_numbers(pages: list[Page]) -> list[tuple[int, int, float]]:
    """(page index, number, y) of every number standing outside the text block, in order.

    Two-sided layout: the text block starts at the inner margin on recto pages (odd page
    numbers) and at the outer margin on verso pages; both are read off the pages themselves.
    """
    edges = [(p.index % 2, _left_edge(p)) for p in pages]
    inner = min(e for parity, e in edges if parity == 0 and e is not None)
    outer = min(e for parity, e in edges if parity == 1 and e is not None)
    found = []
    for page in pages:
        left = inner if page.index % 2 == 0 else outer
        right = left + page.width - inner - outer
        for item in page.items:
            t = item.text.strip()
            if t.isdigit() and (item.x < left - 2 or item.x > right + 1):
                found.append((page.index, int(t), item.y))
    return found


def norm(s: str) -> str:
    """Compare text across TEI and PDF: curly → straight quotes, dashes and hyphens and
    whitespace dropped (justification and hyphenation move them)."""
    s = s.replace("\u00ad", "")
    s = re.sub("[‘’]", "'", s)
    s = re.sub("[“”]", '"', s)
    s = re.sub(r"[-–—\s]", "", s)
    return s


def tei_units(master: Path) -> list[tuple[int, str]]:
    """(n, text as read) of every citable unit: notes and source readings left out."""
    tree = etree.parse(str(master))
    out = []
    for unit in tree.xpath(UNIT_XPATH, namespaces=NS):
        body = unit.find("tei:quote", NS) if unit.tag.endswith("cit") else unit
        texts = body.xpath(".//text()[not(ancestor::tei:note or ancestor::tei:sic"
                           " or ancestor::tei:orig or ancestor::tei:abbr)]", namespaces=NS)
        out.append((int(unit.get("n")), " ".join("".join(texts).split())))
    return out


def links(pdf: Path | bytes) -> list[dict]:
    """Every internal link: page it is on, its rectangle, and the page it goes to."""
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else __import__("io").BytesIO(pdf))
    page_ids = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = []
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            dest = a.get("/Dest")
            if dest is None and "/A" in a and a["/A"].get("/S") == "/GoTo":
                dest = a["/A"]["/D"]
            if dest is None:
                continue
            if isinstance(dest, (str, pypdf.generic.TextStringObject, pypdf.generic.ByteStringObject)):
                named = reader.named_destinations.get(str(dest))
                target = reader.get_destination_page_number(named) if named else None
            else:
                target = page_ids.get(dest[0].idnum)
            out.append({"page": index, "rect": [float(v) for v in a["/Rect"]], "target": target})
    return out
