"""The dashboard's first frame from the head of the cached model (`cache.load_dataset_head`):
the rest (a site's contingents, projects and armed groups) is decoded right after it, or
before the first key if one comes sooner; a first tab that needs it gets it before composing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, screen_text
from tui.app import MinusmaApp
from tui.core import cache
from tui.core.config import Config
from tui.core.model import Dataset


@pytest.fixture
def head(tmp_path: Path) -> tuple[Dataset, object]:
    path = tmp_path / "withdrawal.toml"
    shutil.copyfile(DATA, path)
    cache.load_dataset_cached(path)  # the entry a second launch reads
    dataset, finish = cache.load_dataset_head(path)
    with pytest.raises(AttributeError):
        dataset.sites[0].contingents  # noqa: B018  # not decoded yet
    return dataset, finish


async def test_the_rest_is_decoded_after_the_first_frame(head) -> None:
    dataset, finish = head
    app = MinusmaApp(dataset, config=Config(), finish_loading=finish)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "sites closed" in screen_text(app)
        assert dataset.sites[0].contingents  # decoded once the Overview was drawn
        await pilot.press("2")  # Bases reads every site's contingents (its Countries column)
        await pilot.pause()
        assert app.dashboard.active_tab == "bases"


async def test_a_first_tab_other_than_the_overview_gets_the_whole_model(head) -> None:
    dataset, finish = head
    app = MinusmaApp(dataset, config=Config(default_tab="bases"), finish_loading=finish)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.dashboard.active_tab == "bases"
        assert dataset.sites[0].contingents


async def test_a_key_before_the_rest_is_decoded_decodes_it_first(head) -> None:
    dataset, finish = head
    app = MinusmaApp(dataset, config=Config(), finish_loading=finish)
    app.call_after_refresh = lambda *args, **kwargs: True  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        assert app._finish_loading is not None
        await pilot.press("2")
        await pilot.pause()
        assert app._finish_loading is None and dataset.sites[0].contingents
        assert app.dashboard.active_tab == "bases"
