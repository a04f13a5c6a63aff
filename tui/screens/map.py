"""Map tab: the sites on the mission's country at the as-of date, with a legend in words.

The map is drawn by `tui.render.map` (Rich only, shared with the export); this module adds the
keys that move the app's shared selection between sites, so the Bases table follows the map
and back.
"""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from tui.core.state import AppState, state
from tui.messages import OpenSite, SelectSite
from tui.render import map as geo
from tui.screens.tab import DashboardTab, ScrollPane
from tui.widgets.asking import Asks

MOVES = Binding.Group("Nearest", compact=True)


class MapView(Widget, can_focus=True):
    """The map itself, fitted to the space it has; arrows move to the nearest site that way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the site in Bases", id="map-open"),
        # One footer slot for the four arrows ("←→↑↓ Nearest"): at 80 columns the keys after
        # them would not fit otherwise.
        *(
            Binding(
                keys,
                f"move('{way}')",
                way.capitalize(),
                key_display=arrow,
                tooltip=f"The nearest site {way}",
                id=f"map-{way}",
                group=MOVES,
            )
            for keys, way, arrow in (
                ("left,h", "west", "←"),
                ("right,l", "east", "→"),
                ("up,k", "north", "↑"),
                ("down,j", "south", "↓"),
            )
        ),
        Binding("n", "step(1)", "Next site", id="map-next"),
        Binding("p", "step(-1)", "Prev site", id="map-prev"),
    ]

    @property
    def state(self) -> AppState:
        return state(self.app)

    @cached_property
    def asks(self) -> Asks:
        """The sites the arrows asked the app for, not yet echoed back (the next arrow moves
        on from the last of them, not from a selection the app has not caught up with)."""
        return Asks()

    def _ask(self, site_id: str) -> None:
        self.asks.ask(site_id)
        self.post_message(SelectSite(site_id))

    def on_mount(self) -> None:
        self.watch(self.app, "selected_site", self._selection_changed, init=False)
        for name in ("dataset", "as_of"):
            self.watch(self.app, name, self._repaint, init=False)

    def _selection_changed(self, site_id: str | None) -> None:
        self.asks.is_stale_echo(site_id)  # seen come back: the arrows move on from the app's
        self.refresh()

    def _repaint(self) -> None:
        """The shared state changed: draw again (a watcher, so it takes no value)."""
        self.refresh()

    def render(self) -> RenderableType:
        size = self.content_size
        return geo.MapRenderable(
            self.state.snapshot,
            self.state.selected_site,
            width=max(size.width, 4),
            height=max(size.height, 2),
        )

    def action_move(self, direction: str) -> None:
        """Select the nearest site in a compass direction (stays put at the edge)."""
        here = self.asks.latest(self.state.selected_site)
        target = geo.nearest_in_direction(self.state.snapshot, here, direction)
        if target is not None and target != here:
            self._ask(target)

    def action_step(self, step: int) -> None:
        """Select the next or previous site on the map, in closure order."""
        here = self.asks.latest(self.state.selected_site)
        target = geo.step_mapped(self.state.snapshot, here, step)
        if target is not None and target != here:
            self._ask(target)

    def action_open(self) -> None:
        """Show the selected site in full on the Bases tab."""
        if self.state.selected_site is not None:
            self.post_message(OpenSite(self.state.selected_site))


class MapTab(DashboardTab):
    """The map on the left; the selected site, the legend and the key on the right."""

    KEY_WIDGETS = (MapView, ScrollPane)

    def compose(self) -> ComposeResult:
        yield MapView(id="map-canvas")
        with ScrollPane(id="map-side"):
            yield Static(id="map-selected")
            yield Static(id="map-legend")
            yield Static(id="map-key")

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "selected_site", self.update_view, init=False)
        # The dashboard focuses a new tab's first focusable widget, but can look before this
        # tab has composed; take the keys now if the tab is on screen and nothing here has them.
        self.call_after_refresh(self._take_focus)

    def on_show(self) -> None:
        """The map opens on a site it can show: a selection with no coordinates (Ogossagou,
        the first site) moves to the next mapped one, for the whole app (one selection)."""
        app = self.state
        site = app.dataset.site_index.get(app.selected_site or "")
        if site is None or not site.has_coordinates:
            target = geo.step_mapped(app.snapshot, app.selected_site, 1)
            if target is not None:
                self.post_message(SelectSite(target))

    def _take_focus(self) -> None:
        focused = self.screen.focused
        on_screen = self.parent is not None and self.parent.display and self.region.width
        if on_screen and (focused is None or self not in focused.ancestors):
            self.query_one(MapView).focus()

    def update_view(self) -> None:
        snap = self.state.snapshot
        selected = self.state.selected_site
        self.query_one("#map-selected", Static).update(geo.selected_line(snap, selected))
        self.query_one("#map-legend", Static).update(geo.legend(snap, selected))
        key = geo.key_text(snap)
        view = self.query_one(MapView)
        if view.content_size.area:
            _, placed = geo.draw_map(
                snap, selected, max(view.content_size.width, 4), max(view.content_size.height, 2)
            )
            note = geo.crowded_text(placed)
            if note is not None:
                key.append("\n").append_text(note)
        key.append("\n" + geo.OUTLINE_SOURCE, style="dim")
        self.query_one("#map-key", Static).update(key)

    def on_resize(self) -> None:
        """The map's size decides which numbers fit: the note under the key follows it."""
        self.call_after_refresh(self.update_view)
