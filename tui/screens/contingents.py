"""Contingents tab: by contributing country, where each served, when it left, with figures."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.core.model import NOT_REPORTED, ContingentStatus
from tui.messages import OpenSite
from tui.render import summary
from tui.render.figures import countries_line
from tui.screens.tab import DashboardTab, KeyTable, TableRow

COLUMNS = summary.CONTINGENT_COLUMNS
SHRINK = {"Country": 10, "Site": 10, "Figure date": 8, "Unit": 10, "Sources": 8}
"""The columns cut with "…" to fit the width (the full text is in the Bases detail)."""
HIDE = ("Unit", "Figure date", "Sources", "Kind")
"""Hidden in this order when even cut they do not fit: the posting's site, which enter opens
on Bases, lists each posting whole with its unit, figure date and sources."""


class ContingentsTab(DashboardTab):
    """One row per posting, grouped by country (named on its first row); presence follows the
    as-of date. A figure is shown only when a source gives one, with its kind."""

    KEY_WIDGETS = (KeyTable,)
    _postings: list[ContingentStatus] = []
    """The rows' postings, by row key (the key is the index)."""

    def compose(self) -> ComposeResult:
        yield Static(id="countries-summary")
        yield KeyTable(
            id="contingents-table",
            label="Contingents",
            group_column=0,
            shrink=SHRINK,
            hide=HIDE,
            sort_column=0,  # the countries in alphabetical order, as `Snapshot.countries` are
        )

    def update_view(self) -> None:
        snap = self.state.snapshot
        countries = snap.countries
        postings = sum(len(site.contingents) for site in snap.dataset.sites)
        unreported = postings - len(snap.contingent_statuses)  # "as known then" leaves out
        self.query_one("#countries-summary", Static).update(
            Text(
                countries_line(snap) + ". Reported = a headcount; estimate = an early-2023 "
                "Geo-PKO map estimate, not a withdrawal-era strength; * = by its site's "
                "closure at the latest."
                + (
                    f" {unreported} more posting{'s' if unreported > 1 else ''} {NOT_REPORTED}."
                    if unreported
                    else ""
                )
            )
        )
        self._postings = [post for record in countries for post in record.postings]
        rows = []
        for index, post in enumerate(self._postings):
            values = summary.contingent_row(snap, post)
            cells = dict(zip(COLUMNS, values, strict=True))
            rows.append(
                TableRow(
                    tuple(self._cell(column, cells[column], post) for column in COLUMNS),
                    key=str(index),
                    values=values,
                )
            )
        self.query_one(KeyTable).set_rows(COLUMNS, rows)

    @on(DataTable.RowSelected, "#contingents-table")
    def _on_select(self, event: DataTable.RowSelected) -> None:
        """Enter on a posting: its site on the Bases tab."""
        key = event.row_key.value if event.row_key is not None else None
        if key is not None and key.isdigit() and int(key) < len(self._postings):
            self.post_message(OpenSite(self._postings[int(key)].site.id))

    @staticmethod
    def _cell(column: str, value: str, post: ContingentStatus) -> Text:
        if column == "Country":  # shown once per run of postings (KeyTable's group_column)
            return Text(value, style="bold")
        if column == "Figure":
            return Text(value, justify="right")
        if column == "Status":
            return summary.presence_text(post.present)
        if column == "Sources":
            return Text(value, style="dim")
        return Text(value)
