"""The snapshot makes only what is asked for: the latest events without every shown event."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DATA, FIXTURES
from tui.core.loader import DatasetError, load_dataset
from tui.core.model import Dataset


def test_latest_events_from_the_end_are_those_of_the_full_list(dataset: Dataset) -> None:
    days = sorted({e.date for e in dataset.events})
    for as_of in (days[0], days[len(days) // 2], dataset.latest_date, dt.date(2023, 11, 20)):
        for known in (False, True):
            for count in (1, 5, 8, len(dataset.events) + 3):
                lazy = Dataset.on(dataset, as_of, known)
                fresh = type(lazy)(dataset, as_of, known)  # not the cached one: nothing made yet
                latest = fresh.latest_events(count)
                assert "_shown_events" not in fresh.__dict__ or count > len(dataset.events)
                full = tuple(reversed(fresh.events[-count:]))
                assert latest == full
                assert [fresh.record_path(e) for e in latest] == [
                    fresh.record_path(e) for e in full
                ]
                assert all(fresh.record_path(e) for e in latest)
                assert latest == lazy.latest_events(count)


@pytest.mark.parametrize("path", [DATA, *sorted(FIXTURES.glob("*.toml"))], ids=lambda p: p.name)
def test_cited_lists_the_sources_of_every_fact_in_order(path) -> None:
    """`Dataset.cited` (the loader's quick check that every id is a source) is `fact_records`
    without labels: the same lists, in the same order."""
    try:
        dataset = load_dataset(path)
    except DatasetError:
        return  # a fixture that does not load: nothing to compare
    assert list(dataset.cited()) == [sources for _, _, sources, _ in dataset.fact_records()]
