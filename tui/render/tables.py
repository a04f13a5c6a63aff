"""The summary's tables (phases, sites, events, sources), drawn so that no word is cut in two.
No Textual import.

Each is a `WholeTable`: its columns are fitted by the one column fitter (`fit_columns`), each
at least as wide as its longest word (a URL: its host), so every cell wraps between words.
Where the page is too narrow for that at a useful width, the table is printed as one block per
row (`tui.render.blocks`) instead. It writes its own lines, as styled text for Rich (the TUI's
Overview, the ansi, html and svg exports) and as plain strings for the txt export: the same
lines either way, and at 10,000 sites no Rich table layout to wait for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.model import Event, Snapshot
from tui.render.blocks import Block, Run, RunLines, block_lines, least_text_width, wrap
from tui.render.column_widths import cell_width, fit_columns
from tui.render.rows import SITE_COLUMNS, STATUS_COLUMN, event_row, phase_rows, site_row, source_row
from tui.render.words import DISPUTED_MARK, STATE_STYLES

GAP = 3
"""Blank cells a column takes besides its text: one either side and one between (the rule
under the header is one cell in from the left edge)."""
SHORT = 24
"""A column whose longest cell is no wider is short: it is made whole before the long ones
share the room left."""


@dataclass(frozen=True, slots=True)
class Column:
    """A column: `weight`, its share of the room left once every column has its longest word
    (0: never wider than that, e.g. a date); `least`, the narrowest it is of use at (a text
    column one word wide reads as a list of words); `role` as a block: its row's `heading`, a
    `field` (`header: value`), or `after` the field before it, on the same line."""

    header: str
    weight: int = 1
    least: int = 0
    role: Literal["heading", "field", "after"] = "field"


class WholeTable(RunLines):
    """A titled table whose cells keep every word whole, or, on a page too narrow for that, one
    block per row. `styles`, if given, is a style per cell, row by row."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        styles: Sequence[Sequence[str]] | None = None,
    ) -> None:
        self.title = title
        self.columns = tuple(columns)
        self.rows = rows
        self.styles = styles

    def widths(self, width: int) -> list[int] | None:
        """The columns' widths on a page `width` wide, or None where they would not fit at
        their longest words and useful widths (then the rows are printed as blocks)."""
        columns = self.columns
        # Each distinct cell once: regions, states, receivers and contingents repeat.
        cells = [set(col) for col in zip(*self.rows, strict=True)] if self.rows else []
        cells += [set() for _ in range(len(columns) - len(cells))]
        longest, floors = [], []
        for column, distinct in zip(columns, cells, strict=True):
            header = cell_width(column.header)
            most = max([header, *(cell_width(line) for c in distinct for line in c.split("\n"))])
            word = max([header, *map(least_text_width, distinct)])
            longest.append(most)
            floors.append(most if column.weight == 0 else min(most, max(word, column.least)))
        weights = [column.weight for column in columns]
        # First the short columns whole (a status, a name), the least cut first: each on one
        # line is worth more than a long text (a receiver) a line shorter; then the room left
        # by weight.
        short = [
            most if most <= SHORT else floor for most, floor in zip(longest, floors, strict=True)
        ]
        fitted = fit_columns(floors, width - 1, gap=GAP, most=short)
        if not fitted.fits:
            return None
        return fit_columns(fitted.widths, width - 1, gap=GAP, most=longest, weights=weights).widths

    def lines(self, width: int) -> list[list[Run]]:
        """The table's lines on a page `width` wide, each a list of (text, style) runs."""
        out: list[list[Run]] = [[(line, "bold")] for line in wrap(self.title, width)]
        out.append([])  # a blank line under the title, as Rich's SIMPLE_HEAD box draws it
        widths = self.widths(width)
        if widths is None:
            return out + block_lines(self._blocks(), width)
        header = [column.header for column in self.columns]
        out += _row(header, ["bold"] * len(header), widths)
        out.append([(" " + "─" * (sum(widths) + GAP * len(widths) - 1), "")])
        plain = [""] * len(self.columns)
        for index, row in enumerate(self.rows):
            out += _row(row, self.styles[index] if self.styles else plain, widths)
        out.append([])
        return out

    def _blocks(self) -> list[Block]:
        """Each row as a block: its heading cells, then `header: value` fields."""
        blocks = []
        for index, row in enumerate(self.rows):
            styles = self.styles[index] if self.styles else [""] * len(row)
            heading: list[str] = []
            fields: list[tuple[str, str, str]] = []
            for column, cell, style in zip(self.columns, row, styles, strict=True):
                if column.role == "heading":
                    heading.append(cell)
                elif column.role == "after" and fields and cell:
                    label, value, first_style = fields[-1]
                    fields[-1] = (label, f"{value}  {cell}", first_style)
                elif cell:
                    fields.append((column.header, cell, style))
            blocks.append(Block(heading, fields))
        return blocks


