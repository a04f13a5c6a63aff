"""The mission's country and the sites on it, drawn with braille cells. No Textual import.

The same renderable serves the Map tab and the SVG/HTML/ANSI export, so it works anywhere text
does: over SSH, in 16 colours and under NO_COLOR. Each site's state is said by its glyph (and
in words in the legend), never by colour alone; the selected site is shown in reverse video.

The outline is the country's polygon from Natural Earth, 1:110m admin-0 countries (public domain,
through the world.geo.json collection, Unlicense), shipped for every country in one file,
`data/countries.geo.json`, so a mission in another country needs no new file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from tui.core.countries import country_code
from tui.core.model import STATE_LABELS, Site, SiteState, Snapshot
from tui.render.braille import BrailleCanvas
from tui.render.words import state_phrase

OUTLINE_FILE = "countries.geo.json"
OUTLINE_SOURCE = "Outline: Natural Earth, 1:110m admin-0 countries"
"""The credit under the legend; one line at 120 columns (the data is public domain: its licence
file, beside it in data/, says so)."""

Point = tuple[float, float]
"""(lon, lat) in degrees."""
Ring = tuple[Point, ...]

GLYPHS: dict[str, str] = {
    "handed_over": "●",
    "vacated": "×",
    "closed": "■",
    "returned": "◆",
    "stopped": "◇",
    "taken": "▲",
    "partial": "◐",
    "open": "○",
}
"""One glyph per state, so the map reads without colour."""

GLYPH_STYLES: dict[str, str] = {
    "handed_over": "bold green",
    "vacated": "bold red",
    "closed": "bold cyan",
    "returned": "bold cyan",
    "stopped": "bold yellow",
    "taken": "bold magenta",
    "partial": "bold yellow",
    "open": "bold",
}
SELECTED_STYLE = "bold reverse"
OUTLINE_STYLE = "dim"
LABEL_STYLE = ""

# --- the outline -----------------------------------------------------------------------------


def outline_path() -> Path:
    """The outline as the wheel ships it (tui/data/), or the repo's data/ in a source checkout."""
    installed = Path(__file__).resolve().parent.parent / "data" / OUTLINE_FILE
    if installed.is_file():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "data" / OUTLINE_FILE


def _rings(geometry: object) -> tuple[Ring, ...]:
    """A Polygon's or MultiPolygon's rings (islands and holes alike: the map draws lines only)."""
    if not isinstance(geometry, dict):
        return ()
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    rings: list[Ring] = []
    for polygon in polygons:
        for ring in polygon if isinstance(polygon, list) else []:
            points = tuple(
                (float(p[0]), float(p[1])) for p in ring if isinstance(p, list) and len(p) >= 2
            )
            if len(points) >= 2:
                rings.append(points)
    return tuple(rings)


@cache
def _outlines(path: Path) -> dict[str, tuple[Ring, ...]]:
    """Every country's rings by its ISO alpha-3 code: the file is read and indexed once.

    Features whose id is not an alpha-3 code (Natural Earth's "-99" for Northern Cyprus and
    Somaliland, "CS-KM" for Kosovo) are left out: no dataset can name them. An unreadable file
    gives no outlines at all.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    features = data.get("features", [data]) if isinstance(data, dict) else []
    index: dict[str, tuple[Ring, ...]] = {}
    for feature in features:
        code = feature.get("id") if isinstance(feature, dict) else None
        if not (isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper()):
            continue
        rings = _rings(feature.get("geometry"))
        if rings:
            index[code] = index.get(code, ()) + rings
    return index


def load_outline(country: str, path: Path | None = None) -> tuple[Ring, ...]:
    """The rings of a country, by ISO alpha-3 code ("MLI"), as (lon, lat) points.

    Empty if the file is missing or unreadable, or has no such country: a missing outline must
    not take the map down with it, the sites still plot on their own.
    """
    return _outlines(path or outline_path()).get(country, ())


@cache
def outline_for(country: str) -> tuple[Ring, ...]:
    """The outline of a mission's country, given by code or (until every dataset is migrated) by
    English name: "MLI" or "Mali". A code the outline file holds needs no lookup, so the map of a
    migrated dataset never loads Babel; a name is looked up once (cached, as every draw asks)."""
    outlines = _outlines(outline_path())
    code = country if country in outlines else country_code(country)
    return outlines.get(code, ()) if code is not None else ()


def mission_outline(snap: Snapshot) -> tuple[Ring, ...]:
    """The outline of the country the snapshot's mission is in."""
    return outline_for(snap.dataset.mission.country)


