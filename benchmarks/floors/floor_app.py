# Vendored from the team's reference floors (shared/bench/floor_app.py), unchanged but for
# ruff formatting. The project is measured as a ratio to these, in the same run.
"""The floor: the smallest Textual app that paints a header, a tab bar and a table.

Any Textual dashboard pays at least this to start; the project is measured as a ratio to it.
"""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane


class Floor(App):
    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(), TabPane("Overview"):
            table = DataTable()
            table.add_columns("base", "region", "status")
            table.add_row("FLOOR-READY", "Gao", "closed")
            yield table
        yield Footer()


if __name__ == "__main__":
    Floor().run()
