"""The immutable model of the withdrawal, and every figure derived from it.

Nothing here imports Textual (a subprocess test checks it): the Rich summary, the CLI export and
the TUI all read the same objects, so a figure is computed in exactly one place. The loader
(`tui.core.loader`) is the only way in; it guarantees the invariants the properties below rely on
(ids unique, references resolve, every fact cites at least one source).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Literal, TypeVar

from tui.core.dates import mentions_after, published

SiteKind = Literal["camp", "temporary_base", "office", "headquarters"]
"""What a site was: a camp, a temporary operating base, an office, a mission headquarters."""

StateKind = Literal["partial", "handed_over", "vacated", "closed", "returned", "stopped", "taken"]
"""A change in a site's state, as a `[[sites.states]]` entry says it: partly handed over, handed
over (to the authorities, the police, the army: `to` says who), vacated without a handover,
closed (no handover said), returned to its landowner, drawdown stopped (the site stays open),
taken (by an armed group or another force, after the mission had left)."""

SiteState = Literal[
    "open", "partial", "handed_over", "vacated", "closed", "returned", "stopped", "taken"
]
"""A site's state on a given date: "open" until its first change, then its latest change's."""

CLOSING: frozenset[str] = frozenset({"handed_over", "vacated", "closed", "returned"})
"""The changes that end the mission's presence: the first of them is the site's closure."""

NOT_CLOSED: frozenset[str] = frozenset({"open", "partial", "stopped"})
"""States of a site whose closure is after the as-of date (or never came)."""

FigureKind = Literal["reported", "estimate"]

SCHEMA_VERSION = 2
"""The dataset schema version this code reads (a file says which it was written for)."""

SINCE_CLOSURE = "closure"
"""`since = "closure"`: the fact holds from its site's closure (the last convoy, the receiver)."""
SINCE_REPORTED = "reported"
"""`since = "reported"`: the fact holds from the first publication of its sources (a project
known only from when a report said it was built)."""


STATE_LABELS: dict[str, str] = {
    "open": "still open",
    "partial": "partly handed over",
    "handed_over": "handed over",
    "vacated": "vacated, no handover",
    "closed": "closed",
    "returned": "returned to its landowner",
    "stopped": "drawdown stopped, still open",
    "taken": "taken by an armed group",
}
"""Words for each state: the UI and the export say the state in text, never by colour alone."""

KIND_LABELS: dict[str, str] = {"reported": "reported", "estimate": "estimate"}

SITE_KIND_LABELS: dict[str, str] = {
    "camp": "camp",
    "temporary_base": "temporary operating base",
    "office": "office",
    "headquarters": "headquarters",
}


@cache
def since_date(since: str) -> dt.date | None:
    """The day a dated `since` holds from: a date, or the first day of the month or year a
    source gives ("2023" is stated of the year: it holds from 2023-01-01). None for a keyword
    (`closure`, `reported`), which the dataset resolves (`Dataset.holds_from`)."""
    if since in (SINCE_CLOSURE, SINCE_REPORTED):
        return None
    parts = since.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from."""

    id: str
    title: str
    publisher: str
    date: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class KeyDate:
    """A dated milestone of the mission (resolution, deadline, liquidation), known from `since`
    (a deadline is announced before it falls)."""

    id: str
    date: dt.date
    label: str
    sources: tuple[str, ...]
    since: str
    note: str | None = None
    headline: bool = False
    """Once passed, the Overview leads with it (the end of the uniformed withdrawal), not with
    the last count's percentage, which would read as a withdrawal still under way."""


@dataclass(frozen=True, slots=True)
class Mission:
    """The mission as a whole and the withdrawal denominator, whose figures hold from `since`."""

    name: str
    full_name: str
    country: str
    """ISO 3166-1 alpha-3 ("MLI"), shown by name (`tui.core.countries`)."""
    personnel_total: int
    personnel_counted: str
    """What the personnel series counts, in words: "personnel who have left the mission"."""
    sources: tuple[str, ...]
    since: str
    area: str | None = None
    """The part of the country the drawdown covers (a province), if not all of it."""
    uniformed_total: int | None = None
    civilian_total: int | None = None
    excludes: str | None = None
    sites_note: str | None = None
    key_dates: tuple[KeyDate, ...] = ()


