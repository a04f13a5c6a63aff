"""The snapshot as data for analysts: `minusma-tui export --format csv` and `--format json`.

The state on a date (as known then, with `known`), table by table: sites, contingents, events,
disputes and the sources they cite, every row with the ids of its sources. Every column is
declared once (`TABLES`): the CSV header, the JSON document, its JSON Schema
(`data/export.schema.json`, from `json_schema()`) and the README's list of columns all come from
it. No Textual, no Rich: the same rules as every view (`tui.core.model.Snapshot`): nothing after
the date, a free text that names a later day withheld, an unknown value left empty (CSV) or null
(JSON), never 0 or "".

CSV: the standard `csv` module's dialect (RFC 4180: commas, double quotes where needed, CRLF line
ends), UTF-8 without a byte-order mark, one header row, ISO dates, plain numbers (no thousands
separators), `true`/`false`, lists (source ids) joined by ";": pandas' `read_csv` and the
tidyverse's `read_csv` read it without options. One CSV is one table: `--table` chooses it.

Run `python -m tui.core.data_export --write` after changing a column: it rewrites
`data/export.schema.json` (a test fails while it is stale).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.model import Dataset, Site, Snapshot

FORMAT_NAME = "minusma-tui export"
FORMAT_VERSION = 1
SCHEMA_FILE = "export.schema.json"
"""The JSON Schema of `--format json`, in `data/` (generated: `python -m tui.core.data_export
--write`)."""

Value = str | int | float | bool | list[str] | list[dict[str, Any]] | None
Row = dict[str, Value]


@dataclass(frozen=True)
class Column:
    """A column of a table: its name, its JSON type and what it holds, in a reader's words."""

    name: str
    kind: str
    """"text", "id", "date", "partial date", "integer", "number", "boolean", "ids" (a list of
    source ids) or "choice"."""
    about: str
    optional: bool = True
    """Whether it may be empty (CSV) or null (JSON): unknown, or not on the date."""
    choices: tuple[str, ...] = ()


def _c(
    name: str, kind: str, about: str, *, required: bool = False, choices: Sequence[str] = ()
) -> Column:
    return Column(name, kind, about, optional=not required, choices=tuple(choices))


SOURCES_ABOUT = 'the ids of its sources, as `sources` lists them ("S01;S02" in CSV)'

