"""The geography under the map of places: the coastlines and the projection.

The coastlines are Natural Earth's 1:50m land, clipped to the region the edition's places lie in
and simplified by `tools/make_basemap.py` into `data/map/land.json` (integer hundredths of a
degree). The projection is Albers' equal-area conic (spherical, Snyder, *Map Projections — A
Working Manual*, 1987, pp. 98–100), so the circles of the places, sized by mentions, sit on a map
that does not inflate the north.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from tei_edition.core import paths
from tei_edition.core.problems import EditionError, Problem

LAND = paths.DATA_DIR / "map" / "land.json"

Point = tuple[float, float]


@dataclass(frozen=True)
class Basemap:
    source: str
    region: tuple[float, float, float, float]  # west, south, east, north (degrees)
    rings: tuple[tuple[Point, ...], ...]  # (lon, lat) in degrees

    def covers(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.region
        return west <= lon <= east and south <= lat <= north


@lru_cache(maxsize=1)
def basemap() -> Basemap:
    """The shipped coastlines (read once per process); E0120 when the file is unusable."""
    try:
        data = json.loads(LAND.read_text(encoding="utf-8"))
        rings = tuple(tuple((flat[i] / 100, flat[i + 1] / 100) for i in range(0, len(flat), 2))
                      for flat in data["rings"])
        west, south, east, north = (float(v) for v in data["region"])
        return Basemap(str(data["source"]), (west, south, east, north), rings)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise EditionError([Problem(str(LAND), 1, 1, "E0120",
                                    f"the map's coastlines cannot be read ({exc}); run tools/make_basemap.py")]) from None


@dataclass(frozen=True)
class Albers:
    """Albers equal-area conic on the unit sphere; y grows northwards."""

    lon0: float
    lat0: float
    lat1: float
    lat2: float

    @classmethod
    def fitted(cls, lons: list[float], lats: list[float]) -> Albers:
        """Centred on the places, with standard parallels at 1/6 and 5/6 of their span of
        latitude (Snyder's rule), widened to at least 10 degrees."""
        south, north = min(lats), max(lats)
        if north - south < 10:
            middle = (north + south) / 2
            south, north = middle - 5, middle + 5
        span = north - south
        lon0 = round((min(lons) + max(lons)) / 2 / 5) * 5
        return cls(lon0, (south + north) / 2, south + span / 6, north - span / 6)

    @property
    def _constants(self) -> tuple[float, float, float]:
        s1, s2 = math.sin(math.radians(self.lat1)), math.sin(math.radians(self.lat2))
        n = (s1 + s2) / 2
        c = math.cos(math.radians(self.lat1)) ** 2 + 2 * n * s1
        rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(self.lat0))) / n
        return n, c, rho0

    def project(self, lon: float, lat: float) -> Point:
        n, c, rho0 = self._constants
        rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
        theta = n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)

    def projector(self) -> Callable[[float, float], Point]:
        """A fast `project` for many points (the constants computed once)."""
        n, c, rho0 = self._constants
        lon0, radians, sin, cos, sqrt = self.lon0, math.radians, math.sin, math.cos, math.sqrt

        def project(lon: float, lat: float) -> Point:
            rho = sqrt(c - 2 * n * sin(radians(lat))) / n
            theta = n * radians(lon - lon0)
            return rho * sin(theta), rho0 - rho * cos(theta)

        return project


def clip(ring: list[Point], left: float, top: float, right: float, bottom: float) -> list[Point]:
    """Sutherland-Hodgman: the part of a closed ring inside an axis-parallel rectangle."""
    for axis, limit, sign in ((0, left, 1), (0, right, -1), (1, top, 1), (1, bottom, -1)):
        if not ring:
            break
        inside = [(p[axis] - limit) * sign >= 0 for p in ring]
        out: list[Point] = []
        for i, p in enumerate(ring):
            q = ring[i - 1]
            if inside[i] != inside[i - 1]:
                t = (limit - q[axis]) / (p[axis] - q[axis])
                cut = q[0] + t * (p[0] - q[0]), q[1] + t * (p[1] - q[1])
                out.append((limit, cut[1]) if axis == 0 else (cut[0], limit))
            if inside[i]:
                out.append(p)
        ring = out
    return ring
