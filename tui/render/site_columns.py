"""The Bases table's columns: how wide each would like to be, and how they give way.

The widget (`tui.widgets.site_table`) draws the rows; this decides their widths, with the one
column fitter (`tui.render.column_widths`), from the cells of every site. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from tui.core.model import STATE_LABELS, DatasetView
from tui.render import rows, words
from tui.render.column_widths import Fitted, Shrink, cell_width, fit_columns

STATUS_COLUMN = rows.STATUS_COLUMN
PADDING = 1
"""Blank cells either side of every cell, as DataTable draws them (one, on the left only,
when the columns would not fit the width otherwise)."""
MAX_WIDTH = 30
"""A column is no wider, unless the width has room to spare: one long value ends in "…"
(the detail pane has it in full)."""
MIN_WIDTHS = {
    column: max(least, cell_len(rows.SITE_COLUMNS[column]))
    for column, least in {1: 12, 3: 11, 4: 7, 5: 8, 6: 8}.items()
}
"""How far a column may shrink with its header whole (Site, Status, Region, Handed to,
Contingents): enough to tell the values apart."""
FLOOR = 5
"""How far Region, Handed to and Contingents shrink, their headers cut too ("Contin…"),
before the site's name or its status is cut: at 80 columns both stay whole."""
SHRINK_FIRST = [4, 5, 6]
"""Region, Handed to, Contingents give way first, the widest first; then Site; Status last
(after the name and the date, the cell a row is read for)."""
SHRINK_STAGES = (
    Shrink(SHRINK_FIRST, MIN_WIDTHS),
    Shrink(SHRINK_FIRST, dict.fromkeys(SHRINK_FIRST, FLOOR)),
    Shrink([1], MIN_WIDTHS),
    Shrink([STATUS_COLUMN], MIN_WIDTHS),
)
"""Which columns shrink, and down to what, in turn, until the row fits."""


@dataclass(frozen=True, slots=True)
class SiteColumns:
    """How wide each column would like to be: `natural`, its longest value up to MAX_WIDTH (its
    header with room for the sort arrow; Status wide enough for every state the data has), and
    `full`, its longest value uncapped (room to spare goes to them)."""

    natural: list[int]
    full: list[int]

    def fit(self, available: int) -> Fitted:
        """The widths for a table `available` cells wide: the widest text columns shrink (down
        to MIN_WIDTHS) until the row fits, so Handed to and Contingents are on screen at 80
        columns, Site and Status last; tight, one blank between columns instead of two. If even
        the minimum is wider, the table scrolls sideways; with room to spare (200 columns), the
        cut columns grow, the least cut first. Not laid out yet (0): the natural widths."""
        if available <= 0:
            return Fitted(list(self.natural), 2 * PADDING, fits=False)
        return fit_columns(
            self.natural,
            available,
            gap=2 * PADDING,
            tight_gap=PADDING,
            shrink=SHRINK_STAGES,
            most=self.full,
        )


def measure_sites(dataset: DatasetView) -> tuple[dict[str, tuple[str, ...]], SiteColumns]:
    """Each site's cells (its status as of its last change: a date swaps only the status),
    and how wide each column would like to be."""
    cells: dict[str, tuple[str, ...]] = {}
    widths = [cell_len(name) + 2 for name in rows.SITE_COLUMNS]  # + the sort arrow
    full = list(widths)
    occurring = {"open", "partial", *(c.state for s in dataset.sites for c in s.states)}
    labels = [STATE_LABELS[state] for state in occurring]
    longest = max(map(cell_len, labels)) + cell_len(words.DISPUTED_MARK)
    widths[STATUS_COLUMN] = max(widths[STATUS_COLUMN], longest)
    for site in dataset.sites:
        row = rows.site_row(site, site.final_state, dataset=dataset)
        cells[site.id] = row
        for column, cell in enumerate(row):
            if column != STATUS_COLUMN:
                length = cell_width(cell)
                if length > widths[column]:
                    widths[column] = min(length, MAX_WIDTH)
                if length > full[column]:
                    full[column] = length
    full[STATUS_COLUMN] = widths[STATUS_COLUMN]
    return cells, SiteColumns(widths, full)
