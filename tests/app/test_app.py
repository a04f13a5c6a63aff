"""The dashboard driven as a user drives it: keys in, what the screen shows out.

Figures are read off the screen itself (the text of `App.export_screenshot()`), so a test fails
if a value is computed right but not shown, or shown where the user can't see it.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from textual.command import CommandPalette

from tests.conftest import (
    ROOT,
    active_tab,
    detail_text,
    make_app,
    pane_title,
    screen_lines,
    screen_text,
    wait_until,
)
from tui.app import MinusmaApp
from tui.core.loader import load_dataset
from tui.core.model import Dataset
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen

NOV_20 = dt.date(2023, 11, 20)
TAB_KEYS = {
    "1": "overview",
    "2": "bases",
    "3": "contingents",
    "4": "timeline",
    "5": "map",
    "6": "sources",
}


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's config, data or cache."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("MINUSMA_TUI_CONFIG", str(tmp_path / "config.toml"))


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(ROOT / "data" / "withdrawal.toml")


@pytest.fixture(scope="module")
def hostile() -> Dataset:
    return load_dataset(ROOT / "tests" / "fixtures" / "hostile.toml")


# --- tabs -----------------------------------------------------------------------------------


async def test_number_keys_switch_tabs(dataset: Dataset) -> None:
    async with make_app(dataset).run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        assert active_tab(pilot.app) == "overview"
        for key, tab_id in [*TAB_KEYS.items(), ("1", "overview")]:
            await pilot.press(key)
            await pilot.pause()
            assert active_tab(pilot.app) == tab_id
            # The tab's content is built and has the keys (focus is inside the active pane).
            pane = pilot.app.screen.query_one(f"TabPane#{tab_id}")
            assert pane.children
            focused = pilot.app.focused
            assert focused is None or pane in focused.ancestors_with_self


async def test_as_of_date_shows_on_every_tab(dataset: Dataset) -> None:
    async with make_app(dataset, NOV_20).run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        for key in TAB_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert "as of 2023-11-20" in screen_lines(pilot.app)[0]


# --- the as-of date -------------------------------------------------------------------------


async def test_step_back_to_2023_11_20_shows_its_figures(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        assert app.as_of == dataset.latest_date
        for _ in range(len(dataset.steps)):
            if app.as_of <= NOV_20:
                break
            await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.as_of == NOV_20
        text = screen_text(app)
        # All on the first screen at 80x24, without scrolling: both figures and the next step.
        assert "9 of 13 sites closed" in text
        assert "8,817 of 13,871 personnel departed (63.6%)" in text
        assert "Next step: Mopti–Sévaré" in text
        assert "as of 2023-11-20" in screen_lines(app)[0]


async def test_later_and_reset_keys_move_the_date(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("right_square_bracket")
        assert app.as_of == dataset.step(NOV_20, 1) > NOV_20
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.as_of == dataset.step(NOV_20, -1) < NOV_20
        await pilot.press("r")
        await pilot.pause()
        assert app.as_of == dataset.latest_date
        assert f"as of {dataset.latest_date.isoformat()}" in screen_lines(app)[0]


async def test_status_follows_the_date(dataset: Dataset) -> None:
    """Ansongo closed on 2023-11-18: open the day before, handed over on the 20th."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        app.open_site("ansongo")
        await pilot.pause()
        assert "handed over (since 2023-11-18)" in detail_text(app)
        before = dataset.step(dt.date(2023, 11, 18), -1)
        app.as_of = before
        await pilot.pause()
        assert f"On {before.isoformat()}" in detail_text(app)
        # Its closure date and receiver came later: not shown as of a date before them.
        assert "still open" in detail_text(app) and "not yet closed" in detail_text(app)
        assert "Handed to     not yet" in detail_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert "8 of 13 sites closed" in screen_text(app)


# --- bases: the table and the detail pane ----------------------------------------------------


