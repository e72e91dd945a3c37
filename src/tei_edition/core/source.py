"""Where a node of a document, or a character of its texts, is in its file: the place every
problem about an element (the `<` of its start tag) or a character is reported at.

The file is read, and its markup paired with the tree's nodes in document order, only when a
problem must be located, once for all of them (linear in the file). A character is then at the
place of its own text that spells it: searching the file for the character found the same one
written earlier on the line (in an attribute, a comment, an earlier text) instead. Columns count
characters from the line's start, 1-based; a character reference is at its `&`. Where the tree
is not the file's (made or changed in memory), a problem is at its node's line, column 1; but an
instruction the tree lacks (the build strips them) is passed by, and an element whose attributes
were set or removed in memory keeps its tag's place (its attributes' characters are unknown)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from tei_edition.core.inputs import read_bytes
from tei_edition.core.problems import EditionError

# the markup of a well-formed document without a DOCTYPE (the parser refuses one): every "<"
# outside comments, instructions and CDATA sections opens one of these
_MARKUP = re.compile(r"""<(?:
    !--(?P<comment>.*?)-->
  | \?(?P<target>[^\s?]+)\s*(?P<pi>.*?)\?>
  | !\[CDATA\[(?P<cdata>.*?)\]\]>
  | /[^>]*>
  | (?P<name>[^\s/>]+)(?P<attributes>(?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?P<empty>/?)>
)""", re.S | re.X)
_ATTRIBUTE = re.compile(r"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# what one character of the tree is written as: a reference, a line end (CRLF is one "\n", or one
# space in an attribute), any other character; in a comment, instruction or CDATA section there
# are no references
_UNIT = re.compile(r"&[^;]*;|\r\n?|.", re.S)
_RAW_UNIT = re.compile(r"\r\n?|.", re.S)

# a text of a node: None its own (an element's first text, a comment's), TAIL the text after it,
# else the key of one of its attributes (no key holds "#": @tail is an attribute's)
Part = str | None
TAIL = "#tail"


@dataclass
class _Map:
    """Where each node starts, and the pieces of the file each of its texts is read from (an
    element's attributes read from its start tag when first asked for: most never are, and
    reading them all was half the pairing's time)."""
    tags: dict[etree._Element, int] = field(default_factory=dict)
    texts: dict[tuple[etree._Element, Part], list[tuple[int, int, re.Pattern[str] | None]]] = \
        field(default_factory=dict)
    read: set[etree._Element] = field(default_factory=set)  # elements whose attributes were read

    def add(self, node: etree._Element, part: Part, start: int, end: int, unit: re.Pattern[str] | None) -> None:
        self.texts.setdefault((node, part), []).append((start, end, unit))

    def pieces(self, text: str, node: etree._Element, part: Part) -> list[tuple[int, int, re.Pattern[str] | None]]:
        if part not in (None, TAIL) and node not in self.read and node in self.tags:
            self.read.add(node)
            tag = _MARKUP.match(text, self.tags[node])
            if tag is not None and tag.lastgroup == "empty":
                _attributes(text, tag, node, self)
        return self.texts.get((node, part), [])


def _nodes(root: etree._Element) -> Iterator[etree._Element]:
    """Every element, comment and instruction of the document of `root`, in document order."""
    for top in (*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()):
        yield from top.iter() if isinstance(top.tag, str) else (top,)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _paired(text: str, root: etree._Element) -> _Map | None:
    """The tree's nodes and texts paired with the file's markup; None where they differ."""
    found = _Map()
    tags, texts = found.tags, found.texts
    nodes = _nodes(root)
    node = next(nodes, None)  # the next node of the tree to pair
    open_: list[etree._Element] = []
    owner: tuple[etree._Element, Part] | None = None  # whose text the character data is
    at = 1 if text.startswith("\ufeff") else 0
    for m in _MARKUP.finditer(text, at):
        start = m.start()
        if text.find("<", at, start) >= 0:  # markup the expression does not know
            return None
        if owner and start > at:
            texts.setdefault(owner, []).append((at, start, _UNIT))
        at = m.end()
        kind = m.lastgroup  # the alternative matched: "empty" for a start tag, None for an end tag
        if kind == "cdata":
            if owner:
                texts.setdefault(owner, []).append((m.start(kind), m.end(kind), _RAW_UNIT))
            continue
        if kind == "pi" and (m["target"] == "xml" or not isinstance(node, etree._ProcessingInstruction)):
            continue  # the XML declaration; or stripped from the tree: its text before and after is one there
        if kind is None:  # an end tag
            if not open_:
                return None
            closed = open_.pop()
            owner = (closed, TAIL) if open_ else None
            continue
        if node is None:
            return None
        el, node = node, next(nodes, None)
        tags[el] = start
        if kind != "empty":
            if not isinstance(el, etree._Comment if kind == "comment" else etree._ProcessingInstruction):
                return None
            texts[(el, None)] = [(m.start(kind), m.end(kind), _RAW_UNIT)]
            owner = (el, TAIL) if open_ else None
            continue
        tag = el.tag
        if not isinstance(tag, str) or _local(m["name"]) != tag[tag.find("}") + 1:]:
            return None
        if m.start(kind) < m.end(kind):  # "/>"
            owner = (el, TAIL) if open_ else None
        else:
            open_.append(el)
            owner = (el, None)
    if open_ or node is not None or text.find("<", at) >= 0:
        return None
    return found


def _attributes(text: str, m: re.Match[str], el: etree._Element, found: _Map) -> None:
    """The values of `el`'s attributes, where its start tag `m` writes the tree's (in memory an
    attribute may have been set or removed since: then none is paired)."""
    keys = el.keys()
    written = [a for a in _ATTRIBUTE.finditer(text, m.start("attributes"), m.end("attributes"))
               if a[1] != "xmlns" and not a[1].startswith("xmlns:")]  # declarations: no attributes
    if len(written) == len(keys) and all(_local(a[1]) == k[k.find("}") + 1:] for a, k in zip(written, keys)):
        for a, key in zip(written, keys):
            value = 2 if a[2] is not None else 3
            found.add(el, key, a.start(value), a.end(value), _UNIT)


def _one_each(text: str, start: int, end: int, unit: re.Pattern[str]) -> bool:
    """Whether each character of the piece is one of the tree (the usual case: no search)."""
    return text.find("\r", start, end) < 0 and (unit is _RAW_UNIT or text.find("&", start, end) < 0)


def _value(node: etree._Element, part: Part) -> str:
    if part is None:
        return node.text or ""
    return (node.tail or "") if part == TAIL else node.get(part, "")


class Source:
    """The file `path` the document of `root` was read from, read only when a problem must be
    located; `data`: its bytes, where the caller has them (the reader: not read twice)."""

    def __init__(self, path: str, root: etree._Element | None = None, data: bytes | None = None):
        self.path = path
        self._root = root
        self._data = data
        self._text: str | None = None
        self._starts: list[int] = [0]
        self._map: _Map | None = None

    @classmethod
    def of_text(cls, path: str, el: etree._Element) -> Source:
        """`el`'s text as the whole of the input `path` (an option's value): its characters are
        where they are in it."""
        source = cls(path)
        source._set_text(el.text or "")
        source._map = _Map()
        source._map.add(el, None, 0, len(el.text or ""), None)
        return source

    def _set_text(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _load(self) -> _Map | None:
        if self._text is None:
            try:
                data = self._data if self._data is not None else read_bytes(self.path)
                self._set_text(data.decode("utf-8", errors="replace"))
            except EditionError:  # a tree made in memory: lines are the elements' own
                self._set_text("")
            if self._root is not None:
                self._map = _paired(self._text or "", self._root)
        return self._map

    def char(self, node: etree._Element, part: Part, index: int) -> tuple[int, int]:
        """Line and column of the `index`-th character of `node`'s text `part`."""
        found = self._load()
        value = _value(node, part)
        text = self._text or ""
        pieces = found.pieces(text, node, part) if found else []
        left = index
        for start, end, unit in pieces:
            if unit is None or _one_each(text, start, end, unit):
                if left < end - start:
                    return self._checked(start + left, value[index:index + 1], node)
                left -= end - start
                continue
            for u in unit.finditer(text, start, end):
                if not left:
                    return self._checked(u.start(), value[index:index + 1], node)
                left -= 1
        return node.sourceline or 1, 1

    def tag(self, node: etree._Element) -> tuple[int, int]:
        """Line and column of the `<` that starts `node` (an element, comment or instruction)."""
        found = self._load()
        at = found.tags.get(node) if found else None
        return self._line_col(at) if at is not None else (node.sourceline or 1, 1)

    def _checked(self, at: int, char: str, node: etree._Element) -> tuple[int, int]:
        # the character, or a reference to it: else the text was changed after it was read
        if (self._text or "")[at:at + 1] in (char, "&") and char:
            return self._line_col(at)
        return node.sourceline or 1, 1

    def _line_col(self, at: int) -> tuple[int, int]:
        row = bisect.bisect_right(self._starts, at)
        # a byte-order mark is no column: an editor shows line 1 from the character after it
        bom = row == 1 and at > 0 and (self._text or "").startswith("\ufeff")
        return row, at - self._starts[row - 1] + 1 - bom


def tag_of(el: etree._Element, path: str, data: bytes | None = None) -> tuple[int, int]:
    """Line and column of the `<` of one element of a document read from `path` (`data`: its
    bytes, where the caller has them): for a problem about that element alone."""
    return Source(path, el.getroottree().getroot(), data).tag(el)
