"""What screens and widgets may read of the app's state: a protocol, so none imports the app.

The app (tui/app.py) owns these as reactives and is the only one that sets them; a screen reads
them through `AppState` (`state(self.app)`), follows them with `self.watch(self.app, "as_of",
...)`, and asks for changes with the messages of tui/messages.py.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tui.core.config import Config
    from tui.core.mission_files import MissionFile
    from tui.core.model import Dataset, Snapshot
    from tui.core.navigation import History, TabView


class AppState(Protocol):
    """The shared state, read-only for its readers."""

    @property
    def dataset(self) -> Dataset:
        """The last good dataset; a bad reload never replaces it."""

    @property
    def as_of(self) -> dt.date:
        """The date the whole app shows the state on."""

    @property
    def known(self) -> bool:
        """As known then: only facts a source published by the as-of date reports (`K`)."""

    @property
    def selected_site(self) -> str | None:
        """The site the Bases tab, the map and `n`/`p` share."""

    @property
    def selected_source(self) -> str | None:
        """The source the Sources tab shows."""

    @property
    def history(self) -> History:
        """Where the user was before each drill-down or go-to (tui/core/navigation.py)."""

    @property
    def view(self) -> TabView:
        """The tab to show (and, going back, who gets the keys)."""

    @property
    def config(self) -> Config: ...

    @property
    def missions(self) -> tuple[MissionFile, ...]:
        """The bundled missions the dashboard can switch to (`:`, the palette, `M`)."""

    @property
    def compared(self) -> tuple[Dataset, ...]:
        """Every bundled mission's dataset, for the Compare tab: empty until it asks for them
        (`CompareMissions`), loaded off the event loop (the one shown is `dataset`)."""

    @property
    def snapshot(self) -> Snapshot:
        """The state on the as-of date, in the current mode."""


def state(app: object) -> AppState:
    """The running app as the state it shares (what a screen's `self.app` is)."""
    return app  # type: ignore[return-value]
