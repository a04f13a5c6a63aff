"""The main screen: a header, one tab per view, and the footer with the keys."""

from __future__ import annotations

import importlib
from typing import cast

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.events import Resize
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Header, Static, TabbedContent, TabPane

from tui.core.navigation import TRAIL_ITEM, Place, TabView, trail
from tui.core.state import AppState, state
from tui.core.tabs import SITE_TAB, TAB_LIST, TAB_TITLES, TABS, tab
from tui.messages import GoBack, TabShown
from tui.screens.tab import DashboardTab
from tui.widgets.bindings import bindings_for
from tui.widgets.footer import KeyFooter

RELOAD_BANNER_ID = "reload-error"
"""The banner above the tabs while the dataset file has errors."""
MIN_WIDTH, MIN_HEIGHT = 60, 16
"""Below this the layout cannot show a table and its figures: a notice replaces it."""

TRAIL_PARTS = 4
"""Names in the header's trail; older ones become "…"."""
HEADER_MARGIN = 8
"""Cells of the header that are not its title: the icon and the space around the text."""

__all__ = ["TAB_TITLES", "DashboardScreen", "make_tab", "tab_class"]
"""`TAB_TITLES` comes from tui/core/tabs.py (the one list of tabs), named here for old callers."""


def _escape_bindings(cls: type) -> list[Binding]:
    """The esc bindings a widget class declares or inherits (from its classes' BINDINGS)."""
    found: list[Binding] = []
    for klass in cls.__mro__:
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
            if "escape" in (key.strip() for key in binding.key.split(",")):
                found.append(binding)
    return found


def tab_class(tab_id: str) -> type[DashboardTab]:
    """A tab's class (tui/core/tabs.py names it), imported only when needed (start-up stays
    light)."""
    module, _, name = tab(tab_id).view.partition(":")
    return cast("type[DashboardTab]", getattr(importlib.import_module(module), name))


def make_tab(tab_id: str) -> DashboardTab:
    """Build a tab's content the first time the tab is shown."""
    return tab_class(tab_id)(id=f"{tab_id}-view")


class DashboardTabs(TabbedContent):
    """TabbedContent that follows focus into a pane only while the focus is still there.

    Stock TabbedContent switches to a pane when a widget in it gets focus, through a queued
    message; a key pressed in between (type-ahead over SSH, or a test) would be undone by it.
    """

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors_with_self:
            event.stop()
            # Textual calls the handler of every class in the MRO: without this, stock
            # TabbedContent's own still ran and switched back (a tab key right after start-up).
            event.prevent_default()
            return
        super()._on_tab_pane_focused(event)


