"""The rules of back and the trail (tui/core/navigation.py), without starting the UI."""

from __future__ import annotations

from tui.core.navigation import HISTORY, Place, back, record, step, trail
from tui.core.tabs import TAB_LIST, TAB_TITLES, TABS

NAMES = {"ansongo": "Ansongo", "gao": "Gao"}

OVERVIEW = Place("overview", "ogossagou", None, "overview-scroll")
ANSONGO = Place("bases", "ansongo", None, "detail-pane")
GAO = Place("bases", "gao", None, "site-table")
S03 = Place("sources", "ansongo", "S03", "sources-table")


def test_same_view_follows_what_the_tab_shows() -> None:
    assert ANSONGO.same_view(Place("bases", "ansongo", "S99", None))  # the focus, the source aside
    assert not ANSONGO.same_view(GAO)
    assert S03.same_view(Place("sources", "gao", "S03", None))
    assert not S03.same_view(Place("sources", "ansongo", "S04", None))
    assert OVERVIEW.same_view(Place("overview", "gao", "S01", None))
    assert not OVERVIEW.same_view(ANSONGO)


def test_record_keeps_the_place_left_once() -> None:
    history = record((), OVERVIEW, ANSONGO)
    assert history == (OVERVIEW,)
    assert record(history, OVERVIEW, S03) == history  # already the last place kept
    assert record(history, ANSONGO, Place("bases", "ansongo", None, None)) == history  # same view
    assert record(history, ANSONGO, S03) == (OVERVIEW, ANSONGO)


def test_record_keeps_at_most_history_places() -> None:
    history: tuple[Place, ...] = ()
    for index in range(HISTORY + 10):
        here = Place("bases", f"site-{index}", None, None)
        history = record(history, here, Place("bases", f"site-{index + 1}", None, None))
    assert len(history) == HISTORY
    assert history[-1].site == f"site-{HISTORY + 9}"


def test_back_skips_places_that_show_what_is_on_screen() -> None:
    history = (OVERVIEW, ANSONGO, Place("overview", None, None, None))
    left, place = back(history, OVERVIEW)
    assert place == ANSONGO and left == (OVERVIEW,)
    assert back(left, ANSONGO) == ((), OVERVIEW)
    assert back((), OVERVIEW) == ((), None)
    assert back((OVERVIEW,), Place("overview", None, None, None)) == ((), None)


def test_the_trail_names_the_drill_downs() -> None:
    def name(site: str) -> str | None:
        return NAMES.get(site)

    assert trail((), OVERVIEW, name) == ["Overview"]
    assert trail((S03,), ANSONGO, name) == ["Sources: S03", "Bases: Ansongo"]
    assert trail((OVERVIEW, S03), ANSONGO, name) == ["Overview", "Sources: S03", "Bases: Ansongo"]
    assert trail((ANSONGO,), Place("bases", "ansongo", None, None), name) == ["Bases: Ansongo"]
    assert trail((Place("bases", "gone", None, None),), OVERVIEW, name) == ["Bases", "Overview"]


def test_step_goes_round_the_ends() -> None:
    ids = ["a", "b", "c"]
    assert step(ids, "a", 1) == "b"
    assert step(ids, "c", 1) == "a"
    assert step(ids, "a", -1) == "c"
    assert step(ids, None, 1) == "a"
    assert step([], "a", 1) is None


def test_the_tab_registry_is_consistent() -> None:
    assert tuple(tab.id for tab in TAB_LIST) == TABS and len(set(TABS)) == len(TABS)
    assert list(TAB_TITLES) == list(TABS)
    for entry in TAB_LIST:
        module, _, name = entry.view.partition(":")
        assert module.startswith("tui.screens.") and name.endswith("Tab"), entry
