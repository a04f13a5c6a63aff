"""`minusma-tui validate --geopko`: an existing dataset's coordinates and estimates checked
against Geo-PKO's rows of its mission, each difference one line.

Sites are matched to Geo-PKO's locations by name (whole, then another name they go by), else by
coordinates; an estimate is checked against the year it is dated in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui.core.geopko.rows import GeoPkoError, Location, country_code, fold, name_keys
from tui.core.model import Dataset, Site

TOLERANCE = 0.05
"""Degrees within which two coordinates are the same place (about 5 km)."""


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
        if fold(other.name) == fold(loc.name):
            return other
    return None