# --- projection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Equirectangular, with longitude scaled by cos(mean latitude), fitted into a braille grid.

    Braille cells hold 2×4 dots and a terminal cell is about twice as tall as it is wide, so a dot
    is roughly square: one scale serves both axes.
    """

    lon_min: float
    lat_max: float
    kx: float
    """Longitude degrees to x units (cos of the mean latitude)."""
    scale: float
    """Dots per projected unit."""
    width: int
    """Cells."""
    height: int

    @classmethod
    def fit(cls, points: Iterable[Point], max_width: int, max_height: int | None) -> Projection:
        pts = list(points) or [(0.0, 0.0)]
        lon_min = min(p[0] for p in pts)
        lon_max = max(p[0] for p in pts)
        lat_min = min(p[1] for p in pts)
        lat_max = max(p[1] for p in pts)
        kx = math.cos(math.radians((lat_min + lat_max) / 2))
        span_x = max((lon_max - lon_min) * kx, 1e-6)
        span_y = max(lat_max - lat_min, 1e-6)
        max_width = max(max_width, 4)
        scale = (2 * max_width - 1) / span_x
        if max_height is not None:
            scale = min(scale, (4 * max(max_height, 2) - 1) / span_y)
        width = math.floor(span_x * scale) // 2 + 1
        height = math.floor(span_y * scale) // 4 + 1
        return cls(lon_min, lat_max, kx, scale, width, height)

    def dot(self, lon: float, lat: float) -> tuple[int, int]:
        """(x, y) in braille dots, y growing southwards."""
        x = round((lon - self.lon_min) * self.kx * self.scale)
        y = round((self.lat_max - lat) * self.scale)
        return x, y

    def cell(self, lon: float, lat: float) -> tuple[int, int]:
        """(column, row) of the terminal cell holding the point."""
        x, y = self.dot(lon, lat)
        return min(max(x // 2, 0), self.width - 1), min(max(y // 4, 0), self.height - 1)


# --- drawing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedSite:
    """Where a site ended up on the map (a neighbouring cell if two sites share one)."""

    site: Site
    state: SiteState
    col: int
    row: int
    label_at: tuple[int, int] | None = None
    """(column, row) where its number starts; None when there was no room for it."""


def mapped_sites(snap: Snapshot) -> list[Site]:
    return [site for site in snap.dataset.sites if site.has_coordinates]


def unmapped_sites(snap: Snapshot) -> list[Site]:
    return [site for site in snap.dataset.sites if not site.has_coordinates]


def projection_for(snap: Snapshot, width: int, height: int | None) -> Projection:
    """Fitted to the country's outline and every mapped site (a site may lie beyond a border)."""
    points: list[Point] = [p for ring in mission_outline(snap) for p in ring]
    points += [(s.lon, s.lat) for s in mapped_sites(snap)]  # type: ignore[misc]
    return Projection.fit(points, width, height)


_NEIGHBOURS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


