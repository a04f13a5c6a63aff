"""The command palette (ctrl+p) has every action, each with its key, and go-to hits."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.command import CommandPalette

from tests.conftest import active_tab, make_app, screen_text, wait_until
from tui.commands import ACTIONS, ActionCommands, action_help, key_displays
from tui.core.model import Dataset
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen

NOV_20 = dt.date(2023, 11, 20)


async def _palette(pilot, query: str, expect: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await pilot.press(*query)
    # The palette searches in a worker: its hits come when they come.
    await wait_until(pilot, lambda: expect in screen_text(app), f"the hit {expect!r}")
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


# --- the footer: each key whole -------------------------------------------------------------


def _footer_labels(app) -> set[str]:  # type: ignore[no-untyped-def]
    """Every label the footer may show ("e Export", and a group's "←→↑↓ Nearest")."""
    labels: set[str] = set()
    groups: dict[str, list[str]] = {}
    for _node, binding, _enabled, _tip in app.screen.active_bindings.values():
        if not binding.show:
            continue
        key = app.get_key_display(binding)
        if binding.group is not None:
            group = groups.setdefault(binding.group.description, [])
            if key not in group:  # "left,h" are two bindings, one key on show
                group.append(key)
        labels.add(f"{key} {binding.description}")
    labels |= {"".join(keys) + " " + name for name, keys in groups.items()}
    return labels


@pytest.mark.parametrize("keys", [["1"], ["2"], ["2", "enter"], ["3"], ["4"], ["5"], ["6"]])
async def test_the_footer_never_cuts_a_key_at_80_columns(dataset: Dataset, keys: list[str]) -> None:
    from tests.conftest import screen_lines

    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        for _ in range(4):
            await pilot.pause()
        footer = screen_lines(app)[-1].strip()
        shown = [label.strip() for label in footer.split("  ") if label.strip()]
        assert len(shown) >= 5, footer
        allowed = _footer_labels(app)
        for label in shown:
            assert label in allowed, (label, footer)
        assert "? Help" in shown  # the app's most useful key is always there


async def test_help_lists_the_new_keys(dataset: Dataset) -> None:
    import io

    from rich.console import Console

    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, color_system=None, file=io.StringIO())
        console.print(app.screen.render_keys())
        text = console.export_text()
        for words in (
            "Go to a site, a source, a date or a tab",
            "Set the as-of date",
            "Back where you were",
            "Open a source this detail cites",
            "Go to (:) and date (d) prompts",
        ):
            assert words in text, words