@dataclass(frozen=True, slots=True)
class Phase:
    """A phase of the withdrawal, which holds from its `start`; sites name theirs by id."""

    id: str
    name: str
    start: dt.date
    sources: tuple[str, ...]
    end: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Contingent:
    """A national contingent at a site, known there from `since`. `figure` is absent unless a
    source gives one."""

    country: str
    """ISO 3166-1 alpha-3 ("SEN"), shown by name."""
    sources: tuple[str, ...]
    since: str
    unit: str | None = None
    figure: int | None = None
    kind: FigureKind | None = None
    figure_date: str | None = None
    left: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """Something the mission built or left behind at a site, known from `since`."""

    title: str
    sources: tuple[str, ...]
    since: str
    detail: str | None = None
    amount: int | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class ArmedGroup:
    """An armed group that sources place near a site, and what they say of it, from `since`."""

    name: str
    sources: tuple[str, ...]
    since: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StateChange:
    """A change in a site's state on a date: handed over (to whom), vacated, taken..."""

    state: StateKind
    since: dt.date
    sources: tuple[str, ...]
    to: str | None = None
    """Who received it (a handover) or took it."""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """A base (camp, temporary operating base, office or headquarters) and its states over time.

    Its closure is its first closing change (`CLOSING`): a handover, a vacating, a closure or a
    return to the landowner. A site may never close (the drawdown stopped), and its state may
    change again after its closure (taken by an armed group)."""

    id: str
    name: str
    region: str
    kind: SiteKind
    ordinal: int
    phase: str
    sources: tuple[str, ...]
    states: tuple[StateChange, ...] = ()
    lat: float | None = None
    lon: float | None = None
    ordinal_inferred: bool = False
    planned: str | None = None
    circumstances: str | None = None
    circumstances_since: str | None = None
    contingents: tuple[Contingent, ...] = ()
    projects: tuple[Project, ...] = ()
    armed_groups: tuple[ArmedGroup, ...] = ()

    @property
    def closure(self) -> StateChange | None:
        """The change that closed the site (its first closing one), if it closed."""
        for change in self.states:
            if change.state in CLOSING:
                return change
        return None

    @property
    def date(self) -> dt.date | None:
        """The closure date: handover, closure, vacating or return; None if it never closed."""
        closure = self.closure
        return None if closure is None else closure.since

    @property
    def status(self) -> StateKind | None:
        """How it closed (`handed_over`, `vacated`, ...); None if it never closed."""
        closure = self.closure
        return None if closure is None else closure.state

    @property
    def handed_to(self) -> str | None:
        """Who received it at its closure, if a source says."""
        closure = self.closure
        return None if closure is None else closure.to

    def change_on(self, as_of: dt.date) -> StateChange | None:
        """The latest change on or before `as_of` (None: still open as it was)."""
        latest = None
        for change in self.states:
            if change.since > as_of:
                break
            latest = change
        return latest

    def state_on(self, as_of: dt.date) -> SiteState:
        """The site's state on `as_of`: open until its first change, then its latest's."""
        change = self.change_on(as_of)
        return "open" if change is None else change.state

    def closed_on(self, as_of: dt.date) -> bool:
        """Whether the site had closed by `as_of` (whatever happened to it since)."""
        closed = self.date
        return closed is not None and closed <= as_of

    def contingent_left(self, contingent: Contingent) -> dt.date | None:
        """When a contingent left this site: its own date if known, else the site's closure
        (None: neither is known, the site never closed)."""
        return contingent.left or self.date

    def contingent_present(self, contingent: Contingent, as_of: dt.date) -> bool | None:
        """Whether a contingent was at this site on a date; None where the data can't tell (no
        departure date of its own and the site still open: it left by the closure at the latest,
        and a Geo-PKO estimate may describe a unit gone long before)."""
        left = self.contingent_left(contingent)
        if left is not None and as_of >= left:
            return False
        return True if contingent.left is not None else None

    @property
    def final_state(self) -> SiteState:
        """Its state after its last known change ("open" if none)."""
        return self.states[-1].state if self.states else "open"

    def last_change(self, state: str) -> StateChange | None:
        """Its last change to `state` (its partial handover), if any."""
        for change in reversed(self.states):
            if change.state == state:
                return change
        return None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class PersonnelSnapshot:
    """A dated count of personnel who have left Mali (Malian staff are never counted)."""

    date: dt.date
    departed: int
    sources: tuple[str, ...]
    total: int | None = None
    qualifier: str | None = None
    uniformed_departed: int | None = None
    uniformed_total: int | None = None
    civilian_departed: int | None = None
    civilian_total: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event on the timeline, optionally about one site."""

    date: dt.date
    title: str
    sources: tuple[str, ...]
    site: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One side of a dispute, made from `since` (usually when its source reported it)."""

    claim: str
    sources: tuple[str, ...]
    since: str


