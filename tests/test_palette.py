"""The command palette (ctrl+p) has every action, each with its key, and go-to hits."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.command import CommandPalette

from tests.test_app import active_tab, make_app, screen_text
from tui.commands import ACTIONS, ActionCommands, action_help, key_displays
from tui.core.model import Dataset
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen

NOV_20 = dt.date(2023, 11, 20)


async def _palette(pilot, query: str, expect: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.4)  # the palette searches in a worker
    await pilot.wait_for_scheduled_animations()
    assert expect in screen_text(app)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize(
    ("query", "expect", "check"),
    [
        ("export", "Export…", lambda app: isinstance(app.screen, ExportScreen)),
        (
            "export markdown",
            "Export as Markdown",
            lambda app: isinstance(app.screen, ExportScreen) and app.screen.fmt == "md",
        ),
        ("help", "Help: every key", lambda app: isinstance(app.screen, HelpScreen)),
        ("timeline", "Tab: Timeline", lambda app: active_tab(app) == "timeline"),
        ("S01", "Source: S01", lambda app: app.selected_source == "S01"),
        ("2023-11-20", "Date: 2023-11-20", lambda app: app.as_of == NOV_20),
        ("date earlier", "Date: earlier", lambda app: app.as_of < app.dataset.latest_date),
        ("known", "As known then", lambda app: app.known),
    ],
)
async def test_a_palette_hit_works(dataset: Dataset, query: str, expect: str, check) -> None:  # type: ignore[no-untyped-def]
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _palette(pilot, query, expect)
        assert check(app)


async def test_sort_from_the_palette_sorts_the_focused_table(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#site-table")
        before = getattr(table, "sort_column", None)
        await _palette(pilot, "sort the table", "Sort the table")
        assert getattr(table, "sort_column", None) != before


async def test_every_action_shows_its_key(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = key_displays(app)
        for entry in ACTIONS:
            assert "(key " in action_help(entry, keys), entry.title
        assert action_help(ACTIONS[0], keys).endswith("(key 1)")
        assert "(key e, then m)" in action_help(
            next(a for a in ACTIONS if a.title == "Export as Markdown"), keys
        )
        assert ActionCommands in app.COMMANDS
