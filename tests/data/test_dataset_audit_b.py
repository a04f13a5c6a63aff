"""The second fact-check's corrections and additions stay in the shipped dataset.

One test per item of shared/research/audit-2026-12b.md: a contradicted date, three disputes that
were not disagreements, wrong labels and URLs, an unverified receiver, a citation for a split, an
overreach, city-point coordinates, and the missing facts, each with its sources.
"""

from __future__ import annotations

import datetime as dt

from tui.core.model import Dataset, Dispute, Event


def _dispute(dataset: Dataset, dispute_id: str) -> Dispute:
    found = [d for d in dataset.disputes if d.id == dispute_id]
    assert found, f"no dispute {dispute_id!r}"
    return found[0]


def _events(dataset: Dataset, day: dt.date, *words: str) -> list[Event]:
    hits = [e for e in dataset.events if e.date == day and all(w in e.title for w in words)]
    assert hits, (day, words)
    return hits


def test_labbezanga_attack_is_dated_26_october_with_a_dispute_on_the_injured(
    dataset: Dataset,
) -> None:
    [attack] = _events(dataset, dt.date(2023, 10, 26), "Labbezanga")
    assert attack.site == "ansongo"
    assert {"S75", "S71"} <= set(attack.sources)
    assert not [e for e in dataset.events if e.date == dt.date(2023, 10, 27)]
    injured = _dispute(dataset, "labbezanga-convoy-injured")
    assert injured in dataset.disputes_for("ansongo")
    counts = {
        ("two lightly" in c.claim and "One truck driver" in c.claim, "Four" in c.claim): c.sources
        for c in injured.claims
    }
    assert counts[(True, False)][0].startswith("S75")  # MINUSMA's own statement: 3
    assert counts[(False, True)] == ("S71",)  # the UN spokesman in New York: 4
    assert "27 Oct" in (dataset.sources["S71"].note or "")  # the day he spoke, not the attack
    assert dataset.sources["S75-ac"].date == "2023-10-26"


def test_the_three_non_disputes_are_plain_facts(dataset: Dataset) -> None:
    ids = {d.id for d in dataset.disputes}
    assert not ids & {"kidal-convoy-attackers", "kidal-convoy-injured", "germany-gao-december"}
    kidal = dataset.site("kidal")
    text = kidal.circumstances or ""
    # the resolution's explanation of 37 vs 'at least 39' is kept as a fact
    assert "37" in text and "at least 39" in text and "31 Oct" in text
    assert "JNIM claimed" in text and "named no attacker" in text
    jnim = next(g for g in kidal.armed_groups if g.name == "JNIM")
    assert "S69" in jnim.sources and "see disputes" not in (jnim.note or "")
    # Germany in December: the sourced figures stay, S61's 800 does not
    germany = next(
        c for c in dataset.site("gao").contingents if c.country == "DEU" and c.figure == 142
    )
    assert {"S19", "S73"} <= set(germany.sources) and "800" not in (germany.note or "")


def test_labels_name_the_right_publishers(dataset: Dataset) -> None:
    castor = _dispute(dataset, "castor-date")
    cgtn = next(c for c in castor.claims if "S61" in c.sources)
    assert "dpa" not in cgtn.claim and "CGTN" in cgtn.claim
    s10 = dataset.sources["S10"]
    assert "note to correspondents" in s10.title and "same release" not in (s10.note or "")
    assert "S10-mi" in (s10.note or "")
    release = dataset.sources["S10-mi"]
    assert release.publisher.startswith("MINUSMA") and release.date == "2023-10-22"
    assert "Nepalese" in (release.note or "")
    tessalit = dataset.site("tessalit")
    chad = next(c for c in tessalit.contingents if c.country == "TCD" and c.figure is None)
    assert "S10-mi" in chad.sources  # the N'Djamena flights are the release's, not the note's
    s67 = dataset.sources["S67"]
    assert "L'Essor" in s67.publisher and "lessor.ml" in (s67.note or "")


def test_urls_are_public_addresses(dataset: Dataset) -> None:
    s72 = dataset.sources["S72"].url or ""
    assert s72.startswith("https://www.voanews.com/") and s72.endswith("/7361196.html")
    assert "pangea-cms" not in s72
    assert dataset.sources["S68"].url == (
        "https://www.aljazeera.com/news/2023/11/7/"
        "at-least-22-un-peacekeepers-injured-in-retreat-from-northern-mali-base"
    )


