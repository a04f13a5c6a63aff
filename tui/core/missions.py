"""The missions that ship with minusma-tui, by id: what `--mission`, `minusma-tui missions`, the
config's `mission` key and the app's switch between missions all read. No Textual, no Rich.

A bundled mission is a dataset file shipped beside the package: MINUSMA's is `withdrawal.toml`
(id "minusma", the default), every other is `missions/<id>.toml` (its file stem is its id). In a
source checkout they are the repo's `data/`; in an installed wheel, `tui/data/` (pyproject's
`[tool.hatch.build.targets.wheel.force-include]` ships both).

`bundled()` lists them (`[m.id for m in bundled()]`: "minusma", "monusco-south-kivu"), `find(id)`
gives one, and `describe(dataset)` says a loaded one's span and closures for a list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.model import Dataset

DEFAULT_ID = "minusma"
"""The mission opened when nothing chooses another: MINUSMA's `withdrawal.toml`."""
DEFAULT_FILE = "withdrawal.toml"
MISSIONS_DIR = "missions"


def data_dir() -> Path:
    """The directory the bundled datasets are in: the wheel's `tui/data/`, else (a source
    checkout) the repo's `data/`."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "data"
    if (installed / DEFAULT_FILE).is_file():
        return installed
    return package.parent / "data"


@dataclass(frozen=True)
class BundledMission:
    """A dataset that ships with minusma-tui: its id (what `--mission` takes) and its file."""

    id: str
    path: Path

    @property
    def is_default(self) -> bool:
        return self.id == DEFAULT_ID


@dataclass(frozen=True)
class MissionSummary:
    """What a list of missions shows of one: who, where, when, and how many sites closed."""

    name: str
    """The mission's short name: "MINUSMA"."""
    where: str
    """The country, or the area and country: "Mali", "South Kivu, Congo (DRC)"."""
    first: dt.date | None
    """When the withdrawal began: its first phase's start (a file without phases: its first dated
    step); None for a file with no dates at all."""
    last: dt.date
    """The last day something happened (`Dataset.latest_date`): the dashboard's default date."""
    sites: int
    closed: int
    """Sites closed by `last`."""

    @property
    def title(self) -> str:
        """The name and where: "MINUSMA (Mali)"."""
        return f"{self.name} ({self.where})"

    @property
    def span(self) -> str:
        """From the first to the last date: "2023-07-17 … 2024-11-15"."""
        first = self.first.isoformat() if self.first is not None else "?"
        return f"{first} … {self.last.isoformat()}"

    @property
    def counts(self) -> str:
        """The sites and how many closed: "13 sites, 13 closed"."""
        noun = "site" if self.sites == 1 else "sites"
        return f"{self.sites} {noun}, {self.closed} closed"


class UnknownMission(ValueError):
    """A mission id that names no bundled mission; the message lists the ids."""

    def __init__(self, wanted: str) -> None:
        from tui.core.files import visible_line
        from tui.core.suggest import did_you_mean

        ids = [m.id for m in bundled()]
        starting = [i for i in ids if i.startswith(wanted.strip().casefold())]
        hint = f"; did you mean {starting[0]!r}?" if len(starting) == 1 else ""
        hint = hint or did_you_mean(wanted, ids)
        super().__init__(
            f"no bundled mission {visible_line(wanted)!r}{hint or '.'} "
            f"The bundled ones: {', '.join(ids)} (or give a file with --data)"
        )
        self.wanted = wanted


def bundled(directory: Path | None = None) -> list[BundledMission]:
    """Every bundled mission, the default (MINUSMA) first, then the others by id."""
    root = directory or data_dir()
    found = []
    default = root / DEFAULT_FILE
    if default.is_file():
        found.append(BundledMission(DEFAULT_ID, default))
    others = root / MISSIONS_DIR
    if others.is_dir():
        found += sorted(
            (BundledMission(p.stem, p) for p in others.glob("*.toml") if p.is_file()),
            key=lambda m: m.id,
        )
    return found


def find(mission_id: str, directory: Path | None = None) -> BundledMission:
    """The bundled mission with this id (case ignored); UnknownMission if none."""
    wanted = mission_id.strip().casefold()
    for mission in bundled(directory):
        if mission.id == wanted:
            return mission
    raise UnknownMission(mission_id)


def ids(directory: Path | None = None) -> list[str]:
    return [m.id for m in bundled(directory)]


def for_path(path: Path, directory: Path | None = None) -> BundledMission | None:
    """The bundled mission whose file `path` is (None: a file of the user's own)."""
    try:
        target = path.resolve()
    except OSError:
        return None
    for mission in bundled(directory):
        if mission.path.resolve() == target:
            return mission
    return None


def describe(dataset: Dataset) -> MissionSummary:
    """A dataset's name, place, span (the start of its first phase to the last day something
    happened) and closures by then."""
    latest = dataset.latest_date
    starts = [phase.start for phase in dataset.phases] or list(dataset.steps[:1])
    return MissionSummary(
        name=dataset.mission.name,
        where=dataset.country_label,
        first=min(starts) if starts else None,
        last=latest,
        sites=len(dataset.sites),
        closed=sum(1 for site in dataset.sites if site.closed_on(latest)),
    )
