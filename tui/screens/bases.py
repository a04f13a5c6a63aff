"""Bases tab: the table of sites and a detail pane that follows the cursor."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from tui import summary
from tui.screens.tab import DashboardTab
from tui.widgets.site_table import SiteTable


class BasesTab(DashboardTab):
    """Sites on the left (or above, when narrow), the selected site in full beside them."""

    BINDINGS = [
        Binding("f", "toggle_detail", "Detail only", id="detail-toggle"),
        Binding("escape", "focus_table", "Back to table", show=False, id="focus-table"),
    ]

    def compose(self) -> ComposeResult:
        yield SiteTable(id="site-table")
        with VerticalScroll(id="detail-pane", can_focus=True):
            yield Static(id="detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "selected_site", self._show_selected)

    def update_view(self) -> None:
        self.query_one(SiteTable).show(self.minusma.snapshot)
        self._show_selected()

    def _show_selected(self) -> None:
        app = self.minusma
        site_id = app.selected_site
        table = self.query_one(SiteTable)
        if site_id is None or site_id not in app.dataset.site_index:
            self.query_one("#detail", Static).update("No site selected.")
            return
        table.select_site(site_id)
        site = app.dataset.site(site_id)
        self.query_one("#detail", Static).update(summary.site_detail(app.dataset, site, app.as_of))
        self.query_one("#detail-pane", VerticalScroll).border_title = site.name

    @on(SiteTable.SiteHighlighted)
    def _on_site_highlighted(self, event: SiteTable.SiteHighlighted) -> None:
        if self.minusma.selected_site != event.site_id:
            self.minusma.selected_site = event.site_id

    @on(DataTable.RowSelected)
    def _on_row_selected(self) -> None:
        """Enter on a row opens the site: the detail pane takes the keys, to scroll it."""
        self.query_one("#detail-pane").focus()

    def action_toggle_detail(self) -> None:
        """Show only the detail pane (handy at 80 columns), or both again."""
        self.toggle_class("-detail-only")
        if self.has_class("-detail-only"):
            self.query_one("#detail-pane").focus()
        else:
            self.query_one(SiteTable).focus()

    def action_focus_table(self) -> None:
        self.remove_class("-detail-only")
        self.query_one(SiteTable).focus()
