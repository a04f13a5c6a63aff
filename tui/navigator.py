"""The app's navigation: which tab is shown and what is selected, and the way back.

A base class of `MinusmaApp` (tui/app.py): it owns the reactives of where the user is (the tab,
the selected site and source, the history) and turns the navigation messages of tui/messages.py
(`OpenSite`, `OpenSource`, `OpenTab`, `GoBack`, the cursors' `SelectSite` and
`SelectSource`, the dashboard's `TabShown`) into changes of them. The rules (what back skips,
what is recorded) are tui/core/navigation.py's pure functions; the dashboard follows `view`.
"""

from __future__ import annotations

from textual import on
from textual.reactive import var

from tui import messages as msg
from tui.core import navigation
from tui.core.navigation import Place, TabView
from tui.core.state import state
from tui.core.tabs import SITE_TAB, SOURCE_TAB
from tui.dialogs import DialogsApp


class NavigatingApp(DialogsApp):
    """Where the user is and was; the keys and messages that move them."""

    selected_site: var[str | None] = var(None)
    """The site the Bases tab, the map and `n`/`p` share."""
    selected_source: var[str | None] = var(None)
    """The source the Sources tab shows (a drill-down from a citation sets it)."""
    history: var[navigation.History] = var(())
    """Where you were before each drill-down or go-to, the last last (`backspace` goes back)."""
    view: var[TabView] = var(TabView("overview"), always_update=True)
    """The tab the dashboard shows (and, going back, who gets the keys)."""

    def action_step_site(self, direction: int) -> None:
        """Select the next or previous site (closure order) and show its detail."""
        site = navigation.step(
            [s.id for s in state(self).dataset.sites], self.selected_site, direction
        )
        if site is not None:
            self.open_site(site, record=False)

    def action_show_tab(self, tab_id: str) -> None:
        """A number key: show the tab (not a go-to: nothing kept for back)."""
        self.view = TabView(tab_id)

    def action_open_tab(self, tab_id: str) -> None:
        self.open_tab(tab_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go_back":
            return bool(self.history)  # the footer shows "Back" only when there is a way back
        return True

    def here(self) -> Place:
        """The place on screen now: the tab, the selections and who has the keys."""
        focused = self.focused
        focus = focused.id if focused is not None else None
        return Place(self.view.tab, self.selected_site, self.selected_source, focus)

    def _go(self, going: Place) -> None:
        """Show `going`, keeping the place on screen for back (tui/core/navigation.py)."""
        self.history = navigation.record(self.history, self.here(), going)
        self.selected_site, self.selected_source = going.site, going.source
        self.view = TabView(going.tab)

    def open_site(self, site_id: str, *, record: bool = True) -> None:
        """Select a site and bring up its detail on Bases (kept for back unless `record` is
        off, as for `n`/`p`)."""
        if record:
            self._go(Place(SITE_TAB, site_id, self.selected_source))
        else:
            self.selected_site, self.view = site_id, TabView(SITE_TAB)

    def open_source(self, source_id: str) -> None:
        """Select a source and bring it up on Sources (kept for back)."""
        self._go(Place(SOURCE_TAB, self.selected_site, source_id))

    def open_tab(self, tab_id: str) -> None:
        """Show a tab (a go-to: the place left is kept for back)."""
        self._go(Place(tab_id, self.selected_site, self.selected_source))

    def action_go_back(self) -> None:
        """Back where you were before the last drill-down or go-to (`backspace`, `esc`)."""
        self.history, place = navigation.back(self.history, self.here())
        if place is None:
            self.bell()
            return
        if place.site is None or place.site in state(self).dataset.site_index:
            self.selected_site = place.site
        self.selected_source = place.source
        self.view = TabView(place.tab, place.focus)

    @on(msg.OpenSite)
    def _open_site(self, message: msg.OpenSite) -> None:
        self.open_site(message.site_id, record=message.record)

    @on(msg.OpenSource)
    def _open_source(self, message: msg.OpenSource) -> None:
        self.open_source(message.source_id)

    @on(msg.OpenTab)
    def _open_tab(self, message: msg.OpenTab) -> None:
        self.open_tab(message.tab_id)

    @on(msg.GoBack)
    def _go_back(self) -> None:
        self.action_go_back()

    @on(msg.SelectSite)
    def _select_site(self, message: msg.SelectSite) -> None:
        self.selected_site = message.site_id

    @on(msg.SelectSource)
    def _select_source(self, message: msg.SelectSource) -> None:
        self.selected_source = message.source_id

    @on(msg.TabShown)
    def _tab_shown(self, message: msg.TabShown) -> None:
        """The dashboard went to a tab by itself (a click): the state says so, quietly."""
        if message.tab_id != self.view.tab:
            self.set_reactive(NavigatingApp.view, TabView(message.tab_id))
