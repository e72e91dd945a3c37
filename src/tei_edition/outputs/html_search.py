"""The static full-text search index of the HTML edition (`search-index.js`).

Built from the rendered `index.html`, so it holds exactly the reading text that readers see
(corrected readings, no paragraph numbers, notes, signs or controls). Written as a classic script that
sets `window.TEI_SEARCH`, so search works from `file://` with no fetch and no server.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TypedDict

from lxml import etree

# Rendered parts of a unit that are not its text (the emendation sign ° included).
_SKIP = ("pn", "cite", "noteref", "visually-hidden", "emend")
_SKIP_SET = frozenset(_SKIP)


class SearchDoc(TypedDict):
    id: str | None  # the unit's anchor (units are selected by their @id)
    n: str          # its number
    s: str          # its section's title
    t: str          # its text


class SearchIndex(TypedDict):
    docs: list[SearchDoc]
    terms: dict[str, list[int]]  # folded word -> positions in docs
_WORD = re.compile(r"[^\W_]+")
_BLOCKS = {"p", "blockquote", "div", "li", "br"}


_combining: dict[int, None] = {}  # str.translate table: every combining character seen so far
_seen: set[str] = set()


def fold(text: str) -> str:
    """Lower case without diacritics (the same folding as assets/search.js)."""
    decomposed = unicodedata.normalize("NFKD", text)
    new = set(decomposed) - _seen
    if new:
        _combining.update((ord(c), None) for c in new if unicodedata.combining(c))
        _seen.update(new)
    return decomposed.translate(_combining).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el: etree._Element) -> str:
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not (_classes(child) & _SKIP_SET):
                walk(child)
                if child.tag in _BLOCKS:
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


def _section_title(unit: etree._Element) -> str:
    for anc in unit.iterancestors():
        if "section" in _classes(anc):
            heads = anc.xpath("./h2|./h3|./h4")
            return _text(heads[0]) if heads else ""  # without the signs and hidden words, as a unit's
    return ""


def _is_unit(el: etree._Element) -> bool:
    return el.tag == "div" and el.get("id") is not None and "unit" in _classes(el)


def build_index(index_html: Path) -> SearchIndex:
    """Read as it is parsed, each unit emptied once indexed: the page of a large edition is not
    held whole (at k = 64, 18 MB of HTML made a 150 MB tree)."""
    found: list[SearchDoc | None] = []  # in document order: a unit's place is taken at its start
    order: dict[etree._Element, int] = {}
    for event, el in etree.iterparse(str(index_html), events=("start", "end"), html=True, encoding="utf-8",
                                     no_network=True, huge_tree=True):
        if not _is_unit(el):
            continue
        if event == "start":
            order[el] = len(found)
            found.append(None)
            continue
        pn = el.xpath("./a[contains(@class, 'pn')]")
        number = "".join(pn[0].itertext()).split()[-1] if pn else ""
        found[order.pop(el)] = {"id": el.get("id"), "n": number, "s": _section_title(el), "t": _text(el)}
        if not any(_is_unit(a) for a in el.iterancestors()):  # an enclosing unit still needs its text
            el.clear(keep_tail=True)
    docs = [doc for doc in found if doc is not None]
    terms: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        for w in sorted(set(words(doc["t"]))):
            terms.setdefault(w, []).append(i)
    return {"docs": docs, "terms": dict(sorted(terms.items()))}


def write_search_index(index_html: Path, target: Path) -> None:
    data = json.dumps(build_index(index_html), ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        data = data.replace(raw, esc)
    target.write_text("/* Full-text search index of the edition, generated at build time. */\n"
                      f"window.TEI_SEARCH = {data};\n", encoding="utf-8")
