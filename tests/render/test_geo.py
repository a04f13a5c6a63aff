"""The map: projection, marks, legend, export, and the Map tab's keys."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sys

import pytest
from rich.console import Console

from tests.conftest import ROOT
from tui.app import MinusmaApp
from tui.core.model import Dataset
from tui.render import map as geo

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

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


def _in(dataset: Dataset, country: str) -> Dataset:
    """The dataset with its mission moved to another country (by code or name)."""
    return dataclasses.replace(
        dataset, mission=dataclasses.replace(dataset.mission, country=country)
    )


def _braille(lines) -> int:
    return sum(chr(0x2801) <= ch <= chr(0x28FF) for line in lines for ch in line.plain)


def test_missing_outline_still_draws_the_sites(dataset: Dataset, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(geo, "outline_path", lambda: tmp_path / "missing.json")
    geo.outline_for.cache_clear()
    try:
        lines, placed = geo.draw_map(dataset.on(AS_OF), None, 40, 18)
        assert len(placed) == 12
        assert _braille(lines) == 0
    finally:
        geo.outline_for.cache_clear()


def test_the_outline_of_every_country_ships_in_the_wheel_with_its_licence() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for name in (geo.OUTLINE_FILE, f"{geo.OUTLINE_FILE}.LICENSE"):
        assert shipped[f"data/{name}"] == f"tui/data/{name}"
        assert (ROOT / "data" / name).is_file()
    assert geo.outline_path() == ROOT / "data" / geo.OUTLINE_FILE
    assert "Natural Earth, 1:110m admin-0 countries" in geo.OUTLINE_SOURCE


def test_outline_of_a_country_by_code() -> None:
    mali = geo.load_outline("MLI")
    assert len(mali) == 1 and len(mali[0]) > 50
    lons = [lon for lon, _ in mali[0]]
    lats = [lat for _, lat in mali[0]]
    assert -13 < min(lons) < -11 and 4 < max(lons) < 5  # Mali: about 12°W to 4°E
    assert 10 < min(lats) < 11 and 24 < max(lats) < 26
    assert geo.load_outline("COD")  # the DR Congo, for MONUSCO


@pytest.mark.parametrize("code", ["XYZ", "", "mli", "Mali", "-99", "CS-KM"])
def test_outline_of_an_unknown_code_is_empty(code: str) -> None:
    assert geo.load_outline(code) == ()


def test_outline_of_a_missing_file_is_empty(tmp_path) -> None:
    assert geo.load_outline("MLI", tmp_path / "missing.json") == ()


@pytest.mark.parametrize("code", ["IDN", "NOR"])
def test_a_country_of_many_polygons_has_all_its_rings(code: str) -> None:
    rings = geo.load_outline(code)
    assert len(rings) > 1


def test_the_mission_country_by_name_or_code_draws_the_same_map(dataset: Dataset) -> None:
    # Schema 2 names the country by code ("MLI"); a schema-1 name ("Mali") draws the same.
    assert dataset.mission.country == "MLI"
    by_name = geo.draw_map(_in(dataset, "Mali").on(AS_OF), "gao", 40, 18)
    by_code = geo.draw_map(dataset.on(AS_OF), "gao", 40, 18)
    assert [line.plain for line in by_name[0]] == [line.plain for line in by_code[0]]
    assert _braille(by_name[0]) > 20


def test_a_country_the_outline_file_lacks_still_draws_the_sites(dataset: Dataset) -> None:
    lines, placed = geo.draw_map(_in(dataset, "Atlantis").on(AS_OF), None, 40, 18)
    assert len(placed) == 12
    assert _braille(lines) == 0


@pytest.mark.parametrize("country", ["IDN", "NOR", "COD", "Congo (DRC)"])
def test_the_map_fits_another_country_and_its_sites(dataset: Dataset, country: str) -> None:
    # Mali's sites stay where they are: the map spans the country and them.
    snap = _in(dataset, country).on(AS_OF)
    outline = geo.mission_outline(snap)
    assert outline
    proj = geo.projection_for(snap, 60, 20)
    assert proj.width <= 60 and proj.height <= 20
    lines, placed = geo.draw_map(snap, None, 60, 20)
    assert len(placed) == 12 and _braille(lines) > 10
    points = [p for ring in outline for p in ring]
    points += [(s.lon, s.lat) for s in geo.mapped_sites(snap)]
    assert proj.lon_min == pytest.approx(min(lon for lon, _ in points))
    assert proj.lat_max == pytest.approx(max(lat for _, lat in points))


def test_a_small_country_fills_the_map(dataset: Dataset) -> None:
    # Luxembourg is under a degree across: the projection scales it up to the width it is given.
    no_sites = dataclasses.replace(
        _in(dataset, "LUX"),
        sites=tuple(dataclasses.replace(s, lat=None, lon=None) for s in dataset.sites),
    )
    snap = no_sites.on(AS_OF)
    lines, placed = geo.draw_map(snap, None, 30, 15)
    assert placed == []
    width = max(len(line.plain.rstrip()) for line in lines)
    assert 20 <= width <= 30 or len(lines) >= 12  # the width, or the height, is filled
    assert _braille(lines) > 20  # a closed outline, not a dot


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
