"""Geo-PKO, the UN deployment maps as data: draft a dataset from it, or check one against it.

Geo-PKO (Department of Peace and Conflict Research, Uppsala University; Cil, Fjelde, Hultman &
Nilsson 2020, "Mapping blue helmets", Journal of Peace Research 57(2)) codes every location of a
mission's deployment maps, year by year: its coordinates and its troop contributors, each with a
standard unit size (a company 150, a battalion 650 to 800), the maximum over the year's maps.
Estimates, not headcounts; and the maps may predate a withdrawal, so Geo-PKO says nothing of when a
base closed.

Two files, read with the standard `csv` module (their licence is unstated: never ship them):

- `TCCMap_v.2.3.csv`: mission, year, location, latitude, longitude, No.TCC and year.overview
  ("Bangladesh (150), China (300), Egypt (size unknown)");
- `FrontMap_v.2.3.csv` (optional): one row per location and map, with the country and `hq`
  (3: the mission's headquarters).

`draft()` writes a schema-2 dataset of one mission's locations in a year (sites with coordinates,
contingents with unit-size estimates, all citing Geo-PKO) that validates, and lists what a person
must still add. `compare()` checks an existing dataset's coordinates and estimates against the
rows. No Textual, no Rich.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.model import Dataset, Site

CITATION = (
    "Cil, Fjelde, Hultman & Nilsson (2020), 'Mapping blue helmets', Journal of Peace Research 57(2)"
)
PUBLISHER = "Department of Peace and Conflict Research, Uppsala University"
URL = "https://github.com/geopko/Geo-PKO-Shiny-Dashboard"
"""Where the v2.3 yearly files are published (the repository the bundled datasets cite)."""
SOURCE_ID = "GEOPKO"
TOLERANCE = 0.05
"""Degrees within which two coordinates are the same place (about 5 km)."""

TCC_COLUMNS = ("mission", "year", "location", "latitude", "longitude", "year.overview")
FRONT_COLUMNS = ("mission", "year", "country", "location", "latitude", "longitude", "hq")
MISSION_HQ = 3
"""FrontMap's `hq` for the mission's headquarters (Bamako for MINUSMA, Kinshasa for MONUSCO)."""

GEOPKO_SPELLINGS: dict[str, str] = {
    "britain": "GBR",
    "uk": "GBR",
    "us": "USA",
    "drc": "COD",
    "turkey": "TUR",
    "czech republic": "CZE",
    "korea": "KOR",
    "ivory coast": "CIV",
}
"""Geo-PKO's spellings that CLDR's English names do not match, to their ISO 3166-1 alpha-3 codes.
("Congo" is left out: Geo-PKO uses it for the Republic of the Congo, but the name is ambiguous.)"""


class GeoPkoError(Exception):
    """A file that is not Geo-PKO's, an area with no extent, a mission with no rows: one line."""


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contributor:
    """A troop contributor at a location, as year.overview names it, and its unit-size estimate
    (None: "size unknown")."""

    name: str
    size: int | None


@dataclass(frozen=True)
class Location:
    """A row of TCCMap: one mission's location in one year and its contributors."""

    mission: str
    year: int
    name: str
    lat: float
    lon: float
    contributors: tuple[Contributor, ...]


@dataclass(frozen=True)
class FrontRow:
    """What the drafts use of a FrontMap row (one location on one map)."""

    mission: str
    year: int
    country: str
    name: str
    hq: int


_CONTRIBUTOR = re.compile(r"\s*(.+?)\s*\(([^()]*)\)\s*(?:,|$)")


def parse_overview(text: str) -> tuple[Contributor, ...]:
    """`"Bangladesh (150), Egypt (size unknown)"` as contributors; a size that is not a whole
    number (size unknown) is None."""
    found = []
    for match in _CONTRIBUTOR.finditer(text):
        name, size = match.group(1).strip(), match.group(2).strip()
        found.append(Contributor(name, int(size) if size.isdigit() else None))
    return tuple(found)