def place_sites(snap: Snapshot, proj: Projection) -> list[PlacedSite]:
    """Each mapped site's cell; a site whose cell is taken moves to the nearest free neighbour."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for site in mapped_sites(snap):
        col, row = proj.cell(site.lon, site.lat)  # type: ignore[arg-type]
        if (col, row) in taken:
            for dc, dr in _NEIGHBOURS:
                c, r = col + dc, row + dr
                if (c, r) not in taken and 0 <= c < proj.width and 0 <= r < proj.height:
                    col, row = c, r
                    break
        taken.add((col, row))
        placed.append(PlacedSite(site, snap.site_states[site.id], col, row))
    return placed


def _label_spot(
    canvas: BrailleCanvas, owner: dict[tuple[int, int], str], p: PlacedSite, label: str
) -> tuple[int, int] | None:
    """Where a site's number goes: right of its mark, else left, above or below, on free cells
    whose neighbours along the row are not another site's mark or number (`●3●` would not say
    which mark the 3 is for). None if no spot is clear."""
    spots = [
        (p.col + 1, p.row),
        (p.col - len(label), p.row),
        (p.col, p.row - 1),
        (p.col, p.row + 1),
        (p.col - len(label) + 1, p.row - 1),
        (p.col - len(label) + 1, p.row + 1),
    ]
    for start, row in spots:
        cells = [(start + i, row) for i in range(len(label))]
        if not all(canvas.free(c, r) for c, r in cells):
            continue
        ends = ((start - 1, row), (start + len(label), row))
        if all(owner.get(cell, p.site.id) == p.site.id for cell in ends):
            return start, row
    return None


def crowded(placed: Iterable[PlacedSite]) -> list[PlacedSite]:
    """Sites on the map without their number beside them (no clear cell for it)."""
    return [p for p in placed if p.label_at is None]


def draw_map(
    snap: Snapshot, selected: str | None, width: int, height: int | None = None
) -> tuple[list[Text], list[PlacedSite]]:
    """The map as lines of Text, and where each site was placed."""
    proj = projection_for(snap, width, height)
    canvas = BrailleCanvas(proj.width, proj.height, blank_style=OUTLINE_STYLE)
    for ring in mission_outline(snap):
        dots = [proj.dot(lon, lat) for lon, lat in ring]
        for (x0, y0), (x1, y1) in pairwise(dots):
            canvas.line(x0, y0, x1, y1, OUTLINE_STYLE)
    placed = place_sites(snap, proj)
    for p in placed:
        style = SELECTED_STYLE if p.site.id == selected else GLYPH_STYLES[p.state]
        canvas.put(p.col, p.row, GLYPHS[p.state], style)
    # Ordinal labels where they fit, clear of other marks and labels; the legend has every name
    # and says which sites had no room for their number.
    owner: dict[tuple[int, int], str] = {(p.col, p.row): p.site.id for p in placed}
    labelled: dict[str, tuple[int, int]] = {}
    for p in sorted(placed, key=lambda p: p.site.id != selected):
        spot = _label_spot(canvas, owner, p, str(p.site.ordinal))
        if spot is None:
            continue
        start, row = spot
        label = str(p.site.ordinal)
        style = "bold" if p.site.id == selected else LABEL_STYLE
        for i, char in enumerate(label):
            canvas.put(start + i, row, char, style)
            owner[(start + i, row)] = p.site.id
        labelled[p.site.id] = spot
    placed = [replace(p, label_at=labelled.get(p.site.id)) for p in placed]
    return canvas.lines(), placed


# --- renderables -----------------------------------------------------------------------------


class MapRenderable:
    """The map alone, fitted to the width (and height, if given) it is rendered in."""

    def __init__(
        self,
        snap: Snapshot,
        selected: str | None = None,
        *,
        width: int | None = None,
        height: int | None = None,
    ) -> None:
        self.snap, self.selected, self.width, self.height = snap, selected, width, height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(self.width or options.max_width, options.max_width)
        height = self.height if self.height is not None else options.height
        lines, _ = draw_map(self.snap, self.selected, width, height)
        yield from lines  # each Text ends its own line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = min(self.width or options.max_width, options.max_width)
        proj = projection_for(self.snap, width, self.height)
        return Measurement(proj.width, proj.width)


def glyph_text(state: SiteState, selected: bool = False) -> Text:
    return Text(GLYPHS[state], style=SELECTED_STYLE if selected else GLYPH_STYLES[state])


def crowded_text(placed: Iterable[PlacedSite]) -> Text | None:
    """`Not numbered on the map (no room): 3 Goundam, 5 Douentza`, or None if all are."""
    missing = crowded(placed)
    if not missing:
        return None
    names = ", ".join(f"{p.site.ordinal} {p.site.name}" for p in missing)
    return Text.assemble(("Not numbered on the map (no room): ", "dim"), names)


BASIC_STATES: tuple[SiteState, ...] = ("handed_over", "vacated", "partial", "open")
"""The states the key always explains; others only where a site of the dataset has them."""


def key_text(snap: Snapshot | None = None) -> Text:
    """What each glyph means, in words: the basic states, and any other a site goes through."""
    text = Text()
    others: list[SiteState] = []
    if snap is not None:
        seen = {change.state for site in snap.dataset.sites for change in site.states}
        others = [s for s in GLYPHS if s in seen and s not in BASIC_STATES]
    for state in (*BASIC_STATES, *others):
        text.append_text(glyph_text(state))
        text.append(f" {STATE_LABELS[state]}  ")
    text.append("reversed", SELECTED_STYLE)
    text.append(" = selected; numbers = closure order")
    return text


def legend(snap: Snapshot, selected: str | None = None) -> Table:
    """Every site with its glyph, number and state in words; sites without coordinates say so."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(style="dim", overflow="fold")
    for site in snap.dataset.sites:
        state = snap.site_states[site.id]
        is_selected = site.id == selected
        where = "" if site.has_coordinates else "not on map"
        name = Text(site.name, style="bold" if is_selected else "")
        words = STATE_LABELS[state] + (f"; {where}" if where else "")
        table.add_row(Text(str(site.ordinal)), glyph_text(state, is_selected), name, Text(words))
    return table


