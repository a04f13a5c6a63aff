"""Contingents tab: by contributing country, where each served, when it left, with figures."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import summary
from tui.screens.tab import DashboardTab


class ContingentsTab(DashboardTab):
    """One row per contingent posting, grouped by country; presence follows the as-of date."""

    BINDINGS = [
        Binding("j", "table_down", "Down", show=False),
        Binding("k", "table_up", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="countries-summary")
        yield DataTable(id="contingents-table", cursor_type="row", zebra_stripes=True)

    def update_view(self) -> None:
        snap = self.minusma.snapshot
        countries = snap.countries
        present = sum(1 for c in countries if c.present)
        self.query_one("#countries-summary", Static).update(
            f"{len(countries)} contributing countries named in the data; "
            f"{present} still had a contingent at a site on {summary.fmt_date(snap.as_of)}. "
            "Figures: reported = a headcount in a source; estimate = a unit size (Geo-PKO)."
        )
        table = self.query_one("#contingents-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("Country", "Site", "Unit", "Figure", "Kind", "Left", "On date", "Sources")
        for record in countries:
            for post in record.postings:
                c = post.contingent
                table.add_row(
                    Text(c.country, style="bold"),
                    Text(post.site.name),
                    Text(c.unit or summary.UNKNOWN),
                    Text(summary.fmt_int(c.figure), justify="right"),
                    Text(
                        f"{c.kind}{', ' + c.figure_date if c.figure_date else ''}" if c.kind else ""
                    ),
                    Text(summary.fmt_date(post.left_on) + ("" if c.left else " (site)")),
                    Text(
                        "present" if post.present else "gone",
                        style="bold" if post.present else "dim",
                    ),
                    Text(summary.cite(c.sources), style="dim"),
                )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def action_table_down(self) -> None:
        self.query_one("#contingents-table", DataTable).action_cursor_down()

    def action_table_up(self) -> None:
        self.query_one("#contingents-table", DataTable).action_cursor_up()
