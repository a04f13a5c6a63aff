"""`minusma-tui migrate PATH`: rewrite a schema-1 dataset in schema 2, keeping its comments and
layout (tomlkit edits the document in place; nothing is re-serialised from the model).

What schema 2 adds, and what the migration writes for it (each a choice a person can revise):

- every fact holds from a date (`since`). Circumstances, and the disputes that name a site, hold
  from the site's closure (`"closure"`: the last convoy, who was there "at the end"); a contingent
  from its figure's date where it has one (a Geo-PKO "2023" estimate holds from 2023); one with
  a departure date of its own from its first report (else from that departure); else from its
  site's closure (who held the base at the end); projects, armed
  groups, claims, key dates and the mission's totals from their sources' first publication
  (`"reported"`);
- a site's state is a dated sequence (`[[sites.states]]`): its partial handover, then its
  closure with the receiver (`to`) and the date's note;
- a site has a kind: a name with "(TOB)" is a temporary base, one with "HQ" or "headquarters" a
  headquarters, the rest camps;
- countries are ISO 3166-1 alpha-3 codes, looked up from their English names (CLDR);
- the mission says what its personnel series counts (`personnel_counted`).

Nothing here imports Textual or Rich: `migrate` runs where `validate` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from tui.core.countries import code_for_name, is_country

FROM_VERSION = 1
TO_VERSION = 2

DEFAULT_COUNTED = "personnel who have left the mission"
"""What a schema-1 series counted, in mission-neutral words (schema 1 said "left Mali")."""

_SITE_KEYS_MOVED = ("date", "status", "partial_date", "partial_note", "handed_to", "date_note")


class MigrationError(ValueError):
    """A file this migration cannot rewrite (not schema 1, a country it cannot name...)."""


@dataclass
class Migration:
    """The rewritten document's text, and what a person should check (choices made)."""

    text: str
    notes: list[str] = field(default_factory=list)


def migrate_text(text: str) -> Migration:
    """Schema-1 TOML text → schema-2 TOML text, with the notes of what was chosen."""
    doc = tomlkit.parse(text)
    version = doc.get("schema_version")
    if version == TO_VERSION:
        raise MigrationError(f"already schema version {TO_VERSION}: nothing to do")
    if version != FROM_VERSION:
        raise MigrationError(f"schema_version is {version!r}: this migrates version 1 only")
    notes: list[str] = []
    doc["schema_version"] = TO_VERSION
    dated = {str(s.get("id")) for s in _tables(doc.get("sources")) if "date" in s}
    _mission(doc, notes)
    sites = doc.get("sites")
    closed: dict[str, bool] = {}
    for index, site in enumerate(_tables(sites)):
        closed[str(site.get("id"))] = "date" in site
        _site(site, index, notes, dated)
    for index, dispute in enumerate(_tables(doc.get("disputes"))):
        site_id = dispute.get("site")
        at_closure = site_id is not None and closed.get(site_id, False)
        dispute["since"] = "closure" if at_closure else "reported"
        for j, claim in enumerate(_tables(dispute.get("claims"))):
            where = f"disputes[{dispute.get('id', index)}].claims[{j}]"
            claim["since"] = _reported(claim, dated, at_closure, where, notes)
    out = tomlkit.dumps(doc)
    out = re.sub(
        r"^(#\s*Schema: version )1\b", rf"\g<1>{TO_VERSION}", out, count=1, flags=re.MULTILINE
    )
    return Migration(out, notes)


def _copy(value: Any) -> Any:
    """A value to write elsewhere: the plain value, not the document's item (an item written
    twice carries its indentation and comments to the new place)."""
    return value.unwrap() if hasattr(value, "unwrap") else value


def _tables(value: Any) -> Iterator[Any]:
    if isinstance(value, AoT | list):
        yield from value


def _code(name: Any, where: str) -> str:
    text = str(name)
    if is_country(text):
        return text
    code = code_for_name(text)
    if code is None:
        raise MigrationError(f"{where}: no ISO 3166-1 alpha-3 code for the country {text!r}")
    return code


