"""Missions compared: their drawdowns on one time axis, days from each one's decision.

Two panels of braille (`tui.render.braille`, drawn like the drawdown chart of
`tui.render.chart`): the share of each mission's sites closed, then the share of its personnel
departed, each a step line (a figure holds until the next; nothing is interpolated). Missions
differ without colour: the first is a solid line, the second dotted, the third sparser, and
each curve ends in its mission's number; the legend says which is which in words, and the
sources each curve rests on are listed under it. The Compare tab shows it; `render_compare`
gives it to an export. No Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tui.core.compare import DECISION_RULE, Curve, Drawdown, drawdowns
from tui.core.model import Dataset
from tui.render.braille import BrailleCanvas

STYLES = ("bold cyan", "bold magenta", "bold yellow", "bold green")
"""Each mission's colour, in order (8 colours; the line's pattern says it without colour)."""
PATTERNS = (("solid", 1), ("dotted", 2), ("sparse", 3))
"""Each mission's line: its name in the legend and one dot in how many."""
GUTTER = 5
"""The y labels' width ("100%") and the axis."""
MIN_ROWS, DEFAULT_ROWS = 2, 6
"""Braille rows of each panel."""
TITLE = "Drawdowns compared, by days from each mission's decision"
PANELS = (
    ("sites", "Sites closed, % of each mission's sites"),
    ("personnel", "Personnel departed, % of each mission's own total"),
)


NOTHING_YET = (
    "Fewer than two missions had decided their withdrawal by the as-of date: "
    "nothing to compare yet."
)


def style_of(index: int) -> str:
    return STYLES[index % len(STYLES)]


def pattern_of(index: int) -> tuple[str, int]:
    return PATTERNS[min(index, len(PATTERNS) - 1)]


class CompareChart:
    """The two panels, their shared axis and the legend: `chart_lines(width)` lines."""

    def __init__(
        self, missions: Sequence[Drawdown], *, rows: int = DEFAULT_ROWS, title: bool = True
    ) -> None:
        self.missions = tuple(missions)
        self.rows = max(rows, MIN_ROWS)
        self.title = title
        """Whether to head it with `TITLE` (an export does; the tab's name says it)."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(40, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.chart_lines(options.max_width)

    def chart_lines(self, width: int) -> list[Text]:
        missions = self.missions
        out = [_line(Text(TITLE, style="bold"), width)] if self.title else []
        if len(missions) < 2:
            out.append(Text(NOTHING_YET, "dim"))
            return out
        first = min(m.first_day for m in missions)
        last = max(m.last_day for m in missions)
        span = max(last - first, 1)
        cols = max(width - GUTTER - 1, 10)
        xmax, ymax = cols * 2 - 1, self.rows * 4 - 1

        def x_of(day: int) -> int:
            return round((day - first) / span * xmax)

        def y_of(fraction: float) -> int:
            return ymax - round(min(max(fraction, 0.0), 1.0) * ymax)

        for name, title in PANELS:
            out.append(_line(Text(" " * GUTTER + title, style="bold"), width))
            grid = BrailleCanvas(cols, self.rows)
            for index, mission in enumerate(missions):
                curve: Curve = getattr(mission, name)
                _draw(grid, curve, index, x_of, y_of, last)
            labels = {y_of(f) // 4: f"{f:.0%}" for f in (0.5, 0.0, 1.0)}
            for row, line in enumerate(grid.lines()):
                label = labels.get(row, "")
                axis = Text(label.rjust(GUTTER - 1) + ("┤" if label else "│"), style="dim")
                out.append(_line(axis + line, width))
        out.append(Text(" " * (GUTTER - 1) + "└" + "─" * cols, style="dim"))
        out.append(_line(_day_labels(first, last, cols, x_of), width))
        for index, mission in enumerate(missions):
            out += legend(mission, index, width)
        return out


def _draw(
    grid: BrailleCanvas,
    curve: Curve,
    index: int,
    x_of: Callable[[int], int],
    y_of: Callable[[float], int],
    axis_end: int,
) -> None:
    """A curve as a step line in the mission's pattern, ending in its number; a line held
    after its last point stops at the axis' end."""
    style, (_, every) = style_of(index), pattern_of(index)
    points = curve.points
    for i, point in enumerate(points):
        x0, y = x_of(point.day), y_of(point.fraction)
        end = points[i + 1].day if i + 1 < len(points) else curve.until
        end = min(end, axis_end) if end is not None else None
        x1 = x_of(end) if end is not None else x0
        for x in range(x0, max(x1, x0) + 1):
            if (x - x0) % every == 0:
                grid.plot(x, y, style)
        if i + 1 < len(points):
            y_next = y_of(points[i + 1].fraction)
            for yy in range(min(y, y_next), max(y, y_next) + 1):
                if yy % every == 0:
                    grid.plot(x1, yy, style)
    last = curve.last
    if last is not None:
        col, row = x_of(last.day) // 2, y_of(last.fraction) // 4
        while not grid.free(col, row) and row > 0:  # another mission's number is there
            row -= 1
        grid.put(col, row, str(index + 1), style)


