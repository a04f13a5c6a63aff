"""The summary's Rich tables (phases, sites, events, sources), and the sites table as plain
text at export speed. No Textual import.

The sites table's columns are fitted so that no word is cut in two (`site_column_widths`); as
plain text it is written here directly (`SitesTable.plain_lines`): at 10,000 sites, Rich's
layout of it was nearly all of the export's time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from tui.core.model import Event, Snapshot
from tui.render.column_widths import cell_width, fit_columns
from tui.render.rows import SITE_COLUMNS, STATUS_COLUMN, event_row, phase_rows, site_row, source_row
from tui.render.words import DISPUTED_MARK, STATE_STYLES


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", expand=False
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def phase_table(snap: Snapshot) -> Table:
    table = _table("Phase", "Dates", "Sites closed", "", title="By phase")
    for row in phase_rows(snap):
        table.add_row(*(Text(cell) for cell in row))
    return table


def events_table(events: Sequence[Event], title: str = "Latest events") -> Table:
    table = _table("Date", "Event", "Sources", title=title)
    for event in events:
        date, title_, sources = event_row(event)
        table.add_row(Text(date), Text(title_), Text(sources, style="dim"))
    return table


SITE_COLUMN_WEIGHTS: dict[str, int] = {
    "#": 0,
    "Site": 2,
    "Region": 2,
    "Date": 1,  # a plan still to come ("planned: first weeks of December 2023") wraps
    "Status": 1,
    "Handed to": 4,
    "Contingents": 4,
}
"""How the room left after the longest words is shared (0: the column never needs more)."""


def site_column_widths(rows: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """Column widths for the sites table on a page `width` wide.

    Every column first gets its longest word (capped, so a long URL-like word cannot starve the
    others), then the rest of the page goes by weight, no column wider than its longest cell.
    Rich's own sharing cuts words in two ("representativ / es" at 100 columns); on a page too
    narrow for whole words (None) it does better than this, so it is left to it.
    """
    # Each distinct cell once: regions, states, receivers and contingents repeat.
    columns: list[set[str]] = (
        [set(col) for col in zip(*rows, strict=True)] if rows else [set() for _ in SITE_COLUMNS]
    )
    headers = list(SITE_COLUMNS)
    longest_cell = [
        max([cell_width(h), *map(cell_width, col)]) for h, col in zip(headers, columns, strict=True)
    ]
    longest_word = [
        max([cell_width(h), *(cell_width(w) for cell in col for w in cell.split())])
        for h, col in zip(headers, columns, strict=True)
    ]
    weights = [SITE_COLUMN_WEIGHTS.get(h, 1) for h in headers]
    words = [
        longest_cell[i] if weights[i] == 0 else min(longest_word[i], 16)
        for i in range(len(headers))
    ]
    # Padding and rules take 3 cells a column, and one more (the left edge).
    fitted = fit_columns(words, width - 1, gap=3, most=longest_cell, weights=weights)
    return fitted.widths if fitted.fits else None


SITES_TITLE = "Sites (* = ordinal inferred, no source states it)"
SITES_TITLE_DISPUTED = "Sites (* = ordinal inferred, no source states it; † = status disputed)"


def sites_title(rows: Sequence[Sequence[str]]) -> str:
    """The table's title, with the status mark's meaning when a row has it."""
    if any(row[STATUS_COLUMN].endswith(DISPUTED_MARK) for row in rows):
        return SITES_TITLE_DISPUTED
    return SITES_TITLE


def sites_table(
    snap: Snapshot, width: int | None = None, rows: Sequence[Sequence[str]] | None = None
) -> Table:
    """Every site on the date; with `width`, columns sized so no word is cut in two."""
    if rows is None:
        rows = [site_row(site, state, snap=snap) for site, state in snap.sites_on_state]
    table = _table(*SITE_COLUMNS, title=sites_title(rows))
    widths = site_column_widths(rows, width) if width is not None else None
    for column, column_width in zip(table.columns, widths or (), strict=False):
        column.width = column_width
    for row, (_site, state) in zip(rows, snap.sites_on_state, strict=True):
        cells = [Text(cell) for cell in row]
        cells[STATUS_COLUMN].stylize(STATE_STYLES[state])
        table.add_row(*cells)
    return table


class SitesTable:
    """The sites table of a summary, fitted to the width it is printed at.

    Printed, it is Rich's table (`sites_table`). As plain text (`plain_lines`, for the txt
    export) the same lines are written directly: Rich measures, pads and crops every cell
    through several layers (about 100 µs a cell, seven seconds for 10,000 sites), while the
    columns here are fixed by `site_column_widths` already and each cell is plain words. A
    cell this writer does not handle exactly as Rich does (odd spacing, a word wider than its
    column) is wrapped by Rich's own `Text.wrap`; a page too narrow for whole words, or for the
    title, is left to Rich entirely.
    """

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self._rows: list[tuple[str, ...]] | None = None

    @property
    def rows(self) -> list[tuple[str, ...]]:
        if self._rows is None:
            snap = self.snap
            self._rows = [site_row(site, state, snap=snap) for site, state in snap.sites_on_state]
        return self._rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield sites_table(self.snap, options.max_width, self.rows)

    def plain_lines(self, width: int, console: Console) -> list[str] | None:
        """The table as Rich prints it without styles, each line stripped of trailing spaces;
        None where only Rich lays it out the same (then print this object instead)."""
        rows = self.rows
        widths = site_column_widths(rows, width)
        if widths is None:
            return None
        inner = sum(widths) + 3 * len(widths) - 1  # cells, their padding, the rules between
        title = sites_title(rows)
        if cell_len(title) > inner + 2:
            return None
        lines = [title, ""]  # the title, then the box's top edge (blank in SIMPLE_HEAD)
        lines += _plain_row(SITE_COLUMNS, widths, console)
        lines.append(" " + "─" * inner)
        for row in rows:
            lines += _plain_row(row, widths, console)
        lines.append("")  # the box's bottom edge
        return lines


def _plain_row(cells: Sequence[str], widths: Sequence[int], console: Console) -> list[str]:
    """One table row of SIMPLE_HEAD (a space for every rule, one of padding each side)."""
    if all(map(_one_line, cells, widths)):  # every cell on one line, as it is
        return [("  " + "   ".join(map(str.ljust, cells, widths))).rstrip()]
    # Each cell's lines padded to its column: a printable ASCII cell's lines are too, and
    # str.ljust pads them; others are measured.
    columns = [
        [line.ljust(w) for line in _wrap_cell(cell, w, console)]
        if cell.isascii() and cell.isprintable()
        else [line + " " * (w - cell_len(line)) for line in _wrap_cell(cell, w, console)]
        for cell, w in zip(cells, widths, strict=True)
    ]
    height = max(map(len, columns))
    blanks = [" " * w for w in widths]
    for lines, blank in zip(columns, blanks, strict=True):
        lines += [blank] * (height - len(lines))
    return [("  " + "   ".join(parts)).rstrip() for parts in zip(*columns, strict=True)]


def _one_line(cell: str, width: int) -> bool:
    """Whether `_wrap_cell` gives `cell` back as its one line (printable ASCII that fits)."""
    return (
        len(cell) <= width
        and cell.isascii()
        and cell.isprintable()
        and "  " not in cell
        and (not cell or (cell[0] != " " and cell[-1] != " "))
    )


def _wrap_cell(cell: str, width: int, console: Console) -> list[str]:
    """A cell's lines at `width`, as Rich wraps it (fold overflow, left justified)."""
    if not cell:
        return [""]
    if cell.isascii() and cell.isprintable():
        if len(cell) <= width and "  " not in cell and cell[0] != " " and cell[-1] != " ":
            return [cell]
        words = cell.split(" ")
        if all(words) and max(map(len, words)) <= width:
            # Rich's rule (rich._wrap.divide_line): a word goes on the line if it fits in
            # what is left, counting the space after each word placed before it.
            lines: list[str] = []
            line: list[str] = []
            used = 0
            for word in words:
                if line and width - used < len(word):
                    lines.append(" ".join(line))
                    line, used = [], 0
                line.append(word)
                used += len(word) + 1
            lines.append(" ".join(line))
            return lines
    return [line.plain.rstrip() for line in Text(cell).wrap(console, width, overflow="fold")]


def sources_table(snap: Snapshot, ids: Iterable[str]) -> Table:
    table = _table("Id", "Title", "Publisher", "Date", "URL", "Facts", title="Sources")
    for sid in ids:
        table.add_row(*(Text(cell) for cell in source_row(snap, sid)))
    return table
