"""The map: projection, marks, legend, export, and the Map tab's keys."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from rich.console import Console

from tui.app import MinusmaApp
from tui.core.model import Dataset
from tui.render import map as geo

AS_OF = dt.date(2023, 11, 20)


def _render(renderable: object, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, record=True)
    console.print(renderable)
    return console.export_text()


def _cells(
    dataset: Dataset, width: int = 40, height: int | None = 18
) -> dict[str, tuple[int, int]]:
    snap = dataset.on(AS_OF)
    proj = geo.projection_for(snap, width, height)
    return {p.site.id: (p.col, p.row) for p in geo.place_sites(snap, proj)}


@pytest.mark.parametrize(("width", "height"), [(36, 16), (40, 18), (60, None), (100, 40)])
def test_projection_puts_sites_in_geographic_order(dataset: Dataset, width: int, height) -> None:
    cells = _cells(dataset, width, height)
    # north is up: a smaller row
    assert cells["tessalit"][1] < cells["kidal"][1] < cells["gao"][1]
    # Bamako is south-west of every other site
    for site_id, (col, row) in cells.items():
        if site_id != "bamako":
            assert cells["bamako"][0] < col and cells["bamako"][1] > row, site_id


def test_projection_corrects_longitude_by_latitude() -> None:
    # 10 degrees of longitude at ~60°N is about half as wide as 10 degrees of latitude
    proj = geo.Projection.fit([(0.0, 55.0), (10.0, 65.0)], 100, 100)
    assert proj.width * 2 == pytest.approx(proj.height * 4 * 0.5, rel=0.1)


def test_every_mapped_site_has_its_own_cell(dataset: Dataset) -> None:
    cells = _cells(dataset, 36, 16)
    assert len(set(cells.values())) == len(cells) == 12
    assert "ogossagou" not in cells


def test_marks_say_the_state_by_glyph(dataset: Dataset) -> None:
    lines, placed = geo.draw_map(dataset.on(AS_OF), None, 40, 18)
    by_id = {p.site.id: p for p in placed}
    glyph_at = {sid: lines[p.row].plain[p.col] for sid, p in by_id.items()}
    assert glyph_at["kidal"] == geo.GLYPHS["vacated"]  # left 2023-10-31 without handover
    assert glyph_at["ansongo"] == geo.GLYPHS["handed_over"]  # 2023-11-18
    assert glyph_at["timbuktu"] == geo.GLYPHS["open"]
    partial = geo.draw_map(dataset.on(dt.date(2024, 1, 5)), None, 40, 18)
    gao = next(p for p in partial[1] if p.site.id == "gao")
    assert partial[0][gao.row].plain[gao.col] == geo.GLYPHS["partial"]


def _style_at(line, col: int) -> str:
    return " ".join(str(span.style) for span in line.spans if span.start <= col < span.end)


def test_selected_site_is_highlighted(dataset: Dataset) -> None:
    snap = dataset.on(AS_OF)
    lines, placed = geo.draw_map(snap, "kidal", 40, 18)
    for p in placed:
        style = _style_at(lines[p.row], p.col)
        if p.site.id == "kidal":
            assert "reverse" in style
        else:
            assert "reverse" not in style, p.site.id
    # and in the words beside the map
    assert "Selected: Kidal × on 2023-11-20: vacated, no handover (since 2023-10-31)" in _render(
        geo.selected_line(snap, "kidal")
    )


def test_hostile_site_name_is_printed_as_typed(dataset: Dataset) -> None:
    hostile = dataclasses.replace(dataset.sites[3], name="[red]x[/] [bold]")
    sites = (*dataset.sites[:3], hostile, *dataset.sites[4:])
    data = dataclasses.replace(dataset, sites=sites)
    text = _render(geo.legend(data.on(AS_OF), hostile.id))
    assert "[red]x[/] [bold]" in text
    assert "Ber" in text.splitlines()[1]  # the rows after it still render


def test_sites_without_coordinates_are_listed_not_on_map(dataset: Dataset) -> None:
    text = _render(geo.legend(dataset.on(AS_OF)))
    line = next(line for line in text.splitlines() if "Ogossagou" in line)
    assert "not on map" in line
    assert sum("not on map" in line for line in text.splitlines()) == 1


def test_missing_outline_still_draws_the_sites(dataset: Dataset, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(geo, "outline_path", lambda: tmp_path / "missing.json")
    geo.load_outline.cache_clear()
    try:
        lines, placed = geo.draw_map(dataset.on(AS_OF), None, 40, 18)
        assert len(placed) == 12
        assert not any(chr(0x2801) <= ch <= chr(0x28FF) for line in lines for ch in line.plain)
    finally:
        geo.load_outline.cache_clear()


def test_export_includes_the_map(dataset: Dataset) -> None:
    from tui.render.summary import summary

    text = _render(summary(dataset, AS_OF, dataset.site("kidal"), include_map=True), width=100)
    assert "Map of the sites on 2023-11-20" in text
    assert "Outline: Natural Earth" in text
    assert any(chr(0x2801) <= ch <= chr(0x28FF) for ch in text)  # the braille outline


def test_nearest_in_direction(dataset: Dataset) -> None:
    snap = dataset.on(AS_OF)
    assert geo.nearest_in_direction(snap, "kidal", "north") == "aguelhok"
    assert geo.nearest_in_direction(snap, "aguelhok", "north") == "tessalit"
    assert geo.nearest_in_direction(snap, "tessalit", "north") is None
    assert geo.nearest_in_direction(snap, "gao", "east") == "menaka"  # Ansongo: more south
    assert geo.nearest_in_direction(snap, "gao", "south") == "ansongo"
    assert geo.nearest_in_direction(snap, "mopti-sevare", "west") == "bamako"
    # off the map: start from the first mapped site
    assert geo.nearest_in_direction(snap, "ogossagou", "east") == "ber"


async def test_map_tab_keys_move_the_shared_selection(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # let the first tab settle (see report: tab key at start-up races)
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.focused is not None and app.screen.focused.id == "map-canvas"
        # Ogossagou (selected at start) has no coordinates: the map opens on the next mapped site.
        assert app.selected_site == "ber"
        selected = app.screen.query_one("#map-selected").render()
        assert "not on map" not in str(selected)
        await pilot.press("n", "n")
        assert app.selected_site == "menaka"
        await pilot.press("k")  # north of Ménaka
        assert app.selected_site == "kidal"
        await pilot.pause()
        assert "Selected: Kidal" in str(app.screen.query_one("#map-selected").render())
        await pilot.press("enter")  # open it in the Bases tab: the table follows
        await pilot.pause()
        table = app.screen.query_one("#site-table")
        assert table.selected_site_id == "kidal"


async def test_map_tab_renders_at_80x24_and_120x40(dataset: Dataset) -> None:
    for size in ((80, 24), (120, 40)):
        app = MinusmaApp(dataset, as_of=AS_OF)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("5")
            await pilot.pause()
            view = app.screen.query_one("#map-canvas")
            assert view.region.width > 20 and view.region.height > 10
            lines, placed = geo.draw_map(
                app.snapshot, app.selected_site, view.content_size.width, view.content_size.height
            )
            assert len(placed) == 12
            assert len(lines) <= view.content_size.height