def _day_labels(first: int, last: int, cols: int, x_of: Callable[[int], int]) -> Text:
    """Day numbers under the axis, at round steps that leave room between them."""
    span = max(last - first, 1)
    step = next((s for s in (30, 50, 100, 200, 250, 500, 1000) if span / s <= cols / 8), 2000)
    cells = [" "] * (GUTTER + cols)
    start = -(-first // step) * step
    for day in range(start, last + 1, step):
        name = "day 0" if day == 0 else str(day)
        col = GUTTER + x_of(day) // 2 - (len(name) - 1 if day == 0 else 0)
        col = max(col, 0)
        if col + len(name) <= len(cells) and all(
            c == " " for c in cells[max(col - 1, 0) : col + len(name)]
        ):
            cells[col : col + len(name)] = list(name)
    return Text("".join(cells).rstrip(), style="dim")


def legend(mission: Drawdown, index: int, width: int) -> list[Text]:
    """Which line is the mission, its day 0 and where each of its curves ends, in words, as
    many to a line as fit (never cut: every figure is kept)."""
    style, (pattern, _) = style_of(index), pattern_of(index)
    line = Text.assemble((f"{index + 1} ", style), (f"{pattern:<7}", style), (mission.name, "bold"))
    line.append(f" ({mission.place})")
    day0 = f"day 0 {mission.decision.date.isoformat()} ({mission.decision.id})"
    lines, joiner = [], ", "
    for words in (day0, *figures(mission)):
        if line.cell_len + len(joiner) + len(words) <= width:
            line.append(joiner + words)
        else:
            lines.append(line)
            line = Text("  " + words)
        joiner = "; "
    return [*lines, line]


def figures(mission: Drawdown) -> list[str]:
    """Where each curve ends, in words ("absent = unknown": no count, and it says so)."""
    sites = mission.sites.last
    words = []
    if sites is not None:
        words.append(f"sites {sites.count}/{sites.total} closed by day {sites.day}")
    counts = mission.personnel.points
    if counts:
        last = counts[-1]
        qualifier = f"{last.qualifier} " if last.qualifier else ""
        only = " (its only count)" if len(counts) == 1 else ""
        words.append(
            f"personnel {qualifier}{last.fraction:.1%} ({last.count:,}/{last.total:,}) "
            f"by day {last.day}{only}"
        )
    else:
        words.append("personnel: no count in the sources")
    return words


def source_lines(missions: Iterable[Drawdown]) -> list[Text]:
    """The sources each curve rests on, by mission: day 0's, the closures', the counts'."""
    lines = []
    for mission in missions:
        line = Text.assemble(("Sources, ", "bold"), (mission.name, "bold"), ": ")
        for label, ids in (
            ("day 0", mission.decision.sources),
            ("sites closed", mission.sites.sources),
            ("personnel", mission.personnel.sources),
        ):
            line.append(f"{label} ", "dim")
            line.append(" ".join(ids) if ids else "none", "")
            line.append("; ")
        line.rstrip()
        line.right_crop(1)  # the last "; " less its space: no trailing ";"
        lines.append(line)
    return lines


def compare_group(
    missions: Sequence[Drawdown], width: int, rows: int = DEFAULT_ROWS, *, title: bool = True
) -> Group:
    """The chart, its legend and its sources: what the tab shows and an export prints."""
    chart = CompareChart(missions, rows=rows, title=title)
    rule = _line(Text(DECISION_RULE, "dim"), width)
    return Group(*chart.chart_lines(width), *source_lines(missions), rule)


def render_compare(
    datasets: Iterable[Dataset],
    width: int,
    rows: int = DEFAULT_ROWS,
    as_of: dt.date | None = None,
) -> Group:
    """The missions' drawdowns compared as of a date (nothing after it), for an export `width`
    cells wide."""
    return compare_group(drawdowns(datasets, as_of), width, rows)


def _line(text: Text, width: int) -> Text:
    text.no_wrap, text.overflow = True, "ellipsis"
    text.truncate(width, overflow="ellipsis")
    return text
