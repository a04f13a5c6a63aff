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

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.model import Event, Snapshot
from tui.render.blocks import (
    Block,
    Run,
    RunLines,
    block_lines,
    least_text_width,
    spaced,
    wrap,
)
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
            line, word = _extent(distinct)
            most, word = max(header, line), max(header, word)
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
        out, widths = self._head(width)
        if widths is None:
            return out + block_lines(self._blocks(), width)
        plain = [""] * len(self.columns)
        for index, parts in enumerate(_cell_lines(self.rows, widths)):
            out += _row(parts, self.styles[index] if self.styles else plain, widths)
        out.append([])
        return out

    def plain_lines(self, width: int) -> list[str]:
        """`lines` as plain text: the same lines, each row written as one string (no runs to
        make and join: at 10,000 sites this is most of the txt export)."""
        head, widths = self._head(width)
        out = [_plain(line) for line in head]
        if widths is None:
            return out + [_plain(line) for line in block_lines(self._blocks(), width)]
        out += _plain_rows(self.rows, widths)
        out.append("")
        return out

    def _head(self, width: int) -> tuple[list[list[Run]], list[int] | None]:
        """The title, a blank line and, if the columns fit (their widths, else None), the
        header and the rule under it."""
        out: list[list[Run]] = [[(line, "bold")] for line in wrap(self.title, width)]
        out.append([])  # a blank line under the title, as Rich's SIMPLE_HEAD box draws it
        widths = self.widths(width)
        if widths is None:
            return out, None
        header = [column.header for column in self.columns]
        out += _row(_cell_lines([header], widths)[0], ["bold"] * len(header), widths)
        out.append([(" " + "─" * (sum(widths) + GAP * len(widths) - 1), "")])
        return out, widths

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


def _extent(cells: Collection[str]) -> tuple[int, int]:
    """The widest line of some cells and their widest word (as `least_text_width`), 0 for none."""
    joined = " ".join(cells)
    if "://" not in joined and joined.isascii() and joined.isprintable():
        # Every cell one line, a cell a character, no URL: in C, whatever the count (10,000
        # names, 10,000 ordinals).
        return max(map(len, cells), default=0), max(map(len, joined.split()), default=0)
    lines = [line for cell in cells for line in cell.split("\n")]
    return max(map(cell_width, lines), default=0), max(map(least_text_width, cells), default=0)


class _Column:
    """A column's cells laid out `width` wide, each distinct cell once (a region, a status, a
    date, a receiver: most cells of a long table repeat): each one's lines, broken between
    words, and which cells fit on one line as they are. A row whose every cell fits is printed
    as it is; any other row has each of its cells wrapped."""

    def __init__(self, cells: Iterable[str], width: int) -> None:
        self.width = width
        distinct = set(cells)
        self.fits = {c for c in distinct if len(c) <= width and c.isascii() and c.isprintable()}
        self.lines = {
            c: [c] if c in self.fits and spaced(c) else wrap(c, width) if c else [""]
            for c in distinct
        }

    def padded(self) -> tuple[dict[str, list[str]], dict[str, str]]:
        """Each cell's lines padded to the width (as `_row` spaces them), and each cell that
        fits, as it is, padded."""
        width = self.width
        lines = {cell: _pad(parts, width) for cell, parts in self.lines.items()}
        return lines, {cell: cell.ljust(width) for cell in self.fits}  # plain ASCII: `ljust`


def _pad(lines: list[str], width: int) -> list[str]:
    """Lines padded with spaces to `width` cells."""
    if all(map(str.isascii, lines)) and all(map(str.isprintable, lines)):  # a cell a char
        return [line.ljust(width) for line in lines]
    return [line + " " * (width - cell_width(line)) for line in lines]


def _cell_lines(rows: Sequence[Sequence[str]], widths: Sequence[int]) -> list[list[list[str]]]:
    """Each row's cells' lines (see `_Column`)."""
    if not rows:
        return []
    columns = [_Column(c, w) for c, w in zip(zip(*rows, strict=True), widths, strict=True)]
    out = []
    for row in rows:
        if all(cell in column.fits for cell, column in zip(row, columns, strict=True)):
            out.append([[cell] for cell in row])
        else:
            out.append([column.lines[cell] for cell, column in zip(row, columns, strict=True)])
    return out


def _plain_rows(rows: Sequence[Sequence[str]], widths: Sequence[int]) -> list[str]:
    """The rows' lines as plain text: `_row`'s, joined, without trailing spaces. Laid out a
    column at a time, then every line joined at once (no work per cell in the rows' loop
    but a look-up: at 10,000 sites, 70,000 cells)."""
    if not rows:
        return []
    count = len(rows)
    laid: list[list[list[str]]] = []
    whole: list[list[str | None]] = []
    fitting: list[list[bool]] = []
    for cells, width in zip(zip(*rows, strict=True), widths, strict=True):
        column = _Column(cells, width)
        lines, padded = column.padded()
        laid.append(list(map(lines.__getitem__, cells)))
        whole.append(list(map(padded.get, cells)))  # None where it does not fit
        every = len(column.fits) == len(column.lines)
        fitting.append([True] * count if every else [cell in column.fits for cell in cells])
    fits = list(map(all, zip(*fitting, strict=True)))
    tallest = map(max, zip(*(map(len, column) for column in laid), strict=True))
    heights = [1 if fit else height for fit, height in zip(fits, tallest, strict=True)]
    # Each column's lines, row after row, each row as many as its tallest cell's.
    stacked: list[list[str]] = []
    for wrapped, as_is, width in zip(laid, whole, widths, strict=True):
        blank, stack = " " * width, []
        for cell_lines, cell, fit, height in zip(wrapped, as_is, fits, heights, strict=True):
            if fit:  # every cell of the row fits: none is None
                stack.append(cell or "")
            else:
                stack += cell_lines
                if len(cell_lines) < height:
                    stack += [blank] * (height - len(cell_lines))
        stacked.append(stack)
    edge, gap = " " * (GAP - 1), " " * GAP
    return [(edge + line).rstrip() for line in map(gap.join, zip(*stacked, strict=True))]


def _row(
    parts: Sequence[Sequence[str]], styles: Sequence[str], widths: Sequence[int]
) -> list[list[Run]]:
    """One table row: each cell's lines in its column, side by side, a gap between."""
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


def _plain(line: Sequence[Run]) -> str:
    return "".join(text for text, _style in line).rstrip()


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
