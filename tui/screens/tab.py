"""The base of every dashboard tab: re-render when the dataset or the as-of date changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.containers import Container

if TYPE_CHECKING:
    from tui.app import MinusmaApp


class DashboardTab(Container):
    """A tab's content. Subclasses compose their widgets and implement `update_view`.

    Tabs are mounted the first time they are shown (see DashboardScreen), then follow the app's
    shared state through watchers, so a tab never reads files or keeps its own copy of figures.
    """

    DEFAULT_CLASSES = "dashboard-tab"

    @property
    def minusma(self) -> MinusmaApp:
        return cast("MinusmaApp", self.app)

    def on_mount(self) -> None:
        self.watch(self.app, "dataset", self._state_changed, init=False)
        self.watch(self.app, "as_of", self._state_changed, init=False)
        self.update_view()

    def _state_changed(self) -> None:
        self.update_view()

    def update_view(self) -> None:
        """Show the app's current snapshot. Called on mount and on every change."""
