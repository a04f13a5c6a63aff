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


# --- the status: never cut, disputed marked -----------------------------------------------------


def test_tessalit_status_is_marked_disputed_in_row_detail_and_export(dataset: Dataset) -> None:
    from tui.render import export, rows, site_detail as details, words

    snap = dataset.on(NOV_20)
    tessalit, ansongo = dataset.site("tessalit"), dataset.site("ansongo")
    row = rows.site_row(tessalit, snap.site_states["tessalit"], snap=snap)
    assert row[rows.STATUS_COLUMN] == "vacated, no handover" + words.DISPUTED_MARK
    other = rows.site_row(ansongo, snap.site_states["ansongo"], snap=snap)
    assert words.DISPUTED_MARK not in other[rows.STATUS_COLUMN]
    facts = dict((label, value.plain) for label, value in details.site_facts(snap, tessalit))
    assert "disputed" in facts[f"On {NOV_20}"]
    for fmt in ("txt", "md"):
        document = export.render(dataset, NOV_20, fmt, 100, tessalit)
        assert "vacated, no handover" + words.DISPUTED_MARK in document, fmt
    assert words.DISPUTED_LEGEND in export.render(dataset, NOV_20, "txt", 100)
    # Before it closed, nothing to dispute.
    early = dataset.on(dt.date(2023, 10, 1))
    status = rows.site_row(tessalit, early.site_states["tessalit"], snap=early)[3]
    assert words.DISPUTED_MARK not in status


@pytest.mark.parametrize("width", [80, 100, 120, 200])
async def test_status_is_never_cut_at_80_columns_or_more(dataset: Dataset, width: int) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one(SiteTable)
        snap = app.snapshot
        for index, site_id in enumerate(table.site_order):
            from tui.render import rows

            site = dataset.site(site_id)
            status = rows.site_row(site, snap.site_states[site_id], snap=snap)[3]
            assert status in table.row_text(index), (status, table.row_text(index))
        assert "Hand" in table.render_line(0).text  # every column on screen, if cut
        assert "Cont" in table.render_line(0).text
        assert table.virtual_size.width <= table.scrollable_content_region.width


# --- the pane at 120x40 ---------------------------------------------------------------------------


async def test_ansongo_at_120x40_shows_what_was_left_behind_without_scrolling(
    dataset: Dataset,
) -> None:
    """The reason to open the pane: the police station, the water supply, the electrification."""
    from textual.widgets import TabbedContent

    from tui.widgets.detail import DetailPane

    from .test_app import screen_lines

    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "colon", *"Ansongo", "enter")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "bases"
        assert app.selected_site == "ansongo"
        pane = app.screen.query_one(DetailPane)
        lines = screen_lines(app)[pane.region.y : pane.region.bottom]
        shown = " ".join(line[pane.region.x : pane.region.right] for line in lines)
        for words in ("Police station", "Water supply", "Street electrification"):
            assert words in shown, words


async def test_the_events_table_fits_80_columns_with_its_sources(dataset: Dataset) -> None:
    """An event's title is cut ("…") so its sources stay on screen; the filter reads it whole."""
    from tui.screens.tab import KeyTable

    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#events-table", KeyTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "Sources" in str(table.ordered_columns[-1].label)
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_filter_bursts_closed_by_esc_one_after_another(dataset: Dataset) -> None:
    """Found by the state machine: `/iso esc`, `/gne esc`, `/tis esc`, each in one burst, the
    bar removed while the next opened: `.filter-count` was looked up in a bar half gone."""
    app = make_app(dataset)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for letters in ("iso", "gne", "tis"):
            for key, char in [("slash", "/"), *((c, c) for c in letters), ("escape", None)]:
                app.post_message(events.Key(key, char))
            await settle(pilot)
            await settle(pilot)
        assert app.is_running
        assert not app.screen.query("FilterBar")


def test_did_you_mean_ends_with_its_question_mark(dataset: Dataset) -> None:
    """Found in tmux: "did you mean 'Ansongo'?." (two stops)."""
    from tui.screens.goto import resolve

    message = resolve(dataset.on(NOV_20), "ansngo")
    assert message == "Nothing called 'ansngo'; did you mean 'Ansongo'?"
    assert resolve(dataset.on(NOV_20), "zzzzzz") == "Nothing called 'zzzzzz'."


async def test_esc_in_a_burst_after_slash_clears_the_filter_and_stays(dataset: Dataset) -> None:
    """Found by the state machine: with a way back (a jump), `/eun esc` in one burst went back
    to the Overview (esc, a priority key, was read before the table had opened the filter)
    and left a bar with "eun" on the hidden Bases tab."""
    from textual.widgets import TabbedContent

    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"Ogossagou", "enter")  # Overview › Ogossagou
        await settle(pilot)
        assert app.history
        table = app.screen.query_one(SiteTable)
        for key, char in [("slash", "/"), ("e", "e"), ("u", "u"), ("n", "n"), ("escape", None)]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "bases"
        assert table.filter_text == ""
        assert not app.screen.query("FilterBar")
        assert app.focused is table


async def test_the_trail_keeps_its_last_name_whole_at_60_columns(dataset: Dataset) -> None:
    """Found by the state machine: at 60 columns the header cut the trail's end
    ("… › Bamako HQ (S…"): the older names must give way, not what is on screen."""
    from .test_app import screen_lines

    app = make_app(dataset)
    async with app.run_test(size=(60, 40)) as pilot:
        await settle(pilot)
        for name in ("Goundam", "Kidal", "Tessalit", "Bamako HQ"):
            await pilot.press("colon", *name, "enter")
            await settle(pilot)
        header = screen_lines(app)[0]
        assert "Bamako HQ (Sénou) — " in header, header
        assert "›" in header
