"""The immutable model of the withdrawal, and every figure derived from it.

Nothing here imports Textual (a subprocess test checks it): the Rich summary, the CLI export and
the TUI all read the same objects, so a figure is computed in exactly one place. One module a job:

- `records`: the dataclasses a dataset file holds (mission, sites, counts, events, sources...)
  and the words for their kinds and states;
- `dataset`: `Dataset`, the whole file validated, its indexes and the facts it cites;
- `as_of`: the rule every view obeys ("as of D, nothing after D"; "as known then");
- `snapshot`: `Snapshot`, the state on one date, as `Dataset.on(date)` makes it (cached).

`from tui.core.model import X` gives any of them (`X as X`: an explicit re-export, for mypy).
"""

from tui.core.model.as_of import AsOf as AsOf, DatasetView as DatasetView
from tui.core.model.dataset import Dataset as Dataset
from tui.core.model.records import (
    CLOSING as CLOSING,
    KIND_LABELS as KIND_LABELS,
    NOT_CLOSED as NOT_CLOSED,
    SCHEMA_VERSION as SCHEMA_VERSION,
    SINCE_CLOSURE as SINCE_CLOSURE,
    SINCE_REPORTED as SINCE_REPORTED,
    SITE_KIND_LABELS as SITE_KIND_LABELS,
    STATE_LABELS as STATE_LABELS,
    ArmedGroup as ArmedGroup,
    Citation as Citation,
    Claim as Claim,
    Contingent as Contingent,
    ContingentState as ContingentState,
    ContingentStatus as ContingentStatus,
    CountryName as CountryName,
    CountryRecord as CountryRecord,
    Dispute as Dispute,
    Event as Event,
    FigureKind as FigureKind,
    KeyDate as KeyDate,
    Mission as Mission,
    NextStep as NextStep,
    PersonnelSnapshot as PersonnelSnapshot,
    Phase as Phase,
    Project as Project,
    Site as Site,
    SiteKind as SiteKind,
    SiteState as SiteState,
    Source as Source,
    StateChange as StateChange,
    StateKind as StateKind,
    since_date as since_date,
)
from tui.core.model.snapshot import NOT_REPORTED as NOT_REPORTED, Snapshot as Snapshot
