"""Reading the print edition back (pypdf): text with positions, margin numbers, links, units.

Used by the PDF tests. Nothing here knows the Typst template; the margin numbers are
found by geometry alone (digits outside the text block of a two-sided page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdf
from lxml import etree

from tei_edition.core.xmlio import NS

UNIT_XPATH = ("//tei:text/tei:body//*[self::tei:p or self::tei:cit][@n]"
              "[not(ancestor::tei:cit or ancestor::tei:note)]")


@dataclass
class Item:
    x: float
    y: float
    text: str
    size: float = 0.0  # the font size as set on the page (pt)


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
                items.append(Item(x, y, text, round(abs(size * tm[3] * cm[3]), 2)))

        text = page.extract_text(visitor_text=visit)
        box = page.mediabox
        pages.append(Page(index, float(box.width), float(box.height), items, text))
    return pages


def _left_edge(page: Page) -> float | None:
    """Where the text block starts: the x of the running head (the top line of the page)."""
    if not page.items:
        return None
    top = max(i.y for i in page.items)
    return min(i.x for i in page.items if i.y >= top - 1)


def text_blocks(pages: list[Page]) -> dict[int, tuple[float, float]]:
    """Page index → (left, right) of the text block, read off the running heads of a two-sided
    layout: the block starts at the inner margin on recto pages (odd page numbers) and at the
    outer margin on verso pages. The title page (no running head) has none."""
    edges = {p.index: _left_edge(p) for p in pages[1:]}
    outer = min(e for i, e in edges.items() if i % 2 == 1 and e is not None)
    recto = [e for i, e in edges.items() if i % 2 == 0 and e is not None]
    inner = min(recto) if recto else outer
    return {p.index: ((inner, p.width - outer) if p.index % 2 == 0 else (outer, p.width - inner))
            for p in pages[1:]}


def margin_numbers(pages: list[Page]) -> list[tuple[int, int, float]]:
    """(page index, number, y) of every number standing outside the text block, in order."""
    found = []
    for index, (left, right) in text_blocks(pages).items():
        for item in pages[index].items:
            t = item.text.strip()
            if t.isdigit() and (item.x > right + 1 or item.x < left - 2):
                found.append((index, int(t), item.y))
    return found


def norm(s: str) -> str:
    """Compare text across TEI and PDF: curly → straight quotes, dashes and hyphens and
    whitespace dropped (justification and hyphenation move them), and the emendation sign °
    (the editors' mark, not text) dropped."""
    s = s.replace("\u00ad", "").replace("°", "")
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


def _rows(items: list[Item]) -> list[tuple[float, float, str]]:
    """Items grouped into lines: (y, x of the first item, text), top to bottom."""
    rows: list[list[Item]] = []
    for item in sorted(items, key=lambda i: -i.y):
        if rows and abs(rows[-1][0].y - item.y) < 1.0:
            rows[-1].append(item)
        else:
            rows.append([item])
    out = []
    for row in rows:
        row.sort(key=lambda i: i.x)
        out.append((row[0].y, row[0].x, "".join(i.text for i in row)))
    return out


def index_entries(pdf: Path) -> dict[str, list[tuple[str, int]]]:
    """The index as printed: entry text → [(page label, link target page)].

    Each page reference is a link; its entry is found by walking up its column to the line
    that starts at the column's left edge (continuation lines hang indented)."""
    pages = read_pages(pdf)
    start = next(p.index for p in pages if re.search(r"^Index$", p.text, re.M))
    end = next(p.index for p in pages if re.search(r"^Colophon$", p.text, re.M) and p.index >= start)
    entries: dict[str, list[tuple[str, int]]] = {}
    all_links = links(pdf)
    blocks = text_blocks(pages)
    for page in pages[start: end + 1]:
        top = max(i.y for i in page.items) - 1  # below the running head
        if page.index == start:
            top = min(top, next(i.y for i in page.items if i.text.strip() == "Index"))
        bottom = min((i.y for i in page.items if i.text.strip() == "Colophon"), default=-1) \
            if page.index == end else -1
        body = [i for i in page.items if bottom < i.y < top]
        left, right = blocks[page.index]
        mid = (left + right) / 2
        columns = [_rows([i for i in body if (i.x < mid) == left]) for left in (True, False)]
        for link in (l for l in all_links if l["page"] == page.index):
            x0, y0, x1, y1 = link["rect"]
            if not bottom < (y0 + y1) / 2 < top:
                continue
            rows = columns[0 if x0 < mid else 1]
            edge = min(r[1] for r in rows)
            at = next(k for k, r in enumerate(rows) if r[0] <= y1 + 0.5)
            first = next((k for k in range(at, -1, -1) if abs(rows[k][1] - edge) < 2), None)
            if first is None:
                continue
            text = " ".join(r[2] for r in rows[first: at + 1])
            label = "".join(i.text for i in page.items if x0 - 1 <= i.x <= x1 and y0 <= i.y <= y1)
            entries.setdefault(text, []).append((label.strip(" ,"), link["target"]))
    return entries


INDEXED = ("//tei:standOff//*[self::tei:person or self::tei:place or self::tei:org or self::tei:event]"
           " | //tei:standOff/tei:list[@type='glossary']/tei:item")


def registers(master: Path) -> dict[str, tuple[set[str], set[str]]]:
    """Register id (person, place, organisation, event, glossary term) → (words of its main
    name, texts of its mentions in the text)."""
    tree = etree.parse(str(master))
    out = {}
    for entry in tree.xpath(INDEXED, namespaces=NS):
        key = entry.get("{http://www.w3.org/XML/1998/namespace}id")
        names = entry.xpath("tei:persName | tei:placeName | tei:orgName | tei:label | tei:term", namespaces=NS)
        main = next((n for n in names if n.get("type") in (None, "main", "standard", "full")), names[0])
        words = set(re.findall(r"\w+", " ".join(main.itertext()).replace("-", "")))
        mentions = {" ".join("".join(m.xpath(".//text()[not(ancestor::tei:sic or ancestor::tei:note)]",
                                             namespaces=NS)).split())
                    for m in tree.xpath("//tei:text//*[@ref]", namespaces=NS) if f"#{key}" in m.get("ref").split()}
        if mentions:
            out[key] = (words, mentions)
    return out


def _mentioned(mention: str, pages: list[Page], index: int) -> bool:
    """The mention is on the page, or it begins at the foot of the previous page and ends here."""
    here = norm(pages[index].text)
    if norm(mention) in here:
        return True
    before = norm(pages[index - 1].text) if index > 0 else ""
    words = mention.split()
    return len(words) > 1 and norm(words[0]) in before and norm(words[-1]) in here


def check_index(pdf: Path, master: Path) -> int:
    """Every page reference of the index is a link to the page of that number, and that page
    shows a mention of the entry. Returns the number of references checked."""
    pages = read_pages(pdf)
    regs = registers(master)
    entries = index_entries(pdf)
    found = set()
    checked = 0
    for line, refs in entries.items():
        words = set(re.findall(r"\w+", line.replace("- ", "").replace("-", "")))
        matches = [k for k, (names, _) in regs.items() if {w.replace("-", "") for w in names} <= words]
        assert matches, line
        # the fullest name; an event and a glossary term of the same name print the same line
        longest = max(len(regs[k][0]) for k in matches)
        keys = [k for k in matches if len(regs[k][0]) == longest]
        found.update(keys)
        for label, target in refs:
            assert label == str(target + 1), (line, label, target)
            mentions = {m for k in keys for m in regs[k][1]}
            assert any(_mentioned(m, pages, target) for m in mentions), (line, target, mentions)
            checked += 1
    assert found == set(regs), set(regs) ^ found
    return checked


def check_units(pdf: Path, master: Path, numbers: list[int] | None = None) -> None:
    """Every unit's number in the margin, in order, on the line where the unit's text begins."""
    pages = read_pages(pdf)
    units = dict(tei_units(master))
    expected = numbers if numbers is not None else list(units)
    found = margin_numbers(pages)
    assert [n for _, n, _ in found] == expected
    for page_index, n, y in found:
        line = norm(pages[page_index].line_at(y)).rstrip("-")
        line = re.sub(rf"^{n}", "", line) if line.startswith(str(n)) else line
        # note marks (a label after the first words) are not text
        line, text = re.sub(r"\d", "", line), re.sub(r"\d", "", norm(units[n]))
        opening = text[: min(len(line), 12)]
        assert len(opening) >= 3 and line.startswith(opening), (n, line, text[:40])


def overfull_words(pdf: Path) -> list[tuple[int, str, float]]:
    """Words that stick out of the text block (poppler's pdftotext -bbox gives word boxes).
    Punctuation and hyphens may hang up to 2.2 pt into the margin (Typst's overhang)."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        raise AssertionError("pdftotext is missing: `make test` installs Debian's poppler-utils")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    blocks = text_blocks(read_pages(pdf))
    bad = []
    for index, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", html, re.S)):
        if index not in blocks:
            continue
        left, right = blocks[index]
        for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body):
            x0, x1 = float(x0), float(x1)
            if word.isdigit() and (x0 > right or x1 < left):
                continue  # a paragraph number in the margin
            hang = 0.5 if word[-1].isalnum() else 2.2
            if x1 > right + hang or x0 < left - 2.2:
                bad.append((index + 1, word, round(x1 - right, 1)))
    return bad


def check_contents(pdf: Path) -> tuple[int, int]:
    """The printed contents lists every bookmark (title and page, in order, sub-entries too) and
    each entry links to its page; returns (pages of contents, entries)."""
    reader = pypdf.PdfReader(pdf)

    def walk(items):
        for o in items:
            if isinstance(o, list):
                yield from walk(o)
            else:
                yield norm(o["/Title"]), reader.get_destination_page_number(o) + 1

    bookmarks = list(walk(reader.outline))
    pages = read_pages(pdf)
    first = next(p.index for p in pages if "Contents" in p.text)
    last = bookmarks[0][1] - 2  # the page before the text begins
    printed = []
    for page in pages[first:last + 1]:
        for line in page.text.splitlines()[1:]:  # below the running head
            found = re.fullmatch(r"(.+?)[\s.\u2060]*(\d+)", line.strip())  # title, dots, page
            if found:
                printed.append((norm(found.group(1)), int(found.group(2))))
    assert printed == bookmarks
    targets = [l["target"] + 1 for l in links(pdf) if first <= l["page"] <= last]
    assert sorted(targets) == sorted(page for _, page in bookmarks)
    return last - first + 1, len(printed)
