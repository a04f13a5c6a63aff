"""The cheap pre-check of `tui.core.dates.mentions` never hides a date the full expression finds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from tui.core import dates

PIECES = st.sampled_from(
    [
        *dates.MONTHS,
        "Dec.",
        "8th",
        "1er",
        "2023",
        "1999",
        "2024-11",
        "2023-12-08",
        "00001",
        "123",
        "12345",
        "20231",
        " ",
        "  ",
        ",",
        "-",
        "–",
        "Base",
        "x",
        "\n",
        "é",
        "٣",
    ]
)
PIECES = st.one_of(PIECES, st.from_regex(r"\d{1,6}", fullmatch=True))


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_no_mention_is_missed(text: str) -> None:
    if dates.MENTION.search(text):
        assert dates._may_mention(text), text


def test_labels_without_a_day_or_year_skip_the_expression() -> None:
    assert not dates._may_mention("Synthetic base 00412: Synthetic project 4120")
    assert not dates._may_mention("Ansongo: Chad")
    assert dates._may_mention("handed over on 22 Nov 2023")
    assert dates.mentions("Synthetic base 00412 closed", 2023) == []
    assert [w for w, _ in dates.mentions("2023-07-17: Base 00412 closed", 2023)] == ["2023-07-17"]


def test_a_month_named_without_a_year_is_a_mention() -> None:
    """ "MONUSCO's April list": a month alone, of the year written last before it, else of the
    context year (English names capitalised, as written; French ones in any case). "may" the
    verb is no month."""
    found = dates.mentions("MONUSCO's April list; la liste d'avril", 2024)
    assert found == [("April", dt.date(2024, 4, 1)), ("avril", dt.date(2024, 4, 1))]
    assert dates.mentions("In 2023, by March", 2024) == [
        ("2023", dt.date(2023, 1, 1)),
        ("March", dt.date(2023, 3, 1)),
    ]
    assert dates.mentions("sources may differ", 2024) == []
    assert dates.mentions_after("MONUSCO's April list", dt.date(2024, 4, 29), 2024)
    assert not dates.mentions_after("MONUSCO's April list", dt.date(2024, 4, 30), 2024)
    assert dates._may_mention("closed in April")
