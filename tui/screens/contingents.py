"""Contingents tab: by contributing country, where each served, when it left, with figures."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.core.model import NOT_REPORTED, ContingentStatus
from tui.render import summary
from tui.screens.tab import DashboardTab, KeyTable, clip

COLUMNS = summary.CONTINGENT_COLUMNS
CLIPS = {"Country": 16, "Site": 20, "Unit": 32}
"""Cells cut to this many cells (the full text is in the Bases detail)."""


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
        postings = sum(len(site.contingents) for site in snap.dataset.sites)
        unreported = postings - len(snap.contingent_statuses)  # "as known then" leaves out
        self.query_one("#countries-summary", Static).update(
            Text(
                f"{len(countries)} countries on {summary.fmt_date(snap.as_of)}: {present} known "
                f'present, {with_site} more at sites still open (status "site open": no source '
                "dates their departure). Reported = a headcount; estimate = an early-2023 "
                "Geo-PKO map estimate, not a withdrawal-era strength; * = by its site's "
                "closure at the latest."
                + (f" {unreported} more postings {NOT_REPORTED}." if unreported else "")
            )
        )
        table = self.query_one(KeyTable)
        row = table.cursor_row
        table.clear()
        for record in countries:
            for index, post in enumerate(record.postings):
                cells = dict(zip(COLUMNS, summary.contingent_row(snap, post), strict=True))
                table.add_row(
                    *(self._cell(column, cells[column], post, index) for column in COLUMNS)
                )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    @staticmethod
    def _cell(column: str, value: str, post: ContingentStatus, index: int) -> Text:
        if column == "Country":
            return clip(value, CLIPS[column], "bold") if index == 0 else Text("")
        if column in CLIPS:
            return clip(value, CLIPS[column])
        if column == "Figure":
            return Text(value, justify="right")
        if column == "Status":
            return summary.presence_text(post.present)
        if column == "Sources":
            return Text(value, style="dim")
        return Text(value)
