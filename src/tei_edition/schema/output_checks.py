"""What the outputs need, checked when validating, so that what validates also builds.

- E0250 a character of the text (or of a URL the print edition writes out: ptr's and licence's
  @target) that no font of the print edition has (Libertinus Serif and the fonts Typst falls
  back to; `data/fonts/print-coverage.json`, made by `tools/font_coverage.py`).
- E0251 a base URL (`publicationStmt/idno[@type='URI']`, or `--base-url`) that is not an
  absolute http(s) URL: every permanent link of the outputs starts with it. (The pointer
  attributes are the schema's: its pointer datatypes allow only `#id`, http(s) URLs (the
  scheme in lower case) and relative paths, so `javascript:` in @ref, @target or @source is
  E0204, explained in schema/explain.py.)
- E0252 a control character (C0 but tab, newline and carriage return; DEL; C1), a Unicode
  noncharacter, a line or paragraph separator (U+2028, U+2029) or a byte-order mark (U+FEFF)
  in text, in an attribute or in a comment the published TEI keeps (`_texts`).
- E0253 (`bidi_checks`) a bidirectional formatting character not balanced within the element
  or attribute whose text holds it, or an override.
- W0250 a processing instruction: it is not part of the edition, and the build leaves it out of
  every output (`strip_processing_instructions`); but the xml-model instructions of the published
  TEI (`odd.XML_MODELS`, before the root), which the build writes again as they were.

Each problem is at the character's (or the instruction's) own line and column.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Collection, Iterator
from functools import cached_property, lru_cache
from typing import Any

from lxml import etree

from tei_edition.core.paths import DATA_DIR
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.urls import (ABSOLUTE_URL, HOST_RULE, LONGEST_BASE_URL, LONGEST_URL, TEMPLATE_APOSTROPHE,
                                   in_punycode, pointer_url_problem, scheme_not_lower_case, url_problem)
from tei_edition.schema.bidi_checks import bidi_problems
from tei_edition.schema.odd import XML_MODELS
from tei_edition.core.source import TAIL, Part, Source

COVERAGE = DATA_DIR / "fonts" / "print-coverage.json"
BASE_URL_XPATH = "/*/*[local-name()='teiHeader']/*[local-name()='fileDesc']/*[local-name()='publicationStmt']" \
                 "/*[local-name()='idno'][@type='URI']"
# Unicode's line and paragraph separators and the byte-order mark: XML says where lines and
# paragraphs end (lb, p), and Typst refuses the mark in the PDF's metadata and a separator before
# an invisible format character
SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator", "\ufeff": "byte-order mark"}
CONTROLS = frozenset([*map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                  *range(0xFDD0, 0xFDF0)]),
                      *(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)),
                      *SEPARATORS])


class Coverage:
    """The characters the print fonts set: read from the data file, looked up by bisection (a
    document holds a few dozen distinct characters beyond ASCII; no big set is built)."""

    def __init__(self, data: dict[str, Any]):
        self._covered = ([a for a, _ in data["covered"]], [b for _, b in data["covered"]])
        self._marks = ([a for a, _ in data["marks"]], [b for _, b in data["marks"]])
        self._data = data
        self._plain: dict[str, bool] = {}

    @staticmethod
    def _within(spans: tuple[list[int], list[int]], c: int) -> bool:
        i = bisect.bisect_right(spans[0], c) - 1
        return i >= 0 and c <= spans[1][i]

    def is_mark(self, char: str) -> bool:
        """A combining mark the fonts have: settable after some letters only."""
        return self._within(self._marks, ord(char))

    def is_covered(self, char: str) -> bool:
        return self._within(self._covered, ord(char))

    def plain(self, char: str) -> bool:
        """Set by some print font on its own (tab and line ends count as plain)."""
        known = self._plain.get(char)
        if known is None:
            known = self._plain[char] = char in "\t\n\r" or (
                char not in CONTROLS and not self.is_mark(char) and self.is_covered(char))
        return known

    @cached_property
    def composable(self) -> frozenset[int]:
        """Letters whose decomposed spelling Typst sets (é as e + U+0301)."""
        return _set(self._data["composable"])

    @cached_property
    def combining(self) -> tuple[tuple[frozenset[int], frozenset[int]], ...]:
        """Letters, and the marks they may take."""
        return tuple((_set(g["letters"]), _set(g["marks"])) for g in self._data["combining"])

    @cached_property
    def blocks(self) -> tuple[list[int], list[str]]:
        return [b[0] for b in self._data["blocks"]], [b[2] for b in self._data["blocks"]]


def _set(pairs: list[list[int]]) -> frozenset[int]:
    return frozenset(c for a, b in pairs for c in range(a, b + 1))


_ASCII = re.compile(r"[\t\n\r\x20-\x7e]+")  # always plain: removed before the characters are looked up


@lru_cache(maxsize=1)
def _coverage() -> Coverage:
    return Coverage(json.loads(COVERAGE.read_text(encoding="utf-8")))


def block(char: str) -> str:
    starts, names = _coverage().blocks
    i = bisect.bisect_right(starts, ord(char)) - 1
    return names[i] if i >= 0 else "No block"


def cluster_problem(cluster: str) -> str | None:
    """Why a letter with combining marks cannot be set, or None. Typst sets a cluster with one
    font, and when Libertinus Serif lacks a part its fallback picks a font by the letter alone,
    so a mark every font has can still fail after some letter. Accepted are the spellings
    `tools/font_coverage.py` had Typst set: a decomposed letter the fonts have (e + U+0301), and
    marks of the combining groups after letters of their scripts (Latin, Greek, Cyrillic with
    the combining diacritics; Hebrew with its points; Devanagari with its signs)."""
    cov = _coverage()
    composed = unicodedata.normalize("NFC", cluster)
    if len(composed) == 1 and ord(composed) in cov.composable:
        return None
    letter, marks = ord(cluster[0]), [ord(c) for c in cluster[1:]]
    if marks and any(letter in letters and all(m in allowed for m in marks) for letters, allowed in cov.combining):
        return None
    names = ", ".join(f"U+{ord(c):04X}" for c in cluster[1:] or cluster)
    return (f"{block(cluster[-1])} {names}: the combining mark{'s' if len(cluster) > 2 else ''} after "
            f"'{cluster[0]}' cannot be set with it by the print edition's fonts")


def _control_kind(char: str) -> str:
    if char in SEPARATORS:
        return SEPARATORS[char]
    c = ord(char)
    if c < 0x20:
        return "C0 control character"
    if c == 0x7F:
        return "control character DEL"
    if c <= 0x9F:
        return "C1 control character"
    return "noncharacter"


def _instead(char: str) -> str:
    if char == "\ufeff":
        return " (U+2060 WORD JOINER where no line may break)"
    return " (<lb/> ends a line, a new <p> a paragraph)" if char in SEPARATORS else ""


# the attributes the print edition sets as text: a URL written out (ptr), the licence's URL
_PRINTED_ATTRIBUTES = {("ptr", "target"), ("licence", "target")}


def _comments_before(root: etree._Element) -> list[etree._Comment]:
    """The comments before the root, which the published TEI copies (outputs/tei.py) with those
    within it; it drops those after the root, so they reach no output and are not checked."""
    return [c for c in reversed(list(root.itersiblings(preceding=True))) if isinstance(c, etree._Comment)]


def _texts(root: etree._Element) -> Iterator[tuple[etree._Element, Part, str, str, bool]]:
    """(node, part, what, text, printed) for every text of the document, every attribute value
    and every comment the published TEI keeps: `part` names the node's text as `Source.char`
    takes it."""
    for comment in _comments_before(root):
        if comment.text:
            yield comment, None, "a comment", comment.text, False
    for el in root.iter():
        if isinstance(el.tag, str):
            name = etree.QName(el).localname
            for key, value in el.attrib.items():
                attribute = etree.QName(key).localname
                yield el, key, f"@{attribute} of <{name}>", value, (name, attribute) in _PRINTED_ATTRIBUTES
            if el.text:
                yield el, None, f"the text of <{name}>", el.text, True
        elif isinstance(el, etree._Comment) and el.text:
            yield el, None, "a comment", el.text, False
        if el.tail and el is not root:
            parent = el.getparent()
            parent_name = etree.QName(parent).localname if parent is not None else "?"
            yield el, TAIL, f"the text of <{parent_name}>", el.tail, True


def _clusters(text: str, cov: Coverage) -> Iterator[tuple[int, str]]:
    """Each run of combining marks with the character before it: (start, cluster)."""
    i = 0
    while i < len(text):
        if cov.is_mark(text[i]):
            start = i - 1 if i > 0 and not cov.is_mark(text[i - 1]) else i
            while i < len(text) and cov.is_mark(text[i]):
                i += 1
            yield start, text[start:i]
        else:
            i += 1


def character_problems(root: etree._Element, source: Source, whole: str) -> list[Problem]:
    """`whole`: the document serialised (the comments within it too); its set of characters, with
    the comments' before it, decides whether any element must be looked at (the usual answer: no)."""
    cov = _coverage()
    chars = set(_ASCII.sub("", whole)).union(*(c.text or "" for c in _comments_before(root)))
    if all(cov.plain(c) for c in chars):
        return []
    problems = []
    for el, part, what, text, printed in _texts(root):
        odd = {c for c in set(text) if not cov.plain(c)}
        if not odd:
            continue
        bad = [i for i, c in enumerate(text) if c in CONTROLS]
        if bad:
            line, col = source.char(el, part, bad[0])
            char = text[bad[0]]
            more = f"; {len(bad) - 1} more there" if len(bad) > 1 else ""
            # <lb/> or a word joiner is no remedy in a comment
            instead = "" if part is None and isinstance(el, etree._Comment) else _instead(char)
            problems.append(Problem(source.path, line, col, "E0252",
                                    f"{_control_kind(char)} U+{ord(char):04X} in {what}{more}: it is not text "
                                    f"and no output can show it; remove it{instead}"))
        if not printed:
            continue
        missing = [i for i, c in enumerate(text) if c in odd and c not in CONTROLS and not cov.is_mark(c)]
        if missing:
            char = text[missing[0]]
            line, col = source.char(el, part, missing[0])
            more = f"; {len(missing) - 1} more there" if len(missing) > 1 else ""
            problems.append(Problem(source.path, line, col, "E0250",
                                    f"{block(char)} U+{ord(char):04X} '{char}' is not in the print edition's fonts "
                                    f"(in {what}{more}): the PDF cannot set it; transliterate or replace it"))
        elif any(cov.is_mark(c) for c in odd):
            for start, cluster in _clusters(text, cov):
                why = cluster_problem(cluster)
                if why:
                    line, col = source.char(el, part, start)
                    problems.append(Problem(source.path, line, col, "E0250",
                                            f"{why} (in {what}): use the precomposed letter, or leave the mark out"))
                    break
    return problems


