"""Reading the print edition's apparatus back (pypdf): note labels, emendation signs and rows,
the index's order, and the text of every unit as printed.

Used by the PDF apparatus tests. Like pdfcheck, nothing here knows the Typst template:
notes, signs and rows are found by what a reader sees (sizes, links, the kind words) and by
the links the PDF holds.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import etree

from support.pdfcheck import Item, Page, _rows, links, margin_numbers, read_pages, text_blocks
from tei_edition.core.xmlio import NS

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
KINDS = ("Editorial note", "Commentary")


def body_size(pages: list[Page]) -> float:
    """The size of the running text: the size most characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for item in page.items:
            sizes[item.size] += len(item.text)
    return sizes.most_common(1)[0][0]


def _inside(item: Item, rect: list[float]) -> bool:
    x0, y0, x1, y1 = rect
    return x0 - 0.5 <= item.x < x1 - 0.5 and y0 - 0.5 <= item.y <= y1  # a link may end where the next begins


def linked_items(pdf: Path, pages: list[Page], test) -> list[tuple[int, Item, int | None]]:
    """(page index, item, target page) of every item that `test` accepts and a link covers."""
    by_page: dict[int, list[dict]] = {}
    for link in links(pdf):
        by_page.setdefault(link["page"], []).append(link)
    out = []
    for page in pages:
        for item in page.items:
            if test(item):
                # the smallest link around it: a link over two lines has a rectangle around both
                hits = [l for l in by_page.get(page.index, []) if _inside(item, l["rect"])]
                hit = min(hits, key=lambda l: (l["rect"][2] - l["rect"][0]) * (l["rect"][3] - l["rect"][1]),
                          default=None)
                if hit:
                    out.append((page.index, item, hit["target"]))
    return out


def note_entries(pages: list[Page]) -> list[tuple[str, str]]:
    """(label, kind words) of every footnote as printed at the foot of its page, in order: a
    label is the number right before the words for a note's kind, in the notes' smaller size."""
    size = body_size(pages)
    out = []
    for page in pages:
        items = [i for i in page.items if i.size < 0.9 * size]
        for k, item in enumerate(items[:-1]):
            if item.text.strip().isdigit() and items[k + 1].text.strip() in KINDS:
                out.append((item.text.strip(), items[k + 1].text.strip()))
    return out


def note_markers(pdf: Path, pages: list[Page], back_heading: str) -> list[tuple[int, str, int | None]]:
    """(page, label, target page) of every note's mark in the running text (up to the back
    matter, which begins with `back_heading`): a number in the text's size that links (to its
    footnote)."""
    size = body_size(pages)
    text = pages[margin_numbers(pages)[0][0]: heading_page(pages, back_heading)]
    found = linked_items(pdf, text, lambda i: i.text.strip().isdigit() and abs(i.size - size) < 0.05 * size)
    return [(page, item.text.strip(), target) for page, item, target in found]


def body_text(page: Page) -> str:
    """The page's text below its running head (so that text running over pages reads on)."""
    return " ".join(text for _, _, text in _rows(page.items)[1:])


def heading_page(pages: list[Page], title: str) -> int:
    """The first page after the contents with `title` as a line of its own."""
    return next(p.index for p in pages[2:] if re.search(rf"^{re.escape(title)}$", p.text, re.M))


ROW = re.compile(r"¶ \d+ |References ")


def emendation_rows(pages: list[Page]) -> list[str]:
    """The rows of the list of emendations as printed, from its header row on: each begins with
    "¶ n" or "References"; a cell that wraps continues its row."""
    start = heading_page(pages, "Emendations")
    rows: list[str] = []
    for page in pages[start:]:
        lines = [text for _, _, text in _rows(page.items)][1:]  # below the running head
        if page.index > start and not any(ROW.match(line) for line in lines):
            break
        in_table = False
        for line in lines:
            if re.match(r"¶\s*Source reads", line):
                in_table = True
            elif in_table and ROW.match(line):
                rows.append(line)
            elif in_table and rows:
                rows[-1] += " " + line
    return rows


