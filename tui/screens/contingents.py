"""Contingents tab: by contributing country, where each served, when it left, with figures."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.core.model import KIND_LABELS
from tui.render import summary
from tui.screens.tab import DashboardTab, KeyTable, clip

COLUMNS = ("Country", "Site", "Figure", "Kind", "Left", "Status", "Figure date", "Unit", "Sources")
"""The columns that matter most come first, so they fit in 80 columns; the rest scroll."""


class ContingentsTab(DashboardTab):
    """One row per posting, grouped by country (named on its first row); presence follows the
    as-of date. A figure is shown only when a source gives one, with its kind."""

    KEY_WIDGETS = (KeyTable,)

    def compose(self) -> ComposeResult:
        yield Static(id="countries-summary")
        yield KeyTable(id="contingents-table")

    def on_mount(self) -> None:
        self.query_one(KeyTable).add_columns(*COLUMNS)
        super().on_mount()

    def update_view(self) -> None:
        snap = self.minusma.snapshot
        countries = snap.countries
        present = sum(1 for c in countries if c.present)
        with_site = sum(1 for c in countries if c.at_open_site)
        self.query_one("#countries-summary", Static).update(
            Text(
                f"{len(countries)} countries on {summary.fmt_date(snap.as_of)}: {present} known "
                f'present, {with_site} more at sites still open (status "site open": no source '
                "dates their departure). Reported = a headcount; estimate = a Geo-PKO unit "
                "size; * = by its site's closure at the latest."
            )
        )
        table = self.query_one(KeyTable)
        row = table.cursor_row
        table.clear()
        for record in countries:
            for index, post in enumerate(record.postings):
                c = post.contingent
                table.add_row(
                    clip(c.country, 16, "bold") if index == 0 else Text(""),
                    clip(post.site.name, 20),
                    Text(summary.fmt_int(c.figure), justify="right"),
                    Text(KIND_LABELS[c.kind] if c.kind else ""),
                    Text(
                        "—"
                        if post.left_known is None
                        else summary.fmt_date(post.left_known) + ("" if c.left else "*")
                    ),
                    summary.presence_text(post.present),
                    Text(c.figure_date or ""),
                    clip(c.unit or summary.UNKNOWN, 32),
                    Text(summary.cite(c.sources), style="dim"),
                )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