def text_problems(text: str, where: str, element: str = "change") -> list[Problem]:
    """E0252, E0250 and E0253 for a text a command is about to write into the master as the
    content of `element` (an option's value, `where`), as validate would report them there."""
    for col, char in enumerate(text, start=1):  # lxml would refuse them: reported first, as validate does
        if char in CONTROLS or "\ud800" <= char <= "\udfff":
            kind = _control_kind(char) if char in CONTROLS else "surrogate (bytes that are not UTF-8)"
            return [Problem(where, 1, col, "E0252", f"{kind} U+{ord(char):04X} in the text of <{element}>: it is "
                                                    f"not text and no output can show it; remove it")]
    el = etree.Element(element)
    el.text = text
    source = Source.of_text(where, el)
    return character_problems(el, source, text) + bidi_problems(el, source, text)


def base_url_problem(value: str) -> str | None:
    """Why `value` cannot be the edition's base URL (every permanent link starts with it): the
    pointers' rule (`core.urls`), and besides no query or fragment and ASCII only."""
    url = value.strip()
    # no space, none of the characters RFC 3986 leaves out of URLs (they would break the BibTeX
    # braces, the HTML attributes and the EPUB's identifier), nothing unprintable
    if not ABSOLUTE_URL.fullmatch(url) or not url.isprintable():
        return f"the base URL must be an absolute http(s) URL (https://host/path/), not '{url}'"
    if lower := scheme_not_lower_case(url):  # as the pointers of the TEI (E0204)
        return f"write the base URL's scheme in lower case: {lower}"
    if "?" in url or "#" in url:  # every link appends a path or #fragment: DTS refuses them
        return f"the base URL must have no query (?) or fragment (#): not '{url}'"
    if not url.isascii():  # printed in the PDF (whose fonts lack most scripts) and sent in HTTP headers
        ascii_url = in_punycode(url)
        return (f"the base URL must be ASCII, its host in punycode (xn--…) and its path percent-encoded "
                f"(%C3%A9 for é): not '{url}'" + (f" (its host in punycode: {ascii_url})" if ascii_url else ""))
    if len(url) > LONGEST_BASE_URL:  # the print edition links it with "#p" and a unit's number after it
        return (f"the base URL is {len(url):,} characters long; the edition's links add a paragraph's anchor to it, "
                f"and the print edition links no address longer than {LONGEST_URL:,}: at most {LONGEST_BASE_URL:,}")
    if "'" in url:  # it begins the DTS export's URI templates too
        return f"the base URL '{url}' cannot begin the edition's links: {TEMPLATE_APOSTROPHE}"
    found = url_problem(url)  # every link begins with it: the pointers' rule holds (a[1] failed the EPUB)
    if found and found[0] == "host":  # what a reader's browser and the DTS export can open
        return (f"the base URL must name a host ({HOST_RULE}), with a port "
                f"from 1 to 65535 if any, and no user or password: not '{url}'")
    if found:  # a malformed % escape too (the EPUB's stylesheet refuses it)
        return f"the base URL '{url}' cannot begin the edition's links: {found[1]}"
    return None


