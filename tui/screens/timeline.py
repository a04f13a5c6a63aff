"""Timeline tab: the drawdown chart, the personnel counts and the dated events."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable

from tui.render import summary
from tui.render.chart import DrawdownChart
from tui.screens.tab import DashboardTab, KeyTable

if TYPE_CHECKING:
    from tui.app import MinusmaApp


class DrawdownView(Widget):
    """The chart of `tui.render.chart`, fitted to the space it is given."""

    def render(self) -> RenderableType:
        app = cast("MinusmaApp", self.app)
        return DrawdownChart(app.snapshot, height=max(self.content_size.height, 1))


class TimelineTab(DashboardTab):
    """The counts and events up to the as-of date, and nothing after it (the snapshot has
    none: "as of D" is the state on D); the departures chart above."""

    KEY_WIDGETS = (KeyTable,)

    def compose(self) -> ComposeResult:
        yield DrawdownView(id="drawdown-chart")
        yield KeyTable(id="personnel-table")
        yield KeyTable(id="events-table")

    def update_view(self) -> None:
        snap = self.minusma.snapshot
        self.query_one(DrawdownView).refresh()

        personnel = self.query_one("#personnel-table", DataTable)
        personnel.clear(columns=True)
        personnel.add_columns("Date", "Departed", "Of total", "Uniformed", "Civilian", "Sources")
        for count in snap.personnel_counts:
            date, departed, total, uniformed, civilian, sources = summary.personnel_row(count)
            personnel.add_row(
                Text(date),
                Text(departed, justify="right"),
                Text(total, justify="right"),
                Text(uniformed),
                Text(civilian),
                Text(sources, style="dim"),
            )

        events = self.query_one("#events-table", DataTable)
        events.clear(columns=True)
        events.add_columns("Date", "Event", "Sources")
        for event in snap.events:
            date, title, sources = summary.event_row(event)
            events.add_row(Text(date), Text(title), Text(sources, style="dim"))
