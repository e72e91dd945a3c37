"""The text a reader sees in a TEI element, as text nodes with their offsets, and its sentences
and words: what the chronology (`chronology.py`) places a date in.

A reader sees the corrections applied and the notes left out (`hidden`); a sentence ends with
. ! or ? after two letters or digits, then spaces and a capital or an opening quote or bracket
(`sentence_stops`); spaces are XPath's four (`XML_SPACE`), as the stylesheets count them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

from lxml import etree

from tei_edition.core.xmlio import TEI_NS

T = f"{{{TEI_NS}}}"
XML_SPACE = "[ \t\r\n]"  # XPath's \s: only these four
_STOP = re.compile(f"[.!?][\"”’)]*{XML_SPACE}+")
_CLOSERS = "\"”’)"
_OPENERS = "“\"‘("


@dataclass(frozen=True)
class TextNode:
    """One text node: `owner.text`, or `owner.tail` when `tail`."""

    value: str
    owner: etree._Element
    tail: bool

    @property
    def key(self) -> tuple[etree._Element, bool]:
        return self.owner, self.tail


def hidden(el: etree._Element) -> bool:
    """Not read: notes, deletions, and the source's side of a choice."""
    parent = el.getparent()
    return el.tag in (T + "note", T + "del") or (
        el.tag in (T + "sic", T + "orig", T + "abbr") and parent is not None and parent.tag == T + "choice")


def reading_texts(el: etree._Element) -> list[TextNode]:
    """The text nodes of `el` a reader sees: corrections applied, notes left out."""
    if any(hidden(a) for a in (el, *el.iterancestors())):
        return []
    out: list[TextNode] = []

    def walk(e: etree._Element) -> None:
        if isinstance(e.tag, str) and e.text:
            out.append(TextNode(e.text, e, False))
        for child in e:
            if isinstance(child.tag, str) and not hidden(child):
                walk(child)
            if child.tail:
                out.append(TextNode(child.tail, child, True))

    walk(el)
    return out


def text_keys(el: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """The keys of every text node inside `el` (its text, its descendants' texts and tails)."""
    yield el, False
    for d in el.iterdescendants():
        yield d, False
        yield d, True


def sentence_stops(s: str) -> tuple[list[int], list[int]]:
    """(ends, starts) of the sentences of `s`: a sentence ends with . ! or ? (closing quotes
    or brackets may follow) after two letters or digits (so not after an initial), then
    spaces and a capital, an opening quote or a bracket."""
    ends, starts = [], []
    pieces = _pieces(s)
    for i, (is_match, piece, pos) in enumerate(pieces):
        if not is_match:
            continue
        before = pieces[i - 1][1] if i else ""
        after = pieces[i + 1][1] if i + 1 < len(pieces) else ""
        if _ends_word(before[-5:]) and after[:1] and (unicodedata.category(after[0]) == "Lu" or after[0] in _OPENERS):
            ends.append(pos + len(re.sub(f"{XML_SPACE}+$", "", piece)))
            starts.append(pos + len(piece))
    return ends, starts


def _pieces(s: str) -> list[tuple[bool, str, int]]:
    """`s` cut at the stop pattern: (is a match, text, offset), as XPath analyze-string does."""
    out, pos = [], 0
    for m in _STOP.finditer(s):
        if m.start() > pos:
            out.append((False, s[pos:m.start()], pos))
        out.append((True, m.group(0), m.start()))
        pos = m.end()
    if pos < len(s):
        out.append((False, s[pos:], pos))
    return out


def letter_or_digit(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _ends_word(tail: str) -> bool:
    """Two letters or digits, then only closing quotes or brackets."""
    core = tail.rstrip(_CLOSERS)
    return len(core) >= 2 and letter_or_digit(core[-1]) and letter_or_digit(core[-2])


def words(s: str, n: int, from_end: bool) -> str:
    """The last (or first) `n` words of `s`, an ellipsis where words were cut; a space that
    touched the date is kept."""
    w = [x for x in re.split(f"{XML_SPACE}+", s) if x]
    cut = len(w) > n
    if from_end:
        kept = w[len(w) - n:] if cut else w
        return ("… " if cut else "") + " ".join(kept) + (" " if w and re.search(f"{XML_SPACE}$", s) else "")
    kept = w[:n]
    return (" " if w and re.match(XML_SPACE, s) else "") + " ".join(kept) + (" …" if cut else "")


def normalize_space(s: str) -> str:
    return " ".join(x for x in re.split(f"{XML_SPACE}+", s) if x)
