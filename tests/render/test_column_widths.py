"""The one column fitter (tui.render.column_widths): each of its settings on a small table.

The tables that use it pin its behaviour as drawn: test_site_table and the snapshots (the Bases
table), test_keytable (the tabs' tables), test_export (the export's sites table)."""

from __future__ import annotations

from tui.render.column_widths import Shrink, cell_width, column_at, fit_columns


def test_a_table_with_room_keeps_its_natural_widths() -> None:
    fitted = fit_columns([5, 30, 20], 100, gap=2, shrink=[Shrink([1, 2], {1: 8, 2: 8})])
    assert fitted.widths == [5, 30, 20]
    assert fitted.gap == 2 and fitted.fits


def test_the_column_furthest_above_its_floor_gives_way_first() -> None:
    # 55 cells wanted, 40 of room: the 30 gives 10 (to the 20's width), then each in turn.
    fitted = fit_columns([5, 30, 20], 40, gap=0, shrink=[Shrink([1, 2], {1: 8, 2: 8})])
    assert fitted.widths == [5, 17, 18] and fitted.fits
    # A tie goes to the first column listed.
    assert fit_columns([10, 10], 19, gap=0, shrink=[Shrink([0, 1], {0: 1, 1: 1})]).widths == [9, 10]
    assert fit_columns([10, 10], 19, gap=0, shrink=[Shrink([1, 0], {0: 1, 1: 1})]).widths == [10, 9]


def test_stages_give_way_in_turn_and_never_below_their_floors() -> None:
    stages = [Shrink([2], {2: 6}), Shrink([1], {1: 4})]
    # The first stage alone is enough.
    assert fit_columns([3, 10, 10], 20, gap=0, shrink=stages).widths == [3, 10, 7]
    # The first stage reaches its floor, then the second gives way.
    assert fit_columns([3, 10, 10], 15, gap=0, shrink=stages).widths == [3, 6, 6]
    # Neither can give more: the table does not fit (it scrolls).
    fitted = fit_columns([3, 10, 10], 8, gap=0, shrink=stages)
    assert fitted.widths == [3, 4, 6] and not fitted.fits


def test_a_tight_gap_when_even_the_first_stage_at_its_floors_is_too_wide() -> None:
    shrink = [Shrink([1], {1: 10})]
    # With 2 blanks a column, [5, 10] needs 19: room 18 takes the tight gap of 1 (17).
    fitted = fit_columns([5, 20], 18, gap=2, tight_gap=1, shrink=shrink)
    assert fitted.gap == 1 and fitted.widths == [5, 11]
    assert fit_columns([5, 20], 19, gap=2, tight_gap=1, shrink=shrink).gap == 2


def test_room_to_spare_goes_to_the_column_cut_least() -> None:
    # The columns' most are 12 and 20: 4 spare cells make the first whole.
    fitted = fit_columns([8, 8], 20, gap=0, most=[12, 20])
    assert fitted.widths == [12, 8]
    # No column grows past its most; what cannot be given stays blank.
    assert fit_columns([8, 8], 100, gap=0, most=[12, 20]).widths == [12, 20]


def test_room_to_spare_shared_by_weight() -> None:
    # 30 spare cells, weights 1 and 2: 10 and 20; a weight of 0 never grows.
    fitted = fit_columns([5, 5, 5], 45, gap=0, most=[50, 50, 50], weights=[0, 1, 2])
    assert fitted.widths == [5, 15, 25]
    # A column at its most leaves its share to the others.
    assert fit_columns([5, 5], 40, gap=0, most=[7, 50], weights=[1, 1]).widths == [7, 33]


def test_fill_makes_the_first_screen_exact_when_the_table_scrolls() -> None:
    # Column 1 shrinks to its floor, 8, and still the table is too wide: the first screen is
    # columns 0 and 1 (22 cells with their gaps), and the shrunk column 1 takes the 3 left.
    fitted = fit_columns([10, 20, 10, 10], 25, gap=2, shrink=[Shrink([1], {1: 8})], fill=True)
    assert fitted.widths == [10, 11, 10, 10] and not fitted.fits
    # Without a shrunk column on screen, the last column on screen takes them.
    fitted = fit_columns([10, 10, 10], 25, gap=2, fill=True)
    assert fitted.widths == [10, 11, 10]


def test_cell_width_counts_terminal_cells() -> None:
    assert cell_width("Gao") == 3
    assert cell_width("Tombouctou (Timbuktu)") == 21
    assert cell_width("日本") == 4


def test_column_at_finds_the_column_under_a_cell() -> None:
    # Widths 3 and 5 with a gap of 2: cells 0-4 are column 0, 5-11 column 1.
    assert [column_at([3, 5], 2, x) for x in (0, 4, 5, 11, 12)] == [0, 0, 1, 1, None]
