"""Timeline tab: the drawdown chart, the personnel counts and the dated events."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable

from tui.core.model import Event
from tui.core.state import state
from tui.messages import OpenSite
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
    _events: tuple[Event, ...] = ()
    """The events table's events, by row key (the key is the index)."""

    def compose(self) -> ComposeResult:
        yield DrawdownView(id="drawdown-chart")
        # The events first: the tab's main table, which gets the keys when the tab opens.
        # Both come in date order, shown as a sort by Date (▲).
        yield KeyTable(
            id="events-table",
            label="Events",
            shrink={"Event": 20, "Sources": 8},
            sort_column=0,
        )
        yield KeyTable(
            id="personnel-table",
            label="Personnel",
            shrink={"Uniformed": 8, "Civilian": 8, "Sources": 8},
            sort_column=0,
            opens=False,
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
            rows.append(TableRow(cells))
        personnel.set_rows(PERSONNEL_COLUMNS, rows)

        self._events = snap.events
        events = self.query_one("#events-table", KeyTable)
        rows = []
        for index, event in enumerate(snap.events):
            date, title, sources = summary.event_row(event)
            line = (Text(date), Text(title), Text(sources, style="dim"))
            rows.append(TableRow(line, key=str(index)))
        events.set_rows(EVENT_COLUMNS, rows)

    @on(DataTable.RowSelected, "#events-table")
    def _on_event_selected(self, message: DataTable.RowSelected) -> None:
        """Enter on an event about a site: that site on the Bases tab."""
        key = message.row_key.value if message.row_key is not None else None
        if key is None or not key.isdigit() or int(key) >= len(self._events):
            return
        site = self._events[int(key)].site
        if site is not None and site in self.state.dataset.site_index:
            self.post_message(OpenSite(site))
        else:
            self.notify("This event is about no one site.", timeout=2)
