"""The line above a table that names the columns it hides at this width.

A table too narrow for all its columns hides the least needed ones rather than cutting them to
"Regi…" (tui/render/column_hiding.py); this line says which, and how to read them: a wider
terminal, or enter on the row (each table's enter shows the row whole, or the site or source it
is about in full). Mounted above the table the first time a column is hidden, then shown or not.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static


class HiddenColumns(Static):
    """ "Hidden at this width: Region, Contingents (enter reads them)"."""

    DEFAULT_CSS = """
    HiddenColumns {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, table: Widget) -> None:
        super().__init__(classes="hidden-columns")
        self.table = table


def hidden_words(names: Sequence[str]) -> Text:
    """What the line says."""
    return Text.assemble(
        ("Hidden at this width: ", "italic"), ", ".join(names), " (enter reads them)"
    )


def note_of(table: Widget) -> HiddenColumns | None:
    """The table's line, if it has been mounted."""
    if table.parent is None:
        return None
    for note in table.parent.query_children(HiddenColumns):
        if note.table is table:
            return note
    return None


def show_hidden(table: Widget, names: Sequence[str]) -> None:
    """Name the table's hidden columns above it (no line when none is hidden)."""
    note = note_of(table)
    if note is None:
        if not names or not isinstance(table.parent, Widget):
            return
        note = HiddenColumns(table)
        table.parent.mount(note, before=table)
    if names:
        note.update(hidden_words(names))
    note.display = bool(names)