TABLES: dict[str, tuple[Column, ...]] = {
    "sites": (
        _c("id", "id", "the site's id (`--site` takes it)", required=True),
        _c("ordinal", "integer", "its place in the order of closure, 1..N", required=True),
        _c("ordinal_inferred", "boolean", "true when no source states the ordinal", required=True),
        _c("name", "text", "its name", required=True),
        _c(
            "kind",
            "choice",
            "what it was",
            required=True,
            choices=("camp", "temporary_base", "office", "headquarters"),
        ),
        _c("region", "text", "where it is, as sources name it", required=True),
        _c("phase", "id", "the id of its phase of the withdrawal", required=True),
        _c("lat", "number", "latitude in degrees (empty: not known)"),
        _c("lon", "number", "longitude in degrees (empty: not known)"),
        _c(
            "reported",
            "boolean",
            "false when no source published by the date reports the site (only with `--known`): "
            "its state, closure and receiver are then empty",
            required=True,
        ),
        _c(
            "state",
            "choice",
            "its state on the date (empty: not yet reported)",
            choices=(
                "open",
                "partial",
                "handed_over",
                "vacated",
                "closed",
                "returned",
                "stopped",
                "taken",
            ),
        ),
        _c("state_date", "date", "the day of the change that gave it that state (empty: open)"),
        _c("closure_date", "date", "the day it closed, if it had by the date"),
        _c(
            "closure",
            "choice",
            "how it closed, if it had by the date",
            choices=("handed_over", "vacated", "closed", "returned"),
        ),
        _c("handed_to", "text", "who received it at its closure, if a source says"),
        _c("sources", "ids", "the site's own " + SOURCES_ABOUT, required=True),
        _c("state_sources", "ids", "the sources of the change that gave it its state"),
    ),
    "contingents": (
        _c("site", "id", "the id of the site it was posted at", required=True),
        _c("country", "id", "the contributing country, ISO 3166-1 alpha-3", required=True),
        _c("country_name", "text", "the country's English name (CLDR)", required=True),
        _c("unit", "text", "the unit, if a source names it"),
        _c("figure", "integer", "its size, where a source gives one (empty: unknown)"),
        _c(
            "figure_kind",
            "choice",
            "with a figure: a headcount (reported) or a unit size (estimate)",
            choices=("reported", "estimate"),
        ),
        _c(
            "figure_date",
            "partial date",
            "when the figure was counted: YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        _c(
            "since",
            "date",
            "the day it is known posted there (a month or year: its first day)",
            required=True,
        ),
        _c("left", "date", "its own departure date, if a source gives one and it is past"),
        _c(
            "status",
            "choice",
            "on the date: present, gone, or 'site open' (no departure date of its own and its "
            "site still open: the data cannot tell)",
            required=True,
            choices=("present", "gone", "site open"),
        ),
        _c("note", "text", "what the dataset notes of it"),
        _c("sources", "ids", SOURCES_ABOUT, required=True),
    ),
    "events": (
        _c("date", "date", "the day it happened", required=True),
        _c("title", "text", "what happened", required=True),
        _c("site", "id", "the id of the site it is about, if one"),
        _c("sources", "ids", SOURCES_ABOUT, required=True),
    ),
    "disputes": (
        _c("id", "id", "the dispute's id", required=True),
        _c("title", "text", "the question on which sources disagree", required=True),
        _c("site", "id", "the id of the site it is about, if one"),
        _c("since", "date", "the day the question arises", required=True),
        _c("resolution", "text", "what the dataset uses and why (empty until every side is out)"),
        _c("claim", "text", "one side (one row per side in CSV); empty if it names a later day"),
        _c("claim_since", "date", "the day that side was made", required=True),
        _c("sources", "ids", "that side's " + SOURCES_ABOUT, required=True),
    ),
    "sources": (
        _c("id", "id", "the source's id, as the other tables cite it", required=True),
        _c("title", "text", "its title", required=True),
        _c("publisher", "text", "who published it", required=True),
        _c("date", "partial date", "when: YYYY-MM-DD, YYYY-MM or YYYY"),
        _c("url", "text", "where it is"),
    ),
}
"""Every table and its columns, in order. `sources` lists only the sources the other tables cite."""

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)
DEFAULT_TABLE = "sites"
CLAIM_COLUMNS = ("claim", "claim_since", "sources")
"""The disputes' columns that belong to one side: JSON nests them in `claims`."""


