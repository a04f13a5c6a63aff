"""A file that changed under the same stamp since it was cached: the dashboard's first frame is
the entry's, and right after it the file's own dataset (or its problems) takes over, as a reload
would."""

from __future__ import annotations

import dataclasses

from tests.conftest import FIXTURES, make_app, wait_until
from tui.core.cache import FileChangedSinceCached
from tui.core.loader import DatasetError, Problem, load_dataset


async def test_the_files_own_dataset_replaces_a_stale_entry() -> None:
    stale = load_dataset(FIXTURES / "mini.toml")
    fresh = dataclasses.replace(stale, mission=dataclasses.replace(stale.mission, name="FRESH"))

    def finish() -> None:
        raise FileChangedSinceCached(fresh)

    app = make_app(stale, finish_loading=finish)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.dataset.mission.name == "FRESH", "the fresh dataset")


async def test_a_stale_entry_of_a_now_broken_file_shows_its_problems() -> None:
    stale = load_dataset(FIXTURES / "mini.toml")
    broken = DatasetError(
        (Problem("mini.toml", "schema_version", "9 is not a schema this release reads"),)
    )

    def finish() -> None:
        raise FileChangedSinceCached(broken)

    app = make_app(stale, finish_loading=finish)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reload_problems is not None, "the reload banner")
        assert app.dataset is stale  # the last good data stays on screen
