"""Where a draft looks: a box of degrees (`--bbox`, or a known `--area`'s) and the country a
mission's locations lie in (by the shipped outlines, when no file or option says).

Apart from the drafting itself because it is geometry, not Geo-PKO's format: a point in a box, a
point in a polygon. Only `draft()` uses it; a check compares a dataset by name and coordinates.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.geopko.rows import GeoPkoError, fold


@dataclass(frozen=True)
class BBox:
    """A box in degrees: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def distance(self, lat: float, lon: float) -> float:
        """How far outside the box a point is, in degrees (0 inside)."""
        dlat = max(self.south - lat, 0.0, lat - self.north)
        dlon = max(self.west - lon, 0.0, lon - self.east)
        return math.hypot(dlat, dlon)

    def __str__(self) -> str:
        return f"{self.west:g},{self.south:g},{self.east:g},{self.north:g}"


def parse_bbox(text: str) -> BBox:
    """`"W,S,E,N"` in degrees; GeoPkoError if it is not one."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise GeoPkoError(
            f"{text!r} is not W,S,E,N in degrees (e.g. 26.8,-5.0,29.4,-1.75)"
        ) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise GeoPkoError(f"{text!r}: need west < east within ±180 and south < north within ±90")
    return BBox(west, south, east, north)


AREAS: dict[str, BBox] = {
    "south kivu": BBox(26.4, -5.0, 29.4, -1.75),
}
"""Areas `--area` knows without a `--bbox`: a box around each, for choosing Geo-PKO locations
only (it is never written into a dataset). South Kivu's is drawn around the Geo-PKO locations
that the fact sheet behind data/missions/monusco-south-kivu.toml places in the province (its
table 4d): north of -1.75 are Goma and Sake (North Kivu), south of -5.0 Bendera, which no source
places in South Kivu. A box is rough: the draft lists what lay just outside it, to check."""


def area_box(area: str) -> BBox:
    box = AREAS.get(fold(area))
    if box is None:
        known = ", ".join(name.title() for name in AREAS)
        raise GeoPkoError(
            f"no extent known for area {area!r} (known: {known}): give --bbox W,S,E,N"
        )
    return box


def _inside(lon: float, lat: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Ray casting: whether (lon, lat) is inside the ring."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def country_at(points: Iterable[tuple[float, float]], outlines: Path | None = None) -> str | None:
    """The country (ISO alpha-3) most of the (lat, lon) points lie in, by the shipped outlines
    (Natural Earth 1:110m, public domain); None if none lies in one."""
    from tui.core.missions import data_dir

    path = outlines or data_dir() / "countries.geo.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    shapes: list[tuple[str, list[list[tuple[float, float]]]]] = []
    for feature in data.get("features", []):
        code, geometry = feature.get("id"), feature.get("geometry") or {}
        coords = geometry.get("coordinates") or []
        polygons = [coords] if geometry.get("type") == "Polygon" else coords
        for polygon in polygons:
            rings = [[(float(p[0]), float(p[1])) for p in ring] for ring in polygon]
            if isinstance(code, str) and rings:
                shapes.append((code, rings))
    votes: Counter[str] = Counter()
    for lat, lon in points:
        for code, rings in shapes:
            if _inside(lon, lat, rings[0]) and not any(_inside(lon, lat, r) for r in rings[1:]):
                votes[code] += 1
                break
    return votes.most_common(1)[0][0] if votes else None
