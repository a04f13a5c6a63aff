"""The drawdown chart: the personnel the mission's series counts as departed, by dated count, as a

Drawn with braille cells rather than through a plotting package: one small module, no start-up
cost, and the chart reads at 80×24, in 16 colours and under NO_COLOR. The series is a step line
(each count holds until the next one), which is what the rest of the app says: on any date, the
figure shown is the latest count on or before it. Counts after the as-of date are dotted, not
solid, so the difference survives without colour. The app and the exports draw a snapshot's
counts (`Snapshot.personnel_counts`: none after its date, so nothing is dotted there), on the
frame of the dataset's whole range (`axis`), so stepping the date does not rescale the chart.
No Textual import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tui.core.model import PersonnelSnapshot, Snapshot
from tui.render.braille import BrailleCanvas
from tui.render.figures import personnel_line

SERIES_STYLE = "bold cyan"
FUTURE_STYLE = "dim"
TOTAL_STYLE = "dim"
AS_OF_STYLE = "bold yellow"
UNIFORMED_MARK, CIVILIAN_MARK = "u", "c"
MIN_HEIGHT = 6
DEFAULT_HEIGHT = 10


@dataclass(frozen=True)
class DrawdownSeries:
    """The figures the chart draws, straight from the model (nothing interpolated)."""

    counts: tuple[PersonnelSnapshot, ...]
    total: int
    """The denominator drawn as the top line: the mission's personnel total."""
    as_of: dt.date
    axis: tuple[dt.date, dt.date] | None = None
    """The dates the x axis spans (default: the counts' own); a frame, not a figure."""

    @classmethod
    def of(cls, snap: Snapshot) -> DrawdownSeries:
        every = snap.dataset.personnel
        axis = (every[0].date, every[-1].date) if every else None
        total = snap.dataset.mission.personnel_total
        return cls(snap.personnel_counts, total, snap.as_of, axis)

    @property
    def upto(self) -> tuple[PersonnelSnapshot, ...]:
        """The counts on or before the as-of date."""
        return tuple(p for p in self.counts if p.date <= self.as_of)

    @property
    def latest(self) -> PersonnelSnapshot | None:
        upto = self.upto
        return upto[-1] if upto else None

    @property
    def y_max(self) -> int:
        values = [self.total] + [p.departed for p in self.counts]
        values += [p.total for p in self.counts if p.total is not None]
        return max(max(values), 1)

    def headline(self, snap: Snapshot) -> str:
        """`More than 8,817 of 13,871 personnel departed (63.6%), ...`."""
        return personnel_line(snap)


