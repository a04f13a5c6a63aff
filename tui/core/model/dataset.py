"""The whole dataset, validated: its records, their indexes, and the facts they cite. Build it
with `tui.core.loader.load_dataset`; see it on a date with `Dataset.on()`. No Textual, no Rich.

The dataset makes its snapshots, so this module imports `tui.core.model.snapshot`, and never
the other way: a snapshot reads its dataset as a `DatasetView` (`tui.core.model.as_of`), which
`Dataset` is by its shape (mypy checks it where `on()` passes `self`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, TypeVar

from tui.core.dates import published
from tui.core.model.records import (
    SINCE_CLOSURE,
    SINCE_REPORTED,
    STATE_LABELS,
    Citation,
    CountryName,
    Dispute,
    Event,
    Mission,
    PersonnelSnapshot,
    Phase,
    Site,
    Source,
    since_date,
)
from tui.core.model.snapshot import Snapshot


@dataclass(frozen=True)
class Dataset:
    """The whole dataset, validated. Build it with `tui.core.loader.load_dataset`."""

    schema_version: int
    mission: Mission
    phases: tuple[Phase, ...]
    sites: tuple[Site, ...]
    personnel: tuple[PersonnelSnapshot, ...]
    events: tuple[Event, ...]
    disputes: tuple[Dispute, ...]
    sources: dict[str, Source]
    path: str = "<memory>"
    country_names: dict[str, CountryName] = field(default_factory=dict)
    """The name of every country the file names, by code (`country_name`)."""
    _snapshots: dict[tuple[dt.date, bool], Snapshot] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _reported_from: dict[tuple[str, ...], dt.date | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _since_dates: dict[str, dt.date | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Each `since` text as a date, parsed once: a date's view asks for every record's (80,000
    at 10,000 sites), and they share a few hundred texts (bounded by the file's own)."""

    def country_name(self, code: str) -> str:
        """A country's name ("SEN" → "Senegal"); the code itself if the file did not name it."""
        known = self.country_names.get(code)
        return code if known is None else known.name

    @property
    def country_label(self) -> str:
        """Where the drawdown took place: "Mali", "South Kivu, Congo (DRC)"."""
        country = self.country_name(self.mission.country)
        area = self.mission.area
        return f"{area}, {country}" if area else country

    def holds_from(
        self, since: str, sources: tuple[str, ...], site: Site | None = None
    ) -> dt.date | None:
        """The day a fact holds from: its `since` as a date (a month or a year from its first
        day), its site's closure (`closure`), or the first publication of its sources
        (`reported`). None when that cannot be told (the loader refuses such a file)."""
        if since == SINCE_CLOSURE:
            return None if site is None else site.date
        if since == SINCE_REPORTED:
            memo = self._reported_from
            if sources not in memo:
                dates = self.source_dates
                known = [d for sid in sources if (d := dates.get(sid)) is not None]
                memo[sources] = min(known) if known else None
            return memo[sources]
        dates = self._since_dates
        if since not in dates:
            dates[since] = since_date(since)
        return dates[since]

    def on(self, as_of: dt.date, known: bool = False) -> Snapshot:
        """The state on `as_of` ("as known then" with `known`); computed once per date and
        mode, and then reused (the mode is part of the key: no cache can mix them)."""
        key = (as_of, known)
        snap = self._snapshots.get(key)
        if snap is None:
            snap = self._snapshots[key] = Snapshot(self, as_of, known)
        return snap

    @cached_property
    def source_dates(self) -> dict[str, dt.date | None]:
        """Each source's date as the day it counts from (a month's last day, see
        `tui.core.dates.published`); None when it has no date."""
        return {sid: published(source.date) for sid, source in self.sources.items()}

    def published_by(self, sources: Iterable[str], as_of: dt.date) -> bool:
        """Whether one of `sources` was published on or before `as_of`."""
        dates = self.source_dates
        return any((d := dates.get(s)) is not None and d <= as_of for s in sources)

    @cached_property
    def site_index(self) -> dict[str, Site]:
        return {site.id: site for site in self.sites}

    def site(self, site_id: str) -> Site:
        return self.site_index[site_id]

    @cached_property
    def sites_by_date(self) -> tuple[Site, ...]:
        """Sites by closure date (those that never closed last), then ordinal."""
        return tuple(sorted(self.sites, key=lambda s: (s.date or dt.date.max, s.ordinal)))

    @cached_property
    def phase_index(self) -> dict[str, Phase]:
        return {phase.id: phase for phase in self.phases}

    @cached_property
    def steps(self) -> tuple[dt.date, ...]:
        """Every date on which something happened: the stops for stepping the as-of date."""
        dates: set[dt.date] = {e.date for e in self.events}
        dates.update(change.since for s in self.sites for change in s.states)
        dates.update(p.date for p in self.personnel)
        dates.update(k.date for k in self.mission.key_dates)
        return tuple(sorted(dates))

    @cached_property
    def latest_date(self) -> dt.date:
        """The default as-of date: the last day something happened (an event, a closure, a
        count). A deadline after that (the original end of liquidation) is a step, but showing
        the state "on" a day when nothing happened would only look stale."""
        happened = [e.date for e in self.events]
        happened += [change.since for s in self.sites for change in s.states]
        happened += [p.date for p in self.personnel]
        if happened:
            return max(happened)
        return self.steps[-1] if self.steps else dt.date.today()

    def step(self, as_of: dt.date, direction: int) -> dt.date:
        """The previous (-1) or next (+1) dated step from `as_of`; stays put at either end."""
        steps = self.steps
        if direction < 0:
            i = bisect_left(steps, as_of)
            return steps[i - 1] if i > 0 else as_of
        i = bisect_right(steps, as_of)
        return steps[i] if i < len(steps) else as_of

    def events_for(self, site_id: str) -> tuple[Event, ...]:
        """A site's events, in date order (indexed once: the detail pane asks on every key)."""
        return self._events_by_site.get(site_id, ())

    def disputes_for(self, site_id: str) -> tuple[Dispute, ...]:
        return self._disputes_by_site.get(site_id, ())

    @cached_property
    def _events_by_site(self) -> dict[str, tuple[Event, ...]]:
        return _group_by_site(self.events)

    @cached_property
    def _disputes_by_site(self) -> dict[str, tuple[Dispute, ...]]:
        return _group_by_site(self.disputes)

    @cached_property
    def citations(self) -> dict[str, tuple[Citation, ...]]:
        """For each source id, the facts that cite it (the Sources tab and the export)."""
        cited: dict[str, list[Citation]] = {sid: [] for sid in self.sources}
        for label, path, sources in self.facts():
            for sid in sources:
                cited.setdefault(sid, []).append(Citation(label, path))
        return {sid: tuple(rows) for sid, rows in cited.items()}

    def facts(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """Every sourced fact as (label, dotted path, source ids)."""
        return [(label, path, sources) for label, path, sources, _ in self.fact_records()]

    def cited(self) -> Iterator[tuple[str, ...]]:
        """The source ids of every fact, in `fact_records`' order, without making a label or
        a path for each (the loader checks that every id is a source: 65,000 facts at 10,000
        sites). A test holds it to `fact_records`."""
        m = self.mission
        yield m.sources
        yield from _sources_of(m.key_dates)
        yield from _sources_of(self.phases)
        for s in self.sites:
            yield s.sources
            yield from _sources_of(s.states)
            yield from _sources_of(s.contingents)
            yield from _sources_of(s.projects)
            yield from _sources_of(s.armed_groups)
        yield from _sources_of(self.personnel)
        yield from _sources_of(self.events)
        for d in self.disputes:
            yield from _sources_of(d.claims)

    def fact_records(self) -> list[tuple[str, str, tuple[str, ...], object]]:
        """Every sourced fact as (label, dotted path, source ids, the record), in the order of
        `cited`: what `Snapshot.facts` filters by date (a dispute's claim is given as
        (dispute, claim))."""
        return list(self.iter_fact_records())

    def iter_fact_records(self) -> Iterator[tuple[str, str, tuple[str, ...], object]]:
        """`fact_records` one at a time: a caller that stops early makes no more."""
        m = self.mission
        yield m.name, "mission", m.sources, m
        for i, k in enumerate(m.key_dates):
            yield k.label, f"mission.key_dates[{i}]", k.sources, k
        for i, p in enumerate(self.phases):
            yield p.name, f"phases[{i}]", p.sources, p
        country_name = self.country_name
        for i, s in enumerate(self.sites):
            at, name = f"sites[{i}].", s.name
            yield name, f"sites[{i}]", s.sources, s
            for j, t in enumerate(s.states):
                yield f"{name}: {STATE_LABELS[t.state]} {t.since}", f"{at}states[{j}]", t.sources, t
            labelled: tuple[tuple[str, Sequence[_Sourced], list[str]], ...] = (
                ("contingents", s.contingents, [country_name(c.country) for c in s.contingents]),
                ("projects", s.projects, [project.title for project in s.projects]),
                ("armed_groups", s.armed_groups, [group.name for group in s.armed_groups]),
            )
            for part, records, labels in labelled:
                for j, (record, label) in enumerate(zip(records, labels, strict=True)):
                    yield f"{name}: {label}", f"{at}{part}[{j}]", record.sources, record
        for i, count in enumerate(self.personnel):
            label = f"{count.date.isoformat()}: {count.departed:,} departed"
            yield label, f"personnel[{i}]", count.sources, count
        for i, e in enumerate(self.events):
            yield f"{e.date.isoformat()}: {e.title}", f"events[{i}]", e.sources, e
        for i, d in enumerate(self.disputes):
            for j, claim in enumerate(d.claims):
                label = f"{d.title}: {claim.claim}"
                yield label, f"disputes[{i}].claims[{j}]", claim.sources, (d, claim)


class _Sourced(Protocol):
    @property
    def sources(self) -> tuple[str, ...]: ...


def _sources_of(records: Iterable[_Sourced]) -> Iterator[tuple[str, ...]]:
    """Each record's source ids, in order."""
    return (record.sources for record in records)


_SiteRecord = TypeVar("_SiteRecord", Event, Dispute)


def _group_by_site(records: tuple[_SiteRecord, ...]) -> dict[str, tuple[_SiteRecord, ...]]:
    """Records by their `site` id, each group in the records' own order."""
    groups: dict[str, list[_SiteRecord]] = {}
    for record in records:
        if record.site is not None:
            groups.setdefault(record.site, []).append(record)
    return {site: tuple(rows) for site, rows in groups.items()}
