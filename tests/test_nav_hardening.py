"""Navigation hardened (issue 14): keys in one burst, the status column that is never cut, the
disputed status marked, the projects of a site on screen at 120x40."""

from __future__ import annotations

import datetime as dt

import pytest
from textual import events
from textual.widgets import Input

from tui.app import MinusmaApp
from tui.core.model import Dataset
from tui.widgets.site_table import SiteTable

NOV_20 = dt.date(2023, 11, 20)

BURST = [("slash", "/"), ("m", "m"), ("e", "e"), ("n", "n"), ("a", "a"), ("enter", None)]


def make_app(dataset: Dataset) -> MinusmaApp:
    return MinusmaApp(dataset, as_of=NOV_20, animations=False)


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()


@pytest.mark.parametrize("opened", [True, False], ids=["bar-open", "all-at-once"])
async def test_keys_after_enter_in_the_filter_reach_the_table(
    dataset: Dataset, opened: bool
) -> None:
    """tmux `send-keys / m e n a Enter 3` at once: the filter is "mena", 3 shows Contingents."""
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(SiteTable)
        keys = list(BURST)
        if opened:
            await pilot.press("slash")
            await settle(pilot)
            assert isinstance(app.focused, Input)
            keys = keys[1:]
        for key, char in [*keys, ("j", "j"), ("3", "3")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert table.filter_text == "mena"
        assert app.query_one("#tabs").active == "contingents"  # type: ignore[attr-defined]
        assert not isinstance(app.focused, Input)
