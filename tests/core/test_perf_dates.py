"""The cheap pre-check of `tui.core.dates.mentions` never hides a date the full expression finds."""

from __future__ import annotations

import re

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


@settings(max_examples=3000, deadline=None)
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


def _whole_runs(text: str) -> bool:
    """`_MAY_MENTION` as its docstring says it: a whole run of digits of one or two, or of four
    starting 19 or 20."""
    runs = re.findall(r"\d+", text)
    return any(len(run) <= 2 or (len(run) == 4 and run[:2] in ("19", "20")) for run in runs)


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_the_pre_check_finds_a_whole_run_of_a_day_or_a_year(text: str) -> None:
    assert dates._may_mention(text) == _whole_runs(text), text
