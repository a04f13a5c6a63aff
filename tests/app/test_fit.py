"""What must fit at 80x24: the map's numbers clear of other marks, the Timeline's chart tall
enough to read."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_app, screen_text
from tui.core.model import Dataset
from tui.render import map as geo

NOV_20 = dt.date(2023, 11, 20)


@pytest.mark.parametrize("size", [(36, 19), (38, 19), (40, 18), (60, 30), (76, 36)])
@pytest.mark.parametrize("selected", [None, "ansongo", "gao"])
def test_map_numbers_never_touch_another_mark_or_number(
    dataset: Dataset, size: tuple[int, int], selected: str | None
) -> None:
    lines, placed = geo.draw_map(dataset.on(NOV_20), selected, *size)
    owner: dict[tuple[int, int], str] = {(p.col, p.row): p.site.id for p in placed}
    assert len(owner) == len(placed)  # no two marks on one cell
    for p in placed:
        if p.label_at is None:
            continue
        col, row = p.label_at
        label = str(p.site.ordinal)
        assert lines[row].plain[col : col + len(label)] == label
        for i in range(len(label)):
            assert (col + i, row) not in owner, (p.site.id, owner.get((col + i, row)))
            owner[(col + i, row)] = p.site.id
    for p in placed:
        if p.label_at is None:
            continue
        col, row = p.label_at
        for cell in ((col - 1, row), (col + len(str(p.site.ordinal)), row)):
            assert owner.get(cell, p.site.id) == p.site.id, (p.site.id, owner[cell])


async def test_map_tab_names_the_sites_without_a_number(dataset: Dataset) -> None:
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        await pilot.pause()
        view = app.screen.query_one("#map-canvas")
        size = view.content_size
        _, placed = geo.draw_map(app.snapshot, app.selected_site, size.width, size.height)
        missing = geo.crowded(placed)
        assert "●3●●2" not in screen_text(app)
        if missing:
            key = app.screen.query_one("#map-key")
            text = str(key.render())
            for p in missing:
                assert f"{p.site.ordinal} {p.site.name}" in text


async def test_timeline_chart_has_eight_rows_and_the_events_show_at_80x24(
    dataset: Dataset,
) -> None:
    """The chart was three rows tall; then twelve, which left the events table no row at all."""
    app = make_app(dataset, NOV_20)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        chart = app.screen.query_one("#drawdown-chart")
        assert chart.content_size.height >= 8
        for table_id in ("#personnel-table", "#events-table"):
            table = app.screen.query_one(table_id)
            assert table.content_region.height >= 4, table_id  # the header and 3 rows