def selected_line(snap: Snapshot, selected: str | None) -> Text:
    """The selected site's name and state on the as-of date, in words."""
    site = snap.dataset.site_index.get(selected) if selected else None
    if site is None:
        return Text("No site selected.", style="dim")
    state = snap.site_states[site.id]
    line = Text.assemble(("Selected: ", "dim"), (site.name, "bold"), " ")
    line.append_text(glyph_text(state, False))
    line.append(f" on {snap.as_of.isoformat()}: ")
    line.append_text(state_phrase(site, snap))
    if not site.has_coordinates:
        line.append(" (not on map: no coordinates known)")
    return line


def map_panel(snap: Snapshot, site: Site | None = None, width: int = 44) -> RenderableType:
    """The map beside its legend, for the export (`summary(..., include_map=True)`)."""
    selected = site.id if site is not None else None
    title = Text(f"Map of the sites on {snap.as_of.isoformat()}", style="bold")
    words = Group(
        legend(snap, selected), Text(""), key_text(snap), Text(OUTLINE_SOURCE, style="dim")
    )
    body = _MapBeside(MapRenderable(snap, selected, width=width), words, width)
    parts: list[RenderableType] = [Text(""), title, body]
    if site is not None:
        parts.append(selected_line(snap, selected))
    parts.append(Text(""))
    return Group(*parts)


class _MapBeside:
    """The map with its legend beside it where the page leaves the legend room for its longest
    words, else under it: a legend squeezed beside the map at 60 columns cut names in three
    ("Ogo" / "ssa" / "gou")."""

    GAP = 2

    def __init__(self, drawing: RenderableType, words: RenderableType, width: int) -> None:
        self.drawing, self.words, self.width = drawing, words, width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width - self.width - self.GAP
        least = Measurement.get(console, options, self.words).minimum  # its longest words
        if room >= least:
            grid = Table.grid(padding=(0, self.GAP))
            grid.add_column(no_wrap=True)
            grid.add_column()
            grid.add_row(self.drawing, self.words)
            yield grid
        else:
            yield self.drawing
            yield Text("")
            yield self.words


# --- moving between sites --------------------------------------------------------------------

DIRECTIONS: dict[str, tuple[float, float]] = {
    "west": (-1.0, 0.0),
    "east": (1.0, 0.0),
    "north": (0.0, 1.0),
    "south": (0.0, -1.0),
}


def nearest_in_direction(snap: Snapshot, current: str | None, direction: str) -> str | None:
    """The closest mapped site in a compass direction from `current`, or None if there is none.

    Distances are in the map's own projection (longitude scaled by cos of the mean latitude), so
    "east" means what the eye sees. A site off the map (or no selection) starts at the first
    mapped site in closure order. Only sites within 45° of the direction count: a site that
    is more south than west is not "west", and at the edge the selection stays put.
    """
    sites = mapped_sites(snap)
    if not sites:
        return None
    here = snap.dataset.site_index.get(current) if current else None
    if here is None or not here.has_coordinates:
        return sites[0].id
    kx = math.cos(math.radians(sum(s.lat for s in sites) / len(sites)))  # type: ignore[misc]
    ux, uy = DIRECTIONS[direction]
    best: tuple[float, str] | None = None
    for site in sites:
        if site.id == here.id:
            continue
        dx = (site.lon - here.lon) * kx  # type: ignore[operator]
        dy = site.lat - here.lat  # type: ignore[operator]
        along = dx * ux + dy * uy
        across = abs(dx * uy - dy * ux)
        if along <= 1e-9 or across > along:
            continue  # only within 45° of the direction: ← from Tessalit is not Aguelhok (south)
        score = along + 2 * across
        if best is None or score < best[0]:
            best = (score, site.id)
    return best[1] if best else None


def step_mapped(snap: Snapshot, current: str | None, step: int) -> str | None:
    """The next (+1) or previous (-1) site in closure order, wrapping, that is on the map."""
    sites = mapped_sites(snap)
    if not sites:
        return None
    order = list(snap.dataset.sites)
    here = snap.dataset.site_index.get(current) if current else None
    start = order.index(here) if here is not None else (-1 if step > 0 else 0)
    for offset in range(1, len(order) + 1):
        site = order[(start + step * offset) % len(order)]
        if site.has_coordinates:
            return site.id
    return None
