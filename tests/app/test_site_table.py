"""The virtual site table: what it shows, its keys, sorting, and the same at 10,000 sites."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from tests.conftest import ROOT
from tui.app import MinusmaApp
from tui.core.loader import parse_dataset
from tui.core.model import STATE_LABELS, Dataset
from tui.core.sorting import reading_key
from tui.render import summary
from tui.render.site_columns import MIN_WIDTHS, measure_sites
from tui.widgets.hidden_columns import HiddenColumns
from tui.widgets.site_table import STATUS_COLUMN, SiteTable

SIZE = (200, 50)
"""Wide enough for every column at its natural width (narrower, they shrink to fit)."""


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_dataset", ROOT / "benchmarks" / "make_dataset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big() -> Dataset:
    """10,000 generated sites (benchmarks/make_dataset.py), parsed once for the module."""
    return parse_dataset(_generator().generate(10_000), "big.toml")


def visible_rows(table: SiteTable) -> list[str]:
    """The table's data lines as the user sees them (the header is line 0)."""
    return [table.render_line(y).text for y in range(1, table.scrollable_content_region.height)]


def cursor_line(table: SiteTable) -> str:
    return table.render_line(table.cursor_row - round(table.scroll_y) + 1).text


async def open_bases(app: MinusmaApp, pilot) -> SiteTable:
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    table = app.query_one(SiteTable)
    assert app.focused is table
    return table


# --- 13 sites ---------------------------------------------------------------------------------


async def test_rows_show_the_sites_in_closure_order_with_their_state(dataset: Dataset) -> None:
    app = MinusmaApp(dataset)
    # Wide enough for every column at its natural width (narrower, they shrink to fit).
    async with app.run_test(size=(320, 50)) as pilot:
        table = await open_bases(app, pilot)
        assert table.row_count == len(dataset.sites)
        assert table.site_order == tuple(s.id for s in dataset.sites)
        header = table.render_line(0).text
        for column in ("#", "Site", "Region"):
            assert column in header
        snap = app.snapshot
        first = dataset.sites[0]
        assert first.name in visible_rows(table)[0]
        row = table.row_text(0)
        cells = summary.site_row(first, snap.site_states[first.id], snap=snap)
        for cell in cells:
            # At 200 columns the first row's values are whole (the room to spare goes to the
            # columns cut at MAX_WIDTH); narrower, long values end in "…".
            assert cell in row
        assert STATE_LABELS[snap.site_states[first.id]] in row


async def test_cursor_keys_move_the_selection_and_the_detail(dataset: Dataset) -> None:
    app = MinusmaApp(dataset)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        seen: list[str] = []
        original = table.post_message

        def spy(message):
            if isinstance(message, SiteTable.SiteHighlighted):
                seen.append(message.site_id)
            return original(message)

        table.post_message = spy  # type: ignore[method-assign]
        await pilot.press("down", "j")
        await pilot.pause()
        assert table.cursor_row == 2
        assert seen == [dataset.sites[1].id, dataset.sites[2].id]
        assert app.selected_site == dataset.sites[2].id
        assert dataset.sites[2].name in cursor_line(table)
        assert str(app.query_one("#detail-pane").border_title) == dataset.sites[2].name
        await pilot.press("k")
        await pilot.pause()
        assert app.selected_site == dataset.sites[1].id
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == len(dataset.sites) - 1
        assert app.selected_site == dataset.sites[-1].id
        await pilot.press("g")
        await pilot.pause()
        assert table.cursor_row == 0
        assert app.selected_site == dataset.sites[0].id
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == len(dataset.sites) - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        await pilot.press("up")  # at the top: stays
        await pilot.pause()
        assert table.cursor_row == 0


async def test_enter_opens_the_site_in_the_detail_pane(dataset: Dataset) -> None:
    app = MinusmaApp(dataset)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        got: list[SiteTable.SiteSelected] = []
        original = table.post_message

        def spy(message):
            if isinstance(message, SiteTable.SiteSelected):
                got.append(message)
            return original(message)

        table.post_message = spy  # type: ignore[method-assign]
        await pilot.press("j", "enter")
        await pilot.pause()
        assert [m.site_id for m in got] == [dataset.sites[1].id]
        assert app.focused is app.query_one("#detail-pane")


async def test_sorting_keeps_the_cursor_on_the_same_site(dataset: Dataset) -> None:
    app = MinusmaApp(dataset)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        site_id = app.selected_site
        await pilot.press("s")  # by name
        await pilot.pause()
        assert table.sort_column == 1 and not table.sort_reverse
        names = [dataset.site(i).name for i in table.site_order]
        assert names == sorted(names, key=reading_key)  # Ménaka before Mopti–Sévaré
        assert table.selected_site_id == site_id
        assert app.selected_site == site_id
        assert dataset.site(site_id).name in cursor_line(table)
        assert "Site ▲" in table.render_line(0).text
        await pilot.press("S")
        await pilot.pause()
        assert table.sort_reverse
        assert [dataset.site(i).name for i in table.site_order] == names[::-1]
        assert table.selected_site_id == site_id
        assert "Site ▼" in table.render_line(0).text
        for _ in range(len(summary.SITE_COLUMNS) - 1):  # cycles back to the ordinal
            await pilot.press("s")
        await pilot.pause()
        assert table.sort_column == 0
        assert table.site_order == tuple(s.id for s in dataset.sites)


