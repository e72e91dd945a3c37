"""The map of places: an SVG drawn at build time from the places register.

Every `place` of the register with `location/geo` ("latitude longitude") inside the coastlines'
region gets a circle whose area grows with the number of the text's mentions of it. On the web
(`interactive=True`) each circle is a link to its register entry (`<a href="#id">` with a
`<title>` naming it), with a hit area of at least 24 × 24 CSS px at the map's smallest size;
places that would crowd each other (Moscow and its Kremlin) are fanned out around their common
centre with a line to the true position. The print edition takes the same drawing without links
(`interactive=False`). Coordinates are only ever read from the register, never added here.
"""

from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass, field

from lxml import etree

from tei_edition.core.problems import Problem
from tei_edition.core.text import EDITED_READING, reading
from tei_edition.core.xmlio import NS, XML_NS
from tei_edition.outputs.map_geo import Albers, Point, basemap, clip
from tei_edition.core.source import Source

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 800  # viewBox units; the web page never shows the map narrower than MIN_SCALE * WIDTH px
MIN_SCALE = 0.8
HIT = 16  # hit radius in units: 2 * 16 * 0.8 = 25.6 CSS px at the smallest size
GAP = 2
PAD = 56  # room around the outermost places for their circles and labels
LEGEND = 44  # the key below the map
LABEL = 15  # label size in units
R_ONE = 4.5  # radius of a place mentioned once; area proportional to mentions
COLOURS = {"sea": "#e4ebef", "land": "#f7f4ec", "coast": "#9d9789", "grid": "#c9d3d9",
           "mark": "#8a1c12", "ink": "#1d1d1f", "halo": "#fdfcf9"}


@dataclass
class Place:
    id: str
    name: str
    lat: float
    lon: float
    mentions: int
    geo: etree._Element = field(compare=False, repr=False)  # the master's: where a problem is
    at: Point = (0.0, 0.0)  # true position in map units
    target: Point = (0.0, 0.0)  # where its circle is drawn (moved apart when crowded)
    label: tuple[float, float, str] | None = None  # x, y, text-anchor

    @property
    def radius(self) -> float:
        return R_ONE * math.sqrt(max(self.mentions, 1))


@dataclass
class Register:
    """The places of the register split by what the map can do with them."""

    drawn: list[Place] = field(default_factory=list)
    outside: list[Place] = field(default_factory=list)  # coordinates beyond the coastlines' region


def outside_warnings(tree: etree._ElementTree, master: str) -> list[Problem]:
    """W0120 for every place whose coordinates lie beyond the coastlines' region, at the `<` of
    its geo, as validate gives an element's place (the build has stripped the tree of the file's
    instructions by now: `Source` passes them by)."""
    west, south, east, north = basemap().region
    outside = register(tree).outside
    source = Source(master, tree.getroot())
    return [Problem(master, *source.tag(p.geo), "W0120",
                    f"place '{p.id}' ({p.lat:g} {p.lon:g}) lies outside the map's area "
                    f"({west:g} to {east:g} E, {south:g} to {north:g} N): listed beside the map")
            for p in outside]


def parse_geo(text: str) -> tuple[float, float] | None:
    """`"58.000 56.317"` (latitude longitude; a comma may separate them) → (lat, lon)."""
    parts = text.replace(",", " ").split()
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def mention_counts(tree: etree._ElementTree) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ref in tree.xpath("//tei:text//*/@ref", namespaces=NS):
        for token in str(ref).split():
            if token.startswith("#"):
                counts[token[1:]] = counts.get(token[1:], 0) + 1
    return counts


