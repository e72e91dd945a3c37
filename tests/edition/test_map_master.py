"""The map of places: drawn from the register's coordinates only, one linked circle per place,
crowded places fanned out, places it cannot show listed beside it; the projection; the print
variant in the PDF.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_map.py."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from lxml import etree, html

from tei_edition.core import paths
from tei_edition.core.xmlio import NS, read_tei
from tei_edition.outputs import map as places_map
from support.map_svg import SVG, centre, marks, parse


def test_one_linked_circle_per_place_with_coordinates_in_the_master(built_edition: Path):
    tree = read_tei(paths.MASTER)
    located = {p.get("{http://www.w3.org/XML/1998/namespace}id")
               for p in tree.xpath("//tei:listPlace//tei:place[normalize-space(tei:location/tei:geo)]", namespaces=NS)}
    page = html.fromstring((built_edition / "site" / "places.html").read_bytes())
    svg_text = etree.tostring(page.xpath("//*[local-name()='svg']")[0], encoding="unicode")
    svg = parse(svg_text)  # well-formed XML, not only HTML
    found = marks(svg)
    assert set(found) == located and len(found) == len(located) > 0
    entries = set(page.xpath("//article[contains(@class,'entry-place')]/@id"))
    for pid, mark in found.items():
        assert pid in entries
        title = mark.find("svg:title", SVG)
        assert title is not None and mark.index(title) == 0  # the link's accessible name comes first
        name = page.xpath(f"string(//article[@id='{pid}']/h2)")
        assert title.text.startswith(name + " (")
        hit = mark.find("svg:circle[@class='hit']", SVG)
        assert float(hit.get("r")) * places_map.MIN_SCALE * 2 >= 24  # WCAG 2.5.8 at the smallest size
    for a, b in itertools.combinations(found.values(), 2):  # no target covers another
        ra, rb = (float(m.find("svg:circle[@class='hit']", SVG).get("r")) for m in (a, b))
        assert math.dist(centre(a), centre(b)) >= ra + rb, (a.get("href"), b.get("href"))
