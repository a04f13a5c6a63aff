"""The rules between the records of a dataset, one function per rule, run once every value has
passed its own checks (`tui.core.file_problems`): ids unique, references that resolve, sites in
closure order, totals that add up, every fact with a date it holds from.

`check()` builds the model of a validated file and lists what every rule finds wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from tui.core.dataset_file import DatasetFile
from tui.core.file_problems import Found, loc_of
from tui.core.model import (
    SINCE_CLOSURE,
    SINCE_REPORTED,
    CountryName,
    Dataset,
    Dispute,
    Event,
    KeyDate,
    PersonnelSnapshot,
    Phase,
    Site,
    Source,
)
from tui.core.suggest import did_you_mean
from tui.core.value_kinds import shown

if TYPE_CHECKING:
    from tui.core.toml_positions import Loc


@dataclass(frozen=True)
class Checked:
    """What the field checks let through: the model, and the sources as the file lists them (the
    model keeps one source per id, so a duplicate id shows only here)."""

    dataset: Dataset
    sources: tuple[Source, ...]


Rule = Callable[[Checked], Iterable[Found]]


def _unknown_ref(kind: str, value: str, known: Iterable[str]) -> str:
    return f"unknown {kind} {shown(value)}" + did_you_mean(value, sorted(known))


def ids_are_unique(c: Checked) -> Iterator[Found]:
    d = c.dataset
    groups: tuple[tuple[str, Sequence[Source | Phase | Site | Dispute | KeyDate]], ...] = (
        ("sources", c.sources),
        ("phases", d.phases),
        ("sites", d.sites),
        ("disputes", d.disputes),
        ("mission.key_dates", d.mission.key_dates),
    )
    for path, records in groups:
        seen: dict[str, int] = {}
        at = loc_of(path)
        for i, record in enumerate(records):
            first = seen.setdefault(record.id, i)
            if first != i:
                yield Found(
                    (*at, i, "id"), f"duplicate id {shown(record.id)}", first=(*at, first, "id")
                )


def sources_exist(c: Checked) -> Iterator[Found]:
    """Every fact is sourced: each source id it cites is one of [[sources]]."""
    known = c.dataset.sources
    if known.keys() >= set(chain.from_iterable(c.dataset.cited())):
        return  # nothing to report: no label or path made for each fact
    for _label, path, cited in c.dataset.facts():
        for i, sid in enumerate(cited):
            if sid not in known:
                yield Found((*loc_of(path), "sources", i), _unknown_ref("source", sid, known))


def totals_add_up(c: Checked) -> Iterator[Found]:
    m = c.dataset.mission
    if m.uniformed_total is None or m.civilian_total is None:
        return
    both = m.uniformed_total + m.civilian_total
    if both != m.personnel_total:
        yield Found(
            ("mission", "personnel_total"),
            f"{m.personnel_total:,} is not uniformed_total + civilian_total "
            f"({m.uniformed_total:,} + {m.civilian_total:,} = {both:,})",
        )


def phases_end_after_start(c: Checked) -> Iterator[Found]:
    for i, phase in enumerate(c.dataset.phases):
        if phase.end is not None and phase.end < phase.start:
            yield Found(
                ("phases", i, "end"), f"ends ({phase.end}) before it starts ({phase.start})"
            )


def sites_name_a_phase(c: Checked) -> Iterator[Found]:
    phases = c.dataset.phase_index
    for i, site in enumerate(c.dataset.sites):
        if site.phase not in phases:
            yield Found(("sites", i, "phase"), _unknown_ref("phase", site.phase, phases))


def lat_lon_together(c: Checked) -> Iterator[Found]:
    for i, site in enumerate(c.dataset.sites):
        if (site.lat is None) != (site.lon is None):
            missing = "lon" if site.lon is None else "lat"
            yield Found(
                ("sites", i, missing),
                "lat and lon go together: give both or neither",
                at=("sites", i),  # the one missing is not in the file: its table is
            )


def states_in_date_order(c: Checked) -> Iterator[Found]:
    """A site's changes of state are a history: in date order."""
    for i, site in enumerate(c.dataset.sites):
        for j in range(1, len(site.states)):
            before, now = site.states[j - 1].since, site.states[j].since
            if now < before:
                yield Found(
                    ("sites", i, "states", j, "since"),
                    f"{now} is before the previous change ({before}): keep states in date order",
                )