async def test_an_as_of_change_only_changes_the_status(dataset: Dataset) -> None:
    app = MinusmaApp(dataset)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        await pilot.press("j", "j")
        await pilot.pause()
        before_rows = [table.row_text(i) for i in range(table.row_count)]
        order = table.site_order
        app.as_of = dt.date(2023, 7, 1)  # before any closure: every site still open
        await pilot.pause()
        assert table.site_order == order
        assert table.cursor_row == 2
        after_rows = [table.row_text(i) for i in range(table.row_count)]
        label = STATE_LABELS["open"]
        for site, row in zip(dataset.sites, after_rows, strict=True):
            assert label in row
            assert site.name in row
        assert after_rows != before_rows
        assert all(STATE_LABELS["open"] not in row for row in before_rows[:3])


async def test_sort_by_status_follows_the_as_of_date(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=dt.date(2023, 10, 1))
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        for _ in range(STATUS_COLUMN):
            await pilot.press("s")
        await pilot.pause()
        site_id = table.selected_site_id
        states = [app.snapshot.site_states[i] for i in table.site_order]
        assert states == sorted(states)
        await pilot.press("r")  # latest date: states change, so does the order
        await pilot.pause()
        states = [app.snapshot.site_states[i] for i in table.site_order]
        assert states == sorted(states)
        assert table.selected_site_id == site_id


async def test_untrusted_names_are_shown_literally() -> None:
    text = (ROOT / "tests" / "fixtures" / "mini.toml").read_text(encoding="utf-8")
    hostile = parse_dataset(_with_first_site_name(text, "[bold red]Evil[/] [link=x]"), "h.toml")
    app = MinusmaApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        assert "[bold red]Evil[/] [link=x]" in visible_rows(table)[0]


def _with_first_site_name(text: str, name: str) -> str:
    start = text.index("[[sites]]")
    at = text.index("name = ", start)
    end = text.index("\n", at)
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return text[:at] + f'name = "{escaped}"' + text[end:]


async def test_columns_fit_80_columns_with_an_ellipsis(dataset: Dataset) -> None:
    app = MinusmaApp(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_bases(app, pilot)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        header = table.render_line(0).text
        assert "Status" in header and "Handed to" in header
        assert "…" in visible_rows(table)[0]  # the long Handed to is cut, and says so


async def test_narrowest_terminal_hides_the_text_columns_and_names_them(big: Dataset) -> None:
    """At 60 columns, 10,000 sites' wider numbers: Region, Handed to and Contingents are hidden
    (named above the table; they scrolled sideways, cut, before issue 23), and #, Site, Date
    and Status are whole on screen."""
    dataset = big
    app = MinusmaApp(dataset)
    async with app.run_test(size=(60, 24)) as pilot:
        table = await open_bases(app, pilot)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.shown_columns == (0, 1, 2, 3)
        header = table.render_line(0).text
        assert "…" not in header and "Status" in header
        note = app.screen.query_one(HiddenColumns)
        assert note.display
        assert "Region, Contingents, Handed to" in str(note.content)
        name = dataset.sites[0].name
        assert name[:12] in visible_rows(table)[0]  # Site gives way before Status


def test_narrower_than_any_terminal_the_rest_scrolls_sideways(big: Dataset) -> None:
    """Below the app's minimum width (a pane beside it), Site and Status shrink last, then the
    table scrolls sideways (`fits` false)."""
    _, columns = measure_sites(big)
    fitted = columns.fit(40)
    assert fitted.hidden == (4, 6, 5) and not fitted.fits
    assert fitted.widths[1] == MIN_WIDTHS[1] and fitted.widths[3] == MIN_WIDTHS[3]


# --- 10,000 sites -----------------------------------------------------------------------------


async def test_ten_thousand_rows_first_and_last(big: Dataset) -> None:
    app = MinusmaApp(big)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        assert table.row_count == 10_000
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == 9_999
        assert app.selected_site == big.sites[-1].id
        assert big.sites[-1].name in cursor_line(table)
        assert big.sites[-1].name in visible_rows(table)[-1]
        await pilot.press("k")
        await pilot.pause()
        assert app.selected_site == big.sites[-2].id
        await pilot.press("g")
        await pilot.pause()
        assert table.cursor_row == 0
        assert round(table.scroll_y) == 0
        assert big.sites[0].name in visible_rows(table)[0]
        await pilot.press("pagedown")
        await pilot.pause()
        page = table.scrollable_content_region.height - 1
        assert table.cursor_row == page
        assert app.selected_site == big.sites[page].id
        assert big.sites[page].name in cursor_line(table)


async def test_ten_thousand_rows_sort_keeps_the_cursor_site(big: Dataset) -> None:
    app = MinusmaApp(big)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_bases(app, pilot)
        target = big.sites[5_000].id
        app.selected_site = target  # as `n`/`p` or the palette would
        await pilot.pause()
        assert table.cursor_row == 5_000
        assert big.site(target).name in cursor_line(table)
        await pilot.press("S")  # ordinal, descending
        await pilot.pause()
        assert table.selected_site_id == target
        assert table.cursor_row == 9_999 - 5_000
        assert big.site(target).name in cursor_line(table)
        await pilot.press("s")  # by name, ascending: "Synthetic base 05001" is row 5,000
        await pilot.pause()
        assert table.selected_site_id == target
        assert table.cursor_row == 5_000
        await pilot.press("j")
        await pilot.pause()
        assert app.selected_site == big.sites[5_001].id
        assert big.sites[5_001].name in cursor_line(table)
        await pilot.press("s")  # the next column is the date: ties keep closure order
        await pilot.pause()
        dates = [big.site(i).date for i in table.site_order]
        assert dates == sorted(dates)
        assert table.selected_site_id == big.sites[5_001].id