def _row(cells: Sequence[str], styles: Sequence[str], widths: Sequence[int]) -> list[list[Run]]:
    """One table row: each cell wrapped to its column, side by side, a gap between."""
    if all(
        len(c) <= w and c.isascii() and c.isprintable() for c, w in zip(cells, widths, strict=True)
    ):
        parts: list[list[str]] = [[c] for c in cells]  # the common case: one line each
    else:
        parts = [
            wrap(cell, width) if cell else [""] for cell, width in zip(cells, widths, strict=True)
        ]
    height = max(map(len, parts))
    lines: list[list[Run]] = []
    for y in range(height):
        line: list[Run] = []
        gap = " " * (GAP - 1)  # the left edge and the first cell's padding
        for cell_lines, style, width in zip(parts, styles, widths, strict=True):
            text = cell_lines[y] if y < len(cell_lines) else ""
            line += [(gap, ""), (text, style)]
            gap = " " * (width - cell_width(text) + GAP)
        while line and not line[-1][0].strip():  # no padding after the last text
            line.pop()
        lines.append(line)
    return lines


def phase_table(snap: Snapshot) -> WholeTable:
    columns = (
        Column("Phase", weight=1, role="heading"),
        Column("Dates", weight=2, least=10),
        Column("Sites closed", weight=0),
        Column("", weight=0, role="after"),
    )
    return WholeTable("By phase", columns, phase_rows(snap))


def events_table(events: Sequence[Event], title: str = "Latest events") -> WholeTable:
    columns = (
        Column("Date", weight=0, role="heading"),
        Column("Event", weight=4, least=24, role="heading"),
        Column("Sources", weight=1, least=15),  # "[S03, S01, S02]" on one line
    )
    rows = [event_row(event) for event in events]
    return WholeTable(title, columns, rows, [("", "", "dim")] * len(rows))


SITE_COLUMN_SPECS: tuple[Column, ...] = (
    Column("#", weight=0, role="heading"),
    Column("Site", weight=2, role="heading"),
    Column("Date", weight=1),  # a plan still to come ("planned: first weeks of December 2023")
    Column("Status", weight=1, least=11),  # "handed over" on one line
    Column("Region", weight=3, least=10),
    Column("Handed to", weight=4, least=16),
    Column("Contingents", weight=3, least=12),
)
"""The sites table's columns (SITE_COLUMNS), and how the room past their longest words is
shared: the receivers and the contingents are the long texts."""
assert tuple(c.header for c in SITE_COLUMN_SPECS) == SITE_COLUMNS

SITES_TITLE = "Sites (* = ordinal inferred, no source states it)"
SITES_TITLE_DISPUTED = "Sites (* = ordinal inferred, no source states it; † = status disputed)"


def sites_title(rows: Sequence[Sequence[str]]) -> str:
    """The table's title, with the status mark's meaning when a row has it."""
    if any(row[STATUS_COLUMN].endswith(DISPUTED_MARK) for row in rows):
        return SITES_TITLE_DISPUTED
    return SITES_TITLE


def sites_table(snap: Snapshot) -> WholeTable:
    """Every site on the date, its status in its state's colour."""
    pairs = snap.sites_on_state
    rows = [site_row(site, state, snap=snap) for site, state in pairs]
    blank = ("",) * STATUS_COLUMN
    after = ("",) * (len(SITE_COLUMNS) - STATUS_COLUMN - 1)
    styles = [(*blank, STATE_STYLES[state], *after) for _site, state in pairs]
    return WholeTable(sites_title(rows), SITE_COLUMN_SPECS, rows, styles)


def sources_table(snap: Snapshot, ids: Iterable[str]) -> WholeTable:
    columns = (
        Column("Id", weight=0, role="heading"),
        Column("Title", weight=3, least=16, role="heading"),
        Column("Publisher", weight=2, least=10),
        Column("Date", weight=0),
        Column("URL", weight=2),
        Column("Facts", weight=0),
    )
    return WholeTable("Sources", columns, [source_row(snap, sid) for sid in ids])