class DashboardScreen(Screen[None]):
    """Tabs switched by number keys; each tab is built the first time it is shown."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        # The number keys ask the app, which owns what is shown (its `view`), for the tab.
        *(
            Binding(
                str(number),
                f"app.show_tab('{entry.id}')",
                entry.title,
                show=False,
                id=f"tab-{entry.id}",
            )
            for number, entry in enumerate(TAB_LIST, start=1)
        ),
        # Priority, so the tabs' own esc ("back to the table") can't hide it; it steps aside
        # (SkipAction) whenever esc has something nearer to do.
        *bindings_for("tabs"),
    ]

    def __init__(self, initial_tab: str = "overview") -> None:
        super().__init__()
        self._focused_before_small: Widget | None = None
        self._return_focus: tuple[str, str] | None = None
        """(tab, widget id) to give the keys to when that tab is shown (back)."""
        self.initial_tab = initial_tab if initial_tab in TABS else "overview"

    @property
    def state(self) -> AppState:
        """The app's shared state, read-only (tui/core/state.py)."""
        return state(self.app)

    def compose(self) -> ComposeResult:
        # The breakpoint class now, not after the first layout (Textual sets it on Resize):
        # adding it then restyles and lays out the whole screen a second time.
        for minimum, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True):
            if self.app.size.width >= minimum:
                self.add_class(name)
                break
        yield Header(icon="≡")
        with DashboardTabs(initial=self.initial_tab, id="tabs"):
            for number, tab_id in enumerate(TABS, start=1):
                with TabPane(f"{number} {TAB_TITLES[tab_id]}", id=tab_id):
                    if tab_id == self.initial_tab:
                        # Composed with the screen, not mounted after it: the first frame
                        # already has the figures (one layout pass instead of two).
                        yield make_tab(tab_id)
        # ctrl+p is in the help screen: at 80 columns its footer slot is worth two more keys.
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        for name in ("history", "selected_site", "selected_source", "dataset"):
            self.watch(self.app, name, self._update_trail, init=False)
        self._update_trail()  # the mission's name
        self.watch(self.app, "as_of", self._update_subtitle)
        self.watch(self.app, "dataset", self._update_subtitle, init=False)
        self.watch(self.app, "known", self._update_subtitle, init=False)
        self.watch(self.app, "view", self._show_view, init=False)
        if self.state.view.tab != self.initial_tab:
            self._show_view(self.state.view)  # a number key pressed before this screen mounted
        self.watch(self.app, "reload_problems", self._show_reload_problems, init=False)
        # The keys go to the first tab's main widget now, not after the first refresh (as a
        # tab activated later gets them): the first frame's footer already shows its keys, and
        # no second footer and repaint follow it.
        self._focus_tab(self.initial_tab)

    def _show_view(self, view: TabView) -> None:
        """The app asked for a tab (a number key, a drill-down, back)."""
        self.show_tab(view.tab, focus=view.focus)

    def _show_reload_problems(self, problems: Text | None) -> None:
        """The dataset file has errors (a banner says which; the last good data stays), or
        loads again (the banner goes). A banner, not a toast: it stays until the file is fixed."""
        banner = self.query(f"#{RELOAD_BANNER_ID}")
        if problems is None:
            banner.remove()
        elif banner:
            banner.first(Static).update(problems)
        else:
            self.mount(Static(problems, id=RELOAD_BANNER_ID, markup=False), before="#tabs")
            self.notify(
                "The dataset has errors; the last good data stays on screen.",
                title="Reload failed",
                severity="error",
                markup=False,
            )

    def _update_subtitle(self) -> None:
        from tui.render.summary import as_of_label

        snap = self.state.snapshot
        self.sub_title = f"{as_of_label(snap)} · {snap.phase_label}"

    def _update_trail(self) -> None:
        """The header's title: the drill-down trail (`Sources: S03 › Bases: Ansongo`) while
        there is a way back, the mission's name otherwise ("MONUSCO — as of 2024-07-01 · ...")."""
        app = self.state
        if not app.history:
            self.title = app.dataset.mission.name
            return
        dataset = app.dataset
        parts = trail(
            app.history,
            self.here(),
            lambda site: dataset.site(site).name if site in dataset.site_index else None,
        )
        if len(parts) > TRAIL_PARTS:
            parts = ["…", *parts[-TRAIL_PARTS + 1 :]]
        # The header cuts what does not fit at its end: the older names give way first, so
        # the last one (what is on screen) stays whole.
        room = self.size.width - len(" — ") - cell_len(self.sub_title or "") - HEADER_MARGIN
        while len(parts) > 2 and cell_len(" › ".join(parts)) > room:
            parts = ["…", *parts[2:]]
        if cell_len(" › ".join(parts)) > room:
            # Narrower still (60 columns): the name on screen without its tab's title (the
            # tab bar shows it), rather than cut.
            parts[-1] = parts[-1].partition(TRAIL_ITEM)[2] or parts[-1]
        self.title = " › ".join(parts)

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def here(self) -> Place:
        """The place on screen now: the tab, the selections and who has the keys."""
        focused = self.focused
        return Place(
            self.active_tab,
            self.state.selected_site,
            self.state.selected_source,
            focused.id if focused is not None else None,
        )

    def action_escape_back(self) -> None:
        """esc goes back when there is a trail and nothing nearer for esc to do; first, it
        closes Textual's keys panel (palette → "Keys"), which has no key of its own to close."""
        if self.query("HelpPanel"):
            self.app.action_hide_help_panel()
            return
        if not self.state.history or self._escape_is_local():
            raise SkipAction()
        self.post_message(GoBack())

    def _escape_is_local(self) -> bool:
        """Whether a widget with the keys (or one of its containers) has its own use for esc.

        A tab's own esc is "back to the table": nothing to do when its first widget already
        has the keys (and Bases shows its table). A widget can say its esc has nothing to do
        (a filter with nothing typed) by disabling the action in `check_action`.
        """
        focused = self.focused
        if focused is None:
            return False
        home = self._home_widget(self.active_tab)
        for node in focused.ancestors_with_self:
            if node is self:
                break
            for binding in _escape_bindings(type(node)):
                at_home = focused is home and not node.has_class("-detail-only")
                if isinstance(node, DashboardTab) and at_home:
                    continue
                if node.check_action(binding.action, ()):
                    return True
        return False

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._update_trail)  # as much of the trail as fits
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        was_small = self.has_class("-too-small")
        if small and not was_small:
            # Hiding the tabs takes the focus from them; remember who had the keys.
            self._focused_before_small = self.focused
        if small and not self.query("#too-small"):
            # Built the first time it is needed: most sessions never see it (start-up is lighter).
            notice = Static(
                f"The terminal is too small.\nminusma-tui needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
                id="too-small-notice",
            )
            self.mount(Middle(Center(notice), id="too-small"), after="#tabs")
        self.set_class(small, "-too-small")
        if was_small and not small:
            self.call_after_refresh(self._restore_focus)

    def _restore_focus(self) -> None:
        """Back from "too small": the widget that had the keys gets them again (its footer keys
        with them), or the active tab's main widget if it has gone."""
        if self.has_class("-too-small"):
            return
        active = self.query_one(TabbedContent).active
        widget, self._focused_before_small = self._focused_before_small, None
        focused = self.focused
        if focused is not None and any(a.id == active for a in focused.ancestors):
            return  # a key pressed meanwhile (a jump, a tab) already gave the keys out
        in_active = widget is not None and any(a.id == active for a in widget.ancestors)
        if widget is not None and in_active and widget.is_attached and self._can_take_focus(widget):
            self.set_focus(widget)
        else:
            self._focus_tab(active)

    def show_tab(self, tab_id: str, focus: str | None = None) -> None:
        """Show a tab and give the keys to its main widget, or to the widget `focus` names
        (back gives them to the widget that had them)."""
        self._return_focus = (tab_id, focus) if focus else None
        tabbed = self.query_one(TabbedContent)
        if tabbed.active != tab_id:
            # Drop focus first: a focused widget left behind in the hidden pane would make
            # TabbedContent switch back to that pane.
            self.set_focus(None)
        mounting = self._ensure_tab(tab_id)
        tabbed.active = tab_id
        if mounting is None:
            self._focus_tab(tab_id)
        else:
            self.call_next(self._focus_when_mounted, mounting, tab_id)

    async def _focus_when_mounted(self, mounting: AwaitMount, tab_id: str) -> None:
        await mounting
        self._focus_tab(tab_id)

    @on(TabbedContent.TabActivated)
    def _on_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab_id = event.pane.id
        if tab_id is not None and tab_id == self.active_tab and tab_id != self.state.view.tab:
            self.post_message(TabShown(tab_id))  # a click on the tab bar: the app's view follows
        self._update_trail()
        if self._return_focus and self._return_focus[0] != event.pane.id:
            self._return_focus = None
        if event.pane.id is not None:
            self._ensure_tab(event.pane.id)
        self.call_after_refresh(self._focus_tab, event.pane.id)

    def _ensure_tab(self, tab_id: str) -> AwaitMount | None:
        """Build the tab the first time it is shown; returns the mount to wait for, if any."""
        pane = self.query_one(f"TabPane#{tab_id}", TabPane)
        if pane.children:
            return None
        return pane.mount(make_tab(tab_id))

    @staticmethod
    def _can_take_focus(widget: Widget) -> bool:
        """Focusable and shown (`focusable` ignores display: a table hidden by "detail only"
        must not get the keys)."""
        return widget.focusable and widget.display and all(a.display for a in widget.ancestors)

    def _home_widget(self, tab_id: str) -> Widget | None:
        """A tab's main widget: its first focusable one (which gets the keys when it opens)."""
        pane = self.query_one(f"TabPane#{tab_id}", TabPane)
        for widget in pane.query("*"):
            if self._can_take_focus(widget):
                return widget
        return None

    def _focus_tab(self, tab_id: str | None) -> None:
        """Give the keys to the active tab's main widget (its first focusable one)."""
        if tab_id is None or self.query_one(TabbedContent).active != tab_id:
            return
        widget = self._home_widget(tab_id)
        if self._return_focus and self._return_focus[0] == tab_id:
            pane = self.query_one(f"TabPane#{tab_id}", TabPane)
            for candidate in pane.query(f"#{self._return_focus[1]}"):
                if self._can_take_focus(candidate):
                    widget = candidate
        if widget is not None:
            # Now, not `widget.focus()` (deferred): a tab key pressed meanwhile would be undone.
            self.set_focus(widget)

    # --- a tab's own actions, from the palette (any tab) ------------------------------------------

    def action_on_table(self, action: str) -> None:
        """Run a table's own action (filter, sort) from the palette: on the focused table, or
        the active tab's first widget that has the action."""
        focused = self.focused
        nodes = list(focused.ancestors_with_self) if focused is not None else []
        tabs = self.query_one("#tabs", TabbedContent)
        if tabs.active_pane is not None:
            nodes += list(tabs.active_pane.query("*"))
        for node in nodes:
            if isinstance(node, Widget) and hasattr(node, f"action_{action}"):
                self.call_later(node.run_action, action)
                return
        self.notify("No table on this tab does that.", severity="warning", markup=False)

    def action_cite_picker(self) -> None:
        """The palette's "Cited sources": `c` in the Bases detail pane, from anywhere."""
        self.show_tab(SITE_TAB)
        self.call_after_refresh(self.action_on_table, "pick_source")

    def action_toggle_detail(self) -> None:
        """Bases' detail pane alone, or beside the table (`f` on Bases), from anywhere."""
        self.show_tab(SITE_TAB)
        self.call_after_refresh(self.action_on_table, "toggle_detail")
