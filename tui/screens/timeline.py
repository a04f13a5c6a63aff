"""Timeline tab: the drawdown chart, the personnel counts and the dated events."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget

from tui.core.state import state
from tui.render import summary
from tui.render.chart import DrawdownChart
from tui.screens.tab import DashboardTab, KeyTable, TableRow

PERSONNEL_COLUMNS = ("Date", "Departed", "Of total", "Uniformed", "Civilian", "Sources")
EVENT_COLUMNS = ("Date", "Event", "Sources")


class DrawdownView(Widget):
    """The chart of `tui.render.chart`, fitted to the space it is given."""

    def render(self) -> RenderableType:
        return DrawdownChart(state(self.app).snapshot, height=max(self.content_size.height, 1))


class TimelineTab(DashboardTab):
    """The counts and events up to the as-of date, and nothing after it (the snapshot has
    none: "as of D" is the state on D); the departures chart above."""

    KEY_WIDGETS = (KeyTable,)

    def compose(self) -> ComposeResult:
        yield DrawdownView(id="drawdown-chart")
        # The events first: the tab's main table, which gets the keys when the tab opens.
        # Both come in date order, shown as a sort by Date (▲).
        # Enter on a row shows it whole with its sources (an event cut to "…" at 80 columns).
        yield KeyTable(
            id="events-table",
            label="Events",
            shrink={"Event": 20, "Sources": 8},
            hide=("Sources",),
            sort_column=0,
            reads="Event",
        )
        # Figures are never cut ("1,096 of 12…"): too narrow, a column of them is hidden.
        yield KeyTable(
            id="personnel-table",
            label="Personnel",
            shrink={"Sources": 8},
            hide=("Civilian", "Of total", "Uniformed", "Sources"),
            sort_column=0,
            reads="Personnel count",
        )

    def update_view(self) -> None:
        snap = self.state.snapshot
        self.query_one(DrawdownView).refresh()

        personnel = self.query_one("#personnel-table", KeyTable)
        rows = []
        for count in snap.personnel_counts:
            date, departed, total, uniformed, civilian, sources = summary.personnel_row(count)
            cells = (
                Text(date),
                Text(departed, justify="right"),
                Text(total, justify="right"),
                Text(uniformed),
                Text(civilian),
                Text(sources, style="dim"),
            )
            rows.append(TableRow(cells, sources=count.sources))
        personnel.set_rows(PERSONNEL_COLUMNS, rows)

        events = self.query_one("#events-table", KeyTable)
        rows = []
        for index, event in enumerate(snap.events):
            date, title, sources = summary.event_row(event)
            line = (Text(date), Text(title), Text(sources, style="dim"))
            rows.append(TableRow(line, key=str(index), sources=event.sources, site=event.site))
        events.set_rows(EVENT_COLUMNS, rows)
