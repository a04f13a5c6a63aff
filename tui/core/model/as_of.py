"""The rule every view of the withdrawal obeys: as of a date, nothing from later; "as known
then", also nothing that no source had published by then.

`AsOf` is a date and a mode with the rules that decide, fact by fact, whether it is shown
(`holds`, `reported`), which of its sources it cites (`cites`) and whether a free text may be read
(`text`). `Snapshot` (`tui.core.model.snapshot`) applies them to everything a view shows.
`DatasetView` is what they read of the dataset. No Textual, no Rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from tui.core.dates import mentions_after
from tui.core.model.records import Dispute, Event, Mission, PersonnelSnapshot, Phase, Site, Source


class DatasetView(Protocol):
    """What a snapshot reads of its dataset, and what its readers reach through `snap.dataset`.

    A protocol, not `Dataset`, so that the dependency runs one way: `Dataset.on()` builds and
    caches the snapshots, so `tui.core.model.dataset` imports the snapshot; were the snapshot to
    name `Dataset` back, even in an annotation only, the two modules would import each other.
    This also says how much of a dataset a date's view needs: the records, their indexes and
    three rules about dates (`holds_from`, `published_by`, `source_dates`).
    """

    @property
    def mission(self) -> Mission: ...
    @property
    def phases(self) -> tuple[Phase, ...]: ...
    @property
    def sites(self) -> tuple[Site, ...]: ...
    @property
    def personnel(self) -> tuple[PersonnelSnapshot, ...]: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def disputes(self) -> tuple[Dispute, ...]: ...
    @property
    def sources(self) -> dict[str, Source]: ...
    @property
    def source_dates(self) -> dict[str, dt.date | None]: ...
    @property
    def site_index(self) -> dict[str, Site]: ...
    @property
    def phase_index(self) -> dict[str, Phase]: ...
    @property
    def sites_by_date(self) -> tuple[Site, ...]: ...
    @property
    def steps(self) -> tuple[dt.date, ...]: ...
    def country_name(self, code: str) -> str: ...
    def holds_from(
        self, since: str, sources: tuple[str, ...], site: Site | None = None
    ) -> dt.date | None: ...
    def published_by(self, sources: Iterable[str], as_of: dt.date) -> bool: ...
    def disputes_for(self, site_id: str) -> tuple[Dispute, ...]: ...
    def fact_records(self) -> list[tuple[str, str, tuple[str, ...], object]]: ...
    def iter_fact_records(self) -> Iterator[tuple[str, str, tuple[str, ...], object]]: ...
    def cited(self) -> Iterator[tuple[str, ...]]: ...


@dataclass(frozen=True)
class AsOf:
    """A date and a mode ("as known then" with `known`), and the rules every fact of a dataset
    goes through on that date: what it holds from, whether a source had reported it, which of
    its sources it cites, and whether a free text names a later day."""

    dataset: DatasetView
    as_of: dt.date
    known: bool = False

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

    def text(
        self,
        value: str | None,
        since: dt.date | None = None,
        announced: frozenset[dt.date] = frozenset(),
    ) -> str | None:
        """A free text from the data, or a notice in its place if it mentions a later date (a
        note written after the fact: "the annexes were handed over on 22 Nov 2023").

        `since` is the day the text's fact holds from: a day it names without a year ("11 Dec")
        is of that year, not of the as-of date's. `announced`: later days a plan shown on the
        date names (`Snapshot.site_announced`), which the text may name too: a deadline set
        before is no hindsight. The fact's since alone could not tell: a dispute holding from a
        closure may be settled by a count published weeks later (see `mentions_after`)."""
        if not self.later(value, since, announced):
            return value
        return f"(not shown: it mentions a date after {self.as_of.isoformat()})"

    def later(
        self,
        value: str | None,
        since: dt.date | None = None,
        announced: frozenset[dt.date] = frozenset(),
    ) -> bool:
        """Whether a free text would be withheld on the date (see `text`)."""
        year = None if since is None else since.year
        return value is not None and mentions_after(value, self.as_of, year, announced)

    def start(self, since: str, sources: Iterable[str], site: Site | None = None) -> dt.date | None:
        """The day a fact that holds from `since` holds from (None: never), the `since` its
        texts are read with (`text`)."""
        return self.dataset.holds_from(since, tuple(sources), site)

    def holds(self, since: str, sources: Iterable[str], site: Site | None = None) -> bool:
        """Whether a fact that holds from `since` holds on the date (and, "as known then", was
        reported by then): the one rule every record's date goes through."""
        start = self.start(since, sources, site)
        return start is not None and start <= self.as_of and self.reported(sources)

    @cached_property
    def mission_holds(self) -> bool:
        """Whether the mission's figures (its totals, what it counts) hold on the date."""
        m = self.dataset.mission
        return self.holds(m.since, m.sources)
