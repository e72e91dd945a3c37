"""The Schematron rules compiled to XSLT 1.0 by the ISO skeleton that ships with lxml, then made to
walk the document no more than the rules need, and to write where a problem is in linear time.

The skeleton walks the whole document twice for every pattern: once in the pattern's own mode,
visiting every attribute, and once more in the default mode for nothing (an `apply-templates`
inside each `svrl:active-pattern`, whose only templates there drop text). Most patterns match
elements alone. Taking out the empty walks and keeping the attribute visits for the patterns
whose rules can match an attribute halves the time of the rules (the same report, byte for byte).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache

from lxml import etree, isoschematron

from tei_edition.core.xmlio import read_xml
from tei_edition.schema.odd import SCH

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
XSL = "{http://www.w3.org/1999/XSL/Transform}"
_PATTERN_MODE = re.compile(r"M\d+")
_NODE_TESTS = ("node()", "text()", "comment()", "processing-instruction(")
PATHS = "urn:tei-edition:schematron"  # the namespace of the extension function path()


class Paths:
    """The skeleton's path of elements ("/…/*[local-name()='p' and namespace-uri()='…'][7]"), each
    parent's children counted once; `located`: the element of each path written."""

    def __init__(self) -> None:
        self.steps: dict[etree._Element, str] = {}
        self.paths: dict[etree._Element, str] = {}
        self.located: dict[str, etree._Element] = {}

    def path(self, el: etree._Element) -> str:
        if el not in self.paths:
            parent = el.getparent()
            self.paths[el] = (self.path(parent) if parent is not None else "") + "/" + self.step(el)
            self.located[self.paths[el]] = el
        return self.paths[el]

    def step(self, el: etree._Element) -> str:
        """As the skeleton: an element of no namespace by its name(), counted among the siblings
        of that name(); any other by local-name() and namespace-uri(), counted among the siblings
        of that local-name(); the position [k] only if such a sibling precedes or follows."""
        if el not in self.steps:
            parent = el.getparent()
            siblings = [c for c in parent.iterchildren() if isinstance(c.tag, str)] if parent is not None else [el]
            names = [etree.QName(c) for c in siblings]
            qualified = [f"{c.prefix}:{q.localname}" if c.prefix else q.localname for c, q in zip(siblings, names)]
            total: dict[tuple[str, str], int] = {}
            for q, name in zip(names, qualified):
                for key in (("name", name), ("local", q.localname)):
                    total[key] = total.get(key, 0) + 1
            seen: dict[tuple[str, str], int] = {}
            for c, q, name in zip(siblings, names, qualified):
                for key in (("name", name), ("local", q.localname)):
                    seen[key] = seen.get(key, 0) + 1
                if q.namespace is None:
                    key, text = ("name", name), name
                else:
                    key, text = ("local", q.localname), (f"*[local-name()='{q.localname}' and "
                                                         f"namespace-uri()='{q.namespace}']")
                self.steps[c] = text + (f"[{seen[key]}]" if total[key] > 1 else "")
        return self.steps[el]


_paths: ContextVar[Paths | None] = ContextVar("paths", default=None)


def _path(_context: object, nodes: list[etree._Element]) -> str:
    """path(.) in the stylesheet: the element's path, from the running `report`'s Paths."""
    return (_paths.get() or Paths()).path(nodes[0])


def report(tree: etree._ElementTree) -> tuple[etree._XSLTResultTree, dict[str, etree._Element]]:
    """The rules' SVRL report on `tree`, and the element of each path it gives (a problem on an
    attribute gives the path of its element, then "/@name")."""
    paths = Paths()
    token = _paths.set(paths)
    try:
        return _stylesheet()(tree), paths.located
    finally:
        _paths.reset(token)


def compiled() -> Callable[[etree._ElementTree], etree._XSLTResultTree]:
    """The rules as lxml runs them: called on a tree, the SVRL report (see `report`)."""
    return lambda tree: report(tree)[0]


@lru_cache(maxsize=1)
def _stylesheet() -> etree.XSLT:
    """The skeleton's stylesheet, walking less, its paths written by Paths; run through `report`,
    which gives path(.) the Paths of the run (each parent's children counted once)."""
    xslt = skeleton()
    drop_default_walks(xslt)
    walk_elements_only(xslt)
    paths_in_python(xslt)
    # the stub allows extension elements only; lxml (and its docstring) takes functions too
    return etree.XSLT(xslt, extensions={(PATHS, "path"): _path})  # type: ignore[dict-item]