def _rows(text: str, columns: Sequence[str], what: str, path: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise GeoPkoError(f"{path}: not a Geo-PKO {what} file: no column {', '.join(missing)}")
    return list(reader)


def _read_text(path: str | Path) -> str:
    from tui.core.files import read_regular

    try:
        return read_regular(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GeoPkoError(f"{path}: not UTF-8 text") from None


def read_tcc(path: str | Path) -> list[Location]:
    """Every row of a TCCMap file. OSError if it cannot be read; GeoPkoError if it is not one."""
    rows = _rows(_read_text(path), TCC_COLUMNS, "TCCMap", str(path))
    out = []
    for number, row in enumerate(rows, start=2):
        try:
            out.append(
                Location(
                    mission=row["mission"].strip(),
                    year=int(row["year"]),
                    name=row["location"].strip(),
                    lat=float(row["latitude"]),
                    lon=float(row["longitude"]),
                    contributors=parse_overview(row["year.overview"] or ""),
                )
            )
        except (TypeError, ValueError):
            raise GeoPkoError(f"{path}:{number}: not a year and coordinates") from None
    return out


def read_front(path: str | Path) -> list[FrontRow]:
    """Every row of a FrontMap file (what the drafts use of it)."""
    rows = _rows(_read_text(path), FRONT_COLUMNS, "FrontMap", str(path))
    out = []
    for number, row in enumerate(rows, start=2):
        try:
            out.append(
                FrontRow(
                    row["mission"].strip(),
                    int(row["year"]),
                    row["country"].strip(),
                    row["location"].strip(),
                    int(row["hq"] or 0),
                )
            )
        except ValueError:
            raise GeoPkoError(f"{path}:{number}: not a year and an hq code") from None
    return out


def country_code(name: str) -> str | None:
    """The ISO alpha-3 code of a country as Geo-PKO names it, or None."""
    from tui.core.countries import code_for_name

    return GEOPKO_SPELLINGS.get(_fold(name)) or code_for_name(name)


# --- places ------------------------------------------------------------------------------------


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
    box = AREAS.get(_fold(area))
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


# --- names ---------------------------------------------------------------------------------------


def _fold(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def name_keys(name: str) -> tuple[str, set[str]]:
    """A place name folded whole, and the other names it may go by: its part before a bracket or
    a quote, the part inside the bracket, each half of "A/B" or "A–B", and its first word
    ("Gao \\"Super Camp\\"" → gao; "Tombouctou (Timbuktu)" → tombouctou, timbuktu)."""
    whole = _fold(name)
    parts = {whole}
    outer = re.split(r"[(\"“]", name, maxsplit=1)[0]
    parts.add(_fold(outer))
    parts.update(_fold(inner) for inner in re.findall(r"\(([^)]*)\)", name))
    for part in list(parts):
        parts.update(_fold(half) for half in re.split(r"[/–—-]", part))
    first = whole.split(" ", 1)[0] if whole else ""
    parts.add(first)
    return whole, {p for p in parts if p}


def slug(name: str) -> str:
    """A site id from a place name: "Mopti/Sevare" → "mopti-sevare"."""
    return _fold(name).replace(" ", "-") or "site"


# --- drafting ------------------------------------------------------------------------------------


@dataclass
class Draft:
    """A drafted dataset: its TOML text, what it holds and what a person must still add."""

    text: str
    sites: int
    contingents: int
    estimates: int
    todo: list[str] = field(default_factory=list)


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def draft(
    locations: Sequence[Location],
    *,
    mission: str,
    year: int,
    area: str | None = None,
    bbox: BBox | None = None,
    front: Sequence[FrontRow] = (),
    country: str | None = None,
    tcc_file: str = "TCCMap_v.2.3.csv",
    front_file: str | None = None,
) -> Draft:
    """A schema-2 dataset of `mission`'s Geo-PKO locations in `year` (inside `bbox`, or the
    known extent of `area`), every fact citing Geo-PKO; GeoPkoError if nothing is left to draft."""
    wanted = mission.strip().casefold()
    rows = [loc for loc in locations if loc.mission.casefold() == wanted and loc.year == year]
    if not rows:
        years = sorted({loc.year for loc in locations if loc.mission.casefold() == wanted})
        if not years:
            raise GeoPkoError(f"Geo-PKO has no rows for mission {mission!r}")
        raise GeoPkoError(
            f"Geo-PKO has no {mission} rows for {year}; it has {years[0]}–{years[-1]}"
        )
    box = bbox or (area_box(area) if area else None)
    kept = [loc for loc in rows if box is None or box.contains(loc.lat, loc.lon)]
    near = [loc for loc in rows if box is not None and 0 < box.distance(loc.lat, loc.lon) <= 0.5]
    if not kept:
        raise GeoPkoError(f"none of {mission}'s {len(rows)} locations in {year} lies in {box}")
    kept.sort(key=lambda loc: _fold(loc.name))
    name = rows[0].mission
    front_rows = [r for r in front if r.mission.casefold() == wanted and r.year == year]
    todo: list[str] = []
    code = country or _front_country(front_rows) or country_at((loc.lat, loc.lon) for loc in kept)
    if code is None:
        raise GeoPkoError(
            "cannot tell the mission's country: give --country (ISO alpha-3, e.g. COD)"
        )
    from tui.core.countries import country_name

    region = area or country_name(code)
    hq = {_fold(r.name) for r in front_rows if r.hq == MISSION_HQ}
    total = sum(c.size or 0 for loc in kept for c in loc.contributors)
    if total < 1:
        raise GeoPkoError(
            "no unit-size estimate at these locations to stand in for personnel_total: "
            "a dataset needs a sourced total"
        )
    files = tcc_file + (f", {front_file}" if front_file else "")
    since = _toml(str(year))
    where = f" ({area})" if area else ""
    out = [
        f"# {name}{where}: a draft dataset from Geo-PKO v2.3 ({files}), data year {year},",
        "# written by `minusma-tui import geopko`. Schema 2: data/SCHEMA.md.",
        "# Geo-PKO gives locations and unit-size estimates only: what the sources of the",
        "# withdrawal say (closures, receivers, dates, phases, counts) is still to add.",
        "",
        "schema_version = 2",
        "",
        "[mission]",
        f"name = {_toml(name)}",
        f"full_name = {_toml(name)}  # Geo-PKO gives only the acronym: write the full name",
        f"country = {_toml(code)}",
    ]
    if area:
        out.append(f"area = {_toml(area)}")
    out += [
        f"personnel_total = {total}  # PLACEHOLDER: replace with a sourced total",
        "personnel_counted = "
        + _toml(
            f"PLACEHOLDER until a source gives the withdrawal's total: the sum of Geo-PKO v2.3's "
            f"unit-size estimates at these {len(kept)} locations in {year} (each the maximum "
            "over the year's maps: an estimate, not a headcount)"
        ),
        f"sources = [{_toml(SOURCE_ID)}]",
        f"since = {since}",
        "",
        "[[phases]]",
        f'id = "geopko-{year}"',
        "name = " + _toml(f"Placeholder: Geo-PKO's {year} deployment (replace with the phases)"),
        f"start = {year}-01-01",
        f"sources = [{_toml(SOURCE_ID)}]",
        "note = "
        + _toml(
            f"A schema-2 file needs a phase for its sites: this one only says that Geo-PKO maps "
            f"the locations in {year}. Replace it with the withdrawal's phases and their sources."
        ),
    ]
    seen: dict[str, int] = {}
    contingents = estimates = 0
    unresolved: list[str] = []
    for ordinal, loc in enumerate(kept, start=1):
        site_id = slug(loc.name)
        seen[site_id] = seen.get(site_id, 0) + 1
        if seen[site_id] > 1:
            site_id = f"{site_id}-{seen[site_id]}"
        kind = "headquarters" if _fold(loc.name) in hq else "camp"
        out += [
            "",
            "[[sites]]",
            f"id = {_toml(site_id)}",
            f"name = {_toml(loc.name)}",
            f"region = {_toml(region)}",
            f"lat = {loc.lat!r}",
            f"lon = {loc.lon!r}",
            f"ordinal = {ordinal}",
            "ordinal_inferred = true",
            f'phase = "geopko-{year}"',
            f"kind = {_toml(kind)}",
            f"sources = [{_toml(SOURCE_ID)}]",
        ]
        for contributor in loc.contributors:
            tcc = country_code(contributor.name)
            if tcc is None:
                unresolved.append(f"{loc.name}: {contributor.name!r}")
                continue
            contingents += 1
            out += ["", "  [[sites.contingents]]", f"  country = {_toml(tcc)}"]
            if contributor.size is not None:
                estimates += 1
                out += [
                    f"  figure = {contributor.size}",
                    '  kind = "estimate"',
                    f"  figure_date = {since}",
                    "  note = "
                    + _toml(
                        f"Geo-PKO v2.3 unit-size estimate ({year}, the maximum over the year's "
                        "maps): not a headcount, and the maps may predate the withdrawal."
                    ),
                ]
            else:
                out.append(f"  note = {_toml(f'Geo-PKO v2.3 ({year}): size unknown.')}")
            out += [f"  sources = [{_toml(SOURCE_ID)}]", f"  since = {since}"]
    note = (
        f"Cite as {CITATION}. Read from {files} (mission {name}, year {year}"
        + (f", locations in {box}" if box else "")
        + "). Coordinates are town-level deployment locations; contributor figures are "
        "standard unit sizes (the maximum over the year's maps), not headcounts."
    )
    out += [
        "",
        "[[sources]]",
        f"id = {_toml(SOURCE_ID)}",
        f"title = {_toml(f'Geo-PKO v2.3 dataset ({files})')}",
        f"publisher = {_toml(PUBLISHER)}",
        f"url = {_toml(URL)}",
        f"note = {_toml(note)}",
        "",
    ]
    todo += [
        "each site's closure: [[sites.states]] with its date, how (handed_over, vacated, "
        "closed, returned) and `to` (the receiver), with their sources; then list the sites "
        "in closure order with ordinals 1..N (ordinal_inferred = false where a source says)",
        f"the withdrawal's phases (one placeholder now, 'geopko-{year}') and each site's phase",
        f"the mission's full name (now {name!r}) and a sourced personnel_total (now {total:,}, "
        "the sum of Geo-PKO's estimates: a placeholder)",
        "personnel counts, key dates (resolutions, deadlines), events and disputes, each "
        "with its sources",
        f"each site's region (now {region!r}) and kind (now camp"
        + (", or headquarters where Geo-PKO codes the mission's HQ)" if front_rows else ")"),
        "contingents the sources name but Geo-PKO does not, their reported figures and "
        "departure dates (`left`): Geo-PKO's estimates say nothing of when a unit left",
    ]
    if unresolved:
        todo.append(
            "contributors Geo-PKO names that are no ISO country (left out): "
            + "; ".join(unresolved)
        )
    if near:
        outside = box or BBox(-180, -90, 180, 90)  # `near` is empty without a box
        nearby = ", ".join(
            f"{loc.name} ({outside.distance(loc.lat, loc.lon):.2f}° outside)"
            for loc in sorted(near, key=lambda loc: loc.name)
        )
        todo.append(f"locations just outside {box} (left out; check them): {nearby}")
    return Draft("\n".join(out), len(kept), contingents, estimates, todo)


def _front_country(rows: Sequence[FrontRow]) -> str | None:
    names = Counter(r.country for r in rows if r.country)
    for name, _count in names.most_common():
        code = country_code(name)
        if code is not None:
            return code
    return None


# --- checking a dataset ------------------------------------------------------------------------


@dataclass
class Comparison:
    """How a dataset agrees with Geo-PKO: the differences, one line each, and the counts."""

    mission: str
    year: int
    sites: int = 0
    matched: int = 0
    coordinates_agree: int = 0
    estimates: int = 0
    estimates_agree: int = 0
    differences: list[str] = field(default_factory=list)
    not_in_dataset: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"Geo-PKO: {self.matched} of {self.sites} sites matched; coordinates agree for "
            f"{self.coordinates_agree} (within {TOLERANCE}°), estimates agree for "
            f"{self.estimates_agree} of {self.estimates}"
        )


def _match(site: Site, candidates: Sequence[Location]) -> Location | None:
    """The Geo-PKO location a site is: by name (whole, then another name it goes by), else the
    nearest within TOLERANCE of its coordinates."""
    whole, keys = name_keys(site.name)
    best: tuple[int, float, Location] | None = None
    for loc in candidates:
        their_whole, their_keys = name_keys(loc.name)
        if whole == their_whole:
            score = 3
        elif keys & their_keys - {whole.split(" ", 1)[0], their_whole.split(" ", 1)[0]}:
            score = 2
        elif whole.split(" ", 1)[0] == their_whole.split(" ", 1)[0]:
            score = 1
        else:
            continue
        distance = _distance(site, loc)
        if best is None or (score, -distance) > (best[0], -best[1]):
            best = (score, distance, loc)
    if best is not None:
        return best[2]
    if not site.has_coordinates:
        return None
    near = [loc for loc in candidates if _distance(site, loc) <= TOLERANCE]
    return min(near, key=lambda loc: _distance(site, loc)) if near else None


def _distance(site: Site, loc: Location) -> float:
    if site.lat is None or site.lon is None:
        return math.inf
    return max(abs(site.lat - loc.lat), abs(site.lon - loc.lon))


def reference_year(dataset: Dataset, years: Iterable[int]) -> int:
    """The year to compare with: the one most of the dataset's estimates are dated in, else the
    latest Geo-PKO has for the mission."""
    dated = Counter(
        int(c.figure_date[:4])
        for site in dataset.sites
        for c in site.contingents
        if c.kind == "estimate" and c.figure_date and c.figure_date[:4].isdigit()
    )
    if dated:
        return dated.most_common(1)[0][0]
    return max(years)


def compare(dataset: Dataset, locations: Sequence[Location], year: int | None = None) -> Comparison:
    """Check every site's coordinates and every estimate of `dataset` against Geo-PKO's rows of
    its mission (matched by name): each difference as a line, and the counts for the summary."""
    name = dataset.mission.name
    rows = [loc for loc in locations if loc.mission.casefold() == name.casefold()]
    if not rows:
        raise GeoPkoError(f"Geo-PKO has no rows for mission {name!r}")
    by_year: dict[int, list[Location]] = {}
    for loc in rows:
        by_year.setdefault(loc.year, []).append(loc)
    ref = year if year is not None else reference_year(dataset, by_year)
    if ref not in by_year:
        raise GeoPkoError(
            f"Geo-PKO has no {name} rows for {ref}; it has {min(by_year)}–{max(by_year)}"
        )
    result = Comparison(name, ref, sites=len(dataset.sites))
    for site in dataset.sites:
        match = _match(site, by_year[ref])
        if match is None:
            result.differences.append(
                f"{site.name}: no Geo-PKO location ({name}, {ref}) by that name"
                + (" or within 0.05° of its coordinates" if site.has_coordinates else "")
            )
            estimates = [c for c in site.contingents if c.kind == "estimate"]
            result.estimates += len(estimates)
            for c in estimates:
                result.differences.append(
                    f"{site.name}: {c.country} estimate {c.figure}: no Geo-PKO location to check"
                )
            continue
        result.matched += 1
        if site.lat is None or site.lon is None:
            result.differences.append(
                f"{site.name}: no coordinates; Geo-PKO's {match.name!r} is at "
                f"{match.lat}, {match.lon}"
            )
        elif _distance(site, match) <= TOLERANCE:
            result.coordinates_agree += 1
        else:
            result.differences.append(
                f"{site.name}: coordinates {site.lat}, {site.lon} differ from Geo-PKO's "
                f"{match.name!r} ({match.lat}, {match.lon}) by {_distance(site, match):.3f}°"
            )
        _compare_estimates(site, match, by_year, result)
    return result


def _compare_estimates(
    site: Site, loc: Location, by_year: dict[int, list[Location]], result: Comparison
) -> None:
    checked: set[str] = set()
    for c in site.contingents:
        if c.kind != "estimate":
            continue
        result.estimates += 1
        year = (
            int(c.figure_date[:4]) if c.figure_date and c.figure_date[:4].isdigit() else result.year
        )
        same = loc if year == loc.year else _same_place(loc, by_year.get(year, []))
        label = f"{site.name}: {c.country} estimate {c.figure} ({year})"
        if same is None:
            result.differences.append(f"{label}: Geo-PKO has no {loc.name!r} in {year}")
            continue
        sizes = [t.size for t in same.contributors if country_code(t.name) == c.country]
        checked.add(c.country)
        if not sizes:
            result.differences.append(
                f"{label}: Geo-PKO lists no such contributor at {same.name!r}"
            )
        elif c.figure in sizes:
            result.estimates_agree += 1
        else:
            said = ", ".join("size unknown" if s is None else str(s) for s in sizes)
            result.differences.append(f"{label}: Geo-PKO says {said} at {same.name!r}")
    for t in loc.contributors:
        code = country_code(t.name)
        if code not in checked and not any(c.country == code for c in site.contingents):
            size = "size unknown" if t.size is None else str(t.size)
            result.not_in_dataset.append(f"{site.name}: {t.name} ({size}), Geo-PKO {loc.year}")


def _same_place(loc: Location, candidates: Sequence[Location]) -> Location | None:
    for other in candidates:
        if _fold(other.name) == _fold(loc.name):
            return other
    return None
