"""Missions compared: the curves on the real data (days from each decision, fractions, sources),
the renderable at 80 columns, and the Compare tab at 80×24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from tests.app.test_mission_switch import make_app
from tests.conftest import screen_lines, wait_until
from tui.core.compare import decision, drawdown, drawdowns, with_shown
from tui.core.loader import load_dataset
from tui.core.model import Dataset
from tui.render.compare import render_compare

ROOT = Path(__file__).resolve().parent.parent.parent
MINUSMA = ROOT / "data" / "withdrawal.toml"
MONUSCO = ROOT / "data" / "missions" / "monusco-south-kivu.toml"


@pytest.fixture(scope="module")
def missions() -> tuple[Dataset, Dataset]:
    return load_dataset(MINUSMA), load_dataset(MONUSCO)


def test_day_0_is_each_missions_decision(missions: tuple[Dataset, Dataset]) -> None:
    minusma, monusco = missions
    assert (decision(minusma).id, decision(minusma).date) == (  # type: ignore[union-attr]
        "resolution-2690",
        dt.date(2023, 6, 30),
    )
    # MONUSCO's first key date is the government's disengagement plan; the Council decided on
    # 19 Dec 2023.
    assert monusco.mission.key_dates[0].id == "disengagement-plan"
    assert decision(monusco).id == "resolution-2717"  # type: ignore[union-attr]


def test_the_curves_on_the_real_data(missions: tuple[Dataset, Dataset]) -> None:
    minusma, monusco = (drawdown(d) for d in missions)
    assert minusma is not None and monusco is not None
    # MINUSMA: Ogossagou closed on 3 Aug 2023, day 34; Bamako last, on day 504: 13 of 13.
    sites = minusma.sites.points
    assert (sites[0].day, sites[0].count) == (0, 0)
    assert (sites[1].day, sites[1].date, sites[1].count) == (34, dt.date(2023, 8, 3), 1)
    assert (sites[-1].day, sites[-1].count, sites[-1].total) == (504, 13, 13)
    assert sites[-1].fraction == 1.0
    # Two sites closed on one day (Douentza and Tessalit, 21 Oct 2023): one step.
    assert [p.count for p in sites if p.date == dt.date(2023, 10, 21)] == [6]
    personnel = minusma.personnel.points
    assert (personnel[0].day, personnel[0].count) == (1, 0)  # 1 July 2023
    last = personnel[-1]
    assert (last.day, last.count, last.total) == (164, 10754, 13871)
    assert round(last.fraction * 100, 1) == 77.5
    # MONUSCO: 10 of 11 sites closed by day 205 (Uvira never closed); one count, "at least".
    assert [(p.day, p.count) for p in monusco.sites.points][-1] == (205, 10)
    assert monusco.sites.points[-1].total == 11
    (count,) = monusco.personnel.points
    assert (count.day, count.count, count.total, count.qualifier) == (112, 218, 2000, "at least")
    assert round(count.fraction, 3) == 0.109
    assert monusco.personnel.until is None  # nothing drawn after the last count
    # Every curve names its sources: the closures' and the counts'.
    assert count.sources == ("S09", "S58") and set(count.sources) <= set(monusco.sources)
    kamanyola = monusco.sites.points[1]
    assert kamanyola.date == dt.date(2024, 2, 28) and kamanyola.sources
    assert set(kamanyola.sources) <= set(monusco.sites.sources)


def test_the_shown_dataset_takes_its_files_place(missions: tuple[Dataset, Dataset]) -> None:
    minusma, monusco = missions
    again = load_dataset(MONUSCO)
    assert with_shown(missions, again) == (minusma, again)
    assert with_shown((monusco,), minusma) == (minusma, monusco)


def test_the_comparison_at_80_columns(missions: tuple[Dataset, Dataset]) -> None:
    console = Console(width=80, record=True, color_system=None)
    console.print(render_compare(missions, 80))
    text = console.export_text()
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    for words in (
        "Sites closed, % of each mission's sites",
        "Personnel departed, % of each mission's own total",
        "1 solid  MINUSMA (Mali), day 0 2023-06-30 (resolution-2690)",
        "2 dotted MONUSCO (South Kivu, Congo (DRC))",
        "day 0 2023-12-19 (resolution-2717)",
        "sites 10/11 closed by day 205",
        "personnel at least 10.9% (218/2,000) by day 112 (its only count)",
        "Sources, MINUSMA: day 0 S07 S76; sites closed S04",
        "personnel S09 S58",
        "Day 0: each mission's first Security Council resolution",
    ):
        assert words in text, words
    assert any("\u2800" < ch <= "\u28ff" for ch in text)  # braille dots


async def test_the_compare_tab_at_80x24() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7")
        await wait_until(pilot, lambda: len(app.compared) == 2)
        await wait_until(pilot, lambda: "Sources, MINUSMA" in "\n".join(screen_lines(app)))
        text = "\n".join(screen_lines(app))
        for words in ("1 solid  MINUSMA (Mali)", "2 dotted MONUSCO", "day 0", "Sites closed"):
            assert words in text, words
        assert "Personnel departed" in text
        # The rest of the sources scroll into view.
        await pilot.press("end")
        await wait_until(pilot, lambda: "Sources, MONUSCO" in "\n".join(screen_lines(app)))
        # Switching mission keeps both curves (the shown one as it is).
        await pilot.press("colon", *"monusco", "enter")
        await wait_until(pilot, lambda: app.dataset.mission.name == "MONUSCO")
        await pilot.press("home")
        await wait_until(pilot, lambda: "1 solid  MINUSMA" in "\n".join(screen_lines(app)))
        assert "MONUSCO — as of" in screen_lines(app)[0]


def test_nothing_after_the_as_of_date(missions: tuple[Dataset, Dataset]) -> None:
    """The app's as-of date applies to every mission compared: on 2023-11-20 MONUSCO had not
    decided (its resolution is of 19 Dec 2023), and MINUSMA's curves stop at that day."""
    day = dt.date(2023, 11, 20)
    (minusma,) = drawdowns(missions, day)
    assert minusma.name == "MINUSMA"
    points = minusma.sites.points + minusma.personnel.points
    assert points and all(p.date <= day for p in points)
    assert minusma.sites.points[-1].count == 9  # 9 of 13 closed on 2023-11-20
    assert len(drawdowns(missions, dt.date(2024, 1, 1))) == 2


def test_the_export_compares_as_of_its_date(capsys: pytest.CaptureFixture[str]) -> None:
    """`export --compare`: the same chart, legend and sources as the tab, as of the date."""
    from tui.cli import main

    assert main(["export", "--compare", "--width", "80", "--as-of", "2024-07-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("As of 2024-07-01")
    assert "1 solid  MINUSMA (Mali)" in out and "2 dotted MONUSCO" in out
    assert "Sources, MONUSCO" in out
    assert main(["export", "--compare", "--as-of", "2023-11-20"]) == 0
    assert "nothing to compare yet" in capsys.readouterr().out
    assert main(["export", "--compare", "--format", "csv"]) == 2