def check_base_url(value: str, where: str = "--base-url") -> None:
    """E0251 for a `--base-url` given on the command line (or to the build), at the option as
    every fault of the command line is (`--jobs:1:1`)."""
    why = base_url_problem(value)
    if why:
        raise EditionError([Problem(where, 1, 1, "E0251", why)])


def base_url_problems(root: etree._Element, source: Source) -> list[Problem]:
    problems = []
    for idno in root.xpath(BASE_URL_XPATH):
        why = base_url_problem("".join(idno.itertext()))
        if why:
            line, col = source.tag(idno)
            problems.append(Problem(source.path, line, col, "E0251", why))
    return problems


def _instructions(tree: etree._ElementTree) -> list[etree._ProcessingInstruction]:
    root = tree.getroot()
    found = [*reversed(list(root.itersiblings(etree.PI, preceding=True))), *root.iter(etree.PI),
             *root.itersiblings(etree.PI)]
    return [pi for pi in found if isinstance(pi, etree._ProcessingInstruction)]  # all are: narrows the type


def instruction_problems(tree: etree._ElementTree, source: Source, whole: str) -> list[Problem]:
    root = tree.getroot()
    if "<?" not in whole and root.getprevious() is None and root.getnext() is None:
        return []
    problems = []
    published = [pi for pi in root.itersiblings(etree.PI, preceding=True)
                 if isinstance(pi, etree._ProcessingInstruction) and pi.target == "xml-model" and pi.text in XML_MODELS]
    for pi in _instructions(tree):
        if pi in published:  # the published TEI's own: a build from it writes them again
            continue
        line, col = source.tag(pi)
        problems.append(Problem(source.path, line, col, "W0250",
                                f"processing instruction <?{pi.target} …?> is not part of the edition: "
                                f"the build leaves it out of every output"))
    return problems


