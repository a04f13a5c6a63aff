"""Map tab: the sites on Mali's outline (built in issue 6/6)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.screens.tab import DashboardTab


class MapTab(DashboardTab):
    def compose(self) -> ComposeResult:
        yield Static("The map is being built.", id="map-placeholder")