def register(tree: etree._ElementTree) -> Register:
    counts, land, out = mention_counts(tree), basemap(), Register()
    for place in tree.xpath("//tei:listPlace//tei:place[@xml:id]", namespaces=NS):
        geos = place.xpath("(tei:location/tei:geo)[1]", namespaces=NS)
        geo = parse_geo("".join(geos[0].itertext())) if geos else None
        if geo is None:
            continue
        pid = place.get(f"{{{XML_NS}}}id")
        names = (place.xpath("tei:placeName[not(@type = 'variant')]", namespaces=NS)
                 or place.xpath("tei:placeName", namespaces=NS))
        name = " ".join(reading(names[0], EDITED_READING).split()) if names else pid  # a choice: its corr
        item = Place(pid, name, geo[0], geo[1], counts.get(pid, 0), geos[0])
        (out.drawn if land.covers(item.lon, item.lat) else out.outside).append(item)
    out.drawn.sort(key=lambda p: (p.name.casefold(), p.id))
    return out


@dataclass(frozen=True)
class Frame:
    """Map units: x from the left, y downwards; `scale` map units per unit of the sphere."""

    x0: float
    y0: float
    scale: float
    height: float

    def to_map(self, p: Point) -> Point:
        return (p[0] - self.x0) * self.scale, (self.y0 - p[1]) * self.scale


def fit(points: list[Point]) -> Frame:
    """A frame around the projected places, at least 1,500 km across and between 0.55 and 0.8
    times as high as wide."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    width, height = max(max(xs) - min(xs), 0.24), max(max(ys) - min(ys), 0.12)
    scale = (WIDTH - 2 * PAD) / width
    map_height = height * scale + 2 * PAD
    if map_height > 0.8 * WIDTH:
        scale = (0.8 * WIDTH - 2 * PAD) / height
        map_height = 0.8 * WIDTH
    map_height = max(map_height, 0.55 * WIDTH)
    return Frame(cx - WIDTH / 2 / scale, cy + map_height / 2 / scale, scale, map_height)


def spread(places: list[Place]) -> None:
    """Move crowded circles apart: each group whose hit areas touch is fanned out on a ring
    around the group's centre, repeated until no hit areas overlap."""
    for p in places:
        p.target = p.at
    for _ in range(12):
        groups = _crowds(places)
        if not groups:
            return
        for group in groups:
            cx = sum(p.at[0] for p in group) / len(group)
            cy = sum(p.at[1] for p in group) / len(group)
            k = len(group)
            radius = max((_hit(group) + GAP) / math.sin(math.pi / k), _hit(group) + GAP) if k > 2 else _hit(group) + GAP
            group.sort(key=lambda p: (round(math.atan2(p.at[1] - cy, p.at[0] - cx), 3), p.name))
            start = math.atan2(group[0].at[1] - cy, group[0].at[0] - cx) if group[0].at != (cx, cy) else math.pi
            for i, p in enumerate(group):
                angle = start + 2 * math.pi * i / k
                p.target = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))


def _hit(group: list[Place]) -> float:
    return max(max(HIT, p.radius) for p in group)


