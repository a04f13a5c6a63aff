"""The second mission's dataset: MONUSCO's disengagement from South Kivu (schema 2).

It validates; its counts are those the fact sheet and its independent check give; a site's
state changes again after its handover (Kamanyola: to the police, then taken by AFC/M23);
every contingent figure says its kind (the Geo-PKO unit sizes say they are estimates); and as
of 1 Jul 2024 nothing from 2025 is shown.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import ROOT
from tui.core.loader import load_dataset
from tui.core.model import CLOSING, Dataset

PATH = ROOT / "data" / "missions" / "monusco-south-kivu.toml"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(PATH)  # raises DatasetError, listing every problem, if it is invalid


def test_it_names_its_country_and_area(dataset: Dataset) -> None:
    assert dataset.mission.country == "COD"
    assert dataset.mission.area == "South Kivu"
    assert dataset.mission.personnel_counted


def test_counts(dataset: Dataset) -> None:
    assert len(dataset.sites) == 11
    assert len(dataset.sources) == 123  # the sheet's 121 + 2 added by its independent check
    assert len(dataset.disputes) == 21  # D1-D22 less D6 and D16, plus Bijombo's date
    assert [p.id for p in dataset.phases] == ["phase-1"]
    assert [s.ordinal for s in dataset.sites] == list(range(1, 12))


def test_kamanyola_is_handed_over_then_taken(dataset: Dataset) -> None:
    kamanyola = dataset.site("kamanyola")
    states = [change.state for change in kamanyola.states]
    assert states.index("handed_over") < states.index("taken")
    assert kamanyola.closure is not None and kamanyola.closure.since == dt.date(2024, 2, 28)
    assert "Police" in (kamanyola.handed_to or "")
    assert kamanyola.state_on(dt.date(2024, 7, 1)) == "handed_over"
    assert kamanyola.state_on(dt.date(2025, 3, 1)) == "taken"


def test_uvira_never_closed_and_is_listed_last(dataset: Dataset) -> None:
    uvira = dataset.sites[-1]
    assert uvira.id == "uvira"
    assert not any(change.state in CLOSING for change in uvira.states)
    assert all(site.closure is not None for site in dataset.sites[:-1])


def test_every_contingent_figure_says_its_kind(dataset: Dataset) -> None:
    contingents = [c for site in dataset.sites for c in site.contingents]
    assert all(c.kind is not None for c in contingents if c.figure is not None)
    estimates = [c for c in contingents if c.kind == "estimate"]
    assert estimates
    for c in estimates:
        assert "S99" in c.sources  # Geo-PKO
        assert "estimate" in (c.note or "") and "not" in (c.note or "")


def test_as_of_mid_2024_nothing_from_2025_is_shown(dataset: Dataset) -> None:
    as_of = dt.date(2024, 7, 1)
    facts = dataset.on(as_of).facts
    assert facts
    later = set()
    for i, site in enumerate(dataset.sites):
        for j, change in enumerate(site.states):
            if change.since > as_of:
                later.add(f"sites[{i}].states[{j}]")
    later |= {f"events[{i}]" for i, e in enumerate(dataset.events) if e.date > as_of}
    assert later
    for label, path, _sources in facts:
        assert path not in later, path
        assert "2025" not in label and "2026" not in label, label
    snap = dataset.on(as_of)
    assert all(e.date <= as_of for e in snap.events)
    assert {s.id for s in dataset.sites if snap.site_states[s.id] == "taken"} == set()
