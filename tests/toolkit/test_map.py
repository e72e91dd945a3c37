"""The map of places: drawn from the register's coordinates only, one linked circle per place,
crowded places fanned out, places it cannot show listed beside it; the projection; the print
variant in the PDF.

The tests on the real master are in tests/edition/test_map_master.py."""

from __future__ import annotations

import copy
import itertools
import json
import math
from pathlib import Path

import pytest
from lxml import etree, html

from tei_edition.build import build
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import NS, read_tei
from tei_edition.outputs import map as places_map
from tei_edition.outputs import map_geo
from support import FIXTURES
from support.html_site import build_html
from support.map_svg import SVG, centre, marks, parse

FIXTURE = FIXTURES / "map" / "places.xml"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return build_html(FIXTURE, tmp_path_factory.mktemp("map-site"))


def test_circle_area_grows_with_mentions(fixture_site: Path):
    svg = parse(places_map.svg(read_tei(FIXTURE)))
    radius = {pid: float(m.find("svg:circle[@class='dot']", SVG).get("r")) for pid, m in marks(svg).items()}
    # Perm is mentioned three times, Moscow twice, the Kremlin once: area ∝ mentions.
    assert radius["perm"] ** 2 / radius["kremlin"] ** 2 == pytest.approx(3, rel=0.05)
    assert radius["moscow"] ** 2 / radius["kremlin"] ** 2 == pytest.approx(2, rel=0.05)
    assert "mentioned 3 times" in marks(svg)["perm"].findtext("svg:title", namespaces=SVG)


def test_crowded_places_are_fanned_out_with_a_line_to_the_true_spot():
    svg = parse(places_map.svg(read_tei(FIXTURE)))
    found = marks(svg)
    for a, b in itertools.combinations(found.values(), 2):
        ra = float(a.find("svg:circle[@class='hit']", SVG).get("r"))
        rb = float(b.find("svg:circle[@class='hit']", SVG).get("r"))
        assert math.dist(centre(a), centre(b)) >= ra + rb, (a.get("href"), b.get("href"))
    # The Kremlin lies 200 m from Moscow's point: at least one of the two was moved and has a leader.
    leaders = [g for g in svg.iterfind("svg:g[@class='place']", SVG) if g.find("svg:line", SVG) is not None]
    assert {g.find("svg:a", SVG).get("href") for g in leaders} & {"#moscow", "#kremlin"}


def test_the_map_follows_the_registers_coordinates(tmp_path: Path):
    """No coordinate is invented or kept: moving Perm in the register moves its circle."""
    tree = read_tei(FIXTURE)
    before = centre(marks(parse(places_map.svg(tree)))["perm"])
    moved = copy.deepcopy(tree)
    geo = moved.xpath("//tei:place[@xml:id='perm']//tei:geo", namespaces=NS)[0]
    geo.text = "58.01 60.25"  # four degrees further east
    after = centre(marks(parse(places_map.svg(moved)))["perm"])
    assert after[0] > before[0]
    gone = copy.deepcopy(tree)
    for loc in gone.xpath("//tei:location", namespaces=NS):
        loc.getparent().remove(loc)
    assert places_map.svg(gone) == ""


def test_a_corrected_name_is_labelled_by_its_reading():
    """A correction in a place's name: the map's label and title ran both readings together."""
    tree = read_tei(FIXTURE)
    name = tree.xpath("//tei:place[@xml:id='perm']/tei:placeName", namespaces=NS)[0]
    name.getparent().replace(name, etree.fromstring(
        f'<placeName xmlns="{NS["tei"]}"><choice><sic>Prem</sic><corr resp="#editors">Perm</corr></choice></placeName>'))
    svg = parse(places_map.svg(tree))
    assert marks(svg)["perm"].findtext("svg:title", namespaces=SVG).startswith("Perm (")


def test_names_are_text_never_markup():
    svg_text = places_map.svg(read_tei(FIXTURE))
    svg = parse(svg_text)
    title = marks(svg)["motovilikha"].findtext("svg:title", namespaces=SVG)
    assert title.startswith('Motovilikha <works> & "yards"')
    assert "<works>" not in svg_text


def test_places_page_lists_what_the_map_cannot_show(fixture_site: Path):
    page = html.fromstring((fixture_site / "places.html").read_bytes())
    shown = {a.get("href") for a in page.xpath("//figure[@class='map']//*[local-name()='a']")}
    assert shown == {"#perm", "#moscow", "#kremlin", "#motovilikha"}
    missing = page.xpath("//section[@class='map-missing']")[0]
    assert [a.get("href") for a in missing.xpath(".//a")] == ["#new-york", "#urals"]
    assert "40.71, -74.01" in missing.text_content()
    assert "4 places" in page.xpath("string(//figure[@class='map']/figcaption)")
    assert "Natural Earth" in page.xpath("string(//figure[@class='map']/figcaption)")