async def test_cursor_keys_move_the_detail_pane(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    sites = dataset.sites
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("2")
        await pilot.pause()
        assert app.selected_site == sites[0].id
        await pilot.press("j")
        await pilot.pause()
        assert app.selected_site == sites[1].id
        assert pane_title(app) == sites[1].name
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.selected_site == sites[3].id
        await pilot.press("k", "up")
        await pilot.pause()
        assert app.selected_site == sites[1].id
        await pilot.press("G")
        await pilot.pause()
        assert app.selected_site == sites[-1].id
        assert pane_title(app) == sites[-1].name
        await pilot.press("g")
        await pilot.pause()
        assert app.selected_site == sites[0].id


async def test_ansongo_detail_lists_its_projects(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("2")
        index = [s.id for s in dataset.sites].index("ansongo")
        await pilot.press(*["j"] * index)
        await pilot.pause()
        assert app.selected_site == "ansongo"
        text = detail_text(app)
        assert pane_title(app) == "Ansongo"
        assert "Police station" in text
        assert "818 million FCFA" in text
        assert "electrification" in text.lower()
        # The pane's title names the site, on screen.
        assert "Ansongo" in screen_text(app)


async def test_enter_opens_the_site_and_escape_goes_back(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("2", "j")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "site-table"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "detail-pane"
        assert app.selected_site == dataset.sites[1].id
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "site-table"


async def test_f_shows_the_detail_alone_at_80_columns(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#site-table")
        pane = app.screen.query_one("#detail-pane")
        # Narrow: the pane sits below the table.
        assert pane.region.y >= table.region.bottom
        await pilot.press("f")
        await pilot.pause()
        assert not table.display or table.region.height == 0
        assert pane.region.height > 15
        await pilot.press("f")
        await pilot.pause()
        assert table.region.height > 0


async def test_detail_pane_sits_beside_the_table_when_wide(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#site-table-box")  # the table, the line over it
        pane = app.screen.query_one("#detail-pane")
        assert pane.region.x >= table.region.right
        assert pane.region.y == table.region.y


async def test_n_and_p_open_sites_from_any_tab(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    sites = dataset.sites
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("n")
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert app.selected_site == sites[1].id
        assert pane_title(app) == sites[1].name
        await pilot.press("6", "n")
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert app.selected_site == sites[2].id
        await pilot.press("3", "p", "p", "p")
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert app.selected_site == sites[-1].id  # wraps around
        assert pane_title(app) == sites[-1].name


# --- jump, help, quit ------------------------------------------------------------------------


@pytest.mark.parametrize("opener", ["ctrl+p"])
async def test_palette_jumps_to_a_site(dataset: Dataset, opener: str) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press(opener)
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"anso")
        # The palette searches in a worker: its hits come when they come.
        await wait_until(pilot, lambda: "Site: Ansongo" in screen_text(app), "Ansongo's hit")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "closed")
        assert not isinstance(app.screen, CommandPalette)
        assert app.selected_site == "ansongo"
        assert active_tab(app) == "bases"
        assert "Police station" in detail_text(app)


async def test_help_lists_every_key(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("2")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=120, record=True, color_system=None, file=io.StringIO())
        console.print(app.screen.render_keys())
        text = console.export_text()
        lines = text.splitlines()

        def listed(key: str, words: str) -> bool:
            return any(key in line and words in line for line in lines)

        for binding in MinusmaApp.BINDINGS:
            # the help says it in full (the tooltip) where the footer has only a word
            words = binding.tooltip or binding.description
            assert listed(binding.key_display or binding.key, words), binding
        for number, title in enumerate(
            ["Overview", "Bases", "Contingents", "Timeline", "Map", "Sources"], 1
        ):
            assert listed(str(number), title)
        for key, words in [
            ("^p", "Command palette"),
            ("↓, j", "Down"),
            ("↑, k", "Up"),
            ("g", "Top"),
            ("G", "Bottom"),
            ("⏎", "Open"),
            ("f", "Detail pane only"),
            ("esc", "Back to table"),
            ("s", "Sort"),
        ]:
            assert listed(key, words), (key, words)
        # The first keys are on screen, and escape closes the help.
        assert "Everywhere" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_help_lists_keys_added_to_the_app_later(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.binding import Binding

    extra = Binding("e", "export", "Export the summary", id="export")
    monkeypatch.setattr(MinusmaApp, "BINDINGS", [*MinusmaApp.BINDINGS, extra])
    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Export the summary" in screen_text(app)


async def test_q_quits(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("3", "q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


# --- robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_hostile_strings_render_literally(hostile: Dataset, size: tuple[int, int]) -> None:
    app = make_app(hostile, NOV_20)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]MINI[/bold]" in text
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "[/]" in text and "[bold]" in text
        detail = detail_text(app)
        for literal in ["[red]x", "[bold]The governor", "[i]no[/i]", "[@click=app.quit]quit[/]"]:
            assert literal in detail
        await pilot.press("n")
        await pilot.pause()
        assert app.selected_site == "long"
        assert hostile.site("long").name in detail_text(app).replace("\n", "")
        await pilot.press("n", "G", "g")  # the "[bold]" site, then the table's ends
        await pilot.pause()
        for key in ["3", "4", "5", "6", "1"]:
            await pilot.press(key)
            await pilot.pause()
            screen_text(app)
        await pilot.press("6")
        await pilot.pause()
        assert "[red]Publisher[/red]" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape", "colon", *"[/")
        await wait_until(pilot, lambda: "Site: [/]" in screen_text(app), "the site called [/]")
        assert "Site: [/]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected_site == "slash"
        assert app.is_running


async def test_escape_sequences_never_reach_the_terminal(hostile: Dataset) -> None:
    app = make_app(hostile, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the first frame: the initial tab is shown and focused
        await pilot.press("2")
        await pilot.pause()
        assert "\x1b" not in detail_text(app)
        assert "dawn" in detail_text(app)


async def test_too_small_shows_a_notice(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "The terminal is too small" in text
        assert "9 of 13" not in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "The terminal is too small" not in text
        assert "sites closed" in text


SIZES = [(20, 8), (40, 10), (59, 15), (60, 16), (80, 24), (119, 30), (120, 40), (180, 50)]
SIZES += [(250, 80), (30, 60), (250, 10)]


def size_classes(app: MinusmaApp) -> tuple[bool, bool]:
    return app.screen.has_class("-too-small"), app.screen.has_class("-wide")


@pytest.mark.parametrize("key", list(TAB_KEYS), ids=list(TAB_KEYS.values()))
async def test_resizing_between_tiny_and_huge_raises_nothing(dataset: Dataset, key: str) -> None:
    """One tab per test (they run side by side); the last one then resizes under the help."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            small = width < 60 or height < 16
            wide = width >= 120
            classes = (small, wide)
            done = f"the classes for {width}x{height}"
            await wait_until(pilot, lambda: size_classes(app) == classes, done)  # noqa: B023
            assert app.screen.has_class("-too-small") == small
            assert app.screen.has_class("-wide") == wide
        await pilot.resize_terminal(80, 24)
        if key == list(TAB_KEYS)[-1]:
            await pilot.press("f", "question_mark")
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
            await pilot.pause()
        assert app.is_running


async def test_a_burst_of_keys_on_bases_settles(dataset: Dataset) -> None:
    """Queued highlights once chased each other for ever (100% CPU, keys lost): no more."""
    app = make_app(dataset, NOV_20)
    changes: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def record(site_id: str | None) -> None:
            changes.append(site_id)

        app.watch(app, "selected_site", record, init=False)
        await pilot.press("2", "escape", "G", "g", *["j"] * 8, "enter", "j")
        for _ in range(3):
            await pilot.pause()
        settled = len(changes)
        for _ in range(20):
            await pilot.pause()
        assert len(changes) == settled, "the selection keeps changing on its own"
        table = app.screen.query_one("SiteTable")
        assert app.selected_site == table.selected_site_id == dataset.sites[8].id


async def test_detail_only_keeps_the_keys_after_a_tab_switch(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "f", "5", "2")
        await pilot.pause()
        before = app.selected_site
        assert app.focused is app.screen.query_one("#detail-pane")
        await pilot.press("j")
        await pilot.pause()
        assert app.selected_site == before, "j moved the hidden table instead of the pane"


async def test_escape_leaves_the_citations_pane(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6", "enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#citations-pane")
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#sources-table")


async def test_help_says_what_enter_opens_on_each_tab_and_lists_tab(dataset: Dataset) -> None:
    """The help had no Contingents or Timeline section, one vague enter line and no tab key."""
    import io

    from rich.console import Console

    from tui.screens.help import HelpScreen

    app = make_app(dataset)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        out = io.StringIO()
        Console(file=out, width=120).print(app.screen.render_keys())
        shown = out.getvalue()
    for title in ("3 Contingents", "4 Timeline", "6 Sources"):
        assert title in shown
    assert "Open the posting's site on Bases" in shown
    assert "The event whole, with its sources" in shown
    assert "Previous table or pane" in shown


async def test_a_date_step_past_either_end_says_so(dataset: Dataset) -> None:
    """`[` at the first date did nothing, silently."""
    first = dataset.steps[0]
    app = make_app(dataset, first)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: app._notifications, "a notification")
        assert app.as_of == first
        shown = [n.message for n in app._notifications]  # Textual has no public list
        assert f"{first.isoformat()} is the dataset's first date." in shown
