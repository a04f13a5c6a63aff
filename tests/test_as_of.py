"""As of a date, nothing from later (issue "4/6", the part that has landed): the next step,
the sites table, the site detail's facts and the phases show the state on the date only."""

from __future__ import annotations

import datetime as dt
import re

from rich.console import Console

from tui.core.model import Dataset
from tui.render import summary

DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
DATES = [dt.date(2023, 10, 25), dt.date(2023, 11, 20), dt.date(2023, 12, 1)]


def _text(renderable: object, width: int = 160) -> str:
    console = Console(width=width, record=True, color_system=None)
    with console.capture():
        console.print(renderable)
    return console.export_text()


def _later_dates(text: str, as_of: dt.date) -> list[str]:
    return [m.group(0) for m in DATE.finditer(text) if dt.date.fromisoformat(m.group(0)) > as_of]


def test_next_step_names_the_plan_not_the_real_date(dataset: Dataset) -> None:
    text = summary.next_step_text(dataset.on(dt.date(2023, 11, 20))).plain
    assert "Mopti–Sévaré" in text and "first weeks of December 2023" in text
    assert "2023-12-08" not in text and "handover" not in text


def test_overview_phases_and_sites_show_no_later_date(dataset: Dataset) -> None:
    for as_of in DATES:
        snap = dataset.on(as_of)
        for part in (summary.overview(snap), summary.phase_table(snap), summary.sites_table(snap)):
            assert _later_dates(_text(part), as_of) == [], (as_of, part)


def test_open_sites_show_no_receiver(dataset: Dataset) -> None:
    snap = dataset.on(dt.date(2023, 11, 20))
    text = _text(summary.sites_table(snap))
    for name in ("Dembélé", "Kanté", "Traoré"):
        assert name not in text


def test_site_facts_of_an_open_site_show_no_later_date(dataset: Dataset) -> None:
    for as_of in DATES:
        for site in dataset.sites:
            if site.state_on(as_of) in summary.NOT_CLOSED:
                facts = summary.site_facts(dataset, site, as_of)
                text = "\n".join(f"{label} {value.plain}" for label, value in facts)
                assert _later_dates(text, as_of) == [], (site.id, as_of)
