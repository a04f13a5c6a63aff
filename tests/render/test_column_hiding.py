"""Which columns a table hides when too narrow (tui.render.column_hiding), on small tables."""

from __future__ import annotations

from tui.render.column_hiding import hide_columns


def test_nothing_hidden_when_the_floors_fit() -> None:
    hiding = hide_columns([5, 10, 10], 31, order=[2, 1], gaps=(2,))
    assert hiding.hidden == () and hiding.gap == 2 and hiding.shown(3) == [0, 1, 2]


def test_columns_hidden_in_the_order_given_until_the_rest_fit() -> None:
    hiding = hide_columns([5, 10, 10], 20, order=[2, 1], gaps=(2,))
    assert hiding.hidden == (2,) and hiding.shown(3) == [0, 1]
    assert hide_columns([5, 10, 10], 10, order=[2, 1], gaps=(2,)).hidden == (2, 1)


def test_a_narrower_gap_before_one_more_column_is_hidden() -> None:
    # 25 cells of floors: with two blanks each (31) too wide for 28, with one (28) it fits.
    assert hide_columns([5, 10, 10], 28, order=[2], gaps=(2, 1)) == hide_columns(
        [5, 10, 10], 28, order=[], gaps=(1,)
    )
    hiding = hide_columns([5, 10, 10], 28, order=[2], gaps=(2, 1))
    assert hiding.hidden == () and hiding.gap == 1


def test_still_too_wide_every_column_in_the_order_is_hidden() -> None:
    hiding = hide_columns([30, 10, 10], 20, order=[2, 1], gaps=(2, 1))
    assert hiding.hidden == (2, 1) and hiding.gap == 1