@dataclass(frozen=True, slots=True)
class Dispute:
    """A fact on which sources disagree, with every side and its sources; the question holds
    from `since` (which contingents were there "at the end" is a question from the closure)."""

    id: str
    title: str
    since: str
    claims: tuple[Claim, ...]
    site: str | None = None
    resolution: str | None = None


@dataclass(frozen=True, slots=True)
class CountryName:
    """A country's ISO alpha-3 code and its name (CLDR's English), looked up when the file is
    read: no view, and no start from the cache, loads the locale data."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Citation:
    """A fact that cites a source: a label a reader understands, and where it sits."""

    label: str
    path: str


ContingentState = Literal["present", "gone", "site open"]


@dataclass(frozen=True, slots=True)
class ContingentStatus:
    """A contingent as seen on a date."""

    site: Site
    contingent: Contingent
    left_on: dt.date | None
    """Its own departure date if a source gives one, else its site's closure (at the latest);
    None when neither is known (a site that never closed)."""
    present: bool | None
    """True or False where the data tells; None where it can't: no departure date of its own
    and the site still open (a Geo-PKO estimate from a pre-withdrawal map, say)."""
    as_of: dt.date

    @property
    def status(self) -> ContingentState:
        """What the data says on the date: "present" (its own departure date is later),
        "gone", or "site open" (no date of its own; its site had not closed: the status
        follows the site, as no source says more)."""
        if self.present is None:
            return "site open"
        return "present" if self.present else "gone"

    @property
    def left_known(self) -> dt.date | None:
        """The departure date as known on the date: none while it is still to come (the
        site's later closure date is not shown as a departure before it happened)."""
        left = self.left_on
        return left if left is not None and left <= self.as_of else None


@dataclass(frozen=True, slots=True)
class CountryRecord:
    """Everything one contributing country did, across sites, on a date."""

    country: str
    postings: tuple[ContingentStatus, ...]

    @property
    def sites(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.site.name for p in self.postings))

    @property
    def last_left(self) -> dt.date | None:
        """The last departure among its postings (None if one has none: still there)."""
        dates = [p.left_on for p in self.postings]
        return None if None in dates else max(d for d in dates if d is not None)

    @property
    def present(self) -> bool:
        return any(p.present is True for p in self.postings)

    @property
    def at_open_site(self) -> bool:
        """Not known present, but posted at a site still open on the date."""
        return not self.present and any(p.status == "site open" for p in self.postings)


@dataclass(frozen=True, slots=True)
class NextStep:
    """The next dated step after a date: a site to close, or a key date."""

    date: dt.date | None
    """A key date's own date (a deadline, known in advance); None for a site's closure."""
    label: str
    planned: str | None = None
    site: Site | None = None


NOT_REPORTED = "not yet reported"
"""What "as known then" shows for a fact whose sources were all published after the date."""


