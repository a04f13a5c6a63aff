"""Compare tab: every bundled mission's drawdown on one axis, days from its decision.

The chart, its legend and its sources are `tui.render.compare`'s (shared with the export); the
missions' datasets are the app's (`AppState.compared`), asked for the first time the tab is
shown and loaded off the event loop, the shown mission always as it is now.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Static

from tui.core.compare import drawdowns, with_shown
from tui.messages import CompareMissions
from tui.render.compare import compare_group
from tui.screens.tab import DashboardTab, ScrollPane

FIXED_LINES = 11
"""Lines that are not the panels' rows and still fit at 80×24: two titles, the axis and its
days, two missions' legends (two or three lines each) and the first two lines of sources."""
MIN_ROWS, MAX_ROWS = 3, 10


class CompareTab(DashboardTab):
    """Sites closed and personnel departed, mission by mission, from the day each decided."""

    DEFAULT_CSS = """
    #compare-scroll {
        height: 1fr;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with ScrollPane(id="compare-scroll"):
            yield Static(Text("Loading the missions…", style="dim"), id="compare-page")

    def on_mount(self) -> None:
        self.watch(self.app, "compared", self._state_changed, init=False)
        super().on_mount()
        if not self.state.compared:
            self.post_message(CompareMissions())

    def update_view(self) -> None:
        loaded = self.state.compared
        if not loaded:
            return  # "Loading the missions…" until they are
        missions = drawdowns(with_shown(loaded, self.state.dataset), self.state.as_of)
        scroll = self.query_one("#compare-scroll", ScrollPane)
        width = (scroll.content_region.width or self.app.size.width - 2) - 1
        height = scroll.content_region.height or self.app.size.height - 4
        rows = min(max((height - FIXED_LINES) // 2, MIN_ROWS), MAX_ROWS)
        self._drawn_for = (width, height)
        page = compare_group(missions, width, rows, title=False)
        self.query_one("#compare-page", Static).update(page)

    def on_resize(self, event: Resize) -> None:
        scroll = self.query_one("#compare-scroll", ScrollPane)
        size = (scroll.content_region.width - 1, scroll.content_region.height)
        if size != getattr(self, "_drawn_for", None):
            self.call_after_refresh(self.update_view)
