"""Bases tab: the table of sites and a detail pane that follows the cursor."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui import summary
from tui.screens.tab import DashboardTab, ScrollPane
from tui.widgets.site_table import SiteTable


class BasesTab(DashboardTab):
    """Sites on the left (or above, when narrow), the selected site in full beside them.

    The selected site lives on the app (`selected_site`), so `n`/`p`, the palette jump and the
    map all move the same cursor; the pane re-renders from the model on every change.
    """

    KEY_WIDGETS = (SiteTable, ScrollPane)
    BINDINGS = [
        Binding("f", "toggle_detail", "Detail only", id="detail-toggle"),
        Binding("escape", "focus_table", "Back to table", show=False, id="focus-table"),
    ]

    _shown_site: str | None = None

    def compose(self) -> ComposeResult:
        yield SiteTable(id="site-table")
        with ScrollPane(id="detail-pane"):
            yield Static(id="detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "selected_site", self._show_selected, init=False)

    def update_view(self) -> None:
        self.query_one(SiteTable).show(self.minusma.snapshot)
        self._show_selected()

    def _show_selected(self) -> None:
        app = self.minusma
        site_id = app.selected_site
        pane = self.query_one("#detail-pane", ScrollPane)
        detail = self.query_one("#detail", Static)
        if site_id is None or site_id not in app.dataset.site_index:
            pane.border_title = "No site"
            detail.update(Text("No site selected: move the cursor in the table."))
            return
        self.query_one(SiteTable).select_site(site_id)
        site = app.dataset.site(site_id)
        if self._shown_site != site_id:
            pane.scroll_home(animate=False)  # a new site starts at its top
            self._shown_site = site_id
        detail.update(summary.site_detail(app.dataset, site, app.as_of))
        # Border titles are markup when given a str: the site's name goes in as Text.
        pane.border_title = Text(site.name)

    @on(SiteTable.SiteHighlighted)
    def _on_site_highlighted(self, event: SiteTable.SiteHighlighted) -> None:
        if self.minusma.selected_site != event.site_id:
            self.minusma.selected_site = event.site_id

    @on(SiteTable.SiteSelected)
    def _on_row_selected(self) -> None:
        """Enter on a row opens the site: the detail pane takes the keys, to scroll it."""
        self.open_detail()

    def open_detail(self) -> None:
        """Give the keys to the detail pane (after enter, `n`/`p` or a palette jump)."""
        self.query_one("#detail-pane", ScrollPane).focus()

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
