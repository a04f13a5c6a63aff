"""The 2026-12 audit's corrections and additions stay in the shipped dataset.

One test per correction class (shared/research/audit-2026-12.md): open disputes kept open,
non-disputes kept as plain facts, Geo-PKO sizes labelled as early-2023 map estimates,
descriptive titles marked, and the additions an analyst expects, each with its sources.
"""

from __future__ import annotations

import calendar
import datetime as dt

from tui.core.model import Dataset, Dispute

GEO_PKO = "S23"


def _published(dataset: Dataset, sid: str) -> dt.date | None:
    """A source's publication date; a month-only date counts from the month's last day."""
    raw = dataset.sources[sid].date
    if raw is None:
        return None
    parts = [int(p) for p in raw.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    year, month = parts[0], parts[1] if len(parts) == 2 else 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _sides_reported_by(dataset: Dataset, dispute: Dispute, day: dt.date) -> int:
    """How many claims of a dispute at least one source had published by `day`."""
    return sum(
        any((d := _published(dataset, sid)) is not None and d <= day for sid in claim.sources)
        for claim in dispute.claims
    )


def _dispute(dataset: Dataset, dispute_id: str) -> Dispute:
    found = [d for d in dataset.disputes if d.id == dispute_id]
    assert found, f"no dispute {dispute_id!r}"
    return found[0]


def test_tessalit_status_is_disputed_on_2023_11_01(dataset: Dataset) -> None:
    day = dt.date(2023, 11, 1)
    tessalit = dataset.site("tessalit")
    assert dataset.on(day).site_states["tessalit"] in ("handed_over", "vacated")
    status = _dispute(dataset, "tessalit-status")
    assert status in dataset.disputes_for("tessalit")
    # the army's ceremony and the UN's pending transfer were both in print by then
    assert _sides_reported_by(dataset, status, day) >= 2
    text = " ".join(c.claim for c in status.claims)
    assert "flag" in text and "administrative transfer" in text
    assert tessalit.circumstances is not None and "disputed" in tessalit.circumstances


def test_kidal_convoy_casualties_and_attribution_are_kept(dataset: Dataset) -> None:
    # The second audit (audit-2026-12b.md) made these plain facts: see test_dataset_audit_b.py.
    kidal = dataset.site("kidal")
    assert kidal.circumstances is not None and "needed care" not in kidal.circumstances
    assert "37" in kidal.circumstances and "at least 39" in kidal.circumstances
    jnim = [g for g in kidal.armed_groups if g.name == "JNIM"]
    assert jnim and "S69" in jnim[0].sources


def test_non_disputes_are_facts_not_disputes(dataset: Dataset) -> None:
    ids = {d.id for d in dataset.disputes}
    assert not ids & {"chad-fatalities", "gao-date", "bamako-date", "ber-garrison"}
    assert not any("304" in c.claim for d in dataset.disputes for c in d.claims)
    # ... and their facts are still there
    assert dataset.site("gao").date == dt.date(2024, 7, 22)
    assert dataset.site("bamako").date == dt.date(2024, 11, 15)
    ber = {(c.figure, c.kind) for c in dataset.site("ber").contingents}
    assert {(200, "reported"), (150, "estimate")} <= ber
    chad_notes = " ".join(
        c.note or "" for s in dataset.sites for c in s.contingents if c.country == "TCD"
    )
    assert "82" in chad_notes


def test_ansongo_reasoning_cites_the_audit_sources(dataset: Dataset) -> None:
    ansongo = _dispute(dataset, "ansongo-contingents")
    assert "probably meant the ten-year period" not in (ansongo.resolution or "")
    cited = {sid for c in ansongo.claims for sid in c.sources}
    assert {"S01", "S32", "S72"} <= cited
    assert any("jusqu'ici" in c.claim for c in ansongo.claims)


def test_germany_at_gao_matches_the_december_figures(dataset: Dataset) -> None:
    germany = [
        c for c in dataset.site("gao").contingents if c.country == "DEU" and c.kind == "reported"
    ]
    assert germany and all(c.figure != 800 for c in germany)


def test_douentza_receiver_and_region(dataset: Dataset) -> None:
    douentza = dataset.site("douentza")
    assert douentza.handed_to is not None and "Abou Diarra" in douentza.handed_to
    assert douentza.region.startswith("Douentza region")


def test_geo_pko_sizes_are_labelled_early_2023_map_estimates(dataset: Dataset) -> None:
    rows = [
        c for s in dataset.sites for c in s.contingents if c.sources and c.sources[0] == GEO_PKO
    ]
    assert len(rows) > 60
    for row in rows:
        assert row.kind == "estimate"
        assert row.note is not None and "map estimate" in row.note, row
        assert "withdrawal-era" in row.note or row.figure_date == "2024", row


def test_descriptive_titles_are_marked(dataset: Dataset) -> None:
    for sid in ("S03-fr", "S10", "S24", "S29-le", "S45"):
        title = dataset.sources[sid].title
        assert title.startswith("[") and title.endswith("]"), sid
    # a page's own headline stays unmarked
    assert not dataset.sources["S03"].title.startswith("[")


def test_additions_are_on_the_timeline_with_sources(dataset: Dataset) -> None:
    events = {(e.date, e.title): e for e in dataset.events}

    def find(day: dt.date, *words: str) -> None:
        hits = [
            e for (d, title), e in events.items() if d == day and all(w in title for w in words)
        ]
        assert hits, (day, words)
        assert all(e.sources for e in hits)

    find(dt.date(2023, 10, 26), "Ansongo", "Labbezanga")  # 27 Oct was the briefing (audit b)
    find(dt.date(2023, 10, 29), "over 500 Chadian", "4 IEDs")
    find(dt.date(2023, 10, 31), "two IEDs")
    find(dt.date(2023, 11, 1), "8 peacekeepers")
    find(dt.date(2023, 11, 3), "7 peacekeepers")
    find(dt.date(2023, 11, 4), "Anefis", "22")
    find(dt.date(2023, 6, 30), "13,289", "1,920")
    find(dt.date(2023, 8, 28), "5,500", "4,000 vehicles")
    find(dt.date(2023, 6, 30), "309")
    find(dt.date(2023, 12, 30), "311", "700")
    find(dt.date(2023, 12, 31), "End of the withdrawal")
    find(dt.date(2024, 11, 15), "2,000", "Malian")
