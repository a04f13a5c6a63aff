"""The Bases table's columns: how wide each would like to be, and how they give way.

The widget (`tui.widgets.site_table`) draws the rows; this decides their widths, with the one
column fitter (`tui.render.column_widths`), from the cells of every site. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from tui.core.model import STATE_LABELS, DatasetView
from tui.render import rows, words
from tui.render.column_hiding import hide_columns
from tui.render.column_widths import Shrink, cell_width, fit_columns

STATUS_COLUMN = rows.STATUS_COLUMN
PADDING = 1
"""Blank cells either side of every cell, as DataTable draws them (one, on the left only,
when the columns would not fit the width otherwise)."""
MAX_WIDTH = 30
"""A column is no wider, unless the width has room to spare: one long value ends in "…"
(the detail pane has it in full)."""
USEFUL = 11
"""A cut Region, Handed to or Contingents says what it is from this width on ("Malian aut…",
"Timbuktu r…"); narrower ("Regi…", "Mali…") it tells nothing, and the column is hidden."""
MIN_WIDTHS = {
    column: max(least, cell_len(rows.SITE_COLUMNS[column]))
    for column, least in {1: 12, 3: 11}.items()
} | {column: max(USEFUL, cell_len(rows.SITE_COLUMNS[column]) + 2) for column in (4, 5, 6)}
"""How far a column may shrink with its header whole (Site, Status) or its values still telling
rows apart (Region, Handed to, Contingents, with room for the sort arrow)."""
SHRINK_FIRST = [4, 5, 6]
"""Region, Handed to, Contingents give way first, the widest first, down to USEFUL."""
HIDE_ORDER = [4, 6, 5]
"""Then they are hidden, Region first (the detail pane and the map have it), then Contingents;
Handed to, what the withdrawal left the site to, last. Only then do Site and Status shrink
(after the name and the date, the cell a row is read for)."""
SHRINK_LAST = [1, STATUS_COLUMN]


@dataclass(frozen=True, slots=True)
class SiteFit:
    """The widths of the columns shown (`shown`: their indexes in `rows.SITE_COLUMNS`), the gap,
    whether they fit, and the columns hidden at this width."""

    widths: list[int]
    gap: int
    fits: bool
    shown: tuple[int, ...]
    hidden: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SiteColumns:
    """How wide each column would like to be: `natural`, its longest value up to MAX_WIDTH (its
    header with room for the sort arrow; Status wide enough for every state the data has), and
    `full`, its longest value uncapped (room to spare goes to them)."""

    natural: list[int]
    full: list[int]

    def fit(self, available: int) -> SiteFit:
        """The widths for a table `available` cells wide: the widest text columns shrink (down
        to MIN_WIDTHS) until the row fits; tight, one blank between columns instead of two;
        still too wide, Region, Contingents and Handed to are hidden in turn (HIDE_ORDER) rather
        than cut to a stub; then Site and Status shrink, and if even that is wider, the table
        scrolls sideways. With room to spare (200 columns), the cut columns grow, the least cut
        first. Not laid out yet (0): the natural widths, every column."""
        count = len(self.natural)
        if available <= 0:
            every = tuple(range(count))
            return SiteFit(list(self.natural), 2 * PADDING, False, every, ())
        floors = [
            min(width, MIN_WIDTHS[column]) if column in SHRINK_FIRST else width
            for column, width in enumerate(self.natural)
        ]
        hiding = hide_columns(floors, available, HIDE_ORDER, gaps=(2 * PADDING, PADDING))
        shown = hiding.shown(count)
        at = {column: index for index, column in enumerate(shown)}
        stages = [
            Shrink(
                [at[c] for c in columns if c in at],
                {at[c]: MIN_WIDTHS[c] for c in columns if c in at},
            )
            for columns in (SHRINK_FIRST, *([c] for c in SHRINK_LAST))
        ]
        fitted = fit_columns(
            [self.natural[c] for c in shown],
            available,
            gap=hiding.gap,
            shrink=stages,
            most=[self.full[c] for c in shown],
        )
        return SiteFit(fitted.widths, fitted.gap, fitted.fits, tuple(shown), hiding.hidden)


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
