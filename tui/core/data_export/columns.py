"""The export's tables and their columns, each declared once: what every format is made from.

The CSV header, the JSON document (`rendering.py`), its JSON Schema (`json_schema.py`) and the
README's list of columns all come from `TABLES`: a column added here appears in all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FORMAT_NAME = "minusma-tui export"
FORMAT_VERSION = 1
SCHEMA_FILE = "export.schema.json"
"""The JSON Schema of `--format json`, in `data/` (generated: `python -m tui.core.data_export
--write`)."""


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
