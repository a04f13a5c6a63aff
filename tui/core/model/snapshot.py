"""The state of the withdrawal on one date: every figure, site, count, event and source a view
shows on it, and nothing from later. No Textual, no Rich.

Built on `AsOf` (`tui.core.model.as_of`), which holds the rules; made and cached by
`Dataset.on()`. It reads the dataset through `DatasetView`, never by naming `Dataset`: the
dataset builds snapshots, so the dependency runs from the dataset to here, one way.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain

from tui.core.dates import mentions
from tui.core.model.as_of import AsOf
from tui.core.model.records import (
    ArmedGroup,
    Citation,
    Contingent,
    ContingentStatus,
    CountryRecord,
    Dispute,
    Event,
    KeyDate,
    NextStep,
    PersonnelSnapshot,
    Phase,
    Project,
    Site,
    SiteState,
    StateChange,
    since_date,
)

NOT_REPORTED = "not yet reported"
"""What "as known then" shows for a fact whose sources were all published after the date."""


@dataclass(frozen=True)
class Snapshot(AsOf):
    """The state of the withdrawal on one date: what every view shows, and nothing from later.

    Built once per (date, mode) by `Dataset.on()` (cached), so stepping through dates or moving
    the cursor never recomputes totals. The rule "as of D, nothing after D" (`AsOf`) is applied
    here to everything a view shows, so every view and export obeys it by construction: events,
    counts and departures after D are absent, a site not yet closed shows only its plan, and a
    free text that mentions a later date is withheld (`text`). With `known` ("as known then"),
    a fact is also shown only if a source published on or before D supports it; the rest is
    "not yet reported".
    """

    # --- sites --------------------------------------------------------------------------------

    @property
    def sites_unreported(self) -> int:
        return len(self.unreported_sites)

    @cached_property
    def unreported_sites(self) -> frozenset[str]:
        """Sites with no source published by the date ("as known then" only): their state,
        date and receiver are "not yet reported"."""
        if not self.known:  # every fact is shown: no pass over 100,000 sites to say so
            return frozenset()
        return frozenset(s.id for s in self.dataset.sites if not self.reported(s.sources))

    @cached_property
    def site_states(self) -> dict[str, SiteState]:
        """Each site's state on the date; a site not yet reported counts as open (no closure
        is shown that no source had reported)."""
        unreported, as_of = self.unreported_sites, self.as_of
        if not self.known:
            return {site.id: site.state_on(as_of) for site in self.dataset.sites}
        return {
            site.id: "open" if site.id in unreported else self._known_state(site)
            for site in self.dataset.sites
        }

    def _known_state(self, site: Site) -> SiteState:
        change = self.site_change(site)
        return "open" if change is None else change.state

    def site_changes(self, site: Site) -> tuple[StateChange, ...]:
        """A site's changes of state on or before the date (reported by then, "as known
        then"), in order: what its history shows."""
        if site.id in self.unreported_sites:
            return ()
        return tuple(c for c in site.states if c.since <= self.as_of and self.reported(c.sources))

    def site_change(self, site: Site) -> StateChange | None:
        """The change that gives the site its state on the date (None: open as it was)."""
        if not self.known:
            return site.change_on(self.as_of)
        changes = self.site_changes(site)
        return changes[-1] if changes else None

    def site_closure(self, site: Site) -> StateChange | None:
        """The site's closure, if it had closed by the date (and been reported, "as known
        then"): its date, how, and who received it; None before."""
        closure = site.closure
        if closure is None or closure.since > self.as_of:
            return None
        if self.known and (site.id in self.unreported_sites or not self.reported(closure.sources)):
            return None
        return closure

    def site_contingents(self, site: Site) -> tuple[Contingent, ...]:
        """A site's contingents that hold on the date (reported, "as known then")."""
        return tuple(c for c in site.contingents if self.holds(c.since, c.sources, site))

    def figure(self, contingent: Contingent) -> int | None:
        """A contingent's figure as shown on the date: only from its `figure_date` (the first
        day of a month or year given alone); a count made later is not a figure of the date
        (the last 142 Germans counted leaving Camp Castor on 12 Dec)."""
        if contingent.figure is None:
            return None
        if contingent.figure_date is not None:
            counted = since_date(contingent.figure_date)
            if counted is not None and counted > self.as_of:
                return None
        return contingent.figure

    def site_projects(self, site: Site) -> tuple[Project, ...]:
        """A site's projects that hold on the date (reported, "as known then")."""
        return tuple(p for p in site.projects if self.holds(p.since, p.sources, site))

    def site_armed_groups(self, site: Site) -> tuple[ArmedGroup, ...]:
        """The armed groups placed near a site on the date, with what holds of them then."""
        return tuple(g for g in site.armed_groups if self.holds(g.since, g.sources, site))

    def unreported_count(
        self, site: Site, records: Iterable[Contingent | Project | ArmedGroup]
    ) -> int:
        """How many of a site's records hold on the date but no source had reported by then
        ("as known then"): a view says so, so that a short list is not read as complete."""
        if not self.known:
            return 0
        dataset, as_of = self.dataset, self.as_of
        count = 0
        for r in records:
            start = dataset.holds_from(r.since, r.sources, site)
            if start is not None and start <= as_of and not self.reported(r.sources):
                count += 1
        return count

    def site_planned(self, site: Site) -> str | None:
        """The site's schedule as announced (`planned`), once it was (`planned_since`): on a
        date before the announcement there was no such plan to show."""
        if site.planned is None or site.planned_since is None:
            return None
        if not self.holds(site.planned_since, site.sources, site):
            return None
        return site.planned

    def site_announced(self, site: Site) -> frozenset[dt.date]:
        """The days the site's plan names, once it holds (`site_planned`): a text of the site
        may name them too on the date (Bamako's circumstances name the deadline it had,
        31 Dec 2024, on the day of its handover)."""
        planned = self.site_planned(site)
        if planned is None or site.planned_since is None:
            return frozenset()
        start = self.start(site.planned_since, site.sources, site)
        return frozenset(day for _, day in mentions(planned, (start or self.as_of).year))

    def site_circumstances(self, site: Site) -> str | None:
        """The site's circumstances (the story of its closure), once they hold."""
        if site.circumstances is None or site.circumstances_since is None:
            return None
        if not self.holds(site.circumstances_since, site.sources, site):
            return None
        return site.circumstances

    @property
    def sites_total(self) -> int:
        return len(self.dataset.sites)

    @cached_property
    def sites_closed(self) -> int:
        """Sites closed on the date: handed over, vacated, closed or returned, whatever
        happened to them since (a partial handover, a stopped drawdown are not closures)."""
        if not self.known:
            as_of = self.as_of
            return sum(1 for site in self.dataset.sites if site.closed_on(as_of))
        return sum(1 for site in self.dataset.sites if self.site_closure(site) is not None)

    @cached_property
    def sites_by_state(self) -> dict[SiteState, int]:
        counts: dict[SiteState, int] = dict.fromkeys(typing.get_args(SiteState), 0)
        for state in self.site_states.values():
            counts[state] += 1
        return counts

    @cached_property
    def _shown_personnel(self) -> tuple[tuple[str, PersonnelSnapshot], ...]:
        return tuple(
            (f"personnel[{i}]", replace(p, sources=self.cites(p.sources)))
            for i, p in enumerate(self.dataset.personnel)
            if self._count_holds(p)
        )

    def _count_holds(self, count: PersonnelSnapshot) -> bool:
        """Whether a personnel count is shown on the date: made by then, and reported by then
        ("as known then")."""
        return count.date <= self.as_of and self.reported(count.sources)

    @cached_property
    def personnel_counts(self) -> tuple[PersonnelSnapshot, ...]:
        """The personnel counts on or before the date: "as known then", only those reported by
        then, each citing only the sources published by then."""
        return tuple(p for _path, p in self._shown_personnel)

    @property
    def personnel(self) -> PersonnelSnapshot | None:
        """The latest personnel count on or before the date, if any."""
        counts = self.personnel_counts
        return counts[-1] if counts else None

    @property
    def personnel_total(self) -> int:
        """The denominator: the snapshot's own total if it gives one, else the mission's."""
        snap = self.personnel
        if snap is not None and snap.total is not None:
            return snap.total
        return self.dataset.mission.personnel_total

    @property
    def personnel_departed(self) -> int | None:
        return None if self.personnel is None else self.personnel.departed

    @property
    def personnel_fraction(self) -> float | None:
        departed = self.personnel_departed
        if departed is None or self.personnel_total <= 0:
            return None
        return departed / self.personnel_total

    @cached_property
    def phase(self) -> Phase | None:
        """The latest phase that has started on the date."""
        current = None
        for phase in self.dataset.phases:
            if phase.start <= self.as_of and self.reported(phase.sources):
                current = phase
        return current

    @property
    def phase_label(self) -> str:
        phase = self.phase
        if phase is None:
            return "before the withdrawal"
        if phase.end is not None and self.as_of > phase.end:
            return f"after {phase.name} (ended {phase.end.isoformat()})"
        return phase.name

    @cached_property
    def phase_breakdown(self) -> tuple[tuple[Phase, int, int], ...]:
        """For each phase: (phase, sites closed on the date, sites in the phase)."""
        totals = dict.fromkeys((phase.id for phase in self.dataset.phases), 0)
        closed = dict(totals)
        as_of, known = self.as_of, self.known
        for site in self.dataset.sites:  # one pass, not one per phase (10,000 sites)
            if site.phase in totals:
                totals[site.phase] += 1
                if site.closed_on(as_of) if not known else self.site_closure(site) is not None:
                    closed[site.phase] += 1
        return tuple((phase, closed[phase.id], totals[phase.id]) for phase in self.dataset.phases)

    @cached_property
    def next_step(self) -> NextStep | None:
        """The next site to close after the date, or else the next key date.

        A site's step carries its plan as announced (`planned`), and `date` is None: on the
        as-of date the real closure date, and whether it was a handover, were not known yet.
        """
        for site in self.dataset.sites_by_date:
            closed = site.date
            if closed is not None and closed > self.as_of:
                return NextStep(None, f"{site.name}: closure", self.site_planned(site), site)
        for key in self.next_key_dates:
            return NextStep(key.date, key.label)
        return None

    @cached_property
    def headline(self) -> KeyDate | None:
        """The latest passed key date marked `headline` (the end of the uniformed withdrawal),
        once it holds: the Overview leads with it instead of the last count's percentage."""
        latest = None
        for k in self.dataset.mission.key_dates:
            if k.headline and k.date <= self.as_of and self.holds(k.since, k.sources):
                latest = k
        return latest

    @cached_property
    def next_key_dates(self) -> tuple[KeyDate, ...]:
        """Key dates after the date that were announced by then (a source published on or
        before it: a deadline set in advance); a date only reported afterwards is not shown."""
        return tuple(
            k
            for k in self.dataset.mission.key_dates
            if k.date > self.as_of
            and self.holds(k.since, k.sources)
            and self.dataset.published_by(k.sources, self.as_of)
        )

    @cached_property
    def _event_memo(self) -> dict[int, tuple[str, Event] | None]:
        """Each event as shown on the date (or None), by index, made when first asked for: the
        Overview's few latest need not make all 15,000 of a 10,000-site dataset."""
        return {}

    @cached_property
    def _event_paths(self) -> dict[int, str]:
        """`events[i]` by the id of each shown event made so far (see `record_path`)."""
        return {}

    def _shown_event(self, index: int) -> tuple[str, Event] | None:
        memo = self._event_memo
        if index not in memo:
            e = self.dataset.events[index]
            shown = None
            if self._event_holds(e):
                shown = (f"events[{index}]", replace(e, sources=self.cites(e.sources)))
                self._event_paths[id(shown[1])] = shown[0]
            memo[index] = shown
        return memo[index]

    def _event_holds(self, e: Event) -> bool:
        """Whether an event is shown on the date: on or before it, reported by then ("as known
        then"), its title naming no later day (a day without a year is of the event's)."""
        told = e.date <= self.as_of and self.reported(e.sources)
        return told and not self.later(e.title, e.date)

    @cached_property
    def _shown_events(self) -> tuple[tuple[str, Event], ...]:
        shown = map(self._shown_event, range(len(self.dataset.events)))
        return tuple(item for item in shown if item is not None)

    @cached_property
    def events(self) -> tuple[Event, ...]:
        """The events on or before the date, in order: "as known then", only those reported
        by then, each citing only the sources published by then."""
        return tuple(e for _path, e in self._shown_events)

    def record_path(self, record: Event | PersonnelSnapshot) -> str | None:
        """Where a shown event or count sits in the dataset (`events[3]`, `personnel[0]`)."""
        if isinstance(record, Event):
            return self._event_paths.get(id(record))
        return self._personnel_paths.get(id(record))

    @cached_property
    def _personnel_paths(self) -> dict[int, str]:
        return {id(record): path for path, record in self._shown_personnel}

    def latest_events(self, count: int = 5) -> tuple[Event, ...]:
        """The last `count` events on or before the date, newest first: found from the end,
        without making every shown event."""
        if count <= 0 or "_shown_events" in self.__dict__:
            return tuple(reversed(self.events[-count:]))
        latest: list[Event] = []
        for index in range(len(self.dataset.events) - 1, -1, -1):
            shown = self._shown_event(index)
            if shown is not None:
                latest.append(shown[1])
                if len(latest) == count:
                    break
        return tuple(latest)

    def site_events(self, site: Site) -> tuple[Event, ...]:
        """A site's events shown on the date, in date order."""
        return tuple(e for e in self.events if e.site == site.id)

    def site_disputes(self, site: Site) -> tuple[Dispute, ...]:
        return tuple(d for d in self.disputes if d.site == site.id)

    def dispute_start(self, dispute: Dispute) -> dt.date | None:
        """The day a dispute holds from, which its title and resolution are read with
        (`text`): "11 Dec" in a dispute of a 2023 closure is 11 Dec 2023."""
        site = self.dataset.site_index.get(dispute.site) if dispute.site is not None else None
        cited = [sid for claim in dispute.claims for sid in claim.sources]
        return self.start(dispute.since, cited, site)

    @cached_property
    def disputes(self) -> tuple[Dispute, ...]:
        """The disputes as seen on the date: only the sides reported by then ("as known
        then"), the dataset's resolution only while every side is. A dispute is between
        reports, so one that no report had raised by the date (which governor received a camp
        not yet closed) is absent in both modes, as is one whose title names a later date."""
        shown = []
        index = self.dataset.site_index
        for d in self.dataset.disputes:
            cited = [sid for claim in d.claims for sid in claim.sources]
            site = index.get(d.site) if d.site is not None else None
            start = self.start(d.since, cited, site)
            if self.later(d.title, start) or not self.dataset.published_by(cited, self.as_of):
                continue
            if not self.holds(d.since, cited, site):
                continue
            claims = tuple(c for c in d.claims if self.holds(c.since, c.sources, site))
            if not claims:
                continue
            resolution = d.resolution if len(claims) == len(d.claims) else None
            shown.append(replace(d, claims=claims, resolution=resolution))
        # (a claim keeps all its sources here: `facts` and the renderers cite through `cites`)
        return tuple(shown)

    @cached_property
    def contingent_statuses(self) -> tuple[ContingentStatus, ...]:
        rows = []
        for site in self.dataset.sites:
            for contingent in self.site_contingents(site):
                left = site.contingent_left(contingent)
                present = site.contingent_present(contingent, self.as_of)
                rows.append(ContingentStatus(site, contingent, left, present, self.as_of))
        return tuple(rows)

    @cached_property
    def countries(self) -> tuple[CountryRecord, ...]:
        """Contributing countries, by name, with every posting and whether any is still there."""
        by_country: dict[str, list[ContingentStatus]] = {}
        for row in self.contingent_statuses:
            by_country.setdefault(row.contingent.country, []).append(row)
        name = self.dataset.country_name
        return tuple(
            CountryRecord(country, tuple(rows))
            for country, rows in sorted(by_country.items(), key=lambda kv: name(kv[0]).casefold())
        )

    @property
    def sites_on_state(self) -> tuple[tuple[Site, SiteState], ...]:
        return tuple((s, self.site_states[s.id]) for s in self.dataset.sites)

    # --- what is shown, and the sources it cites ----------------------------------------------

    @cached_property
    def facts(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """Every fact shown on the date, anywhere, as (label, dotted path, the sources it
        cites on the date): the Sources tab lists these and nothing else."""
        text = self.text
        return tuple((text(label) or label, path, cited) for label, path, cited in self._facts)

    @cached_property
    def _facts(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """`facts` with each label as the data writes it: which facts are shown and what they
        cite does not depend on the label (`_cited`)."""
        records = self.dataset.fact_records()
        return tuple(
            (label, path, cited)
            for (label, path, _sources, _record), cited in zip(records, self._cited, strict=True)
            if cited is not None
        )

    @cached_property
    def _cited(self) -> list[tuple[str, ...] | None]:
        """Every fact, in `Dataset.fact_records`' order: the sources it cites on the date if it
        is shown, else None. What is shown of each kind of fact is decided here and only here
        (`facts`, `citation_counts` and `sources_shown` read it), without a label, a path or an
        object made for each fact: an export counts 80,000 at 10,000 sites."""
        dataset, as_of = self.dataset, self.as_of
        keys = set(map(id, self.next_key_dates[:1])) if self.next_step else set()
        disputes = {d.id: d for d in self.disputes}
        holds_from, event_holds = dataset.holds_from, self._event_holds
        m = dataset.mission
        out: list[tuple[str, ...] | None] = [m.sources if self.mission_holds else None]
        add = out.append
        for k in m.key_dates:
            passed = k.date <= as_of and self.holds(k.since, k.sources)
            add(k.sources if passed or id(k) in keys else None)
        out += [phase.sources for phase in dataset.phases]  # shown whatever the date
        for site in dataset.sites:
            add(site.sources)  # the site itself
            for change in site.states:  # from its own date
                add(change.sources if change.since <= as_of else None)
            for part in (site.contingents, site.projects, site.armed_groups):
                for record in part:  # `holds`, without a call for each record
                    start = holds_from(record.since, record.sources, site)
                    add(record.sources if start is not None and start <= as_of else None)
        out += [p.sources if self._count_holds(p) else None for p in dataset.personnel]
        out += [e.sources if event_holds(e) else None for e in dataset.events]
        for d in dataset.disputes:  # a claim is shown where its dispute shows it
            seen = disputes.get(d.id)
            out += [c.sources if seen is not None and c in seen.claims else None for c in d.claims]
        if not self.known:  # every shown fact reported, citing all its sources
            return out
        reported, cites = self.reported, self.cites
        return [None if s is None or not reported(s) else cites(s) for s in out]

    @cached_property
    def citations(self) -> dict[str, tuple[Citation, ...]]:
        """For each source cited on the date, the shown facts that cite it."""
        cited: dict[str, list[Citation]] = {}
        for label, path, sources in self.facts:
            for sid in sources:
                cited.setdefault(sid, []).append(Citation(label, path))
        return {sid: tuple(cited[sid]) for sid in self.dataset.sources if sid in cited}

    @cached_property
    def citation_counts(self) -> dict[str, int]:
        """How many shown facts cite each source (`len` of its `citations`), without making
        the citations or checking their labels (the exports' "Facts" column)."""
        return dict(Counter(chain.from_iterable(filter(None, self._cited))))  # in C

    def sources_shown(self, exact: Iterable[str] = (), under: Iterable[str] = ()) -> list[str]:
        """The source ids cited by the shown facts at the `exact` paths or `under` others
        (`sites[2]` takes its contingents, projects..., `phases` every phase), in the dataset's
        order: what an export's list of sources holds."""
        exact, under = frozenset(exact), frozenset(under)
        ids: set[str] = set()
        every = len(self.dataset.sources)
        # The facts made one at a time (`iter_fact_records`): once every source is found, the
        # rest need not be made at all.
        facts = zip(self.dataset.iter_fact_records(), self._cited, strict=True)
        for (_label, path, _sources, _record), cited in facts:
            # Most facts cite only sources already found: no need to ask where they sit.
            if cited is None or ids.issuperset(cited):
                continue
            if path in exact or not under.isdisjoint(_ancestors(path)):
                ids.update(cited)
                if len(ids) == every:  # every source is listed: nothing more to find
                    break
        return [sid for sid in self.dataset.sources if sid in ids]

    def dispute_path(self, dispute: Dispute) -> str:
        """Where a dispute sits in the dataset (`disputes[4]`)."""
        index = next(i for i, d in enumerate(self.dataset.disputes) if d.id == dispute.id)
        return f"disputes[{index}]"


_PATH_STEP = re.compile(r"[.\[]")


def _ancestors(path: str) -> list[str]:
    """A dotted path and every path above it: `sites[3].contingents[2]` → itself,
    `sites[3].contingents`, `sites[3]`, `sites` (set lookups, not a scan per prefix)."""
    return [path] + [path[: m.start()] for m in _PATH_STEP.finditer(path)]