def link_url_problems(root: etree._Element, source: Source,
                      explained: Collection[etree._Element] = ()) -> list[Problem]:
    """E0204 for an http(s) URL in an attribute (a @target, a @scheme …) that breaks the pointers'
    one rule (`core.urls.pointer_url_problem`): the schema's patterns let a host, port or user no
    reader's browser can use through (`https:///x`, `https://x.org:0/`), and the outputs made them
    links. Not on the elements `explained`, whose E0204 the schema's explanation gave."""
    problems = []
    for value in root.xpath("//@*[contains(., 'http')]"):  # in C: most attributes hold no URL
        if value.getparent() in explained:
            continue
        found = [(t, why) for t in str(value).split() if t.startswith(("http://", "https://"))
                 and (why := pointer_url_problem(t))]
        if found:
            url, why = found[0]
            el = value.getparent()
            name, attribute = etree.QName(el).localname, etree.QName(value.attrname).localname
            line, col = source.tag(el)
            problems.append(Problem(source.path, line, col, "E0204",
                                    f'{attribute}="{url}" on <{name}> is not allowed: {why}.'))
    return problems


def output_problems(tree: etree._ElementTree, path: str, explained: Collection[etree._Element] = (),
                    source: Source | None = None) -> list[Problem]:
    """Every problem above, for the document `tree` read from `path` (E0204 not on `explained`);
    `source`: the file as another check located its problems in it already."""
    source = source or Source(path, tree.getroot())
    return unlinked_problems(tree, source) + link_url_problems(tree.getroot(), source, explained)


def unlinked_problems(tree: etree._ElementTree, source: Source) -> list[Problem]:
    """Those of `output_problems` that no finding of the schema changes: all but the links'."""
    root = tree.getroot()
    whole = etree.tostring(root, encoding="unicode")
    return (character_problems(root, source, whole) + bidi_problems(root, source, whole)
            + base_url_problems(root, source) + instruction_problems(tree, source, whole))


def strip_processing_instructions(tree: etree._ElementTree) -> None:
    """Remove every processing instruction (top-level ones too); their tails stay."""
    etree.strip_elements(tree, etree.PI, with_tail=False)