def sites_in_closure_order(c: Checked) -> Iterator[Found]:
    """Sites are listed by closure date (those that never closed last), and their ordinals
    increase with it."""
    sites = c.dataset.sites
    for i in range(1, len(sites)):
        before, site = sites[i - 1], sites[i]
        if site.date is not None and before.date is None:
            yield Found(
                ("sites", i, "states"),
                f"closed on {site.date}, after a site that never closed ({before.id}): "
                "list sites in closure order, those that never closed last",
            )
        elif site.date is not None and before.date is not None and site.date < before.date:
            yield Found(
                ("sites", i, "states"),
                f"closed on {site.date}, before the previous site ({before.date}): "
                "list sites in closure order",
            )
        elif site.ordinal < before.ordinal:
            yield Found(("sites", i, "ordinal"), "ordinals must increase in closure order")


def facts_have_a_date(c: Checked) -> Iterator[Found]:
    """Every `since` can be told: "closure" only of a site that closed, "reported" only of a
    fact with a dated source; and circumstances hold from a date like any fact."""
    d = c.dataset

    def check(at: Loc, since: str, sources: tuple[str, ...], site: Site | None) -> Iterator[Found]:
        if since == SINCE_CLOSURE and site is None:
            yield Found(at, '"closure" is a site\'s: this fact names no site')
        elif since == SINCE_CLOSURE and site is not None and site.date is None:
            yield Found(at, f'"closure": site {site.id!r} never closed (no closing state)')
        elif since == SINCE_REPORTED and d.holds_from(since, sources, site) is None:
            yield Found(at, '"reported": none of its sources has a date')

    m = d.mission
    yield from check(("mission", "since"), m.since, m.sources, None)
    for i, k in enumerate(m.key_dates):
        yield from check(("mission", "key_dates", i, "since"), k.since, k.sources, None)
    for i, site in enumerate(d.sites):
        paired = (
            ("planned", site.planned, site.planned_since),
            ("circumstances", site.circumstances, site.circumstances_since),
        )
        for field, text, text_since in paired:
            if (text is None) != (text_since is None):
                missing = f"{field}_since" if text_since is None else field
                yield Found(
                    ("sites", i, missing),
                    f"{field} and {field}_since go together",
                    at=("sites", i),
                )
            if text_since is not None:
                at: Loc = ("sites", i, f"{field}_since")
                yield from check(at, text_since, site.sources, site)
        groups: tuple[tuple[str, Sequence[Any]], ...] = (
            ("contingents", site.contingents),
            ("projects", site.projects),
            ("armed_groups", site.armed_groups),
        )
        for name, records in groups:
            for j, record in enumerate(records):
                at = ("sites", i, name, j, "since")
                yield from check(at, record.since, record.sources, site)
    index = d.site_index
    for i, dispute in enumerate(d.disputes):
        about = index.get(dispute.site) if dispute.site is not None else None
        cited = tuple(sid for claim in dispute.claims for sid in claim.sources)
        yield from check(("disputes", i, "since"), dispute.since, cited, about)
        for j, claim in enumerate(dispute.claims):
            at = ("disputes", i, "claims", j, "since")
            yield from check(at, claim.since, claim.sources, about)


def ordinals_run_one_to_n(c: Checked) -> Iterator[Found]:
    """Each ordinal once, and together 1 to N without gaps."""
    first: dict[int, int] = {}
    for i, site in enumerate(c.dataset.sites):
        if site.ordinal in first:
            yield Found(
                ("sites", i, "ordinal"),
                f"ordinal {site.ordinal} is used twice",
                first=("sites", first[site.ordinal], "ordinal"),
            )
        first.setdefault(site.ordinal, i)
    if len(first) == len(c.dataset.sites) and sorted(first) != list(range(1, len(first) + 1)):
        yield Found(("sites",), f"ordinals must run 1 to {len(first)} without gaps")


