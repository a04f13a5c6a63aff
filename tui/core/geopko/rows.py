"""Geo-PKO's files read: the TCCMap and FrontMap rows, contributors' country codes, place names.

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

The drafting (`draft.py`) and the checking (`check.py`) both start from these rows, and both match
places by name: the name folding is here so that they fold alike.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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

    return GEOPKO_SPELLINGS.get(fold(name)) or code_for_name(name)


def fold(name: str) -> str:
    """A name as compared: accents, case and punctuation dropped ("Sévaré" → "sevare")."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def name_keys(name: str) -> tuple[str, set[str]]:
    """A place name folded whole, and the other names it may go by: its part before a bracket or
    a quote, the part inside the bracket, each half of "A/B" or "A–B", and its first word
    ("Gao \\"Super Camp\\"" → gao; "Tombouctou (Timbuktu)" → tombouctou, timbuktu)."""
    whole = fold(name)
    parts = {whole}
    outer = re.split(r"[(\"“]", name, maxsplit=1)[0]
    parts.add(fold(outer))
    parts.update(fold(inner) for inner in re.findall(r"\(([^)]*)\)", name))
    for part in list(parts):
        parts.update(fold(half) for half in re.split(r"[/–—-]", part))
    first = whole.split(" ", 1)[0] if whole else ""
    parts.add(first)
    return whole, {p for p in parts if p}


def slug(name: str) -> str:
    """A site id from a place name: "Mopti/Sevare" → "mopti-sevare"."""
    return fold(name).replace(" ", "-") or "site"
