"""The drawdown chart: figures from the model, the as-of date marked, readable at 80 columns."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from tui.app import MinusmaApp
from tui.core.model import Dataset
from tui.render.chart import UNIFORMED_MARK, DrawdownChart, DrawdownSeries

AS_OF = dt.date(2023, 11, 20)


def _render(chart: DrawdownChart, width: int = 78) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, record=True)
    console.print(chart)
    return console.export_text().splitlines()


def test_series_up_to_the_as_of_date_ends_at_8817_of_13871(dataset: Dataset) -> None:
    series = DrawdownSeries.of(dataset.on(AS_OF))
    assert series.latest is not None
    assert (series.latest.date, series.latest.departed) == (AS_OF, 8817)
    assert series.total == 13871
    assert all(p.date <= AS_OF for p in series.upto)
    lines = _render(DrawdownChart(dataset.on(AS_OF), height=9))
    assert "8,817 of 13,871" in lines[0]
    assert "count of 2023-11-20" in lines[0]
    assert lines[1].lstrip().startswith("13,871┤")  # the total labels the top of the axis


def test_as_of_date_is_marked_on_the_axis(dataset: Dataset) -> None:
    early = _render(DrawdownChart(dataset.on(dt.date(2023, 8, 4)), height=9))
    late = _render(DrawdownChart(dataset.on(AS_OF), height=9))
    axis_early = next(line for line in early if "└" in line)
    axis_late = next(line for line in late if "└" in line)
    assert axis_early.count("▲") == axis_late.count("▲") == 1
    assert axis_early.index("▲") < axis_late.index("▲")
    assert any("┊" in line for line in late)


def test_counts_after_the_as_of_date_are_drawn_differently(dataset: Dataset) -> None:
    """Later counts are dotted (fewer dots per cell), so they read without colour."""

    def dots(lines: list[str]) -> int:
        return sum(
            bin(ord(ch) - 0x2800).count("1")
            for line in lines[2:-3]
            for ch in line
            if 0x2800 < ord(ch) <= 0x28FF
        )

    before = dots(_render(DrawdownChart(dataset.on(dt.date(2023, 7, 1)), height=12)))
    after = dots(_render(DrawdownChart(dataset.on(dt.date(2023, 12, 31)), height=12)))
    assert before < after


def test_breakdowns_are_marked_where_the_data_has_them(dataset: Dataset) -> None:
    lines = _render(DrawdownChart(dataset.on(dt.date(2023, 12, 31)), height=12), width=118)
    plot = "\n".join(lines[1:-3])
    assert plot.count(UNIFORMED_MARK) == sum(
        1 for p in dataset.personnel if p.uniformed_departed is not None
    )
    assert "u uniformed" in lines[-1] and "c civilian" in lines[-1]


def test_fits_80_columns_and_small_heights(dataset: Dataset) -> None:
    for height in (6, 8, 14):
        lines = _render(DrawdownChart(dataset.on(AS_OF), height=height), width=78)
        assert len(lines) == height
        assert all(len(line) <= 78 for line in lines)
    months = next(line for line in lines if "Jul" in line)
    for month in ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"):
        assert month in months


def test_no_count_yet_says_unknown(dataset: Dataset) -> None:
    lines = _render(DrawdownChart(dataset.on(dt.date(2023, 6, 1)), height=8))
    assert "unknown" in lines[0]


def _screen_lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_timeline_tab_shows_the_chart(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        chart = app.screen.query_one("#drawdown-chart")
        lines = _screen_lines(chart)
        assert len(lines) >= 8
        assert "8,817 of 13,871" in lines[0]
        assert any("▲" in line for line in lines)
        while app.as_of < dt.date(2023, 11, 24):  # step the date: the chart follows
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "9,176 of 13,871" in _screen_lines(chart)[0]
