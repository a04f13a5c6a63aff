"""KeyTable as a new user meets it (issue 14): columns fitted to the width with "…", the same
widths filtered or not, the sort on screen, the Timeline's events first, enter shown as
"⏎ Open", and the Sources pane that keeps the source's title in view."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.widgets import OptionList, Static

from tests.conftest import make_app, screen_lines, wait_until
from tui.core.model import Dataset
from tui.render import summary
from tui.screens.tab import KeyTable, fit_widths
from tui.widgets.filter_bar import FilterBar

NOV_20 = dt.date(2023, 11, 20)

TABLES = {
    # table id: the tab's key
    "#sources-table": "6",
    "#contingents-table": "3",
    "#events-table": "4",
    "#personnel-table": "4",
}


async def open_table(app, pilot, selector: str) -> KeyTable:
    await pilot.press(TABLES[selector])
    await pilot.pause()
    table = app.screen.query_one(selector, KeyTable)
    table.focus()
    await pilot.pause()
    return table


def widths(table: KeyTable) -> list[int]:
    return [column.get_render_width(table) for column in table.ordered_columns]


def room(table: KeyTable) -> int:
    """The table's width less the vertical scrollbar it shows."""
    return table.scrollable_content_region.width


def assert_cells_cut_with_an_ellipsis(table: KeyTable) -> None:
    columns = table.ordered_columns
    for index, row in enumerate(table.shown_rows):
        drawn = table.get_row_at(index)
        cells = [row.cells[i] for i in table.shown_columns]  # not the columns hidden
        for column, full, cell in zip(columns, cells, drawn, strict=True):
            if not cell.plain:
                continue  # a country shown once over its postings
            assert cell_len(cell.plain) <= column.width, (cell.plain, column.width)
            if cell_len(full.plain) > column.width:
                assert cell.plain.endswith("…"), (full.plain, cell.plain)
            else:
                assert cell.plain == full.plain


# --- the fitting, as a pure function -----------------------------------------------------------


def test_fit_shrinks_the_widest_shrinkable_column_first() -> None:
    fitted = fit_widths([5, 30, 20], {1: 8, 2: 8}, 40)
    assert fitted[0] == 5 and sum(fitted) == 40 and abs(fitted[1] - fitted[2]) <= 1
    assert fit_widths([5, 30, 20], {1: 8, 2: 8}, 100) == [5, 30, 20], "room: all natural"
    assert fit_widths([5, 30, 20], {2: 8}, 43) == [5, 30, 8], "only what may shrink"


def test_fit_that_cannot_fit_ends_on_a_column_edge() -> None:
    """Too wide even at the minimums: the table scrolls sideways, and the columns first on
    screen fill the width exactly (no column cut in half at the right edge)."""
    fitted = fit_widths([10, 20, 10, 10], {1: 8}, 25, gap=2)
    assert fitted == [10, 11, 10, 10]


# --- 1. filtering keeps the widths; 2. the columns fit with "…" --------------------------------


@pytest.mark.parametrize(
    ("selector", "word"), [("#sources-table", "afp"), ("#contingents-table", "cote")]
)
async def test_a_filter_keeps_the_column_widths(dataset: Dataset, selector: str, word: str) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_table(app, pilot, selector)
        before = widths(table)
        await pilot.press("slash", *word)
        await wait_until(pilot, lambda: 0 < table.row_count < len(table._rows), "filtered")
        assert 0 < table.row_count < len(table._rows)
        assert widths(table) == before
        assert all(not column.auto_width for column in table.ordered_columns)
        assert_cells_cut_with_an_ellipsis(table)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("selector", ["#sources-table", "#events-table", "#personnel-table"])
async def test_the_columns_fit_the_width_with_an_ellipsis(
    dataset: Dataset, selector: str, size: tuple[int, int]
) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=size) as pilot:
        table = await open_table(app, pilot, selector)
        assert sum(widths(table)) <= room(table), "every column on screen"
        assert_cells_cut_with_an_ellipsis(table)
        assert table.fixed_columns == 1


@pytest.mark.parametrize("as_of", [None, NOV_20])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_contingents_hide_what_does_not_fit(
    dataset: Dataset, size: tuple[int, int], as_of: dt.date | None
) -> None:
    """Nine columns don't fit 80 columns: Unit and Figure date are hidden (and named above
    the table), the rest are on screen, none cut to a stub or in half at the right edge (they
    scrolled sideways, `Status  Fi`, values `20`, before issue 23)."""
    app = make_app(dataset, as_of)
    async with app.run_test(size=size) as pilot:
        table = await open_table(app, pilot, "#contingents-table")
        assert table.fixed_columns == 1
        assert sum(widths(table)) <= room(table)
        assert_cells_cut_with_an_ellipsis(table)
        if size == (80, 24):
            assert table.shown_columns[:6] == (0, 1, 2, 3, 4, 5)
            shown = table.shown_columns
            hidden = [c for i, c in enumerate(summary.CONTINGENT_COLUMNS) if i not in shown]
            assert "Unit" in hidden and "Figure date" in hidden
            note = next(line for line in screen_lines(app) if "Hidden at this width" in line)
            assert all(name in note for name in hidden), note


