# Vendored from the team's reference floors (shared/bench/floor_table.py), unchanged but for
# ruff formatting. The project is measured as a ratio to these, in the same run.
"""Floor for navigation: a bare Textual DataTable of N rows (default 12) under a tab bar."""

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

N = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 12


class FloorTable(App):
    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(), TabPane("Bases"):
            table = DataTable(cursor_type="row")
            table.add_columns("FLOOR-READY", "region", "handover", "personnel")
            table.add_rows(
                (f"Base {i}", f"Region {i % 9}", "2023-11-18", str(i * 7)) for i in range(N)
            )
            yield table
            yield Static("detail", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.query_one("#detail", Static).update(f"row {event.cursor_row}")


if __name__ == "__main__":
    FloorTable().run()
