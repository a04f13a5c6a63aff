"""The table of sites: one row per site, sortable, status following the as-of date."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui import summary
from tui.model import Dataset, Site, Snapshot

STATUS_COLUMN = summary.SITE_COLUMNS.index("Status")


def _sort_key(site: Site, column: int, snap: Snapshot) -> tuple:
    """Sort by the column's meaning, not its text: ordinals and dates as such, unknown last."""
    if column == 0:
        return (site.ordinal,)
    if column == 3:
        return (site.date, site.ordinal)
    if column == STATUS_COLUMN:
        return (snap.site_states[site.id], site.ordinal)
    cell = summary.site_row(site, snap.site_states[site.id])[column]
    return (cell == summary.UNKNOWN, cell.casefold(), site.ordinal)


class SiteTable(DataTable[Text]):
    """Sites in closure order (or sorted by a column); the cursor row is the selected site."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
        Binding("s", "sort_next", "Sort", id="sort-next"),
        Binding("S", "sort_reverse", "Reverse", id="sort-reverse"),
    ]

    @dataclass
    class SiteHighlighted(Message):
        site_id: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.sort_column = 0
        self.sort_reverse = False
        self._dataset: Dataset | None = None

    def show(self, snap: Snapshot) -> None:
        """Fill the table for a snapshot; a new date only rewrites the status column."""
        if snap.dataset is not self._dataset or not self.columns:
            self._rebuild(snap)
        else:
            for site, state in snap.sites_on_state:
                self.update_cell(site.id, "status", summary.state_text(state))

    def _rebuild(self, snap: Snapshot) -> None:
        selected = self.selected_site_id
        self._dataset = snap.dataset
        self.clear(columns=True)
        for name in summary.SITE_COLUMNS:
            self.add_column(name, key=name.lower().replace(" ", "-"))
        for site, state in self._ordered(snap):
            cells = [Text(cell) for cell in summary.site_row(site, state)]
            cells[STATUS_COLUMN] = summary.state_text(state)
            self.add_row(*cells, key=site.id)
        if selected is not None:
            self.select_site(selected)

    def _ordered(self, snap: Snapshot) -> list[tuple[Site, str]]:
        rows = list(snap.sites_on_state)
        rows.sort(
            key=lambda row: _sort_key(row[0], self.sort_column, snap), reverse=self.sort_reverse
        )
        return rows

    @property
    def selected_site_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def select_site(self, site_id: str) -> None:
        try:
            index = self.get_row_index(site_id)
        except Exception:  # RowDoesNotExist: a reload removed the site
            return
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False)

    def _resort(self) -> None:
        if self._dataset is None:
            return
        app_snapshot = getattr(self.app, "snapshot", None)
        if app_snapshot is not None:
            self._rebuild(app_snapshot)
        column = summary.SITE_COLUMNS[self.sort_column]
        order = "descending" if self.sort_reverse else "ascending"
        self.notify(f"Sorted by {column}, {order}", timeout=2)

    def action_sort_next(self) -> None:
        """Sort by the next column (cycles through them)."""
        self.sort_column = (self.sort_column + 1) % len(summary.SITE_COLUMNS)
        self.sort_reverse = False
        self._resort()

    def action_sort_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._resort()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.post_message(self.SiteHighlighted(event.row_key.value))
