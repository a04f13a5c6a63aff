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


class FilterInput(Input):
    """The bar's text box. Enter is handled here, as the key arrives, not by a binding: a
    binding runs once the key has bubbled up to the app, and by then the app has given the
    keys typed behind it (tmux `send-keys / m e n a Enter 3`, type-ahead over SSH) to this box
    still. So enter gives the keys back at once, and a key that still reaches the box after it
    has lost them goes on to the table, in the order typed."""

    def __init__(self, bar: FilterBar, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.bar = bar

    def on_key(self, event: Key) -> None:
        """Runs before Input's own key handler (this class comes first in the MRO), which
        `prevent_default` skips; any other key is typed into the input as usual."""
        if self.app.focused is not self:  # has_focus follows later, with the Blur
            event.stop()
            event.prevent_default()
            forward_key(self.bar.table, event)
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            self.bar.submit(self.value)


def forward_key(table: Filterable, event: Key) -> None:
    """Hand a key to the table, as the app would have had the table had the keys."""
    assert isinstance(table, Widget)
    table.post_message(Key(event.key, event.character))


class FilterBar(Horizontal):
    """`/ [text] Bases 1/13`: enter keeps the filter and gives the keys back, esc clears it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="filter-clear"),
    ]

    def __init__(self, table: Filterable, **kwargs: object) -> None:
        super().__init__(classes="filter-bar", **kwargs)  # type: ignore[arg-type]
        self.table = table
        self.submitted = False
        """Enter came while the bar was mounting: the keys stay with the table."""
        self.closing = False
        """Removed (esc): going, perhaps before it has mounted; a new `/` opens another."""

    def compose(self) -> ComposeResult:
        yield Static("/", classes="filter-prompt")
        yield FilterInput(
            self,
            self.table.filter_text,
            placeholder="filter (every column; esc clears)",
            classes="filter-input",
            select_on_focus=False,
        )
        yield Static("", classes="filter-count")

    @property
    def input(self) -> FilterInput:
        return self.query_one(FilterInput)

    def on_mount(self) -> None:
        if self.closing:
            return  # esc came in the same burst as the `/`: nothing to show
        self.show_count()
        self.input.value = self.table.filter_text  # with what was typed while it mounted
        self.input.cursor_position = len(self.input.value)
        if not self.submitted:
            self.input.focus()
            self.table.filter_opening = False

    def show_count(self) -> None:
        if self.closing:
            return
        shown, total = self.table.filter_count()
        label = self.table.filter_label
        self.query_one(".filter-count", Static).update(f"{label} {shown}/{total}")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)
        self.show_count()

    def submit(self, text: str) -> None:
        """Enter: the filter stays, the keys go back to the table, now (not once a focus
        message has gone round: the next key typed is the table's)."""
        if not text.strip():
            self.action_clear()
            return
        self.table.set_filter(text)
        self.show_count()
        self._give_keys_back()

    def action_clear(self) -> None:
        """Esc: no filter, the bar goes, the keys go back to the table."""
        self.table.set_filter("")
        self._give_keys_back()
        self.close()

    def close(self) -> None:
        """Remove the bar (it may not have mounted yet: then it never shows)."""
        self.closing = True
        self.remove()

    def _give_keys_back(self) -> None:
        assert isinstance(self.table, Widget)
        if self.is_attached and self.screen.is_attached:
            self.screen.set_focus(self.table)
        else:
            self.table.focus()


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
    elif event.key in ("enter", "escape"):
        # Before the bar took the keys: as it would have done, and the keys stay here.
        table.filter_opening = False
        bar = bar_of(table)
        if event.key == "escape" or not table.filter_text.strip():
            table.set_filter("")
            if bar is not None:
                bar.close()
        elif bar is not None:
            bar.submitted = True
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
        if bar.table is table and not bar.closing:
            return bar
    return None


def update_count(table: Filterable) -> None:
    """Tell the table's bar (if shown) the new count: the table's rows changed."""
    bar = bar_of(table)
    if bar is not None and bar.is_mounted:
        bar.show_count()


class FilterKeys:
    """The filter's keys, for a table class to inherit before its widget base (SiteTable,
    KeyTable): `/` opens the bar, type-ahead goes into it, esc clears a filter that is on and
    is free for the tab otherwise. The table provides `Filterable`."""

    filter_text: str

    def set_filter(self, text: str) -> None:
        raise NotImplementedError

    def action_filter(self) -> None:
        """`/`: filter this table as you type (every column, accents and case ignored)."""
        open_filter(self)  # type: ignore[arg-type]  # the table is Filterable

    def on_key(self, event: Key) -> None:
        type_ahead(self, event)  # type: ignore[arg-type]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_text) or bar_of(self) is not None  # type: ignore[arg-type]
        return True

    def action_clear_filter(self) -> None:
        """Esc with a filter on: every row again (esc goes on to the tab otherwise)."""
        bar = bar_of(self)  # type: ignore[arg-type]
        if bar is not None:
            bar.action_clear()
        else:
            self.set_filter("")
