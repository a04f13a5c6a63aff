"""Drill down and back: the app keeps where you were; backspace (and esc, when it has nothing
nearer to do) goes back; the header shows the trail."""

from __future__ import annotations

import datetime as dt

from tests.conftest import active_tab, make_app, screen_lines
from tui.core.model import Dataset
from tui.screens.goto import CitationPicker
from tui.widgets.detail import DetailPane, DetailView

NOV_20 = dt.date(2023, 11, 20)


def header(app) -> str:  # type: ignore[no-untyped-def]
    return screen_lines(app)[0]


async def test_trail_and_backspace_after_open_source_and_open_site(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "›" not in header(app)
        await pilot.press("1")
        await pilot.pause()
        app.open_source("S03")  # Overview → S03 on Sources
        await pilot.pause()
        app.open_site("ansongo")  # → a site that S03 is cited for
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert "Overview › Sources: S03 › Bases: Ansongo" in header(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert active_tab(app) == "sources"
        assert app.selected_source == "S03"
        assert "Overview › Sources: S03" in header(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert active_tab(app) == "overview"
        assert "›" not in header(app)
        assert "MINUSMA" in header(app)  # the mission shown, by name


async def test_the_trail_starts_where_the_cursor_was(dataset: Dataset) -> None:
    """On Sources with S03 under the cursor, opening a site it is cited for reads
    `Sources: S03 › Bases: Ansongo` (the issue's example); back returns to S03 and the trail
    goes."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        app.selected_source = "S03"  # as the cursor (or a drill-down) puts it
        await pilot.pause()
        app.open_site("ansongo")
        await pilot.pause()
        assert "Sources: S03 › Bases: Ansongo" in header(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert active_tab(app) == "sources"
        assert app.selected_source == "S03"
        assert "›" not in header(app)


async def test_back_restores_the_site_and_the_focus(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "j", "j", "enter")  # a site, its detail pane has the keys
        await pilot.pause()
        site = app.selected_site
        assert isinstance(app.focused, DetailPane)
        await pilot.press("colon", *"S03", "enter")
        await pilot.pause()
        assert active_tab(app) == "sources"
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert app.selected_site == site
        assert isinstance(app.focused, DetailPane)


async def test_esc_goes_back_when_it_has_nothing_nearer_to_do(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter")  # the detail pane has the keys
        await pilot.pause()
        await pilot.press("colon", *"map", "enter")
        await pilot.pause()
        assert active_tab(app) == "map"
        await pilot.press("escape")  # nothing to do on the map: back to Bases
        await pilot.pause()
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert isinstance(app.focused, DetailPane)
        assert not app.history
        await pilot.press("colon", *"gao", "enter")  # from Bases to Bases: a place all the same
        await pilot.pause()
        assert app.history
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, DetailPane)
        await pilot.press("escape")  # the detail pane has the keys: esc goes to the table first
        await pilot.pause()
        assert active_tab(app) == "bases" and app.selected_site == "gao"
        assert not isinstance(app.focused, DetailPane)
        await pilot.press("escape")  # now, back
        await pilot.pause()
        await pilot.pause()
        assert app.selected_site != "gao"


async def test_esc_without_a_trail_does_what_it_did(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter", "escape")
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert not isinstance(app.focused, DetailPane)


async def test_c_in_the_detail_pane_opens_a_cited_source(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_site("ansongo")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, DetailPane)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CitationPicker)
        cited = app.screen.source_ids
        shown = app.snapshot.citations
        assert cited and all(sid in shown for sid in cited)  # only sources shown on the date
        await pilot.press("down", "enter")
        await pilot.pause()
        assert active_tab(app) == "sources"
        assert app.selected_source == cited[1]
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.pause()
        assert active_tab(app) == "bases"
        assert isinstance(app.focused, DetailPane)


async def test_a_click_on_a_citation_opens_it(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_site("ansongo")
        await pilot.pause()
        view = app.screen.query_one(DetailView)
        for y in range(view.size.height):
            line = view.lines[y].text
            start = line.find("[S")
            if start >= 0:
                break
        else:
            raise AssertionError("no citation on screen")
        sid = line[start + 1 :].split("]")[0].split(",")[0]
        await pilot.click(view, offset=(start + 2, y))
        await pilot.pause()
        assert active_tab(app) == "sources"
        assert app.selected_source == sid


async def test_a_tab_key_back_to_where_the_trail_started_names_it_once(dataset: Dataset) -> None:
    """`:ansongo`, `5`, `1` read "Overview › Overview"; now the trail reads "Overview", and
    back from there goes nowhere it already is."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("colon", *"ansongo", "enter")
        await pilot.pause()
        assert "Overview › Bases: Ansongo" in header(app)
        await pilot.press("5", "1")
        await pilot.pause()
        assert "Overview › Overview" not in header(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert active_tab(app) == "overview"
        assert "›" not in header(app)


async def test_esc_closes_the_keys_panel_before_it_goes_back(dataset: Dataset) -> None:
    """The palette's "Keys" panel stayed open on esc, which went back instead."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_site("ansongo")
        await pilot.pause()
        app.action_show_help_panel()
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        assert active_tab(app) == "bases" and app.history  # not gone back yet
