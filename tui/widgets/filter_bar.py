"""The one-line bar `/` opens under a table: what is typed filters the table as it is typed.

The bar holds no rows: it tells its table the text (`Filterable.set_filter`), and the table
tells the bar how many rows it shows (`show_count`). So the filter lives in the table, and
survives a new date or mode the table is given (it filters the new rows the same way).
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Key
from textual.widget import Widget
from textual.widgets import Input, Static


class Filterable(Protocol):
    """A table `/` can filter."""

    filter_label: str
    """Its name in the count ("Bases 1/13")."""
    filter_text: str
    filter_opening: bool
    """`/` pressed, the bar not yet taking the keys: what is typed meanwhile is the filter's."""

    def set_filter(self, text: str) -> None: ...

    def filter_count(self) -> tuple[int, int]:
        """Rows shown and rows in all."""
        ...

    def focus(self, scroll_visible: bool = True) -> object: ...


class FilterBar(Horizontal):
    """`/ [text] Bases 1/13`: enter keeps the filter and gives the keys back, esc clears it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="filter-clear"),
    ]

    def __init__(self, table: Filterable, **kwargs: object) -> None:
        super().__init__(classes="filter-bar", **kwargs)  # type: ignore[arg-type]
        self.table = table

    def compose(self) -> ComposeResult:
        yield Static("/", classes="filter-prompt")
        yield Input(
            self.table.filter_text,
            placeholder="filter (every column; esc clears)",
            classes="filter-input",
            select_on_focus=False,
        )
        yield Static("", classes="filter-count")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def on_mount(self) -> None:
        self.show_count()
        self.input.value = self.table.filter_text  # with what was typed while it mounted
        self.input.cursor_position = len(self.input.value)
        self.input.focus()
        self.table.filter_opening = False

    def show_count(self) -> None:
        shown, total = self.table.filter_count()
        label = self.table.filter_label
        self.query_one(".filter-count", Static).update(f"{label} {shown}/{total}")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)
        self.show_count()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter: the filter stays, the keys go back to the table."""
        event.stop()
        if not event.value.strip():
            self.action_clear()
            return
        self.table.focus()

    def action_clear(self) -> None:
        """Esc: no filter, the bar goes, the keys go back to the table."""
        self.table.set_filter("")
        self.table.focus()
        self.remove()


def type_ahead(table: Filterable, event: Key) -> None:
    """`/` opens the filter; a key pressed between it and the bar taking the keys (type-ahead
    over SSH, a paste) goes into the filter, not to the table's own keys (`e`: the export).
    The table calls it from its `on_key`."""
    if event.key == "slash" and not table.filter_opening:
        # Here, not only by the binding: a binding runs once the key has bubbled up to the
        # app, after the table has passed on the keys typed behind it.
        open_filter(table)
    elif not table.filter_opening:
        return
    elif event.is_printable and event.character:
        table.set_filter(table.filter_text + event.character)
    elif event.key == "backspace":
        table.set_filter(table.filter_text[:-1])
    else:
        return
    event.stop()
    event.prevent_default()


def open_filter(table: Filterable) -> FilterBar:
    """Show the table's filter bar (under it) and give it the keys."""
    bar = bar_of(table)
    if bar is None:
        assert isinstance(table, Widget) and isinstance(table.parent, Widget)
        bar = FilterBar(table)
        table.filter_opening = True
        table.parent.mount(bar, after=table)  # it takes the keys once mounted
    else:
        bar.input.focus()
    return bar


def bar_of(table: Filterable) -> FilterBar | None:
    """The table's filter bar, if one is shown."""
    assert isinstance(table, Widget)
    if table.parent is None:
        return None
    for bar in table.parent.query_children(FilterBar):
        if bar.table is table:
            return bar
    return None


def update_count(table: Filterable) -> None:
    """Tell the table's bar (if shown) the new count: the table's rows changed."""
    bar = bar_of(table)
    if bar is not None and bar.is_mounted:
        bar.show_count()
