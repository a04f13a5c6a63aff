"""`:` goes to a site, a source, a date or a tab; `d` sets the date. Driven as a user does."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import active_tab, make_app, screen_text
from tui.core.model import Dataset
from tui.screens.dashboard import DashboardScreen
from tui.screens.goto import GotoScreen, completion, date_bounds, matches, resolve

NOV_20 = dt.date(2023, 11, 20)


async def _type(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.parametrize(
    ("query", "tab", "check"),
    [
        ("ansongo", "bases", lambda app: app.selected_site == "ansongo"),
        ("ANSONGO", "bases", lambda app: app.selected_site == "ansongo"),
        ("menaka", "bases", lambda app: app.selected_site == "menaka"),
        ("S03", "sources", lambda app: app.selected_source == "S03"),
        ("map", "map", lambda app: True),
        ("timeline", "timeline", lambda app: True),
        ("2023-11-20", "overview", lambda app: app.as_of == NOV_20),
    ],
)
async def test_colon_goes_to_each_kind(dataset: Dataset, query: str, tab: str, check) -> None:  # type: ignore[no-untyped-def]
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "colon")
        assert isinstance(app.screen, GotoScreen)
        await _type(pilot, *query, "enter")
        assert isinstance(app.screen, DashboardScreen)
        assert active_tab(app) == tab
        assert check(app)


async def test_a_typo_says_did_you_mean_and_stays_open(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "colon", *"ansngo", "enter")
        assert isinstance(app.screen, GotoScreen)
        assert "did you mean 'Ansongo'?" in screen_text(app)
        await _type(pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_tab_completes_a_name(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "colon", *"anso")
        await _type(pilot, "tab")
        assert app.screen.query_one("#goto-input").value == "ansongo"  # type: ignore[attr-defined]
        assert "Site: Ansongo" in screen_text(app)  # the list of matches


async def test_d_sets_a_valid_date(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "d")
        assert isinstance(app.screen, GotoScreen)
        first, last = date_bounds(app.snapshot)
        text = screen_text(app)
        assert first.isoformat() in text and last.isoformat() in text  # the bounds, shown
        await _type(pilot, *"2023-11-20", "enter")
        assert isinstance(app.screen, DashboardScreen)
        assert app.as_of == NOV_20


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("2023-13-01", "is not a date"),
        ("yesterday", "is not a date"),
        ("2030-01-01", "is after the dataset's last date"),
        ("2001-01-01", "is before the dataset's first date"),
    ],
)
async def test_d_keeps_a_bad_date_open_with_an_error(
    dataset: Dataset, typed: str, error: str
) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "d", *typed, "enter")
        assert isinstance(app.screen, GotoScreen)
        assert error in screen_text(app)
        assert app.as_of == NOV_20


def test_rules(dataset: Dataset) -> None:
    snap = dataset.on(NOV_20)
    assert [t.value for t in matches(snap, "anso")][:1] == ["ansongo"]
    assert completion(snap, "Tim", ("tab",)) == "Timeline"
    assert resolve(snap, ":map").kind == "tab"  # type: ignore[union-attr]
    assert resolve(snap, "") == "Type a site, a source id, a date or a tab."


async def test_a_burst_of_keys_reaches_the_prompt(dataset: Dataset) -> None:
    """Over SSH `d2023-11-20⏎` can arrive in one read: the keys after `d` were already on their
    way to the tab when the prompt opened."""
    from textual import events

    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for char in "d2023-11-20":
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.as_of == NOV_20


def test_a_source_number_without_its_zero_finds_that_source(dataset: Dataset) -> None:
    """`:s3` went to S38 (the first id starting with "s3"); people drop the zero: S03. On a
    date when both are cited: S38 (published 2024-01-04) backs facts "since reported", so
    before it the Sources list has no S38 to go to."""
    snap = dataset.on(dt.date(2024, 1, 4))
    assert "S38" in snap.citations
    target = resolve(snap, "s3")
    assert not isinstance(target, str) and target.value == "S03"
    assert matches(snap, "S38")[0].value == "S38"


def test_did_you_mean_ends_with_its_question_mark_only(dataset: Dataset) -> None:
    message = resolve(dataset.on(NOV_20), "ansngo")
    assert message == "Nothing called 'ansngo'; did you mean 'Ansongo'?"
    assert resolve(dataset.on(NOV_20), "zzzzzz") == "Nothing called 'zzzzzz'."