def _mission(doc: Any, notes: list[str]) -> None:
    mission = doc.get("mission")
    if not isinstance(mission, Table):
        raise MigrationError("no [mission] table")
    mission["country"] = _code(mission.get("country"), "mission.country")
    if "personnel_counted" not in mission:
        mission["personnel_counted"] = DEFAULT_COUNTED
        notes.append(f'mission.personnel_counted = "{DEFAULT_COUNTED}": say what the series counts')
    mission["since"] = "reported"
    notes.append('mission.since = "reported": the date the totals describe is better')
    for key_date in _tables(mission.get("key_dates")):
        key_date["since"] = "reported"


def _kind(site: Any) -> str:
    words = f"{site.get('name', '')} {site.get('id', '')}".casefold()
    if "(tob)" in words or "temporary" in words:
        return "temporary_base"
    if re.search(r"\bhq\b|headquarters", words):
        return "headquarters"
    return "camp"


def _reported(
    record: Any, dated: set[str], closed: bool, where: str, notes: list[str], key: str = "since"
) -> str:
    """`"reported"` where one of the record's sources has a date; else its site's closure
    (noted: a person should check it); else `"reported"` all the same, which `validate` will
    name: no date can be had from the file."""
    if dated.intersection(map(str, record.get("sources", []))):
        return "reported"
    if closed:
        notes.append(f'{where}.{key} = "closure": none of its sources has a date')
        return "closure"
    notes.append(f"{where}.{key}: none of its sources has a date: give the date it holds from")
    return "reported"


def _site(site: Any, index: int, notes: list[str], dated: set[str]) -> None:
    where = f"sites[{site.get('id', index)}]"
    site["kind"] = _kind(site)
    if site["kind"] != "camp":
        notes.append(f"{where}.kind = {site['kind']!r} (from its name)")
    states = AoT([])
    sources = site.get("sources", [])
    if "partial_date" in site:
        partial = tomlkit.table()
        partial["state"] = "partial"
        partial["since"] = _copy(site["partial_date"])
        if "partial_note" in site:
            partial["note"] = _copy(site["partial_note"])
        partial["sources"] = sources.copy()
        states.append(partial)
    if "date" in site:
        closure = tomlkit.table()
        closure["state"] = _copy(site.get("status", "closed"))
        closure["since"] = _copy(site["date"])
        if "handed_to" in site:
            closure["to"] = _copy(site["handed_to"])
        if "date_note" in site:
            closure["note"] = _copy(site["date_note"])
        closure["sources"] = sources.copy()
        states.append(closure)
    for key in _SITE_KEYS_MOVED:
        if key in site:
            del site[key]
    if "circumstances" in site:
        site["circumstances_since"] = "closure"
    closed = "date" in site
    if "planned" in site:  # announced: known from the first of the site's sources
        site["planned_since"] = _reported(site, dated, closed, where, notes, "planned_since")
    for j, contingent in enumerate(_tables(site.get("contingents"))):
        contingent["country"] = _code(contingent.get("country"), f"{where}.contingents")
        has_date = bool(dated.intersection(map(str, contingent.get("sources", []))))
        if "figure_date" in contingent:
            contingent["since"] = _copy(contingent["figure_date"])
        elif "left" in contingent and has_date:  # there before it left: since first reported
            contingent["since"] = "reported"
        elif "left" in contingent:  # "left Gao on 28 Jul 2023": known from its departure
            contingent["since"] = _copy(contingent["left"])
        elif closed:  # known from the withdrawal's reports: who was there at the end
            contingent["since"] = "closure"
        else:
            at = f"{where}.contingents[{j}]"
            contingent["since"] = _reported(contingent, dated, closed, at, notes)
    for name in ("projects", "armed_groups"):
        for j, record in enumerate(_tables(site.get(name))):
            record["since"] = _reported(record, dated, closed, f"{where}.{name}[{j}]", notes)
    if len(states):
        _insert_before_tables(site, "states", states)


def _insert_before_tables(table: Any, key: str, value: AoT) -> None:
    """Put `[[sites.states]]` right after the site's own keys, before its contingents (a
    reader meets how the site closed before who was there), not after its last table."""
    body = table.value
    names = [k for k in body if isinstance(body[k], AoT | Table)]
    moved = [(name, body[name]) for name in names]
    for name in names:
        del table[name]
    table.append(key, value)
    for name, item in moved:
        table.append(name, item)