@dataclass(frozen=True)
class Snapshot:
    """The state of the withdrawal on one date: what every view shows, and nothing from later.

    Built once per (date, mode) by `Dataset.on()` (cached), so stepping through dates or moving
    the cursor never recomputes totals. The rule "as of D, nothing after D" lives here, so every
    view and export obeys it by construction: events, counts and departures after D are absent,
    a site not yet closed shows only its plan, and a free text that mentions a later date is
    withheld (`text`). With `known` ("as known then"), a fact is also shown only if a source
    published on or before D supports it; the rest is "not yet reported".
    """

    dataset: Dataset
    as_of: dt.date
    known: bool = False

    # --- the rules ----------------------------------------------------------------------------

    def reported(self, sources: Iterable[str]) -> bool:
        """Whether a fact citing `sources` is shown: always as of the date; "as known then",
        only if one of them was published on or before it."""
        return not self.known or self.dataset.published_by(sources, self.as_of)

    def cites(self, sources: Iterable[str]) -> tuple[str, ...]:
        """The source ids a shown fact cites: "as known then", only those published by then."""
        sources = tuple(sources)
        if not self.known:
            return sources
        dates = self.dataset.source_dates
        return tuple(s for s in sources if (d := dates.get(s)) is not None and d <= self.as_of)

    def text(self, value: str | None) -> str | None:
        """A free text from the data, or a notice in its place if it mentions a later date (a
        note written after the fact: "the annexes were handed over on 22 Nov 2023")."""
        if not self.later(value):
            return value
        return f"(not shown: it mentions a date after {self.as_of.isoformat()})"

    def later(self, value: str | None) -> bool:
        """Whether a free text would be withheld on the date (see `text`)."""
        return value is not None and mentions_after(value, self.as_of)

    def holds(self, since: str, sources: Iterable[str], site: Site | None = None) -> bool:
        """Whether a fact that holds from `since` holds on the date (and, "as known then", was
        reported by then): the one rule every record's date goes through."""
        start = self.dataset.holds_from(since, tuple(sources), site)
        return start is not None and start <= self.as_of and self.reported(sources)

    @cached_property
    def mission_holds(self) -> bool:
        """Whether the mission's figures (its totals, what it counts) hold on the date."""
        m = self.dataset.mission
        return self.holds(m.since, m.sources)

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
            if p.date <= self.as_of and self.reported(p.sources)
        )

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
            if site.date is not None and site.date > self.as_of:
                planned = site.planned if self.reported(site.sources) else None
                return NextStep(None, f"{site.name}: closure", planned, site)
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
            if e.date <= self.as_of and self.reported(e.sources) and not self.later(e.title):
                shown = (f"events[{index}]", replace(e, sources=self.cites(e.sources)))
                self._event_paths[id(shown[1])] = shown[0]
            memo[index] = shown
        return memo[index]

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
            if self.later(d.title) or not self.dataset.published_by(cited, self.as_of):
                continue
            site = index.get(d.site) if d.site is not None else None
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
        cite does not depend on the label, and an export that only counts and lists sources
        need not check 80,000 labels for a later date (`text`)."""
        shown_paths = {path for path, _record in self._shown_events + self._shown_personnel}
        disputes = {d.id: d for d in self.disputes}
        keys = set(map(id, self.next_key_dates[:1])) if self.next_step else set()
        rows = []
        for label, path, sources, record in self.dataset.fact_records():
            if isinstance(record, Event | PersonnelSnapshot):
                shown = path in shown_paths
            elif isinstance(record, KeyDate):
                passed = record.date <= self.as_of and self.holds(record.since, sources)
                shown = passed or id(record) in keys
            elif isinstance(record, tuple):  # a dispute's claim
                dispute = disputes.get(record[0].id)
                shown = dispute is not None and record[1] in dispute.claims
            elif isinstance(record, SiteFact):
                shown = self.holds(record.since, sources, record.site)
            elif isinstance(record, Mission):
                shown = self.mission_holds
            else:
                shown = True
            if shown and self.reported(sources):
                rows.append((label, path, self.cites(sources)))
        return tuple(rows)

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
        counts: dict[str, int] = {}
        for _label, _path, sources in self._facts:
            for sid in sources:
                counts[sid] = counts.get(sid, 0) + 1
        return counts

    def sources_shown(self, exact: Iterable[str] = (), under: Iterable[str] = ()) -> list[str]:
        """The source ids cited by the shown facts at the `exact` paths or `under` others
        (`sites[2]` takes its contingents, projects..., `phases` every phase), in the dataset's
        order: what an export's list of sources holds."""
        exact, under = frozenset(exact), frozenset(under)
        ids: set[str] = set()
        for _label, path, sources in self._facts:
            if path in exact or not under.isdisjoint(_ancestors(path)):
                ids.update(sources)
        return [sid for sid in self.dataset.sources if sid in ids]

    def dispute_path(self, dispute: Dispute) -> str:
        """Where a dispute sits in the dataset (`disputes[4]`)."""
        index = next(i for i, d in enumerate(self.dataset.disputes) if d.id == dispute.id)
        return f"disputes[{index}]"


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
        return since_date(since)

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
        for k in m.key_dates:
            yield k.sources
        for p in self.phases:
            yield p.sources
        for s in self.sites:
            yield s.sources
            for t in s.states:
                yield t.sources
            for c in s.contingents:
                yield c.sources
            for j in s.projects:
                yield j.sources
            for g in s.armed_groups:
                yield g.sources
        for n in self.personnel:
            yield n.sources
        for e in self.events:
            yield e.sources
        for d in self.disputes:
            for claim in d.claims:
                yield claim.sources

    def fact_records(self) -> list[tuple[str, str, tuple[str, ...], object]]:
        """Every sourced fact as (label, dotted path, source ids, the record): what
        `Snapshot.facts` filters by date (a dispute's claim is given as (dispute, claim))."""
        m = self.mission
        rows: list[tuple[str, str, tuple[str, ...], object]] = [(m.name, "mission", m.sources, m)]
        rows += [
            (k.label, f"mission.key_dates[{i}]", k.sources, k) for i, k in enumerate(m.key_dates)
        ]
        rows += [(p.name, f"phases[{i}]", p.sources, p) for i, p in enumerate(self.phases)]
        for i, s in enumerate(self.sites):
            rows.append((s.name, f"sites[{i}]", s.sources, s))
            labelled: list[tuple[str, str, tuple[str, ...], str, object]] = [
                ("states", f"{STATE_LABELS[t.state]} {t.since}", t.sources, str(t.since), t)
                for t in s.states
            ]
            labelled += [
                ("contingents", self.country_name(c.country), c.sources, c.since, c)
                for c in s.contingents
            ]
            labelled += [("projects", p.title, p.sources, p.since, p) for p in s.projects]
            labelled += [("armed_groups", g.name, g.sources, g.since, g) for g in s.armed_groups]
            counters: dict[str, int] = {}
            for part, label, sources, since, record in labelled:
                j = counters[part] = counters.get(part, -1) + 1
                fact = SiteFact(s, record, since)
                rows.append((f"{s.name}: {label}", f"sites[{i}].{part}[{j}]", sources, fact))
        rows += [
            (f"{p.date.isoformat()}: {p.departed:,} departed", f"personnel[{i}]", p.sources, p)
            for i, p in enumerate(self.personnel)
        ]
        rows += [
            (f"{e.date.isoformat()}: {e.title}", f"events[{i}]", e.sources, e)
            for i, e in enumerate(self.events)
        ]
        for i, d in enumerate(self.disputes):
            rows += [
                (f"{d.title}: {c.claim}", f"disputes[{i}].claims[{j}]", c.sources, (d, c))
                for j, c in enumerate(d.claims)
            ]
        return rows


@dataclass(frozen=True, slots=True)
class SiteFact:
    """A fact recorded under a site (a contingent, a project, a change of state), with its
    site: `closure` in its `since` means that site's closure."""

    site: Site
    record: object
    since: str


_PATH_STEP = re.compile(r"[.\[]")


def _ancestors(path: str) -> list[str]:
    """A dotted path and every path above it: `sites[3].contingents[2]` → itself,
    `sites[3].contingents`, `sites[3]`, `sites` (set lookups, not a scan per prefix)."""
    return [path] + [path[: m.start()] for m in _PATH_STEP.finditer(path)]


_SiteRecord = TypeVar("_SiteRecord", Event, Dispute)


def _group_by_site(records: tuple[_SiteRecord, ...]) -> dict[str, tuple[_SiteRecord, ...]]:
    """Records by their `site` id, each group in the records' own order."""
    groups: dict[str, list[_SiteRecord]] = {}
    for record in records:
        if record.site is not None:
            groups.setdefault(record.site, []).append(record)
    return {site: tuple(rows) for site, rows in groups.items()}
