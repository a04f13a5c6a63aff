"""Tables like k9s and harlequin: `/` filters in place, `s`/`S` and header clicks sort, clicks
select and open, enter drills down to a site, and the columns fit the width (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.events import MouseScrollDown
from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent

from tests.conftest import wait_until
from tui.app import MinusmaApp
from tui.core.filtering import cell_sort_key, filter_terms, matches, row_haystack, sort_rows
from tui.core.model import Dataset
from tui.screens.tab import KeyTable
from tui.widgets.detail import DetailPane
from tui.widgets.filter_bar import FilterBar
from tui.widgets.site_table import SiteTable

NOV_20 = dt.date(2023, 11, 20)

TABLES = {
    # tab key, table id, a word one row has, its filter label
    "bases": ("2", "#site-table", "menaka", "Bases"),
    "contingents": ("3", "#contingents-table", "senegal", "Contingents"),
    "personnel": ("4", "#personnel-table", "S08", "Personnel"),
    "events": ("4", "#events-table", "ansongo", "Events"),
    "sources": ("6", "#sources-table", "ansongo", "Sources"),
}


def make_app(dataset: Dataset, as_of: dt.date | None = None) -> MinusmaApp:
    return MinusmaApp(dataset, as_of=as_of, animations=False)


def row_count(table: object) -> int:
    return table.row_count  # type: ignore[attr-defined, no-any-return]


def rows_text(table: object) -> list[str]:
    if isinstance(table, SiteTable):
        return [table.row_text(i) for i in range(table.row_count)]
    assert isinstance(table, KeyTable)
    return [" ".join(row.texts) for row in table.shown_rows]  # a country shown once is there


def header_text(table: object) -> str:
    if isinstance(table, SiteTable):
        return table.render_line(0).text
    assert isinstance(table, KeyTable)
    return " ".join(str(column.label) for column in table.ordered_columns)


async def focus_table(app: MinusmaApp, pilot, name: str):
    key, selector, _word, _label = TABLES[name]
    await pilot.press(key)
    await pilot.pause()
    table = app.screen.query_one(selector)
    table.focus()
    await pilot.pause()
    return table


# --- the pure helpers -------------------------------------------------------------------------


def test_filter_folds_accents_and_case() -> None:
    assert matches(filter_terms("menaka"), row_haystack(["Ménaka", "Gao region"]))
    assert matches(filter_terms("GAO mén"), row_haystack(["Ménaka", "Gao region"]))
    assert not matches(filter_terms("kidal"), row_haystack(["Ménaka", "Gao region"]))


def test_sort_keys_read_dates_numbers_names_and_put_unknown_last() -> None:
    cells = ["1,400", "unknown", "35", "185"]
    assert sort_rows(cells, str, reverse=False) == ["35", "185", "1,400", "unknown"]
    assert sort_rows(cells, str, reverse=True) == ["1,400", "185", "35", "unknown"]
    assert cell_sort_key("2023-08-03") < cell_sort_key("2023-11-18*")
    names = ["Mopti–Sévaré", "Ménaka", "S10", "S9"]
    assert sort_rows(names, str, reverse=False) == ["Ménaka", "Mopti–Sévaré", "S9", "S10"]


# --- filter -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
async def test_slash_filters_in_place_with_a_count_and_esc_clears(
    dataset: Dataset, name: str
) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, name)
        total = row_count(table)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input), "/ gives the keys to the filter bar"
        word = TABLES[name][2]
        await pilot.press(*word)
        await pilot.pause()
        shown = row_count(table)
        assert 0 < shown < total
        assert all(word.casefold() in row.casefold().replace("é", "e") for row in rows_text(table))
        bar = app.screen.query_one(FilterBar)
        count = str(bar.query_one(".filter-count").render())
        assert f"{TABLES[name][3]} {shown}/{total}" in count
        await pilot.press("enter")  # keeps the filter, keys back to the table
        await pilot.pause()
        assert app.focused is table
        assert row_count(table) == shown
        await pilot.press("escape")  # esc in the table clears it
        await pilot.pause()
        assert row_count(table) == total
        assert not app.screen.query(FilterBar)
        assert app.focused is table


async def test_esc_in_the_bar_clears_the_filter(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await focus_table(app, pilot, "contingents")
        total = row_count(table)
        await pilot.press("slash", *"mali")
        await pilot.pause()
        assert row_count(table) < total
        await pilot.press("escape")
        await pilot.pause()
        assert row_count(table) == total
        assert app.focused is table


async def test_accent_insensitive_finds_menaka(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await focus_table(app, pilot, "bases")
        await pilot.press("slash", *"MENAKA")
        await pilot.pause()
        assert table.site_order == ("menaka",)
        assert app.selected_site == "menaka", "the pane follows the one row left"
        assert "Bases 1/13" in str(app.screen.query_one(".filter-count").render())


@pytest.mark.parametrize("name", ["bases", "events", "sources"])
async def test_the_filter_survives_a_date_step_and_known(dataset: Dataset, name: str) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, name)
        await pilot.press("slash", *TABLES[name][2], "enter")
        await pilot.pause()
        before = row_count(table)
        await pilot.press("left_square_bracket", "K")
        await pilot.pause()
        assert app.as_of < dataset.latest_date and app.known
        word = TABLES[name][2]
        rows = rows_text(table)
        assert len(rows) <= before
        assert all(word in row.casefold().replace("é", "e") for row in rows)
        count = str(app.screen.query_one(".filter-count").render())
        assert count.endswith(f"{len(rows)}/{table.filter_count()[1]}")


# --- sort -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
async def test_s_and_shift_s_sort_with_an_arrow(dataset: Dataset, name: str) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, name)
        before = rows_text(table)
        await pilot.press("s")
        await pilot.pause()
        assert "▲" in header_text(table)
        ascending = rows_text(table)
        await pilot.press("S")
        await pilot.pause()
        assert "▼" in header_text(table)
        descending = rows_text(table)
        assert sorted(before) == sorted(ascending) == sorted(descending)
        assert ascending != descending


async def test_contingents_sort_by_figure_as_numbers_unknown_last(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, "contingents")
        assert isinstance(table, KeyTable)
        table.sort_by(2)  # Figure
        await pilot.pause()
        figures = [row.texts[2] for row in table.shown_rows]
        known = [int(f.replace(",", "")) for f in figures if f != "unknown"]
        assert known == sorted(known)
        assert figures[-1] == "unknown"
        table.sort_by(2, reverse=True)
        await pilot.pause()
        figures = [row.texts[2] for row in table.shown_rows]
        assert figures[-1] == "unknown"
        assert int(figures[0].replace(",", "")) == max(known)


@pytest.mark.parametrize("name", list(TABLES))
async def test_a_header_click_sorts(dataset: Dataset, name: str) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, name)
        # The second column: the tables come sorted by their first (# on Bases, Id on Sources...)
        if isinstance(table, KeyTable):
            x = table.ordered_columns[0].get_render_width(table) + 2
        else:
            x = 8
        await pilot.click(table, offset=(x, 0))
        await pilot.pause()
        assert "▲" in header_text(table)
        await pilot.click(table, offset=(x, 0))
        await pilot.pause()
        assert "▼" in header_text(table)


# --- mouse ------------------------------------------------------------------------------------


async def test_a_click_selects_a_site_and_a_second_opens_it(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await focus_table(app, pilot, "bases")
        await pilot.click(table, offset=(5, 3))  # header, then rows 0, 1, 2
        await pilot.pause()
        assert table.cursor_row == 2
        assert app.selected_site == dataset.sites[2].id
        assert app.focused is table
        await pilot.click(table, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.focused, DetailPane), "the second click opens it"


async def test_a_click_selects_a_row_and_a_second_opens_it_on_a_key_table(
    dataset: Dataset,
) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, "contingents")
        await pilot.click(table, offset=(20, 3))
        await pilot.pause()
        assert table.cursor_row == 2
        assert app.screen.query_one(TabbedContent).active == "contingents"
        await pilot.click(table, offset=(20, 3))
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "bases"


async def test_the_wheel_scrolls(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await focus_table(app, pilot, "bases")
        assert table.scroll_y == 0
        await wheel_down(pilot, table)
        assert table.scroll_y > 0
        assert table.cursor_row == 0, "the wheel scrolls; it does not move the selection"
        events = await focus_table(app, pilot, "events")
        await wheel_down(pilot, events)
        assert events.scroll_y > 0


async def wheel_down(pilot, widget) -> None:
    """A wheel turn over `widget` (Pilot has clicks, not the wheel)."""
    x, y = widget.region.x + 5, widget.region.y + 3
    for _ in range(3):
        widget.post_message(
            MouseScrollDown(widget, 5, 3, 0, 1, 0, False, False, False, screen_x=x, screen_y=y)
        )
    await pilot.pause()


# --- drill down -------------------------------------------------------------------------------


async def test_enter_on_a_contingent_opens_its_site(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, "contingents")
        assert isinstance(table, KeyTable)
        await pilot.press("slash", *"tessalit", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "bases"
        assert app.selected_site == "tessalit"
        pane = app.screen.query_one(DetailPane)
        assert "Tessalit" in str(pane.border_title)


async def test_enter_on_an_event_with_a_site_opens_it(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, "events")
        assert isinstance(table, KeyTable)
        index = next(i for i, e in enumerate(app.snapshot.events) if e.site == "kidal")
        table.move_cursor(row=index, animate=False)
        await pilot.pause()
        await pilot.press("enter")  # the event whole (tests/app/test_reach.py) …
        await wait_until(pilot, lambda: app.screen.query("#row-dialog"), "the event whole")
        await pilot.press("enter")  # … and its site
        await wait_until(pilot, lambda: app.selected_site == "kidal", "Kidal")
        assert app.screen.query_one(TabbedContent).active == "bases"


async def test_sources_follows_the_selected_source(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await focus_table(app, pilot, "sources")
        assert isinstance(table, KeyTable)
        sources = list(app.snapshot.citations)
        target = sources[5]
        app.open_source(target)
        await pilot.pause()
        assert table.shown_rows[table.cursor_row].key == target
        heading = app.screen.query_one("#source-heading", Static)
        assert str(heading.render()).startswith(target), "the citations show it"
        await pilot.press("j")
        await pilot.pause()
        assert app.selected_source == sources[6], "moving the cursor sets it"


async def test_a_citing_fact_opens_its_site(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await focus_table(app, pilot, "sources")
        app.open_source("S03")  # the Ansongo closure
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        cited = app.screen.query_one("#citations-pane", OptionList)
        assert app.focused is cited
        paths = [c.path for c in app.snapshot.citations["S03"]]
        ansongo = next(i for i, d in enumerate(dataset.sites) if d.id == "ansongo")
        cited.highlighted = 1 + paths.index(f"sites[{ansongo}]")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "bases"
        assert app.selected_site == "ansongo"


# --- layout -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_bases_shows_handed_to(dataset: Dataset, size) -> None:
    """Handed to, what the withdrawal left each site to, is the text column kept longest
    (Region and Contingents are hidden first, and named: tests/app/test_reach.py)."""
    app = make_app(dataset)
    async with app.run_test(size=size) as pilot:
        table = await focus_table(app, pilot, "bases")
        header = table.render_line(0).text
        assert "Status" in header and "Handed to" in header
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_bases_at_200x50_takes_the_rows_it_needs(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(200, 50)) as pilot:
        table = await focus_table(app, pilot, "bases")
        await pilot.pause()
        assert table.size.height <= len(dataset.sites) + 2
        pane = app.screen.query_one(DetailPane)
        assert pane.size.height > 25, "the detail pane takes the rest"


async def test_no_key_table_is_a_plain_data_table(dataset: Dataset) -> None:
    """Every table of the app filters and sorts: none is a DataTable without KeyTable's keys."""
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in "23456":
            await pilot.press(key)
            await pilot.pause()
        for table in app.screen.query(DataTable):
            assert isinstance(table, KeyTable), table


async def test_keys_typed_right_after_slash_go_into_the_filter(dataset: Dataset) -> None:
    """Type-ahead (SSH, tmux): `/mena` in one burst filters; `e` never reaches the export."""
    from textual import events

    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await focus_table(app, pilot, "bases")
        for key, char in [("slash", "/"), ("m", "m"), ("e", "e"), ("n", "n")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert table.filter_text == "men"
        assert isinstance(app.focused, Input) and app.focused.value == "men"
