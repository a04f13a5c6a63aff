"""Timeline tab: the personnel series (sparkline and table) and the dated events."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Sparkline, Static

from tui import summary
from tui.screens.tab import DashboardTab


class TimelineTab(DashboardTab):
    """Events up to the as-of date in full, later ones dimmed; the departures series above."""

    def compose(self) -> ComposeResult:
        yield Static("Personnel departed, by dated count", classes="section-title")
        yield Sparkline([], id="personnel-sparkline")
        yield Static(id="personnel-caption")
        yield DataTable(id="personnel-table", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="events-table", cursor_type="row", zebra_stripes=True)

    def update_view(self) -> None:
        snap = self.minusma.snapshot
        dataset = snap.dataset
        past = [p for p in dataset.personnel if p.date <= snap.as_of]
        self.query_one("#personnel-sparkline", Sparkline).data = [p.departed for p in past] or [0]
        self.query_one("#personnel-caption", Static).update(summary.personnel_line(snap))

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
