"""The fingerprint of an anchor's text, which the anchor lock records (`anchors`): what a
citable unit's text is, and which of its changes leave the fingerprint as it was.

Fingerprint (version "v1"), precisely:
 1. the unit's text: its text nodes in document order, leaving out `note` elements (editorial
    or authorial annotation is not the unit's running text), comments, and the text of nested
    units that are anchors themselves (a section's text is its heading, not its paragraphs),
    and a section's short heading (`head type="short"`, for the print's running heads);
    in a `choice`, only the source reading counts (`sic`, else `orig`, else `abbr`, else the
    first child), and text the editors `supplied` is left out, so marking an intervention does
    not change the fingerprint;
 2. Unicode NFKC, then case-folded;
 3. every character of Unicode category P* (punctuation, incl. hyphens, dashes, quotes),
    Z* (spaces), Cc/Cf (controls, soft hyphen, zero-width) and Sk (modifier symbols such as
    ` and ´ used as quotes) removed;
 4. "v1:" + the first 32 hex digits of the SHA-256 of the UTF-8 of what is left.
So a correction of whitespace, punctuation, quotation marks, hyphenation or letter case keeps
the fingerprint; any change of a letter, digit or symbol (a word added, removed or respelled)
changes it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from lxml import etree

from tei_edition.citation.scheme import Unit, anchored_units
from tei_edition.core.text import SOURCE_READING, reading

FINGERPRINT_VERSION = "v1"
_DROP_CATEGORIES = ("P", "Z", "Cc", "Cf", "Sk")
_READING_PREFERENCE = SOURCE_READING


def unit_text(el: etree._Element, nested: set[etree._Element] | frozenset[etree._Element] = frozenset()) -> str:
    """The running text of a unit (step 1 above), whitespace kept as in the source."""
    return reading(el, _READING_PREFERENCE, nested)


_dropped: dict[int, None] = {}  # str.translate table: every character seen so far that step 3 removes
_seen: set[str] = set()


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    new = set(text) - _seen
    if new:
        _dropped.update((ord(ch), None) for ch in new if unicodedata.category(ch).startswith(_DROP_CATEGORIES))
        _seen.update(new)
    return text.translate(_dropped)


def fingerprint(text: str) -> str:
    digest = hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
    return f"{FINGERPRINT_VERSION}:{digest[:32]}"


def incipit(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[:length].rstrip() + "…"


@dataclass
class Current:
    unit: Unit
    text: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def current_anchors(tree: etree._ElementTree, path: str) -> dict[str, Current]:
    units = anchored_units(tree, path)
    elements = {u.element for u in units}
    result: dict[str, Current] = {}
    for u in units:
        assert u.anchor is not None  # anchored units have one
        # the unit itself may stay in the set: unit_text skips only descendants in it
        result[u.anchor] = Current(u, unit_text(u.element, elements))
    return result
