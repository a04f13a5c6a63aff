"""Any mission: switching the dashboard to another bundled mission, and loading them all for the
Compare tab.

A base class of `MinusmaApp` (tui/app.py), as `NavigatingApp` is: the app stays the composition
root. A mission is chosen by `:` or the palette (a `mission` go-to target, tui/screens/goto.py)
or `M` (a picker); its file is loaded off the event loop through the cache (`tui.core.cache`: a
second time it takes a few milliseconds), then every tab shows it from its first site and its
latest date, and the file watcher, if on, follows the new file. A switch is a new start: back
does not lead into the other mission (its sites and sources are not this one's).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual import on
from textual.reactive import var

from tui import messages as msg
from tui.core.mission_files import MissionFile, bundled_missions, same_file
from tui.core.model import Dataset
from tui.core.state import state
from tui.navigator import NavigatingApp

if TYPE_CHECKING:
    from rich.text import Text


class _Shown(Protocol):
    """What a switch changes of the app's state (its reactives, declared on `MinusmaApp`)."""

    dataset: Dataset
    as_of: dt.date
    reload_problems: Text | None
    data_path: Path | None
    watch_file: bool
    watch_interval: float


class MissionsApp(NavigatingApp):
    """The missions the dashboard can show, and the switch between them."""

    compared: var[tuple[Dataset, ...]] = var(())
    """Every bundled mission's dataset, loaded when the Compare tab first asks."""

    @property
    def missions(self) -> tuple[MissionFile, ...]:
        """The bundled missions (MINUSMA, then `data/missions/*.toml`)."""
        return bundled_missions()

    @property
    def _shown(self) -> _Shown:
        return cast("_Shown", self)

    def watch_data_file(self) -> None:
        """Reload the shown dataset when its file changes (`--no-watch`: never)."""
        shown = self._shown
        if shown.watch_file and shown.data_path is not None:
            from tui.reload import watch_dataset

            watcher = watch_dataset(self.post_message, shown.data_path, shown.watch_interval)
            self.run_worker(watcher, name="dataset-watch", group="dataset-watch", exclusive=True)

    def from_shown_file(self, dataset: Dataset) -> bool:
        """Whether a reloaded dataset is the shown mission's (not one left by a switch)."""
        path = self._shown.data_path
        return path is None or same_file(dataset.path, path)

    def action_pick_mission(self) -> None:
        """`M`: a list of the bundled missions; the one chosen is shown."""
        from tui.screens.missions import MissionPicker

        if not isinstance(self.screen, MissionPicker):
            picker = MissionPicker(self.missions, state(self).dataset.path)
            self.push_screen(picker, self._mission_picked)

    def _mission_picked(self, mission_id: str | None) -> None:
        if mission_id is not None:
            self.switch_mission(mission_id)

    def switch_mission(self, mission_id: str) -> None:
        """Show another bundled mission (loaded off the event loop; the same one: say so)."""
        chosen = next((m for m in self.missions if m.id == mission_id), None)
        if chosen is None:
            self.notify(f"No bundled mission {mission_id!r}.", severity="error", markup=False)
        elif same_file(chosen.path, state(self).dataset.path):
            self.notify(f"{chosen.title} is the mission shown.", markup=False)
        else:
            work = self._load_mission(chosen)
            self.run_worker(work, name="mission-load", group="mission-load", exclusive=True)

    async def _load_mission(self, chosen: MissionFile) -> None:
        loaded = next((d for d in self.compared if same_file(d.path, chosen.path)), None)
        if loaded is None:
            found = await _load((chosen,))
            if not found:
                self.notify(f"{chosen.title} does not load.", severity="error", markup=False)
                return
            loaded = found[0]
        self.show_mission(loaded, chosen.path)

    def show_mission(self, dataset: Dataset, path: Path) -> None:
        """Every tab shows `dataset` (read from `path`): its first site, its latest date."""
        shown = self._shown
        with self.batch_update():
            self.history = ()
            shown.data_path = path
            shown.dataset = dataset
            shown.as_of = dataset.latest_date
            self.selected_site = dataset.sites[0].id if dataset.sites else None
            self.selected_source = None
            shown.reload_problems = None  # the other file's problems are not this one's
        self.watch_data_file()
        self.notify(f"Showing {dataset.mission.name} ({dataset.country_label}).", markup=False)

    @on(msg.CompareMissions)
    def _compare_missions(self) -> None:
        """The Compare tab wants every mission: loaded once, off the event loop."""
        if not self.compared:
            self.run_worker(self._load_compared(), group="compare-load", exclusive=True)

    async def _load_compared(self) -> None:
        shown = state(self).dataset
        missions = self.missions
        others = tuple(m for m in missions if not same_file(m.path, shown.path))
        loaded = [shown, *await _load(others)]
        found = (next((d for d in loaded if same_file(d.path, m.path)), None) for m in missions)
        self.compared = tuple(d for d in found if d is not None)  # in the bundled order


async def _load(missions: tuple[MissionFile, ...]) -> list[Dataset]:
    """The missions' datasets, through the cache, in a thread (those that do not load: left
    out; `minusma-tui validate` says why)."""
    from tui.core.cache import load_dataset_cached
    from tui.core.loader import DatasetError
    from tui.reload import off_the_loop

    def load() -> list[Dataset]:
        found = []
        for mission in missions:
            try:
                found.append(load_dataset_cached(mission.path))
            except DatasetError:
                continue
        return found

    return await off_the_loop(load)