def _crowds(places: list[Place]) -> list[list[Place]]:
    parent = list(range(len(places)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(places):
        for j in range(i + 1, len(places)):
            b = places[j]
            reach = max(HIT, a.radius) + max(HIT, b.radius) + GAP
            if math.dist(a.target, b.target) < reach - 0.01:
                parent[root(i)] = root(j)
    groups: dict[int, list[Place]] = {}
    for i, p in enumerate(places):
        groups.setdefault(root(i), []).append(p)
    return [g for g in groups.values() if len(g) > 1]


Box = tuple[float, float, float, float]


def place_labels(places: list[Place], height: float) -> None:
    """A label beside each circle where it fits without covering another label or circle;
    the most mentioned places choose first. A label that fits nowhere is left out (the circle
    keeps its name as its title)."""
    circles = [(p.target[0] - max(HIT, p.radius), p.target[1] - max(HIT, p.radius),
                p.target[0] + max(HIT, p.radius), p.target[1] + max(HIT, p.radius)) for p in places]
    taken: list[Box] = []
    for p in sorted(places, key=lambda p: (-p.mentions, p.name)):
        x, y = p.target
        r = p.radius + 3
        w = 0.5 * LABEL * len(p.name) + 2
        options = [(x + r, y + LABEL * 0.35, "start"), (x - r, y + LABEL * 0.35, "end"),
                   (x, y - r - 3, "middle"), (x, y + r + LABEL * 0.8, "middle")]
        p.label = None
        for lx, ly, anchor in options:
            left = lx if anchor == "start" else lx - w if anchor == "end" else lx - w / 2
            box = (left, ly - LABEL * 0.8, left + w, ly + LABEL * 0.25)
            own = circles[places.index(p)]
            if box[0] < 2 or box[2] > WIDTH - 2 or box[1] < 2 or box[3] > height - 2:
                continue
            if any(_overlap(box, b) for b in taken) or any(
                    _overlap(box, c) for c in circles if c is not own and _overlap_tight(box, c)):
                continue
            p.label = (lx, ly, anchor)
            taken.append(box)
            break


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _overlap_tight(box: Box, circle: Box) -> bool:
    """Whether a label box touches the drawn circle itself (its hit area may lie under a label)."""
    cx, cy = (circle[0] + circle[2]) / 2, (circle[1] + circle[3]) / 2
    nx, ny = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return math.dist((nx, ny), (cx, cy)) < (circle[2] - circle[0]) / 2 - 2


def _e(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}", {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def svg(tree: etree._ElementTree, *, interactive: bool = True) -> str:
    """The map as SVG text, or "" when no place of the register can be drawn."""
    places = register(tree).drawn
    if not places:
        return ""
    projection = Albers.fitted([p.lon for p in places], [p.lat for p in places])
    project = projection.projector()
    frame = fit([project(p.lon, p.lat) for p in places])
    for p in places:
        p.at = frame.to_map(project(p.lon, p.lat))
    spread(places)
    place_labels(places, frame.height)
    total = frame.height + LEGEND
    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS}, attrib={
        "viewBox": f"0 0 {WIDTH} {_n(total)}", "width": str(WIDTH), "height": _n(total),
        "font-family": "Libertinus Serif, serif"})
    _e(root, "title", "Map of the places in the text with known coordinates")
    _e(root, "desc", f"Albers equal-area conic projection centred on {_degrees(projection.lon0, 'E', 'W')}. "
       f"Coastlines of today from Natural Earth (1:50m, public domain); no borders are drawn.")
    _draw_ground(root, frame, projection)
    for p in places:
        _draw_place(root, p, interactive)
    _draw_key(root, frame.height, max(p.mentions for p in places))
    return str(etree.tostring(root, encoding="unicode"))


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}° {positive if value >= 0 else negative}"


def _draw_ground(root: etree._Element, frame: Frame, projection: Albers) -> None:
    land, graticule = _ground_paths(frame, projection)
    ground = _e(root, "g", aria_hidden="true", class_="ground")
    defs = _e(ground, "clipPath", id="map_frame")
    _e(defs, "rect", width=str(WIDTH), height=_n(frame.height))
    _e(ground, "rect", width=str(WIDTH), height=_n(frame.height), fill=COLOURS["sea"], class_="sea")
    _e(ground, "path", d=land, fill=COLOURS["land"], stroke=COLOURS["coast"],
       stroke_width="0.6", fill_rule="evenodd", class_="land")
    _e(ground, "path", d=graticule, fill="none", stroke=COLOURS["grid"], stroke_width="0.5",
       clip_path="url(#map_frame)", class_="graticule")
    _e(ground, "rect", width=str(WIDTH), height=_n(frame.height), fill="none", stroke=COLOURS["coast"],
       stroke_width="1", class_="frame")