def figures_have_a_kind(c: Checked) -> Iterator[Found]:
    for i, site in enumerate(c.dataset.sites):
        for j, contingent in enumerate(site.contingents):
            where = ("sites", i, "contingents", j, "kind")
            if contingent.figure is not None and contingent.kind is None:
                message = "a figure needs its kind: 'reported' or 'estimate'"
                yield Found(where, message, at=where[:-1])  # kind is not in the file
            if contingent.kind is not None and contingent.figure is None:
                yield Found(where, "kind describes a figure, but there is no figure")


def amounts_have_a_currency(c: Checked) -> Iterator[Found]:
    for i, site in enumerate(c.dataset.sites):
        for j, project in enumerate(site.projects):
            if (project.amount is None) != (project.currency is None):
                yield Found(("sites", i, "projects", j), "amount and currency go together")


def series_in_date_order(c: Checked) -> Iterator[Found]:
    """The personnel counts and the events, each in date order."""
    d = c.dataset
    series: tuple[tuple[str, tuple[PersonnelSnapshot, ...] | tuple[Event, ...]], ...] = (
        ("personnel", d.personnel),
        ("events", d.events),
    )
    for path, records in series:
        for i in range(1, len(records)):
            before, now = records[i - 1].date, records[i].date
            if now < before:
                yield Found(
                    (path, i, "date"),
                    f"{now} is before the previous entry ({before}): keep {path} in date order",
                )


def departures_within_totals(c: Checked) -> Iterator[Found]:
    mission_total = c.dataset.mission.personnel_total
    for i, snap in enumerate(c.dataset.personnel):
        for part in ("", "uniformed_", "civilian_"):
            done, of = getattr(snap, f"{part}departed"), getattr(snap, f"{part}total")
            if done is not None and of is not None and done > of:
                yield Found(
                    ("personnel", i, f"{part}departed"),
                    f"{done:,} departed is more than the total of {of:,}",
                )
        if snap.total is None and snap.departed > mission_total:
            yield Found(
                ("personnel", i, "departed"),
                f"{snap.departed:,} departed is more than the mission's "
                f"personnel_total of {mission_total:,}",
            )


def sites_referred_to_exist(c: Checked) -> Iterator[Found]:
    sites = c.dataset.site_index
    records: tuple[tuple[str, Sequence[Event | Dispute]], ...] = (
        ("events", c.dataset.events),
        ("disputes", c.dataset.disputes),
    )
    for path, rows in records:
        for i, row in enumerate(rows):
            if row.site is not None and row.site not in sites:
                yield Found((path, i, "site"), _unknown_ref("site", row.site, sites))


RULES: tuple[Rule, ...] = (
    ids_are_unique,
    sources_exist,
    totals_add_up,
    phases_end_after_start,
    sites_name_a_phase,
    lat_lon_together,
    states_in_date_order,
    ordinals_run_one_to_n,
    sites_in_closure_order,
    figures_have_a_kind,
    amounts_have_a_currency,
    series_in_date_order,
    departures_within_totals,
    sites_referred_to_exist,
    facts_have_a_date,
)
"""Every rule between records, in the order their problems are listed."""


def dataset_of(root: DatasetFile, path: str) -> Dataset:
    """The model of a validated file (its sources by id, its countries' names)."""
    from tui.core.countries import country_name

    codes = [root["mission"].country]
    codes += [c.country for site in root["sites"] for c in site.contingents]
    return Dataset(
        country_names={
            code: CountryName(code, country_name(code)) for code in dict.fromkeys(codes)
        },
        schema_version=root["schema_version"],
        mission=root["mission"],
        phases=root["phases"],
        sites=root["sites"],
        personnel=root.get("personnel", ()),
        events=root.get("events", ()),
        disputes=root.get("disputes", ()),
        sources={s.id: s for s in root["sources"]},
        path=path,
    )


def check(root: DatasetFile, path: str) -> tuple[Dataset, list[Found]]:
    """The model, and what every rule finds wrong with it (nothing: the model can be used)."""
    dataset = dataset_of(root, path)
    checked = Checked(dataset, root["sources"])
    return dataset, [found for rule in RULES for found in rule(checked)]
