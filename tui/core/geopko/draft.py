"""`minusma-tui import geopko`: a schema-2 dataset drafted from one mission's Geo-PKO rows.

The draft holds what Geo-PKO knows (sites with coordinates, contingents with unit-size estimates,
all citing Geo-PKO), validates as it is, and lists what a person must still add from the
withdrawal's own sources (closures, receivers, phases, a sourced total): Geo-PKO says nothing of
when a base closed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.core.geopko.places import BBox, area_box, country_at
from tui.core.geopko.rows import (
    MISSION_HQ,
    FrontRow,
    GeoPkoError,
    Location,
    country_code,
    fold,
    slug,
)

CITATION = (
    "Cil, Fjelde, Hultman & Nilsson (2020), 'Mapping blue helmets', Journal of Peace Research 57(2)"
)
PUBLISHER = "Department of Peace and Conflict Research, Uppsala University"
URL = "https://github.com/geopko/Geo-PKO-Shiny-Dashboard"
"""Where the v2.3 yearly files are published (the repository the bundled datasets cite)."""
SOURCE_ID = "GEOPKO"


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
    kept.sort(key=lambda loc: fold(loc.name))
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
    hq = {fold(r.name) for r in front_rows if r.hq == MISSION_HQ}
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
        kind = "headquarters" if fold(loc.name) in hq else "camp"
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
