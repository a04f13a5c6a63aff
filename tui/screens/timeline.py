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
    """Events up to the as-of date in full, later ones dimmed; the departures chart above."""

    KEY_WIDGETS = (KeyTable,)

    def compose(self) -> ComposeResult:
        yield DrawdownView(id="drawdown-chart")
        yield KeyTable(id="personnel-table")
        yield KeyTable(id="events-table")

    def update_view(self) -> None:
        snap = self.minusma.snapshot
        dataset = snap.dataset
        self.query_one(DrawdownView).refresh()

        personnel = self.query_one("#personnel-table", DataTable)
        personnel.clear(columns=True)
        personnel.add_columns("Date", "Departed", "Of total", "Uniformed", "Civilian", "Sources")
        for p in dataset.personnel:
            style = "" if p.date <= snap.as_of else "dim"
            personnel.add_row(
                Text(summary.fmt_date(p.date), style=style),
                Text(
                    f"{p.qualifier + ' ' if p.qualifier else ''}{p.departed:,}",
                    style=style,
                    justify="right",
                ),
                Text(summary.fmt_int(p.total), style=style, justify="right"),
                Text(_pair(p.uniformed_departed, p.uniformed_total), style=style),
                Text(_pair(p.civilian_departed, p.civilian_total), style=style),
                Text(summary.cite(p.sources), style="dim"),
            )

        events = self.query_one("#events-table", DataTable)
        events.clear(columns=True)
        events.add_columns("Date", "Event", "Sources")
        for event in dataset.events:
            date, title, sources = summary.event_row(event)
            style = "" if event.date <= snap.as_of else "dim"
            events.add_row(
                Text(date, style=style), Text(title, style=style), Text(sources, style="dim")
            )


def _pair(done: int | None, total: int | None) -> str:
    if done is None:
        return summary.UNKNOWN
    return f"{done:,}" + (f" of {total:,}" if total is not None else "")
