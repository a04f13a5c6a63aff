"""The snapshot makes only what is asked for: the latest events without every shown event."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, FIXTURES, generated_dataset
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


_SITE_FACT = re.compile(r"sites\[(\d+)\]\.(\w+)\[\d+\]")


@pytest.mark.parametrize("path", [DATA, *sorted(FIXTURES.glob("*.toml")), None], ids=str)
def test_what_is_shown_is_decided_in_the_order_of_the_facts(path: Path | None) -> None:
    """`Snapshot._cited` (each fact's sources if it is shown, decided without its label or
    path) lines up with `fact_records`: a shown fact cites its own sources (all of them as of
    the date, those published by then "as known then"), and a site's record is shown where
    `holds` says it holds (a generated dataset's projects hold from their site's closure, its
    contingents from 2023: a walk out of order shows the wrong ones)."""
    try:
        dataset = generated_dataset(60) if path is None else load_dataset(path)
    except DatasetError:
        return
    records = dataset.fact_records()
    days = dataset.steps
    for as_of in {days[0], days[len(days) // 3], days[len(days) // 2], dataset.latest_date}:
        for known in (False, True):
            snap = type(dataset.on(as_of))(dataset, as_of, known)
            cited = snap._cited
            assert len(cited) == len(records)
            for (_label, where, sources, record), shown in zip(records, cited, strict=True):
                if shown is not None:
                    assert shown == sources if not known else set(shown) <= set(sources), where
                site_fact = _SITE_FACT.fullmatch(where)
                if site_fact is not None:
                    site = dataset.sites[int(site_fact.group(1))]
                    since = record.since
                    holds = snap.holds(str(since), sources, site)
                    assert (shown is not None) == holds, (where, as_of, known)
