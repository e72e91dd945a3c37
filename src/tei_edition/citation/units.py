"""The citable units: what a reader cites as ¶ 42 and links as `#p42`, in every output.

Defined once, from the citation scheme (`scheme.read_trees`): the units of the default citation
tree that have no units below them, in reading order, each with its anchor (`xml:id`), its
number (`@n`, the margin number of the HTML and the PDF) and its section (the nearest enclosing
element that is an anchored unit of another level, e.g. `s3`). The stylesheets get this list
as a document (`units_document`, read by `xslt/common/units.xsl`), so neither the HTML nor the
PDF stylesheet decides by itself what a unit is.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tei_edition.citation.record import permalink
from tei_edition.citation.scheme import anchored_units, read_trees
from tei_edition.core import memo
from tei_edition.core.xmlio import XML_NS

UNITS_NS = "urn:tei-edition:units"


@dataclass(frozen=True)
class CitableUnit:
    anchor: str  # xml:id: p42
    n: str  # the unit's number: 42
    element: etree._Element
    section: str | None = None  # anchor of the enclosing section: s3
    section_element: etree._Element | None = None


@memo.of_tree()
def citable_units(tree: etree._ElementTree, path: str) -> list[CitableUnit]:
    """Every citable unit, in reading order (raises EditionError on a bad citation scheme)."""
    default = read_trees(tree, path)[0]
    leaves = [u for u in default.units if not u.children and u.anchor]
    containers = {u.element for u in anchored_units(tree, path)} - {u.element for u in leaves}
    result = []
    for unit in leaves:
        section = next((el for el in unit.element.iterancestors() if el in containers), None)
        result.append(CitableUnit(
            anchor=str(unit.anchor), n=unit.element.get("n") or unit.ref, element=unit.element,
            section=_anchor(section), section_element=section))
    return result


def _anchor(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(f"{{{XML_NS}}}id")


def units_document(units: list[CitableUnit], base: str | None = None) -> etree._Element:
    """`<units xmlns="urn:tei-edition:units"><unit id="p1" n="1" section="s1" permalink="…#p1"/>…</units>`
    (the permanent links, `record.permalink`, when the edition's base URL is given)."""
    root = etree.Element(f"{{{UNITS_NS}}}units", nsmap={None: UNITS_NS})
    for u in units:
        attrs = {"id": u.anchor, "n": u.n}
        if u.section:
            attrs["section"] = u.section
        if base is not None:
            attrs["permalink"] = permalink(base, u.anchor)
        etree.SubElement(root, f"{{{UNITS_NS}}}unit", attrs)
    return root