@lru_cache(maxsize=4)
def _ground_paths(frame: Frame, projection: Albers) -> tuple[str, str]:
    """The coastlines and the graticule as SVG path data. The most costly part of the map, and
    the same for the web's map and the print edition's (the same places give the same frame)."""
    project = projection.projector()
    land: list[str] = []
    for ring in basemap().rings:
        points = clip([frame.to_map(project(lon, lat)) for lon, lat in ring], 0, 0, WIDTH, frame.height)
        path = _path(points)
        if path:
            land.append(path + "Z")
    lines: list[str] = []
    for lon in range(-30, 151, 10):
        lines.append(_path([frame.to_map(project(lon, lat)) for lat in range(10, 83, 2)]))
    for lat in range(10, 81, 10):
        lines.append(_path([frame.to_map(project(lon, lat)) for lon in range(-30, 151, 2)]))
    return "".join(land), "".join(lines)


def _path(points: list[Point]) -> str:
    """Points rounded to whole units, repeats dropped: `M x y x y …` (implicit line-tos)."""
    out: list[str] = []
    last = None
    for x, y in points:
        here = (round(x), round(y))
        if here != last:
            out.append(f"{here[0]} {here[1]}")
            last = here
    return "M" + " ".join(out) if len(out) > 2 else ""


def _draw_place(root: etree._Element, p: Place, interactive: bool) -> None:
    times = "not mentioned" if p.mentions == 0 else "mentioned once" if p.mentions == 1 else f"mentioned {p.mentions} times"
    title = f"{p.name} ({times})"
    group = _e(root, "g", class_="place")
    if not interactive:
        _e(group, "title", title)
    moved = math.dist(p.at, p.target) > 0.5
    if moved:
        _e(group, "line", x1=_n(p.at[0]), y1=_n(p.at[1]), x2=_n(p.target[0]), y2=_n(p.target[1]),
           stroke=COLOURS["ink"], stroke_width="0.8", class_="leader", aria_hidden="true")
        _e(group, "circle", cx=_n(p.at[0]), cy=_n(p.at[1]), r="2", fill=COLOURS["ink"], class_="spot",
           aria_hidden="true")
    mark = group
    if interactive:
        mark = _e(group, "a", href=f"#{p.id}", class_="place-mark")
        _e(mark, "title", title)
        _e(mark, "circle", cx=_n(p.target[0]), cy=_n(p.target[1]), r=_n(max(HIT, p.radius)),
           fill="transparent", class_="hit")
    _e(mark, "circle", cx=_n(p.target[0]), cy=_n(p.target[1]), r=_n(p.radius),
       fill=COLOURS["mark"] if p.mentions else COLOURS["halo"], fill_opacity="0.85",
       stroke=COLOURS["mark"] if not p.mentions else COLOURS["halo"], stroke_width="1.2", class_="dot")
    if p.label:
        x, y, anchor = p.label
        _e(group, "text", p.name, x=_n(x), y=_n(y), text_anchor=anchor, font_size=str(LABEL),
           fill=COLOURS["ink"], stroke=COLOURS["halo"], stroke_width="3", paint_order="stroke",
           stroke_linejoin="round", class_="label", aria_hidden="true")


def _draw_key(root: etree._Element, top: float, most: int) -> None:
    key = _e(root, "g", class_="key", aria_hidden="true")
    _e(key, "rect", y=_n(top), width=str(WIDTH), height=str(LEGEND), fill=COLOURS["halo"])
    y = top + LEGEND / 2 + 4
    _e(key, "text", "Circle area: mentions in the text", x="4", y=_n(y + 5), font_size="14",
       fill=COLOURS["ink"])
    x = 250.0
    for n in sorted({1, 5, 10, most} if most > 10 else {1, 5, 10}):
        r = R_ONE * math.sqrt(n)
        _e(key, "circle", cx=_n(x + r), cy=_n(y), r=_n(r), fill=COLOURS["mark"], fill_opacity="0.85",
           stroke=COLOURS["halo"], stroke_width="1.2")
        _e(key, "text", str(n), x=_n(x + 2 * r + 4), y=_n(y + 5), font_size="14", fill=COLOURS["ink"])
        x += 2 * r + 36