def test_a_place_beyond_the_map_is_a_warning(tmp_path: Path):
    ctx = build(FIXTURE, tmp_path / "build")
    warnings = [p for p in ctx.warnings if p.code == "W0120"]
    assert len(warnings) == 1 and "new-york" in warnings[0].message
    assert warnings[0].line > 0 and str(warnings[0]).startswith(f"{FIXTURE}:{warnings[0].line}:")


def test_a_place_beyond_the_map_is_warned_about_at_its_geo_column():
    """W0120 gave column 0 of a real line; the other problems at an element give its start
    tag's column (1-based), as validate finds it."""
    [warning] = places_map.outside_warnings(read_tei(FIXTURE), str(FIXTURE))
    line = FIXTURE.read_text(encoding="utf-8").splitlines()[warning.line - 1]
    assert "<geo>40.71 -74.01</geo>" in line
    assert warning.col == line.index("<geo>") + 1 > 1
    assert str(warning).startswith(f"{FIXTURE}:{warning.line}:{warning.col}: [W0120] place 'new-york'")


def test_print_variant_has_no_links_but_names_every_place():
    svg = parse(places_map.svg(read_tei(FIXTURE), interactive=False))
    assert svg.find(".//svg:a", SVG) is None
    titles = [g.findtext("svg:title", namespaces=SVG) for g in svg.iterfind("svg:g[@class='place']", SVG)]
    assert len(titles) == 4 and all(titles)


def test_albers_is_equal_area():
    """A 1° × 1° cell has the same area on the map as on the sphere, in the north and the south."""
    projection = map_geo.Albers.fitted([20.0, 80.0], [40.0, 70.0])

    def map_area(lon: float, lat: float) -> float:
        corners = [projection.project(lon + dx, lat + dy) for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))]
        return abs(sum(corners[i - 1][0] * c[1] - c[0] * corners[i - 1][1] for i, c in enumerate(corners))) / 2

    def sphere_area(lat: float) -> float:
        return math.radians(1) * (math.sin(math.radians(lat + 1)) - math.sin(math.radians(lat)))

    for lon, lat in ((25.0, 41.0), (50.0, 55.0), (75.0, 68.0)):
        assert map_area(lon, lat) == pytest.approx(sphere_area(lat), rel=2e-3)


def test_unreadable_coastlines_are_an_e0120(tmp_path: Path, monkeypatch):
    broken = tmp_path / "land.json"
    broken.write_text(json.dumps({"region": [0, 0, 1], "rings": "no"}))
    monkeypatch.setattr(map_geo, "LAND", broken)
    map_geo.basemap.cache_clear()
    try:
        with pytest.raises(EditionError) as err:
            places_map.svg(read_tei(FIXTURE))
        assert [p.code for p in err.value.problems] == ["E0120"]
        assert "\n" not in str(err.value)
    finally:
        map_geo.basemap.cache_clear()


def test_shipped_coastlines_cover_the_places_region():
    land = map_geo.basemap()
    assert "Natural Earth" in land.source
    assert land.covers(37.6, 55.75) and land.covers(-0.1, 51.5) and not land.covers(-74.0, 40.7)
    assert sum(len(r) for r in land.rings) > 3000  # Europe's coasts, not a box


def _typst_with_map(master: Path, place_map: str) -> str:
    """The print edition's Typst source with the map parameter set (as outputs/pdf.py would)."""
    from tei_edition.core.xslt import to_xdm
    from tei_edition.outputs import pdf

    tree = read_tei(master)
    return pdf.typst_source(tree, to_xdm(tree, master.resolve().as_uri()), str(master), place_map=place_map)


def test_print_edition_takes_the_map_as_a_figure_and_stays_pdf_ua(tmp_path: Path):
    import io

    import pypdf

    from tei_edition.outputs import pdf

    tree = read_tei(FIXTURE)
    source = _typst_with_map(FIXTURE, places_map.svg(tree, interactive=False))
    assert '#back-head([#"Map of places";], "map")' in source
    assert source.index("Map of places") < source.index('"index")')
    # Typst refuses to write a file that breaks PDF/UA-1 or PDF/A-2a (e.g. an image without alt).
    data = pdf.compile_pdf(source, str(FIXTURE), pdf.edition_timestamp(tree))
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Map of places" in text and "Natural Earth" in text
    assert "Kremlin" in text  # a label of the drawing, set in the edition's font
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Map of places" in outline
    without = _typst_with_map(FIXTURE, "")
    assert "Map of places" not in without