def index_sections(pages: list[Page]) -> list[tuple[str, list[str]]]:
    """The index as printed, in reading order (left column, then right, page by page): its
    sections (titles) and their entries' texts, page numbers included."""
    start = heading_page(pages, "Index")
    end = heading_page(pages, "Colophon")
    blocks = text_blocks(pages)
    sections: list[tuple[str, list[str]]] = []
    for page in pages[start:end]:
        top = max(i.y for i in page.items) - 1
        if page.index == start:  # below the heading (the running head may say "Index" too)
            top = min(i.y for i in page.items if i.text.strip() == "Index")
        body = [i for i in page.items if i.y < top]
        left, right = blocks[page.index]
        mid = (left + right) / 2
        for column in ([i for i in body if i.x < mid], [i for i in body if i.x >= mid]):
            rows = _rows(column)
            if not rows:
                continue
            edge = min(r[1] for r in rows)
            for _, x, text in rows:
                if re.fullmatch(r"[A-Z][a-z]+", text.strip()) and not re.search(r"\d", text):
                    sections.append((text.strip(), []))
                elif abs(x - edge) < 2:
                    sections[-1][1].append(" ".join(text.split()))
                else:
                    sections[-1][1][-1] += " " + " ".join(text.split())
    return sections


def index_ids(master: Path, sections: list[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Section title → the ids of its entries in the printed order: each printed entry is the
    register entry whose name's words it holds (the fullest such name)."""
    tree = etree.parse(str(master))
    out: dict[str, list[str]] = {}
    for title, entries in sections:
        lists = tree.xpath("//tei:standOff/*[tei:head = $t]", namespaces=NS, t=title)
        assert lists, title
        names = {e.get(XML_ID): _words(e) for e in lists[0].xpath("*[@xml:id]", namespaces=NS)}
        ids = []
        for text in entries:
            words = set(re.findall(r"\w+", text.replace("- ", "").replace("-", "")))
            matches = [k for k, w in names.items() if w <= words]
            assert matches, (title, text)
            ids.append(max(matches, key=lambda k: len(names[k])))
        out[title] = ids
    return out


def _words(entry) -> set[str]:
    names = entry.xpath("tei:persName | tei:placeName | tei:orgName | tei:label | tei:term", namespaces=NS)
    main = next((n for n in names if n.get("type") in (None, "main", "standard", "full")), names[0])
    return set(re.findall(r"\w+", " ".join(main.itertext()).replace("-", "")))


def expected_index(master: Path) -> dict[str, list[str]]:
    """Section title → ids of the entries the text mentions, in the order of their @sortKey."""
    tree = etree.parse(str(master))
    mentioned = {r[1:] for m in tree.xpath("//tei:text//*[@ref]", namespaces=NS) for r in m.get("ref").split()}
    out = {}
    for entry_list in tree.xpath("//tei:standOff/*[tei:head]", namespaces=NS):
        entries = [e for e in entry_list.xpath(".//*[@sortKey]", namespaces=NS) if e.get(XML_ID) in mentioned]
        if entries:
            title = entry_list.findtext("tei:head", namespaces=NS)
            out[title] = [e.get(XML_ID) for e in sorted(entries, key=lambda e: (e.get("sortKey"), e.get(XML_ID)))]
    return out


def unit_texts(pdf: Path, back_heading: str) -> dict[int, str]:
    """Unit number → its text as printed (the running text's lines from its margin number to the
    next; headings, notes, running heads and margin numbers left out), up to the back matter."""
    pages = read_pages(pdf)
    size = body_size(pages)
    starts = margin_numbers(pages)
    end = heading_page(pages, back_heading)
    texts: dict[int, list[str]] = {}
    current = None
    for page in pages[starts[0][0]: end]:
        here = sorted((y, n) for p, n, y in starts if p == page.index)
        body = [i for i in page.items if 0.88 * size <= i.size <= 1.02 * size]
        for y, _, line in _rows(body):
            begun = [n for top, n in here if top >= y - 1.5]
            if begun:
                current = max(begun)  # the last unit begun at or above this line
            if current is not None:
                texts.setdefault(current, []).append(line)
    return {n: " ".join(lines) for n, lines in texts.items()}
