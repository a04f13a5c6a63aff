"""Bases tab: the table of sites and a detail pane that follows the cursor."""

from __future__ import annotations

from functools import cached_property

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical

from tui.messages import SelectSite
from tui.screens.tab import DashboardTab
from tui.widgets.asking import Asks
from tui.widgets.bindings import bindings_for
from tui.widgets.coalesce import PANE_DELAY, Coalescer
from tui.widgets.detail import DetailPane
from tui.widgets.filter_bar import update_count
from tui.widgets.site_table import SiteTable

STACK_PANE_ROWS = 24
"""Rows the detail pane needs under the table before a wide screen stacks them."""


class BasesTab(DashboardTab):
    """Sites on the left (or above, when narrow), the selected site in full beside them.

    The selected site lives on the app (`selected_site`; the table asks for it with
    `SelectSite`), so `n`/`p`, the palette jump and the
    map all move the same cursor; the pane shows it from the model (tui/widgets/detail.py
    renders each site once per date and width, and draws only the lines on screen).
    """

    KEY_WIDGETS = (SiteTable, DetailPane)
    BINDINGS = bindings_for("bases")
    """`f` for the detail pane alone, esc back to the table (tui/core/actions.py)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="site-table-box"):  # the table and, under it, its filter bar
            yield SiteTable(id="site-table")
        yield DetailPane(id="detail-pane")

    def on_resize(self) -> None:
        """Wide and tall (200×50): the table on top takes the rows it needs, the pane the
        rest, instead of a column of empty rows beside the pane."""
        needed = self.query_one(SiteTable).virtual_size.height + 1
        room = self.size.height - needed >= STACK_PANE_ROWS
        self.set_class(room and self.screen.has_class("-wide"), "-stacked")

    @cached_property
    def asks(self) -> Asks:
        """The sites the table's cursor asked the app for, not yet echoed back."""
        return Asks()

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "selected_site", self._show_selected, init=False)

    def update_view(self) -> None:
        self.query_one(SiteTable).show(self.state.snapshot)
        self._show_selected()

    @cached_property
    def pane_updates(self) -> Coalescer:
        """The pane's repaints, coalesced while a key repeats (tui/widgets/coalesce.py)."""
        return Coalescer(self, delay=0 if self.app.is_headless else PANE_DELAY)

    def _show_selected(self) -> None:
        """The cursor moves at once; the pane catches up (at once, or when a burst of keys ends)."""
        app = self.state
        site_id = app.selected_site
        if self.asks.is_stale_echo(site_id):
            return  # an older ask of the table's cursor, which has moved on: a newer one follows
        if site_id is not None and site_id in app.dataset.site_index:
            table = self.query_one(SiteTable)
            if site_id not in table.site_order and table.filter_text:
                table.set_filter("")  # opening a site the filter hides: show it
                update_count(table)
            table.select_site(site_id)
        self.pane_updates.request(self._show_in_pane)

    def _show_in_pane(self) -> None:
        """The pane shows the app's selected site on its date, as they are when this runs."""
        app = self.state
        site_id = app.selected_site
        pane = self.query_one(DetailPane)
        if site_id is None or site_id not in app.dataset.site_index:
            pane.show_message("No site selected: move the cursor in the table.")
            return
        pane.show_site(app.dataset, app.dataset.site(site_id), app.as_of, app.known)

    @on(SiteTable.SiteHighlighted)
    def _on_site_highlighted(self, event: SiteTable.SiteHighlighted) -> None:
        # Highlights are queued: one naming a row the cursor has already left is stale. Acting
        # on it would move the cursor back, post another highlight, and the two would chase
        # each other for ever (a burst of keys set it off).
        if event.site_id != self.query_one(SiteTable).selected_site_id:
            return
        if self.asks.latest(self.state.selected_site) != event.site_id:
            self.asks.ask(event.site_id)
            self.post_message(SelectSite(event.site_id))

    @on(SiteTable.SiteSelected)
    def _on_row_selected(self) -> None:
        """Enter on a row opens the site: the detail pane takes the keys, to scroll it."""
        self.open_detail()

    def open_detail(self) -> None:
        """Give the keys to the detail pane (after enter, `n`/`p` or a palette jump)."""
        self.query_one(DetailPane).focus()

    def action_toggle_detail(self) -> None:
        """Show only the detail pane (handy at 80 columns), or both again."""
        self.toggle_class("-detail-only")
        if self.has_class("-detail-only"):
            self.open_detail()
        else:
            self.query_one(SiteTable).focus()

    def action_focus_table(self) -> None:
        self.remove_class("-detail-only")
        self.query_one(SiteTable).focus()