def test_douentza_receiver_is_marked_unverified(dataset: Dataset) -> None:
    handed_to = dataset.site("douentza").handed_to or ""
    assert "Abou Diarra" in handed_to and "unverified" in handed_to
    assert "Lassana" not in handed_to  # no source with an address names the governor


def test_the_kidal_split_cites_ap_and_al_jazeera_not_s12(dataset: Dataset) -> None:
    for day, words, source in (
        (dt.date(2023, 11, 1), "8 peacekeepers", "S69"),
        (dt.date(2023, 11, 3), "7 peacekeepers", "S69"),
        (dt.date(2023, 11, 4), "22", "S68"),
    ):
        [event] = _events(dataset, day, words)
        assert event.sources == (source,), event


def test_malian_staff_event_says_what_s01_supports(dataset: Dataset) -> None:
    [event] = _events(dataset, dt.date(2024, 11, 15), "2,000")
    assert "none of the withdrawal counts" not in event.title
    assert "13,871" in event.title and "S01" in event.sources


def test_gao_and_bamako_coordinates_are_city_points(dataset: Dataset) -> None:
    gao, bamako = dataset.site("gao"), dataset.site("bamako")
    assert "city-level" in (gao.circumstances or "") and "S23" in gao.sources
    assert bamako.closure is not None and "city-level" in (bamako.closure.note or "")
    scope = {p.date: p.note or "" for p in dataset.personnel}
    assert "Military personnel only" in scope[dt.date(2023, 8, 4)]
    assert "Uniformed personnel only" in scope[dt.date(2023, 8, 28)]


def test_overview_figures_of_20_november_hold(dataset: Dataset) -> None:
    snap = dataset.on(dt.date(2023, 11, 20))
    assert (snap.sites_closed, snap.sites_total) == (9, 13)
    [seed] = [p for p in dataset.personnel if p.date == dt.date(2023, 11, 20)]
    assert (seed.departed, seed.qualifier, seed.total) == (8817, "more than", 13871)


def test_no_personnel_count_is_invented_for_31_december(dataset: Dataset) -> None:
    assert dataset.personnel[-1].date == dt.date(2023, 12, 11)
    assert dataset.personnel[-1].departed == 10754
    [end] = _events(dataset, dt.date(2023, 12, 31), "End of the withdrawal")
    assert "10,754" in end.title and {"S18", "S16"} <= set(end.sources)


def test_missing_facts_are_added_with_their_sources(dataset: Dataset) -> None:
    kidal = dataset.site("kidal")
    assert "850" in (kidal.circumstances or "") and "S68" in kidal.sources
    counts = _dispute(dataset, "kidal-convoy-injured-count")
    cited = {sid for c in counts.claims for sid in c.sources}
    assert {"S12", "S81", "S82"} <= cited
    assert any("26" in c.claim for c in counts.claims)
    assert any("15" in c.claim for c in counts.claims)
    csp = next(g for g in kidal.armed_groups if g.name == "CSP-PSD")
    assert "S72" in csp.sources and "peace deals" in (csp.note or "")
    _events(dataset, dt.date(2023, 11, 22), "Cheick Sidi Yaya Coulibaly", "Emdadul Islam")
    [terms] = _events(dataset, dt.date(2023, 6, 30), "Chapter VII")
    assert terms.sources == ("S76",) and "status-of-forces" in terms.title
    assert (dataset.sources["S76"].url or "").startswith("https://media.un.org/")
    [liquidation] = _events(dataset, dt.date(2024, 1, 1), "Operational Support", "rear parties")
    assert "S18" in liquidation.sources
    _events(dataset, dt.date(2024, 11, 14), "liquidation team")
    germany = _dispute(dataset, "germany-soldiers-served")
    assert {sid for c in germany.claims for sid in c.sources} == {"S19", "S78"}
    assert any("27,500" in c.claim for c in germany.claims)
    [wunstorf] = _events(dataset, dt.date(2023, 12, 15), "304", "Wunstorf")
    assert wunstorf.sources == ("S79",)
    menaka = dataset.site("menaka")
    assert "Fabiola Ngerika" in (menaka.handed_to or "") and "S80" in menaka.sources


def test_sources_added_by_the_second_audit_resolve(dataset: Dataset) -> None:
    for sid in ("S10-mi", "S75", "S75-ac", "S76", "S77", "S78", "S79", "S80", "S81", "S82"):
        source = dataset.sources[sid]
        assert source.url and source.url.startswith("https://"), sid
    # no date that no source gives: the Alwihda and Bamada pages state none
    assert dataset.sources["S75"].date is None and dataset.sources["S82"].date is None
