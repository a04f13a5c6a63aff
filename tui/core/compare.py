"""Missions' drawdowns side by side: days from each one's withdrawal decision, and the share of
its sites closed and of its personnel departed, each point with the sources it rests on.

The decision is a key date of the mission (the schema has no field that marks it): its first
Security Council resolution among its key dates, by date (a key date whose id starts
`resolution-`), or failing one, its earliest key date. MINUSMA: Resolution 2690, 30 June 2023
(`resolution-2690`); MONUSCO: Resolution 2717, 19 December 2023 (`resolution-2717`), the
Council's decision on the phased withdrawal, a month after the government's disengagement plan.

Sites closed: each site's closure (its first closing change, `Site.date`), as a share of all
the mission's sites (those that never closed count too); the curve holds until the dataset's
last dated fact (no closure recorded after it means none happened, as the rest of the app reads
it). Personnel departed: each dated count as a share of its own total if it gives one, else the
mission's `personnel_total` (as `Snapshot.personnel_total`); the curve ends at the last count
(nothing is drawn where no count is). Nothing is interpolated. No Textual, no Rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.model import Dataset, KeyDate

DECISION_PREFIX = "resolution-"
DECISION_RULE = "Day 0: each mission's first Security Council resolution among its key dates."
"""The rule in words (the chart's note says it)."""


@dataclass(frozen=True, slots=True)
class Point:
    """A step of a curve: from `day` on, `count` of `total` (the `fraction`)."""

    day: int
    """Days from the decision (negative: before it)."""
    date: dt.date
    count: int
    total: int
    sources: tuple[str, ...]
    qualifier: str | None = None
    """A count's own qualifier ("at least", "more than")."""

    @property
    def fraction(self) -> float:
        return self.count / self.total if self.total > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Curve:
    """A step line: each point holds until the next, the last one until `until` (a day)."""

    points: tuple[Point, ...]
    until: int | None
    """The day the last point holds until (None: it is drawn as a point, not held)."""

    @property
    def sources(self) -> tuple[str, ...]:
        return _unique(sid for point in self.points for sid in point.sources)

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def end(self) -> int | None:
        """The last day the curve covers."""
        last = self.last
        if last is None:
            return None
        return max(last.day, self.until) if self.until is not None else last.day


@dataclass(frozen=True, slots=True)
class Drawdown:
    """One mission's drawdown, on the axis of days from its decision."""

    name: str
    """The mission's name ("MINUSMA")."""
    place: str
    """Where ("Mali", "South Kivu, Congo (DRC)")."""
    decision: KeyDate
    sites: Curve
    personnel: Curve
    site_count: int
    personnel_total: int
    """The mission's denominator (a count may give its own)."""
    path: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the curves draw on: the decision's, the closures', the counts'."""
        return _unique((*self.decision.sources, *self.sites.sources, *self.personnel.sources))

    @property
    def first_day(self) -> int:
        days = [p.day for p in (*self.sites.points, *self.personnel.points)]
        return min([0, *days])

    @property
    def last_day(self) -> int:
        """The day of its last closure or count (a curve held after it adds nothing new)."""
        return max([0, *(p.day for p in (*self.sites.points, *self.personnel.points))])


def decision(dataset: Dataset) -> KeyDate | None:
    """The withdrawal decision: the first resolution among the key dates, else the first key
    date (None: the mission has no key date, and no day 0)."""
    dates = sorted(dataset.mission.key_dates, key=lambda k: k.date)
    resolutions = [k for k in dates if k.id.startswith(DECISION_PREFIX)]
    chosen = resolutions or dates
    return chosen[0] if chosen else None


def drawdown(dataset: Dataset, as_of: dt.date | None = None) -> Drawdown | None:
    """The mission's curves as of a date (nothing after it: the app's as-of date applies to
    every mission compared), or from the whole dataset; None without a decision by then."""
    day0 = decision(dataset)
    if day0 is None or (as_of is not None and day0.date > as_of):
        return None
    last = dataset.latest_date if as_of is None else min(dataset.latest_date, as_of)

    def days(day: dt.date) -> int:
        return (day - day0.date).days

    return Drawdown(
        name=dataset.mission.name,
        place=dataset.country_label,
        decision=day0,
        sites=sites_curve(dataset, day0.date, days(last), last),
        personnel=personnel_curve(dataset, day0.date, last),
        site_count=len(dataset.sites),
        personnel_total=dataset.mission.personnel_total,
        path=dataset.path,
    )


def sites_curve(dataset: Dataset, day0: dt.date, until: int, as_of: dt.date = dt.date.max) -> Curve:
    """Sites closed: 0 on the decision's day (or those closed by then), one step per closure
    date up to `as_of`, held until `until`."""
    total = len(dataset.sites)
    closures = sorted(
        (site.date, site.closure.sources)
        for site in dataset.sites
        if site.date is not None and site.closure is not None and site.date <= as_of
    )
    before = [sources for day, sources in closures if day <= day0]
    points = [Point(0, day0, len(before), total, _unique(s for ids in before for s in ids))]
    count = len(before)
    after = [(day, sources) for day, sources in closures if day > day0]
    for day, sources in after:
        count += 1
        if points[-1].date == day:  # two closures on one day: one step
            prev = points[-1]
            points[-1] = Point(prev.day, day, count, total, _unique((*prev.sources, *sources)))
        else:
            points.append(Point((day - day0).days, day, count, total, sources))
    return Curve(tuple(points), max(until, points[-1].day))


def personnel_curve(dataset: Dataset, day0: dt.date, as_of: dt.date = dt.date.max) -> Curve:
    """Personnel departed: every dated count up to `as_of`, as a share of its own total or the
    mission's."""
    mission_total = dataset.mission.personnel_total
    points = tuple(
        Point(
            (count.date - day0).days,
            count.date,
            count.departed,
            count.total if count.total is not None else mission_total,
            count.sources,
            count.qualifier,
        )
        for count in dataset.personnel
        if count.date <= as_of
    )
    return Curve(points, None)


def drawdowns(datasets: Iterable[Dataset], as_of: dt.date | None = None) -> tuple[Drawdown, ...]:
    """Each dataset's drawdown as of a date, leaving out any without a decision by then."""
    return tuple(d for d in (drawdown(ds, as_of) for ds in datasets) if d is not None)


def with_shown(loaded: Iterable[Dataset], shown: Dataset) -> tuple[Dataset, ...]:
    """The missions to compare: `loaded` with the shown dataset in its file's place (it may
    have reloaded since), or first if it is none of theirs (a `--data` file of one's own)."""
    from tui.core.mission_files import same_file

    loaded = tuple(loaded)
    if not any(same_file(d.path, shown.path) for d in loaded):
        return (shown, *loaded) if loaded else (shown,)
    return tuple(shown if same_file(d.path, shown.path) else d for d in loaded)


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