# --- rows -------------------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _text(snap: Snapshot, value: str | None) -> str | None:
    """A free text of the data, or None if it names a day after the date: as of then it was
    not written yet (the views show a notice in its place; a data cell stays empty)."""
    return None if snap.later(value) else value


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
                "handed_to": _text(snap, closure.to) if closure else None,
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
        rows.append(
            {
                "site": site.id,
                "country": c.country,
                "country_name": snap.dataset.country_name(c.country),
                "unit": _text(snap, c.unit),
                "figure": figure,
                "figure_kind": c.kind if figure is not None else None,
                "figure_date": c.figure_date if figure is not None else None,
                "since": _iso(snap.dataset.holds_from(c.since, c.sources, site)),
                "left": _iso(left),
                "status": status.status,
                "note": _text(snap, c.note),
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
        claims: list[dict[str, Any]] = [
            {
                "claim": _text(snap, claim.claim),
                "claim_since": _iso(snap.dataset.holds_from(claim.since, claim.sources, site)),
                "sources": list(snap.cites(claim.sources)),
            }
            for claim in d.claims
        ]
        rows.append(
            {
                "id": d.id,
                "title": d.title,
                "site": d.site,
                "since": _iso(snap.dataset.holds_from(d.since, cited, site)),
                "resolution": _text(snap, d.resolution),
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


# --- the JSON Schema ------------------------------------------------------------------------------

_JSON_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "id": {"type": "string", "minLength": 1},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "partial date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "integer": {"type": "integer", "minimum": 0},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "ids": {"type": "array", "items": {"type": "string", "minLength": 1}},
}


def _property(column: Column) -> dict[str, Any]:
    kind = (
        {"type": "string", "enum": list(column.choices)}
        if column.choices
        else _JSON_TYPES[column.kind]
    )
    if column.optional and column.kind != "ids":
        kind = {"anyOf": [kind, {"type": "null"}]}
    return {**kind, "description": column.about}


def _object(columns: Iterable[Column], title: str, description: str) -> dict[str, Any]:
    columns = tuple(columns)
    return {
        "type": "object",
        "title": title,
        "description": description,
        "properties": {c.name: _property(c) for c in columns},
        "required": [c.name for c in columns],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `minusma-tui export --format json` (draft 2020-12)."""
    disputes = [c for c in TABLES["disputes"] if c.name not in CLAIM_COLUMNS]
    claims = [c for c in TABLES["disputes"] if c.name in CLAIM_COLUMNS]
    defs: dict[str, Any] = {
        "site": _object(TABLES["sites"], "Site", "A site and its state on the date."),
        "contingent": _object(
            TABLES["contingents"], "Contingent", "A national contingent at a site, on the date."
        ),
        "event": _object(TABLES["events"], "Event", "An event on or before the date."),
        "claim": _object(claims, "Claim", "One side of a dispute."),
        "dispute": _object(disputes, "Dispute", "A fact on which sources disagree."),
        "source": _object(TABLES["sources"], "Source", "A source the other tables cite."),
    }
    defs["dispute"]["properties"]["claims"] = {
        "type": "array",
        "items": {"$ref": "#/$defs/claim"},
        "description": "its sides, as reported by the date",
    }
    defs["dispute"]["required"].append("claims")
    text = {"type": "string", "minLength": 1}
    mission = {
        "type": "object",
        "description": "The mission the dataset is about.",
        "properties": {
            "name": {**text, "description": 'its short name: "MINUSMA"'},
            "full_name": {**text, "description": "its full name"},
            "country": {**text, "description": "its country, ISO 3166-1 alpha-3"},
            "country_name": {**text, "description": "the country's English name (CLDR)"},
            "area": {
                "anyOf": [text, {"type": "null"}],
                "description": "the part of the country the drawdown covers, if not all",
            },
            "sources": {**_JSON_TYPES["ids"], "description": "the sources of its figures"},
        },
        "required": ["name", "full_name", "country", "country_name", "area", "sources"],
        "additionalProperties": False,
    }
    properties: dict[str, Any] = {
        "format": {"const": FORMAT_NAME},
        "format_version": {"const": FORMAT_VERSION},
        "mission": mission,
        "as_of": {**_JSON_TYPES["date"], "description": "the date the state is of"},
        "known": {
            "type": "boolean",
            "description": "true: as known then, only what sources published by the date report",
        },
        "site": {
            "anyOf": [text, {"type": "null"}],
            "description": "with --site, the one site the tables are about",
        },
    }
    for name, ref in (
        ("sites", "site"),
        ("contingents", "contingent"),
        ("events", "event"),
        ("disputes", "dispute"),
        ("sources", "source"),
    ):
        properties[name] = {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "minusma-tui export (JSON)",
        "description": "The state of a UN peacekeeping withdrawal on one date, as `minusma-tui "
        "export --format json` writes it: every row with the ids of the sources it cites, "
        "null for what is not known.",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": defs,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def columns_markdown() -> str:
    """The README's list of CSV columns, table by table (a test keeps the README in step)."""
    lines = []
    for table, columns in TABLES.items():
        lines += [f"`--table {table}`:", "", "| column | holds |", "| --- | --- |"]
        for column in columns:
            about = column.about + (f" ({', '.join(column.choices)})" if column.choices else "")
            lines.append(f"| `{column.name}` | {about} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m tui.core.data_export [--write | --columns]`: print the JSON Schema, rewrite
    data/export.schema.json, or print the README's list of columns."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        target = Path(__file__).resolve().parent.parent.parent / "data" / SCHEMA_FILE
        target.write_text(json_schema_text(), encoding="utf-8")
        return 0
    if args == ["--columns"]:
        sys.stdout.write(columns_markdown())
        return 0
    sys.stdout.write(json_schema_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
