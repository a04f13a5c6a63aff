"""The missions that ship with the app, found by their files, with what the switcher shows.

MINUSMA is `data/withdrawal.toml` (id "minusma"); every other mission is `data/missions/<id>.toml`
(MONUSCO: "monusco-south-kivu"). Each is named from its own `[mission]` table (`name`, `area`,
`country`), read without loading the whole file: the switcher (`:`, the palette, `M`) lists them
before any is loaded; choosing one loads it through the cache (`tui.core.cache`).

Which files are bundled is `tui.core.missions`'s to say (the same list as `--mission NAME` and
`minusma-tui missions`); this module only names them for the switcher. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class MissionFile:
    """A bundled mission: its id, its file, and the words that name it."""

    id: str
    path: Path
    name: str
    """The dataset's own mission name ("MONUSCO")."""
    place: str
    """Where its drawdown took place, as `Dataset.country_label` says it ("South Kivu, Congo
    (DRC)")."""

    @property
    def title(self) -> str:
        """ "MONUSCO (South Kivu, Congo (DRC))"."""
        return f"{self.name} ({self.place})"


@cache
def bundled_missions(root: Path | None = None) -> tuple[MissionFile, ...]:
    """Every bundled mission as `tui.core.missions` finds them (MINUSMA first, then the others
    by id), each named from its file. A file whose `[mission]` table cannot be read is left out
    (`minusma-tui validate` says why)."""
    from tui.core.missions import bundled

    found = (mission_file(m.id, m.path) for m in bundled(root))
    return tuple(m for m in found if m is not None)


def mission_file(mission_id: str, path: Path) -> MissionFile | None:
    """The mission a dataset file is about, from its `[mission]` table alone."""
    table = _mission_table(path)
    name, country = table.get("name"), table.get("country")
    if not isinstance(name, str) or not isinstance(country, str):
        return None
    from tui.core.countries import country_name

    area = table.get("area")
    place = country_name(country)
    return MissionFile(mission_id, path, name, f"{area}, {place}" if area else place)


def _mission_table(path: Path) -> dict[str, Any]:
    """The file's `[mission]` table: the head of the file up to the next table is parsed (a
    dataset is mostly sites and sources, after it); the whole file if that head is no TOML."""
    from tui.core.files import DATASET_LIMIT, read_regular
    from tui.core.loader import parse_toml

    try:
        data = read_regular(path, DATASET_LIMIT)  # a FIFO or a device is refused, never read
    except OSError:
        return {}
    start = data.find(b"\n[mission]")
    end = data.find(b"\n[", start + 1) if start >= 0 else -1
    for chunk in (data[:end], data) if end > 0 else (data,):
        raw, problems = parse_toml(chunk, str(path))
        if raw is not None and not problems:
            mission = raw.get("mission")
            return mission if isinstance(mission, dict) else {}
    return {}


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file (a relative `--data` and the bundled path)."""
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def mission_of(path: str | Path, missions: tuple[MissionFile, ...]) -> MissionFile | None:
    """The bundled mission whose file `path` is, if any."""
    return next((m for m in missions if same_file(m.path, path)), None)
