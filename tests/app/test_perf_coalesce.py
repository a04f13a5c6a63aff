"""A held key in the Bases table: the cursor follows every key, the detail pane catches up once.

Under `run_test` the pane updates at once (delay 0, tui/widgets/coalesce.py), so these tests
give the Bases tab the delay a terminal gets, and a burst window wide enough for Pilot's own
pace between keys (Pilot waits for the app to be idle after each one).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import detail_text, wait_until
from tui.app import MinusmaApp
from tui.core.model import Dataset, Site
from tui.screens.bases import BasesTab
from tui.widgets.coalesce import PANE_DELAY, Coalescer
from tui.widgets.detail import DetailPane
from tui.widgets.site_table import SiteTable

NOV_20 = dt.date(2023, 11, 20)


def _terminal_pace(app: MinusmaApp) -> Coalescer:
    coalescer = app.screen.query_one(BasesTab).pane_updates
    # Pilot's keys are 40-100 ms apart on a busy machine, several hundred on a loaded one (two
    # other suites running): a longer wait than the terminal's PANE_DELAY keeps them one burst.
    coalescer.delay = 5 * PANE_DELAY
    coalescer.burst = 2.0
    return coalescer


async def test_a_burst_of_down_keys_repaints_the_pane_once_it_ends(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    original = DetailPane.show_site

    def counting(self: DetailPane, data: Dataset, site, as_of, known=False) -> None:  # type: ignore[no-untyped-def]
        shown.append(site.id)
        original(self, data, site, as_of, known)

    monkeypatch.setattr(DetailPane, "show_site", counting)
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await wait_until(pilot, lambda: app.screen.query(BasesTab), "the Bases tab")
        coalescer = _terminal_pace(app)
        shown.clear()
        presses = len(dataset.sites) - 1
        await pilot.press(*["down"] * presses)
        # The cursor is already on the last site; the pane has not followed every key.
        table = app.screen.query_one(SiteTable)
        assert table.cursor_row == presses
        assert app.selected_site == table.selected_site_id
        await wait_until(pilot, lambda: not coalescer.pending, "the pane caught up")
        assert not coalescer.pending
        assert len(shown) <= 3, shown
        last = app.dataset.site(table.selected_site_id or "")
        assert shown[-1] == last.id
        assert pane_shows(app, last)


def pane_shows(app: MinusmaApp, site: Site) -> bool:
    """The pane is that site's: its name as the border title, its region as the first line
    (the name is on a line of its own only when too long for the border)."""
    pane = app.screen.query_one(DetailPane)
    first = detail_text(app).splitlines()[0]
    return str(pane.border_title) == site.name and site.region in first


async def test_a_lone_key_updates_the_pane_at_once(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await wait_until(pilot, lambda: app.screen.query(BasesTab), "the Bases tab")
        coalescer = _terminal_pace(app)
        coalescer.burst = 0.0  # every key comes alone
        await pilot.press("down")
        await pilot.pause()
        assert not coalescer.pending
        assert pane_shows(app, dataset.sites[1])


async def test_the_pane_catches_up_to_a_new_date_after_a_burst(dataset: Dataset) -> None:
    """What the pane finally shows is the app's state when it catches up, not a key's."""
    app = MinusmaApp(dataset, as_of=NOV_20, animations=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await wait_until(pilot, lambda: app.screen.query(BasesTab), "the Bases tab")
        coalescer = _terminal_pace(app)
        await pilot.press("down", "down", "down")
        app.as_of = dt.date(2023, 8, 1)
        await wait_until(pilot, lambda: not coalescer.pending, "the pane caught up")
        assert not coalescer.pending
        pane = app.screen.query_one(DetailPane)
        assert pane.border_title is not None
        assert dataset.sites[3].name in str(pane.border_title)
