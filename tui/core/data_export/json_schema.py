"""The JSON Schema of `--format json` (`data/export.schema.json`) and the README's list of CSV
columns, both generated from the column declarations (`columns.py`) so they cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tui.core.data_export.columns import (
    CLAIM_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    TABLES,
    Column,
)

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