async def test_a_resize_fits_again(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_table(app, pilot, "#sources-table")
        wide = widths(table)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert widths(table) != wide
        assert sum(widths(table)) <= room(table)


# --- 3. the sort is on screen, the default order shown ----------------------------------------


async def test_sources_are_in_id_order_with_the_arrow_on_id(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_table(app, pilot, "#sources-table")
        assert str(table.ordered_columns[0].label).startswith("Id ▲")
        ids = [row.key for row in table.shown_rows]
        assert ids[:2] == ["S01", "S02"]  # (S03-ama before S03: tui.core.sorting's tie-break)
        assert ids.index("S09") < ids.index("S10")


@pytest.mark.parametrize("selector", list(TABLES))
async def test_every_sort_shows_its_arrow_on_screen(dataset: Dataset, selector: str) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_table(app, pilot, selector)
        for _ in range(len(table.ordered_columns)):
            await pilot.press("s")
            await pilot.pause()
            assert table.sort_column is not None
            header = "".join(
                segment.text for segment in table.render_line(0)
            )  # the header line as drawn
            assert "▲" in header, (table.sort_column, header)


# --- 4. the Timeline's main table is the events ------------------------------------------------


async def test_timeline_gives_the_keys_to_the_events(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.screen.query_one("#events-table")


@pytest.mark.parametrize("selector", ["#events-table", "#personnel-table"])
async def test_the_filter_bar_is_on_screen_under_its_table(dataset: Dataset, selector: str) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_table(app, pilot, selector)
        await pilot.press("slash", *"kidal")
        await pilot.pause()
        await pilot.pause()
        bar = app.screen.query_one(FilterBar)
        assert bar.region.y == table.region.bottom, "right under its table"
        assert bar.region.bottom <= 24 - 1, "above the footer"
        assert (
            "Events" in screen_lines(app)[bar.region.y]
            or "Personnel" in screen_lines(app)[bar.region.y]
        )
        chart = app.screen.query_one("#drawdown-chart")
        assert chart.region.height >= 10
        for other in ("#events-table", "#personnel-table"):
            shown = app.screen.query_one(other)
            assert shown.region.height >= 4, other  # the header and 3 rows


# --- 5. enter shown in the footer -------------------------------------------------------------


@pytest.mark.parametrize("key", ["3", "4", "6"])
async def test_the_footer_shows_enter_opens(dataset: Dataset, key: str) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await wait_until(pilot, lambda: "⏎ Open" in screen_lines(app)[-1], "⏎ Open")
        assert "⏎ Open" in screen_lines(app)[-1]


async def test_the_footer_shows_enter_in_the_facts_list(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(app, pilot, "#sources-table")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.focused, OptionList) and "⏎ Open" in screen_lines(app)[-1],
            "the facts list with ⏎ Open",
        )
        assert isinstance(app.focused, OptionList)
        assert "⏎ Open" in screen_lines(app)[-1]


async def test_personnel_rows_open_whole_so_enter_is_shown(dataset: Dataset) -> None:
    """A count opened nothing (no "⏎ Open"); now enter shows it whole, with its sources."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(app, pilot, "#personnel-table")
        await wait_until(pilot, lambda: "Sort" in screen_lines(app)[-1], "the table's keys")
        assert "⏎ Open" in screen_lines(app)[-1]


# --- 6. the Sources pane ----------------------------------------------------------------------


async def test_the_source_title_stays_in_view_in_the_facts(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(app, pilot, "#sources-table")
        app.open_source("S03")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(10):
            await pilot.press("j")
        await pilot.pause()
        heading = app.screen.query_one("#source-heading", Static)
        assert heading.region.height >= 1
        lines = screen_lines(app)
        assert any(line.lstrip().startswith("S03 After ten years") for line in lines)


async def test_cited_by_reads_as_words_not_paths(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_table(app, pilot, "#sources-table")
        app.open_source("S03")
        await pilot.pause()
        cited = app.screen.query_one("#citations-pane", OptionList)
        console = Console(width=200, color_system=None)
        with console.capture() as capture:
            for index in range(cited.option_count):
                console.print(cited.get_option_at_index(index).prompt)
        text = capture.get()
        assert "sites[" not in text and "disputes[" not in text and "(mission)" not in text
        assert "Ansongo · project" in text or "Ansongo · contingent" in text


async def test_the_footer_shows_the_filter_keys_while_typing(dataset: Dataset) -> None:
    """Typing in the filter bar the footer was blank (Textual's Input shows no keys)."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_table(app, pilot, "#events-table")
        await pilot.press("slash", *"kidal")
        await wait_until(pilot, lambda: "⏎ Done" in screen_lines(app)[-1], "the bar's keys")
        footer = screen_lines(app)[-1]
        assert "⏎ Done" in footer and "esc Clear filter" in footer, footer
