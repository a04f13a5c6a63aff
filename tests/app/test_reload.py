"""Live reload through the running app: edit, break and fix the dataset file."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.conftest import DATA, wait_until
from tui.app import MinusmaApp
from tui.core.loader import DatasetError, load_dataset
from tui.reload import BANNER_ID, DatasetWatcher, fingerprint
from tui.widgets.site_table import SiteTable

AS_OF = dt.date(2023, 11, 20)
NEW_SITE = """

[[sites]]
id = "test-camp"
name = "{name}"
region = "Nowhere"
kind = "camp"
ordinal = {ordinal}
phase = "liquidation"
sources = ["S01"]

[[sites.states]]
state = "handed_over"
since = 2024-11-20
sources = ["S01"]
"""


async def _until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run (the watcher polls every 50 ms) until `condition` holds."""
    await wait_until(pilot, condition, what)


def _row(table: SiteTable, site_id: str) -> str:
    return table.row_text(table.site_order.index(site_id))


def _banner_text(app: MinusmaApp) -> str | None:
    found = app.screen.query(f"#{BANNER_ID}")
    return str(found.first().render()) if found else None


def _watched_app(tmp_path: Path) -> tuple[MinusmaApp, Path, str]:
    """An app watching a copy of the shipped data (polled every 50 ms), the copy, its text."""
    path = tmp_path / "withdrawal.toml"
    original = DATA.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    app = MinusmaApp(load_dataset(path), as_of=AS_OF, data_path=path, watch=True)
    app.watch_interval = 0.05
    return app, path, original


async def test_edit_break_fix(tmp_path: Path) -> None:
    app, path, original = _watched_app(tmp_path)
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        app.selected_site = "kidal"
        await pilot.pause()
        table = app.screen.query_one(SiteTable)
        assert table.row_count == 13

        # 1. add a site: it appears in the table; selection and date are kept
        path.write_text(original + NEW_SITE.format(name="Test [red]camp[/]", ordinal=14))
        await _until(pilot, lambda: table.row_count == 14, "the new site in the table")
        assert "Test [red]camp[/]" in _row(table, "test-camp")
        assert app.selected_site == "kidal" and app.as_of == AS_OF
        assert table.selected_site_id == "kidal"
        assert "Reloaded withdrawal.toml: 14 sites" in said

        # 2. break it: the last good data stays, the error with its path is shown
        path.write_text(original + NEW_SITE.format(name="Broken", ordinal='"fourteen"'))
        await _until(pilot, lambda: _banner_text(app) is not None, "the error banner")
        banner = _banner_text(app) or ""
        line = (original + NEW_SITE).splitlines().index("ordinal = {ordinal}") + 1
        assert f"{path}:{line}:11: sites[test-camp].ordinal" in banner  # the line, the id
        assert "last good data" in banner
        assert table.row_count == 14
        assert app.dataset.site("test-camp").name == "Test [red]camp[/]"

        # 3. fix it: new data appears, the error goes
        path.write_text(original + NEW_SITE.format(name="Fixed camp", ordinal=14))
        await _until(pilot, lambda: _banner_text(app) is None, "the banner to go")
        assert app.dataset.site("test-camp").name == "Fixed camp"
        assert "Fixed camp" in _row(table, "test-camp")


async def test_removed_selected_site_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "withdrawal.toml"
    original = DATA.read_text(encoding="utf-8")
    path.write_text(original + NEW_SITE.format(name="Doomed", ordinal=14))
    app = MinusmaApp(load_dataset(path), as_of=AS_OF, data_path=path, watch=True)
    app.watch_interval = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        app.selected_site = "test-camp"
        path.write_text(original)
        await _until(pilot, lambda: len(app.dataset.sites) == 13, "the reload")
        assert app.selected_site == app.dataset.sites[0].id


async def test_no_watch_means_no_reload(tmp_path: Path) -> None:
    path = tmp_path / "withdrawal.toml"
    path.write_text(DATA.read_text(encoding="utf-8"))
    app = MinusmaApp(load_dataset(path), data_path=path, watch=False)
    app.watch_interval = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        assert not [w for w in app.workers if w.group == "dataset-watch"]
        await pilot.pause()


