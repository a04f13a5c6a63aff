"""Regressions found by hand (issue "1/6 Trust"): each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from typing import Any

from textual.geometry import Offset
from textual.selection import Selection

from tests.conftest import ROOT
from tui.app import MinusmaApp
from tui.core.model import Dataset
from tui.core.sorting import reading_key
from tui.widgets.detail import DetailView
from tui.widgets.site_table import SiteTable

NOV_20 = dt.date(2023, 11, 20)


async def open_bases(app: MinusmaApp, pilot: Any) -> SiteTable:
    """Press 2 and wait until the Bases tab is built and its table has the keys."""
    await pilot.pause()  # a key pressed before the first frame is lost in the test harness
    await pilot.press("2")
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.focused, SiteTable) and app.query_one(DetailView).lines:
            break
    return app.query_one(SiteTable)


async def test_copying_a_selection_in_the_detail_pane_keeps_the_app_alive(
    dataset: Dataset,
) -> None:
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_bases(app, pilot)
        view = app.query_one(DetailView)
        # What a drag from the pane's first line to the middle of its third leaves behind.
        app.screen.selections = {view: Selection(Offset(0, 0), Offset(10, 2))}
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        # The pane's first line (the site's name is its border title, not a line of text).
        assert app.clipboard.startswith("Region        Bandiagara region")


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    """`minusma-tui 2>&1 | head -2`: the reader closes the pipe; exit 0, and nothing more."""
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--as-of", "2023-11-20"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        assert process.stdout is not None
        process.stdout.read(10)
        process.stdout.close()  # before the summary and the note on stderr are written
        assert process.wait(timeout=60) == 0


def test_a_bad_theme_flag_is_a_usage_error_listing_the_themes() -> None:
    result = _run_cli("--theme", "bogus")
    assert result.returncode == 2
    assert "no theme called 'bogus'" in result.stderr
    assert "textual-dark" in result.stderr and "ansi-dark" in result.stderr
    assert "config" not in result.stderr.split("error:")[1]


def test_names_sort_as_people_read_them() -> None:
    names = ["Mopti–Sévaré", "Ménaka", "mopti", "Ansongo", "S10", "S9", "ber", "Zed"]
    assert sorted(names, key=reading_key) == [
        "Ansongo",
        "ber",
        "Ménaka",
        "mopti",
        "Mopti–Sévaré",
        "S9",
        "S10",
        "Zed",
    ]


async def test_sorting_bases_by_site_puts_menaka_before_mopti(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_bases(app, pilot)
        assert app.focused is table
        await pilot.press("s")  # sort by the next column: Site
        await pilot.pause()
        assert table.sort_column == 1
        order = list(table.site_order)
        assert order.index("menaka") < order.index("mopti-sevare")


async def test_help_scrolls_with_the_keys_it_lists(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body")
        for key, moved in (("G", True), ("g", False), ("space", True)):
            await pilot.press(key)
            await pilot.pause()
            assert (body.scroll_y > 0) == moved, key


async def test_quick_sort_presses_show_one_toast(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_bases(app, pilot)
        await pilot.press(*"sssssss")
        for _ in range(3):
            await pilot.pause()
        # The toasts on show (the screenshot leaves toasts out; Textual has no public count).
        assert len(app._notifications) == 1


def test_west_of_tessalit_is_not_aguelhok_which_is_south(dataset: Dataset) -> None:
    from tui.render import map as geo

    snap = dataset.on(NOV_20)
    assert geo.nearest_in_direction(snap, "tessalit", "west") != "aguelhok"
    assert geo.nearest_in_direction(snap, "tessalit", "south") == "aguelhok"


async def test_the_map_opens_on_a_site_it_can_show(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not dataset.site(app.selected_site or "").has_coordinates  # Ogossagou
        await pilot.pause()
        await pilot.press("5")
        for _ in range(3):
            await pilot.pause()
        assert dataset.site(app.selected_site or "").has_coordinates
        assert "not on map" not in str(app.screen.query_one("#map-selected").content)


def test_the_chart_names_no_as_of_marker_it_does_not_draw(dataset: Dataset) -> None:
    from rich.console import Console

    from tui.render.chart import DrawdownChart

    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(DrawdownChart(dataset.on(dataset.latest_date), height=14))
    text = console.export_text()
    assert "▲" not in text and "as-of date" not in text
    assert "after the last count" in text
    console.print(DrawdownChart(dataset.on(NOV_20), height=14))
    text = console.export_text()
    assert "▲" in text and "as-of date" in text


def test_contingents_at_open_sites_follow_their_site(dataset: Dataset) -> None:
    snap = dataset.on(NOV_20)
    rows = snap.contingent_statuses
    undated = [r for r in rows if r.site.state_on(NOV_20) == "open" and r.contingent.left is None]
    assert undated
    for row in undated:
        assert row.status == "site open"
        assert row.left_known is None  # the site's later closure is not shown as a departure
    for row in rows:
        assert row.left_known is None or row.left_known <= NOV_20
    assert sum(1 for c in snap.countries if c.present or c.at_open_site) >= 4


def test_a_name_sorts_before_the_longer_names_it_begins() -> None:
    """`S03-ama` and `S03-fr` came before `S03`: the tie-break outranked the missing suffix."""
    ids = ["S03-fr", "S10", "S03", "S03-ama", "S9", "Gao", "Gao Super Camp"]
    assert sorted(ids, key=reading_key) == [
        "Gao",
        "Gao Super Camp",
        "S03",
        "S03-ama",
        "S03-fr",
        "S9",
        "S10",
    ]
