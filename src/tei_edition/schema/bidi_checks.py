"""E0253: the explicit bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069) of the
master, checked when validating.

Every output prints an element's text on its own, next to other text: a register's name in a
list, a title in a page's <title> and in the citations, a note, a search result, a PDF's
bookmarks. So every opener must be closed within the text of the element that holds it (its
string value: an isolate opened before a name element and closed after it is balanced in the
paragraph and in the name), an attribute's within its value, a comment's within the comment (the
published TEI keeps comments), and every closer must close an opener of the same text.

An override (U+202D LEFT-TO-RIGHT OVERRIDE, U+202E RIGHT-TO-LEFT OVERRIDE) is refused even
balanced: it shows the characters after it in an order other than the one they are stored,
searched, cited and copied in, the disguise "Trojan Source" relies on; an edition's text reads as
it is written, and a source written backwards is described (@rend, a note), not reordered. The
isolates (U+2066–U+2068 … U+2069) are the way to give a right-to-left name its direction (UAX #9;
W3C, "Inline markup and bidirectional text in HTML"); balanced embeddings (U+202A, U+202B …
U+202C), their older form, stay allowed: they set a direction, as an isolate does, without
reordering a run of letters. The implicit marks (U+200E, U+200F, U+061C) open nothing and are not
checked.

Each problem is at the character's own line and column (a character reference, `&#x202E;`, at
its `&`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from tei_edition.core.bidi import BIDI, OVERRIDES, PDI, Nesting, closer, named
from tei_edition.core.problems import Problem
from tei_edition.core.source import TAIL, Part, Source


@dataclass(frozen=True)
class At:
    """A bidirectional character of the document: its rank among them in document order, the
    node it belongs to, where it is in the node's texts (`Source.char`), the text holding it
    ('the text of <p>', '@n of <note>') and the scope it must be balanced in ('<p>', '@n of
    <note>')."""
    rank: int
    char: str
    el: etree._Element
    part: Part
    index: int
    what: str
    scope: str


# (element or comment, part, what, text, scope, scope's name): a text in document order; text
# None where the scope's text ends
_Event = tuple[etree._Element, Part, str, str | None, object, str]


def _name(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else "?"


def _events(top: etree._Element) -> Iterator[_Event]:
    """The texts of `top` in document order: an element's (its children's included) is one
    scope, and so is an attribute's value or a comment's text. A processing instruction's text is
    counted but not checked (scope None): the build leaves every one out (W0250)."""
    # a comment or an instruction beside the root is walked as itself (iterwalk takes elements)
    walk = etree.iterwalk(top, events=("start", "end", "comment", "pi")) if isinstance(top.tag, str) else \
        [("comment" if isinstance(top, etree._Comment) else "pi", top)]
    for event, node in walk:
        if event == "start":
            for key, value in node.attrib.items():
                attribute = f"@{etree.QName(key).localname} of <{_name(node)}>"
                scope = (node, key)
                yield node, key, attribute, value, scope, attribute
                yield node, key, attribute, None, scope, attribute
            if node.text:
                yield node, None, f"the text of <{_name(node)}>", node.text, node, f"<{_name(node)}>"
            continue
        if event == "end":
            yield node, None, "", None, node, ""
        else:
            kind = "comment" if event == "comment" else "processing instruction"
            own: object = node if event == "comment" else None
            yield node, None, f"a {kind}", node.text or "", own, f"the {kind}"
            yield node, None, "", None, own, ""
        parent = node.getparent()
        if node.tail and parent is not None:
            yield node, TAIL, f"the text of <{_name(parent)}>", node.tail, parent, f"<{_name(parent)}>"


def _message(at: At, kind: str) -> str:
    char = at.char
    if char in OVERRIDES:
        return (f"{named(char)} in {at.what}: an override shows the characters after it in an order other than "
                f"the one they are stored, searched, cited and copied in (the disguise of 'Trojan Source'), so "
                f"the edition refuses it; remove it (and the U+202C that closes it), and give a right-to-left "
                f"name its direction with an isolate, U+2067 RIGHT-TO-LEFT ISOLATE … U+2069 POP DIRECTIONAL "
                f"ISOLATE")
    if kind == "unopened":
        return (f"{named(char)} in {at.what} closes nothing opened before it in {at.scope}: remove it, or put it "
                f"in the same element as its opener")
    until = (f"the {named(PDI)} that closes the isolate around it" if kind == "unclosed-inside"
             else f"the end of {at.scope}")
    return (f"{named(char)} in {at.what} is not closed by {named(closer(char))} before {until}: wherever the "
            f"outputs print it, what follows (the rest of the line, a citation, the next link) would be shown in "
            f"that direction; close it there, or remove it")


def bidi_problems(root: etree._Element, source: Source, whole: str) -> list[Problem]:
    """E0253 for the document whose root is `root`; `whole`, the root serialised, decides whether
    it must be walked at all (the usual answer: no)."""
    tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    if not BIDI.search(whole) and not any(BIDI.search(top.text or "") for top in tops if top is not root):
        return []
    nesting: Nesting[At] = Nesting()
    found: list[tuple[At, str]] = []
    rank = 0
    for top in tops:
        for el, part, what, text, scope, scope_name in _events(top):
            if text is None:
                nesting.end(scope)
                continue
            for m in BIDI.finditer(text):
                at = At(rank, m.group(), el, part, m.start(), what, scope_name)
                rank += 1
                if scope is None:
                    continue
                if at.char in OVERRIDES:  # refused as such: its balance is not reported besides
                    found.append((at, "override"))
                nesting.feed(at.char, scope, at)
    found += [(f.where, f.kind) for f in nesting.faults if f.char not in OVERRIDES]
    found.sort(key=lambda pair: pair[0].rank)
    # the first fault of each text, with how many more it holds (as E0252 does): a text of
    # thousands of them is one line to read, not thousands
    firsts: dict[tuple[int, str], tuple[At, str]] = {}
    more: dict[tuple[int, str], int] = {}
    for at, kind in found:
        key = (id(at.el), at.what)
        if key in firsts:
            more[key] += 1
        else:
            firsts[key], more[key] = (at, kind), 0
    problems = []
    for key, (at, kind) in firsts.items():
        line, col = source.char(at.el, at.part, at.index)
        also = f" ({more[key]} more such characters in {at.what})" if more[key] else ""
        problems.append(Problem(source.path, line, col, "E0253", _message(at, kind) + also))
    return problems
