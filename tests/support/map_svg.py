"""What the tests of map svg share, on fixtures and on the master."""

from __future__ import annotations

from lxml import etree
from tei_edition.outputs import map as places_map


SVG = {"svg": places_map.SVG_NS}


def parse(svg_text: str) -> etree._Element:
    return etree.fromstring(svg_text.encode("utf-8"))


def marks(svg: etree._Element) -> dict[str, etree._Element]:
    return {a.get("href")[1:]: a for a in svg.iterfind(".//svg:a", SVG)}


def centre(mark: etree._Element) -> tuple[float, float]:
    dot = mark.find("svg:circle[@class='dot']", SVG)
    return float(dot.get("cx")), float(dot.get("cy"))
