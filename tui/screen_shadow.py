"""What the terminal shows, cell by cell, so that a repaint writes only the cells that changed.

Textual repaints whole regions: every line of a widget marked dirty, the whole screen after a
layout. On a slow SSH link those bytes are the cost of a key or of a session's start. Measured
at 120x40 before this: a session's start wrote the full screen six times (~77 KB; a bare Textual
app ~16 KB), most of them the same picture again (a resize to the same size, the scrollbars
settling, the toasts' rack, the footer's keys); a Down key on Bases rewrote the whole detail
pane, its unchanged lines (blank ones, headings, the border) included.

`ScreenShadow` keeps the cells last written (character and style) and turns each compositor
update into cursor moves and text for the runs of cells that differ, as curses does. Gaps of a
few equal cells inside a changed run are written again rather than skipped: a cursor move costs
about as much. Nothing here is a Textual private name: the update objects come from
tui/compat.py, which decides when the shadow is used and when it must be forgotten (a resize,
the app suspended): whenever what the terminal shows may differ from what was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.control import Control
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

Cell = tuple[str, Style | None]
"""One terminal cell: its character ("" for the right half of a wide one) and style."""

GAP = 6
"""Equal cells between two changed runs that are written again rather than skipped with a cursor
move (`ESC[row;colH` is 6-8 bytes, and the style after it starts afresh)."""


class Unshadowable(Exception):
    """A segment the shadow cannot follow (a control sequence): the update is written as is."""


def to_cells(segments: Iterable[Segment]) -> list[Cell]:
    """The cells a run of segments fills, left to right."""
    cells: list[Cell] = []
    append = cells.append
    for text, style, control in segments:
        if control:
            raise Unshadowable
        if text.isascii() and text.isprintable():
            cells.extend([(char, style) for char in text])
            continue
        for char in text:
            width = cell_len(char)
            if width == 0 and cells:
                previous, previous_style = cells[-1]
                cells[-1] = (previous + char, previous_style)  # a combining mark
            elif width == 2:
                append((char, style))
                append(("", style))
            else:
                append((char, style))
    return cells


class ScreenShadow:
    """The cells of the terminal as last written; `None` lines are unknown (never written, or
    forgotten), so everything on them is written."""

    def __init__(self) -> None:
        self._lines: dict[int, list[Cell | None]] = {}
        self.bytes_saved = 0
        """What the updates would have written, less what was written (for the benchmarks)."""

    def forget(self) -> None:
        """The terminal may show anything now (resized, suspended): write everything again."""
        self._lines.clear()

    # --- the two kinds of compositor update ------------------------------------------------------

    def layout_update(
        self, lines: Sequence[Iterable[Strip]], x: int, y: int, console: Console
    ) -> str:
        """A region redrawn whole (after a layout): `lines` from row `y`, each from column `x`."""
        out: list[str] = []
        for row, strips in enumerate(lines, y):
            cells = to_cells(segment for strip in strips for segment in strip)
            self._paint(row, x, cells, console, out)
        return "".join(out)

    def chops_update(
        self,
        chops: Sequence[Mapping[int, Strip | None]],
        spans: Iterable[tuple[int, int, int]],
        chop_ends: Sequence[Sequence[int]],
        console: Console,
    ) -> str:
        """Dirty spans of lines: on row y, the chops that meet columns x1 to x2 (exclusive), each
        written from its own start to x2 at most, as Textual writes them."""
        out: list[str] = []
        for y, x1, x2 in spans:
            for end, (x, strip) in zip(chop_ends[y], chops[y].items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                if not (x2 > x >= x1 and end <= x2):
                    strip = strip.crop(0, min(end, x2) - x)  # as Textual crops it
                self._paint(y, x, to_cells(strip), console, out)
        return "".join(out)

    # --- the diff ---------------------------------------------------------------------------------

    def _paint(self, y: int, x: int, cells: list[Cell], console: Console, out: list[str]) -> None:
        """Write the runs of `cells` (from column x of row y) that differ from the shadow."""
        line = self._lines.setdefault(y, [])
        if len(line) < x + len(cells):
            line.extend([None] * (x + len(cells) - len(line)))
        old = line[x : x + len(cells)]
        if old == cells:
            return
        changed = [i for i, (was, now) in enumerate(zip(old, cells, strict=True)) if was != now]
        runs: list[list[int]] = []
        for i in changed:
            if runs and i - runs[-1][1] <= GAP:
                runs[-1][1] = i + 1
            else:
                runs.append([i, i + 1])
        for start, stop in runs:
            if start > 0 and cells[start][0] == "":
                start -= 1  # the left half of a wide character
            if stop < len(cells) and cells[stop][0] == "":
                stop += 1
            out.append(Control.move_to(x + start, y).segment.text)
            out.append(_render(cells[start:stop], console))
        line[x : x + len(cells)] = cells


def _render(cells: list[Cell], console: Console) -> str:
    """Cells as text, one segment per run of a style (the right halves of wide characters are
    already in their left halves' text)."""
    segments: list[Segment] = []
    text: list[str] = []
    style: Style | None = None
    for char, cell_style in cells:
        if cell_style is not style and cell_style != style:
            if text:
                segments.append(Segment("".join(text), style))
            text, style = [], cell_style
        text.append(char)
    if text:
        segments.append(Segment("".join(text), style))
    return Strip(segments).render(console)
