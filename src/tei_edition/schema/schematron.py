"""The Schematron rules compiled to XSLT 1.0 by the ISO skeleton that ships with lxml, then made to
walk the document once (`schematron_walks`) and to write where a problem is in linear time.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache

from lxml import etree, isoschematron

from tei_edition.core.xmlio import read_xml
from tei_edition.schema.odd import SCH
from tei_edition.schema.schematron_walks import SVRL as SVRL, XSL as XSL, drop_default_walks, one_walk, walk_elements_only

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
    """SCH's rules as `stylesheet` compiles them, once a process."""
    return stylesheet()


def stylesheet(rules: etree._ElementTree | None = None) -> etree.XSLT:
    """The skeleton's stylesheet of the rules (SCH's by default), walking the document once, its
    paths written by Paths; run through `report`, which gives path(.) the Paths of the run (each
    parent's children counted once)."""
    xslt = skeleton(rules)
    drop_default_walks(xslt)
    if not one_walk(xslt):  # the patterns walk on their own, attributes only where a rule may match one
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
