"""Regenerate the map's coastlines, `src/tei_edition/data/map/land.json`, from Natural Earth.

Source: the npm package world-atlas (Natural Earth 4.1.0 as TopoJSON; the data are in the public
domain, the package ISC), file `land-50m.json` (1:50m land). This script installs it into
`.cache/npm` when missing, decodes the TopoJSON, clips every ring to the region the edition's
places lie in (Europe, North Africa, western and northern Asia), simplifies the rings
(Douglas-Peucker), drops islands too small to see on the map, and writes the rings as integer
hundredths of a degree. The build only reads the result (`tei_edition.outputs.map`).

    .venv/bin/python tools/make_basemap.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tei_edition.outputs.map_geo import clip

ROOT = Path(__file__).resolve().parents[1]
PACKAGE, VERSION = "world-atlas", "2.0.2"
NPM_DIR = ROOT / ".cache" / "world-atlas"  # its own prefix: npm prunes what it did not install
SOURCE = NPM_DIR / "node_modules" / PACKAGE / "land-50m.json"
TARGET = ROOT / "src" / "tei_edition" / "data" / "map" / "land.json"
REGION = (-30.0, 10.0, 150.0, 82.0)  # west, south, east, north (degrees)
TOLERANCE = 0.04  # degrees: Douglas-Peucker tolerance (~4 km)
MIN_AREA = 0.08  # square degrees: smaller islands are left out

Point = tuple[float, float]


def ensure_source() -> Path:
    if not SOURCE.is_file() or json.loads((SOURCE.parent / "package.json").read_text())["version"] != VERSION:
        subprocess.run(["npm", "install", "--prefix", str(NPM_DIR), "--no-save", "--no-audit", "--no-fund",
                        "--ignore-scripts", "--loglevel=error", f"{PACKAGE}@{VERSION}"], check=True)
    return SOURCE


def decode_rings(topo: dict[str, Any]) -> list[list[Point]]:
    """Every ring of every polygon of the `land` object, in degrees."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[Point]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    rings = []
    for geometry in topo["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring_arcs in polygon:
                ring: list[Point] = []
                for index in ring_arcs:
                    points = arcs[index] if index >= 0 else arcs[~index][::-1]
                    ring.extend(points[1:] if ring else points)
                rings.append(ring)
    return rings


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on an open polyline (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        worst, where = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > worst:
                worst, where = d, i
        if worst > tolerance:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [p for p, k in zip(points, keep) if k]


def area(ring: list[Point]) -> float:
    return abs(sum(ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1] for i, p in enumerate(ring))) / 2


def basemap(topo: dict[str, Any]) -> list[list[int]]:
    out = []
    for ring in decode_rings(topo):
        west, south, east, north = REGION
        ring = clip(ring, west, south, east, north)  # x in [west, east], y in [south, north]
        if len(ring) < 4 or area(ring) < MIN_AREA:
            continue
        # Split the closed ring at its first point so Douglas-Peucker keeps both halves' shape.
        half = len(ring) // 2
        ring = simplify(ring[: half + 1], TOLERANCE)[:-1] + simplify(ring[half:] + ring[:1], TOLERANCE)[:-1]
        flat: list[int] = []
        for lon, lat in ring:
            x, y = round(lon * 100), round(lat * 100)
            if flat[-2:] != [x, y]:
                flat += [x, y]
        if len(flat) >= 8:
            out.append(flat)
    return out


def main() -> int:
    source = ensure_source()
    topo = json.loads(source.read_text())
    rings = basemap(topo)
    data = {
        "source": f"Natural Earth 1:50m land (version 4.1.0, public domain), from the npm package "
                  f"{PACKAGE} {VERSION} (land-50m.json)",
        "region": list(REGION),
        "tolerance": TOLERANCE,
        "unit": "hundredths of a degree, rings as flat lists lon, lat, lon, lat, ...",
        "rings": rings,
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{TARGET.relative_to(ROOT)}: {len(rings)} rings, {sum(len(r) for r in rings) // 2} points, "
          f"{TARGET.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