class DrawdownChart:
    """The series as a step chart with a y axis, month labels and the as-of date marked."""

    def __init__(self, snap: Snapshot, *, height: int | None = None) -> None:
        self.snap = snap
        self.series = DrawdownSeries.of(snap)
        self.height = height

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(30, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        height = self.height or options.height or DEFAULT_HEIGHT
        yield from self.lines(options.max_width, height)

    def lines(self, width: int, height: int) -> list[Text]:
        """The chart as `height` lines of at most `width` cells."""
        series = self.series
        head = Text(series.headline(self.snap), style="bold", no_wrap=True, overflow="ellipsis")
        if series.axis is None and not series.counts:
            return [Text("No dated personnel counts in the data.", style="dim")]
        height = max(height, MIN_HEIGHT)
        plot_rows = height - 4  # headline, axis, month labels, key
        gutter = len(f"{series.y_max:,}") + 1
        cols = max(width - gutter - 1, 10)
        grid = BrailleCanvas(cols, plot_rows)
        first, last = series.axis or (series.counts[0].date, series.counts[-1].date)
        span = max((last - first).days, 1)
        xmax, ymax_dots = cols * 2 - 1, plot_rows * 4 - 1

        def x_of(day: dt.date) -> int:
            return round((day - first).days / span * xmax)

        def y_of(value: int) -> int:
            return ymax_dots - round(value / series.y_max * ymax_dots)

        as_of_x = x_of(series.as_of) if first <= series.as_of <= last else None
        # The total: a dotted line across the top (its own row of dots).
        total_y = y_of(series.total)
        for x in range(0, xmax + 1, 2):
            grid.plot(x, total_y, TOTAL_STYLE)
        # The step line: each count holds until the next; after the as-of date, dotted.
        if series.as_of < first:
            cutoff = -1
        elif series.as_of > last:
            cutoff = xmax
        else:
            cutoff = as_of_x if as_of_x is not None else xmax
        counts = series.counts

        def plot(x: int, y: int, step: int) -> None:
            if x <= cutoff:  # the series outranks the total line and later counts in a cell
                grid.plot(x, y, SERIES_STYLE, strong=True)
            elif step % 2 == 0:  # every other dot: dotted
                grid.plot(x, y, FUTURE_STYLE)

        for i, count in enumerate(counts):
            x0 = x_of(count.date)
            # The last count shown holds until the as-of date (the frame may go on after it).
            x1 = x_of(counts[i + 1].date) if i + 1 < len(counts) else min(cutoff + 1, xmax + 1)
            y = y_of(count.departed)
            for x in range(x0, max(x1, x0 + 1)):
                plot(x, y, x)
            if i + 1 < len(counts):
                y_next = y_of(counts[i + 1].departed)
                for yy in range(min(y, y_next), max(y, y_next) + 1):
                    plot(x1, yy, yy)
        # Breakdowns where the data has them: letters on top of the dots.
        for count in counts:
            style = FUTURE_STYLE if count.date > series.as_of else "bold"
            col = x_of(count.date) // 2
            if count.uniformed_departed is not None:
                _mark(grid, col, y_of(count.uniformed_departed) // 4, UNIFORMED_MARK, style)
            if count.civilian_departed is not None:
                _mark(grid, col, y_of(count.civilian_departed) // 4, CIVILIAN_MARK, style)
        if as_of_x is not None:
            for row in range(plot_rows):
                grid.underlay(as_of_x // 2, row, "┊", AS_OF_STYLE)

        out = [head]
        labels = _y_labels(series, plot_rows, ymax_dots, y_of)
        for row, line in enumerate(grid.lines()):
            label = labels.get(row)
            tick = "┤" if label else "│"
            out.append(Text((label or "").rjust(gutter - 1) + tick, style="dim") + line)
        axis = Text(" " * (gutter - 1) + "└", style="dim")
        axis_cells = ["─"] * cols
        if as_of_x is not None:
            axis_cells[as_of_x // 2] = "▲"
        for char in axis_cells:
            axis.append(char, AS_OF_STYLE if char == "▲" else "dim")
        out.append(axis)
        out.append(Text(" " * gutter) + _month_labels(first, last, cols, x_of))
        key = Text(" " * gutter)
        key.append("⠤ departed", SERIES_STYLE)
        # "later" only when a later count is drawn (a snapshot's series has none).
        key.append("  ⠄ later  " if counts[-1:] and counts[-1].date > series.as_of else "  ")
        if as_of_x is not None:
            key.append("┊ as-of date", AS_OF_STYLE)
        else:
            # No rule to point at: say where the date falls instead of naming a missing marker.
            where = "after the last count" if series.as_of > last else "before the first count"
            key.append(f"as of {series.as_of.isoformat()}: {where}", AS_OF_STYLE)
        key.append(f"  ⠁ total  {UNIFORMED_MARK} uniformed  {CIVILIAN_MARK} civilian")
        key.no_wrap, key.overflow = True, "ellipsis"
        out.append(key)
        for line in out:
            line.no_wrap = True
            line.overflow = "ellipsis"
            line.truncate(width, overflow="ellipsis")
        return out


def _y_labels(series: DrawdownSeries, rows: int, ymax_dots: int, y_of) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Row → label: the total at its row, 0 at the bottom, round figures between if room."""
    labels = {y_of(series.total) // 4: f"{series.total:,}", rows - 1: "0"}
    step = next(
        (s for s in (1000, 2000, 2500, 5000, 10000, 20000) if series.y_max / s <= rows / 2),
        50000,
    )
    while series.y_max / step > rows / 2:  # a total in the billions: never a label per 50,000
        step *= 10
    for value in range(step, series.total, step):
        row = y_of(value) // 4
        if all(abs(row - taken) > 1 for taken in labels):
            labels[row] = f"{value:,}"
    return labels


def _month_labels(first: dt.date, last: dt.date, cols: int, x_of) -> Text:  # type: ignore[no-untyped-def]
    """Month names at the first of each month (the year where it changes)."""
    cells = [" "] * cols
    day = dt.date(first.year, first.month, 1)
    shown_year = None
    while day <= last:
        if day >= first:
            name = day.strftime("%b")
            if day.year != shown_year:
                name += f" {day.year}" if shown_year is None or day.month == 1 else ""
                shown_year = day.year
            col = x_of(day) // 2
            if col + len(name) <= cols and all(
                c == " " for c in cells[max(col - 1, 0) : col + len(name)]
            ):
                cells[col : col + len(name)] = list(name)
        if (day.year, day.month) == (dt.MAXYEAR, 12):
            break  # December 9999: there is no next month
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return Text("".join(cells), style="dim")


def _mark(grid: BrailleCanvas, col: int, row: int, char: str, style: str) -> None:
    """A breakdown's letter over the dots; the second of two in one cell goes a row up."""
    if grid.inside(col, row) and not grid.free(col, row):
        row = max(row - 1, 0)
    grid.put(col, row, char, style)
