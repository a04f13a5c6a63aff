"""What start-up skips must not change what a user sees: the footer, the first tab, the cache."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from tests.conftest import DATA, FIXTURES, ROOT, wait_until
from tui.app import MinusmaApp
from tui.core import cache
from tui.core.config import Config
from tui.core.loader import load_dataset
from tui.core.model import Dataset
from tui.screens.dashboard import DashboardScreen


def footer_keys(app: MinusmaApp) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def footer_words(app: MinusmaApp) -> list[str]:
    return [key.description for key in footer_keys(app)]


async def test_footer_follows_the_tab_with_the_focus(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, animations=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "Quit" in footer_words(app)
        assert "Sort" not in footer_words(app)
        await pilot.press("2")
        await wait_until(pilot, lambda: "Sort" in footer_words(app), "Bases's keys")
        assert "Sort" in footer_words(app)
        assert "Quit" in footer_words(app)
        await pilot.press("1")
        await wait_until(pilot, lambda: "Sort" not in footer_words(app), "the Overview's keys")
        assert "Sort" not in footer_words(app)


async def test_footer_is_not_rebuilt_when_its_keys_stay_the_same(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, animations=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        before = footer_keys(app)
        assert before
        app.screen.refresh_bindings()  # what every focus change does
        await pilot.pause()
        assert footer_keys(app) == before  # the same widgets, not new ones
        # A binding that changes state still rebuilds it.
        await pilot.press("2")
        await wait_until(pilot, lambda: footer_keys(app) != before, "Bases's footer")
        assert footer_keys(app) != before


async def test_the_first_tab_is_there_with_the_first_screen(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, config=Config(default_tab="bases"), animations=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.query("#bases-view")
        assert not screen.query("#overview-view")  # the others still wait to be shown
        assert not screen.query("#too-small")  # built only for a terminal too small


async def test_the_gc_paused_for_start_up_comes_back_after_the_first_frame(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app turns the GC back on itself. Recorded, not done: turning the real GC back on in
    a test process paid for the whole run's garbage (45 s into a serial run, 0.4 s alone)."""
    turned_on: list[bool] = []
    monkeypatch.setattr(gc, "enable", lambda: turned_on.append(True))
    app = MinusmaApp(dataset, animations=False)
    app.resume_gc = True
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: turned_on, "the app turned the GC back on")
        assert turned_on == [True]


async def test_without_resume_gc_the_app_leaves_the_gc_alone(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other half: the fake above would see a call made by anything else (it can fail)."""
    turned_on: list[bool] = []
    monkeypatch.setattr(gc, "enable", lambda: turned_on.append(True))
    app = MinusmaApp(dataset, animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query("#overview-view")
    assert turned_on == []


def test_cached_models_keep_every_value_and_its_type(tmp_path: Path) -> None:
    """Entries store equal strings and dates once and leave trailing defaults out; a model
    read back is equal to the parsed one, field for field, type for type (False is not None)."""
    for source in (DATA, FIXTURES / "hostile.toml", FIXTURES / "mini.toml"):
        fresh = load_dataset(source)
        cache.load_dataset_cached(source, cache=tmp_path)
        cached = cache.load_dataset_cached(source, cache=tmp_path)
        assert cached == fresh
        for old, new in zip(fresh.sites, cached.sites, strict=True):
            for name in old.__slots__:
                assert type(getattr(old, name)) is type(getattr(new, name)), (source, name)


def test_cached_generated_sites_read_back_equal(tmp_path: Path) -> None:
    big = tmp_path / "sites.toml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_dataset.py"), "300", str(big)],
        check=True,
        cwd=ROOT,
    )
    fresh = load_dataset(big)
    cache.load_dataset_cached(big, cache=tmp_path / "c")
    cached = cache.load_dataset_cached(big, cache=tmp_path / "c")
    assert cached == fresh
    assert cached.on(cached.latest_date).sites_closed == fresh.on(fresh.latest_date).sites_closed


async def test_the_overview_is_one_page_whose_bars_grow_with_the_width(dataset: Dataset) -> None:
    """The Overview is a handful of widgets (its first frame is Textual's own cost), its bars
    as wide as the terminal allows, side by side from 120 columns (issue 14)."""
    from tests.conftest import screen_lines

    app = MinusmaApp(dataset, animations=False)
    widths = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(list(app.query_one("#overview-view").walk_children())) <= 3
        for size in ((80, 24), (100, 30), (120, 40), (200, 50)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            lines = screen_lines(app)
            bar = next(line for line in lines if line.startswith("Sites closed"))
            widths[size[0]] = bar.count("━") + bar.count("─")
            side_by_side = "Personnel departed" in bar
            assert side_by_side == (size[0] >= 120), bar
            assert any("sites closed:" in line for line in lines)
    assert widths[80] < widths[100] and widths[120] < widths[200]
