"""What the stylesheets of every output get from Python, so that none decides it by itself."""

from __future__ import annotations

from typing import Any

from lxml import etree

from tei_edition.citation.units import citable_units, units_document
from tei_edition.core.xslt import to_xdm


def units_param(tree: etree._ElementTree, path: str) -> dict[str, Any]:
    """`$citable-units` of `xslt/common/units.xsl`: the citable units of `tree`."""
    return {"citable-units": to_xdm(units_document(citable_units(tree, path)))}