def skeleton(rules: etree._ElementTree | None = None) -> etree._ElementTree:
    """The stylesheet the ISO skeleton makes of the rules (SCH's by default; a new tree each call)."""
    sch = read_xml(SCH) if rules is None else rules
    # no svrl:fired-rule elements: only failed assertions and reports are read, and a report of
    # every rule fired on every node costs time in proportion to the text
    xslt = isoschematron.iso_svrl_for_xslt1(isoschematron.iso_abstract_expand(isoschematron.iso_dsdl_include(sch)),
                                            # a hyphenated XSLT parameter goes through **; the stub
                                            # types that dict against the named profile_run: bool too
                                            **{"generate-fired-rule": "'false'"})  # type: ignore[arg-type]
    # The skeleton's path to an attribute lacks the element's path: add it, so that problems
    # found on attributes can be located.
    for tpl in xslt.getroot().iterfind(f"{XSL}template[@match='@*'][@mode='schematron-get-full-path']"):
        tpl.insert(0, etree.Element(f"{XSL}apply-templates", select="parent::*", mode="schematron-get-full-path"))
    return xslt


def paths_in_python(xslt: etree._ElementTree) -> None:
    """The template that writes an element's path calls path(.) (class Paths) instead."""
    for tpl in xslt.getroot().iterfind(f"{XSL}template[@match='*'][@mode='schematron-get-full-path']"):
        for child in list(tpl):
            tpl.remove(child)
        tpl.text = None
        tpl.append(etree.Element(f"{XSL}value-of", select="p:path(.)", nsmap={"p": PATHS}))


def drop_default_walks(xslt: etree._ElementTree) -> None:
    """Take out the walk in the default mode inside each `svrl:active-pattern`; refused (left as
    it is) should the stylesheet have a template of its own in the default mode but for text."""
    own = [t for t in xslt.getroot().iterfind(f"{XSL}template")
           if t.get("mode") is None and t.get("match") not in ("/", "text()")]
    if own:
        return
    for pattern in xslt.getroot().iter(f"{SVRL}active-pattern"):
        for walk in pattern.findall(f"{XSL}apply-templates"):
            if walk.get("mode") is None and walk.get("select") is None:
                pattern.remove(walk)


def walk_elements_only(xslt: etree._ElementTree) -> None:
    """In the mode of each pattern none of whose rules can match an attribute, visit the elements
    only (`*`, not `@*|*`)."""
    templates = [t for t in xslt.getroot().iterfind(f"{XSL}template")
                 if _PATTERN_MODE.fullmatch(t.get("mode") or "")]
    attributes: dict[str, bool] = {}
    for t in templates:
        if t.get("priority") not in ("-1", "-2"):  # a rule's template, not the skeleton's defaults
            mode = t.get("mode", "")
            attributes[mode] = attributes.get(mode, False) or may_match_attribute(t.get("match", ""))
    for t in templates:
        if attributes.get(t.get("mode", "")) is False:
            for walk in t.iter(f"{XSL}apply-templates"):
                if walk.get("mode") == t.get("mode") and walk.get("select") == "@*|*":
                    walk.set("select", "*")


def may_match_attribute(pattern: str) -> bool:
    """Whether the XSLT 1.0 match pattern can match an attribute: some alternative's last step is
    on the attribute axis, or is a function (id(), key()) whose nodes are not known. In doubt, yes."""
    alternatives = _top_level_split(pattern, "|")
    if alternatives is None:
        return True
    for alternative in alternatives:
        steps = _top_level_split(alternative, "/")
        if steps is None:
            return True
        last = steps[-1].strip()
        if not last or last.startswith(("@", "attribute::")):
            return True
        head = re.split(r"[\[\s]", last, maxsplit=1)[0]
        if "(" in head and not head.startswith(_NODE_TESTS):
            return True
    return False


def _top_level_split(text: str, separator: str) -> list[str] | None:
    """`text` split at `separator` outside predicates, parentheses and string literals (None: the
    brackets or quotes do not pair)."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
            if depth < 0:
                return None
        elif ch == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    if depth or quote:
        return None
    return parts + ["".join(current)]
