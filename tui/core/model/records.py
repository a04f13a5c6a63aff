"""The records of a withdrawal dataset: the mission, its phases, sites and what happened at them,
the personnel counts, events, disputes and sources, as immutable dataclasses; and the words for
their kinds and states.

A record says what a source says, with the date it holds from (`since`); what is true on a given
date is the snapshot's to say (`tui.core.model.snapshot`). The loader (`tui.core.loader`) is the
only way in: it guarantees the invariants the properties below rely on (ids unique, references
resolve, every fact cites at least one source). No Textual, no Rich.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Literal

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
    planned_since: str | None = None
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
