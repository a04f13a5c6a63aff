"""The snapshot as the export's rows, and those rows as CSV (one table) or JSON (all of them).

The same rules as every view (`tui.core.model.Snapshot`): nothing after the date, a free text
that names a later day withheld, an unknown value left empty (CSV) or null (JSON), never 0 or "".
The columns each row holds are declared in `columns.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

from tui.core.data_export.columns import (
    DEFAULT_TABLE,
    FORMAT_NAME,
    FORMAT_VERSION,
    TABLES,
)
from tui.core.model import Dataset, Site, Snapshot

Value = str | int | float | bool | list[str] | list[dict[str, Any]] | None
Row = dict[str, Value]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _text(snap: Snapshot, value: str | None, since: dt.date | None = None) -> str | None:
    """A free text of the data, or None if it names a day after the date: as of then it was
    not written yet (the views show a notice in its place; a data cell stays empty). `since`:
    the day its fact holds from, whose year a day named without one is of (`Snapshot.text`)."""
    return None if snap.later(value, since) else value


def site_rows(snap: Snapshot, sites: Iterable[Site]) -> list[Row]:
    rows: list[Row] = []
    for site in sites:
        reported = site.id not in snap.unreported_sites
        change = snap.site_change(site) if reported else None
        closure = snap.site_closure(site)
        rows.append(
            {
                "id": site.id,
                "ordinal": site.ordinal,
                "ordinal_inferred": site.ordinal_inferred,
                "name": site.name,
                "kind": site.kind,
                "region": site.region,
                "phase": site.phase,
                "lat": site.lat,
                "lon": site.lon,
                "reported": reported,
                "state": snap.site_states[site.id] if reported else None,
                "state_date": _iso(change.since if change else None),
                "closure_date": _iso(closure.since if closure else None),
                "closure": closure.state if closure else None,
                "handed_to": _text(snap, closure.to, closure.since) if closure else None,
                "sources": list(snap.cites(site.sources)),
                "state_sources": list(snap.cites(change.sources)) if change else [],
            }
        )
    return rows


def contingent_rows(snap: Snapshot, sites: Iterable[Site]) -> list[Row]:
    wanted = {site.id for site in sites}
    rows: list[Row] = []
    for status in snap.contingent_statuses:
        site, c = status.site, status.contingent
        if site.id not in wanted:
            continue
        figure = snap.figure(c)
        left = c.left if c.left is not None and c.left <= snap.as_of else None
        since = snap.dataset.holds_from(c.since, c.sources, site)
        rows.append(
            {
                "site": site.id,
                "country": c.country,
                "country_name": snap.dataset.country_name(c.country),
                "unit": _text(snap, c.unit, since),
                "figure": figure,
                "figure_kind": c.kind if figure is not None else None,
                "figure_date": c.figure_date if figure is not None else None,
                "since": _iso(since),
                "left": _iso(left),
                "status": status.status,
                "note": _text(snap, c.note, since),
                "sources": list(snap.cites(c.sources)),
            }
        )
    return rows


def event_rows(snap: Snapshot, sites: set[str] | None) -> list[Row]:
    return [
        {"date": e.date.isoformat(), "title": e.title, "site": e.site, "sources": list(e.sources)}
        for e in snap.events
        if sites is None or e.site in sites
    ]


def dispute_rows(snap: Snapshot, sites: set[str] | None) -> list[Row]:
    """One row per dispute, its sides nested in `claims` (the JSON document's shape)."""
    index = snap.dataset.site_index
    rows: list[Row] = []
    for d in snap.disputes:
        if sites is not None and d.site not in sites:
            continue
        site = index.get(d.site) if d.site is not None else None
        cited = tuple(sid for claim in d.claims for sid in claim.sources)
        since = snap.dataset.holds_from(d.since, cited, site)
        claims: list[dict[str, Any]] = []
        for claim in d.claims:
            claim_since = snap.dataset.holds_from(claim.since, claim.sources, site)
            claims.append(
                {
                    "claim": _text(snap, claim.claim, claim_since),
                    "claim_since": _iso(claim_since),
                    "sources": list(snap.cites(claim.sources)),
                }
            )
        rows.append(
            {
                "id": d.id,
                "title": d.title,
                "site": d.site,
                "since": _iso(since),
                "resolution": _text(snap, d.resolution, since),
                "claims": claims,
            }
        )
    return rows


def source_rows(snap: Snapshot, tables: Iterable[list[Row]]) -> list[Row]:
    """The sources the rows of `tables` cite, in the dataset's order."""
    cited: set[str] = set()
    for rows in tables:
        for row in rows:
            for key in ("sources", "state_sources"):
                cited.update(_ids(row.get(key)))
            for claim in _claims(row):
                cited.update(_ids(claim.get("sources")))
    return [
        {"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url}
        for sid, s in snap.dataset.sources.items()
        if sid in cited
    ]


def _ids(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _claims(row: Row) -> list[dict[str, Any]]:
    claims = row.get("claims")
    return [c for c in claims if isinstance(c, dict)] if isinstance(claims, list) else []


def tables(snap: Snapshot, site: Site | None = None) -> dict[str, list[Row]]:
    """Every table on the snapshot's date; with `site`, only the rows about that site."""
    sites = (site,) if site is not None else snap.dataset.sites
    only = {site.id} if site is not None else None
    out = {
        "sites": site_rows(snap, sites),
        "contingents": contingent_rows(snap, sites),
        "events": event_rows(snap, only),
        "disputes": dispute_rows(snap, only),
    }
    out["sources"] = source_rows(snap, out.values())
    return out


# --- documents ----------------------------------------------------------------------------------


def document(
    dataset: Dataset, as_of: dt.date, *, known: bool = False, site: Site | None = None
) -> dict[str, Any]:
    """The JSON document: the mission, the date and mode, and every table."""
    snap = dataset.on(as_of, known)
    m = dataset.mission
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "mission": {
            "name": m.name,
            "full_name": m.full_name,
            "country": m.country,
            "country_name": dataset.country_name(m.country),
            "area": m.area,
            "sources": list(snap.cites(m.sources)),
        },
        "as_of": as_of.isoformat(),
        "known": known,
        "site": site.id if site is not None else None,
        **tables(snap, site),
    }


def render_json(
    dataset: Dataset, as_of: dt.date, *, known: bool = False, site: Site | None = None
) -> str:
    return (
        json.dumps(document(dataset, as_of, known=known, site=site), indent=2, ensure_ascii=False)
        + "\n"
    )


def render_csv(
    dataset: Dataset,
    as_of: dt.date,
    table: str = DEFAULT_TABLE,
    *,
    known: bool = False,
    site: Site | None = None,
) -> str:
    """One table as CSV: a header row, then a row per record (per side, for disputes)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    rows = tables(dataset.on(as_of, known), site)[table]
    if table == "disputes":
        rows = [{**row, **claim} for row in rows for claim in _claims(row)]
    names = [column.name for column in TABLES[table]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in names])
    return out.getvalue()


def csv_cell(value: object) -> str:
    """A value as a CSV cell: empty for unknown, true/false, ids joined by ';', plain numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)