def test_watcher_ignores_a_touch_and_sees_a_same_size_edit(tmp_path: Path) -> None:
    path = tmp_path / "withdrawal.toml"
    text = DATA.read_text(encoding="utf-8")
    path.write_text(text)
    watcher = DatasetWatcher(path)
    assert watcher.poll() is None
    path.touch()
    assert watcher.poll() is None
    edited = text.replace('name = "Kidal"', 'name = "Kidax"')
    assert len(edited) == len(text)
    path.write_text(edited)
    assert watcher.poll() is None  # changed: waits one quiet interval for the writer
    result = watcher.poll()
    assert not isinstance(result, DatasetError) and result is not None
    assert result.site("kidal").name == "Kidax"


def test_watcher_reports_a_deleted_file(tmp_path: Path) -> None:
    path = tmp_path / "withdrawal.toml"
    path.write_text(DATA.read_text(encoding="utf-8"))
    watcher = DatasetWatcher(path)
    path.unlink()
    assert fingerprint(path) is None
    assert watcher.poll() is None  # gone: waits one interval (a rename-and-write looks so)
    assert isinstance(watcher.poll(), DatasetError)
    assert watcher.poll() is None  # reported once, not every second


def test_a_file_caught_half_written_is_not_reported(tmp_path: Path) -> None:
    """Truncated now, complete a moment later (editors and scripts write in steps)."""
    path = tmp_path / "withdrawal.toml"
    text = DATA.read_text(encoding="utf-8")
    path.write_text(text)
    watcher = DatasetWatcher(path)
    path.write_text("")  # the first step of a write
    assert watcher.poll() is None
    path.write_text(text.replace('name = "Kidal"', 'name = "Kidal camp"'))
    assert watcher.poll() is None  # changed again: still waiting
    result = watcher.poll()
    assert not isinstance(result, DatasetError) and result is not None
    assert result.site("kidal").name == "Kidal camp"


def test_a_stuck_read_never_holds_up_the_exit() -> None:
    """A poll stuck in the kernel (a hung network mount) is left behind when the app exits."""
    import asyncio
    import threading
    import time

    from tui.reload import off_the_loop

    release = threading.Event()
    threading.Timer(10, release.set).start()  # the old executor thread: a slow fail, not a hang

    async def start_and_exit() -> None:
        poll = asyncio.ensure_future(off_the_loop(release.wait))
        await asyncio.sleep(0.05)
        poll.cancel()

    started = time.monotonic()
    asyncio.run(start_and_exit())
    assert time.monotonic() - started < 2
    release.set()


def test_an_unchanged_file_is_only_stat_ed(tmp_path: Path) -> None:
    """The idle cost: once the file has settled, a poll is one stat, never a read and hash."""
    path = tmp_path / "withdrawal.toml"
    path.write_text(DATA.read_text(encoding="utf-8"))
    minute_ago = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(minute_ago, minute_ago))
    watcher = DatasetWatcher(path)
    reads = watcher.reads
    for _ in range(5):
        assert watcher.poll() is None
    assert watcher.reads == reads
    os.utime(path)  # touched: read once to see it is the same bytes, then recent: read again
    assert watcher.poll() is None
    assert watcher.reads > reads


def test_a_recent_file_is_hashed_until_it_settles(tmp_path: Path) -> None:
    """An edit in the same timestamp tick, same size, same inode: only the hash can see it."""
    path = tmp_path / "withdrawal.toml"
    text = DATA.read_text(encoding="utf-8")
    path.write_text(text)
    watcher = DatasetWatcher(path)
    stat = os.stat(path)
    with path.open("r+", encoding="utf-8") as file:  # in place: the inode stays
        file.write(text.replace('name = "Kidal"', 'name = "Kidax"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same mtime tick
    assert watcher.poll() is None  # changed: waits one quiet interval
    result = watcher.poll()
    assert not isinstance(result, DatasetError) and result is not None
    assert result.site("kidal").name == "Kidax"


async def test_the_banner_is_on_the_dashboard_under_a_dialog(tmp_path: Path) -> None:
    """The watcher tells the dashboard, which shows the problems even while help is open."""
    app, path, original = _watched_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is not app.dashboard
        path.write_text(original + NEW_SITE.format(name="Broken", ordinal='"x"'))
        await _until(pilot, lambda: bool(app.dashboard.query(f"#{BANNER_ID}")), "the banner")
        await pilot.press("escape")
        await pilot.pause()
        assert "sites[test-camp].ordinal" in (_banner_text(app) or "")
