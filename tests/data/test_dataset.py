"""The shipped dataset: valid, complete, and every fact traceable to a source that exists."""

from __future__ import annotations

import datetime as dt

from tui.core.model import Dataset


def test_thirteen_sites_in_closure_order(dataset: Dataset) -> None:
    assert len(dataset.sites) == 13
    assert [s.ordinal for s in dataset.sites] == list(range(1, 14))
    dates = [s.date for s in dataset.sites]
    assert dates == sorted(dates)
    assert dataset.sites[0].id == "ogossagou"
    assert dataset.sites[-1].id == "bamako"


def test_seed_article_facts(dataset: Dataset) -> None:
    ansongo = dataset.site("ansongo")
    assert ansongo.date == dt.date(2023, 11, 18)
    assert ansongo.ordinal == 9
    assert ansongo.region.startswith("Gao")
    titles = " | ".join(p.title.lower() for p in ansongo.projects)
    for words in ("police station", "fuel", "water", "electrification", "dyke", "market"):
        assert words in titles, words
    assert any(p.amount == 818_000_000 and p.currency == "FCFA" for p in ansongo.projects)
    assert any(g.name.startswith("JNIM") for g in ansongo.armed_groups)

    mopti = dataset.site("mopti-sevare")
    assert mopti.date.year == 2023 and mopti.date.month == 12
    assert mopti.planned is not None and "December" in mopti.planned

    key_dates = {k.id: k.date for k in dataset.mission.key_dates}
    assert key_dates["resolution-2690"] == dt.date(2023, 6, 30)
    assert key_dates["withdrawal-deadline"] == dt.date(2023, 12, 31)
    assert key_dates["liquidation-start"] == dt.date(2024, 1, 1)
    assert key_dates["liquidation-end"] == dt.date(2024, 11, 15)

    mission = dataset.mission
    assert (mission.personnel_total, mission.uniformed_total, mission.civilian_total) == (
        13871,
        12944,
        927,
    )
    assert mission.excludes is not None and "Malian" in mission.excludes
    seed = [p for p in dataset.personnel if p.departed == 8817]
    assert len(seed) == 1 and seed[0].total == 13871


def test_unknowns_stay_absent(dataset: Dataset) -> None:
    ogossagou = dataset.site("ogossagou")
    assert ogossagou.lat is None and ogossagou.lon is None
    for site in dataset.sites:
        for contingent in site.contingents:
            assert (contingent.figure is None) == (contingent.kind is None)


def test_every_fact_cites_sources_that_exist(dataset: Dataset) -> None:
    facts = dataset.facts()
    assert len(facts) > 200
    for label, path, sources in facts:
        assert sources, f"{path} ({label}) has no source"
        for sid in sources:
            assert sid in dataset.sources, f"{path} cites unknown {sid}"
    cited = {sid for _, _, sources in facts for sid in sources}
    assert cited == set(dataset.sources), "every listed source is cited by some fact"


def test_disputes_have_two_sides_with_sources(dataset: Dataset) -> None:
    ids = {d.id for d in dataset.disputes}
    assert len(ids) >= 10
    for dispute in dataset.disputes:
        assert len(dispute.claims) >= 2
        assert all(claim.sources for claim in dispute.claims)
    text = " ".join(d.title + " " + " ".join(c.claim for c in d.claims) for d in dataset.disputes)
    for needle in ("Goundam", "Aguelhok", "Mopti", "311", "twelve"):
        assert needle in text, needle
