"""The base of every dashboard tab, and the keyboard-first table and pane the tabs share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.events import Key
from textual.widgets import DataTable

from tui.compat import notify_replacing
from tui.core.filtering import filter_terms, matches, row_haystack, sort_rows
from tui.widgets.filter_bar import bar_of, open_filter, type_ahead, update_count

if TYPE_CHECKING:
    from tui.app import MinusmaApp


class DashboardTab(Container):
    """A tab's content. Subclasses compose their widgets and implement `update_view`.

    Tabs are mounted the first time they are shown (see DashboardScreen), then follow the app's
    shared state through watchers, so a tab never reads files or keeps its own copy of figures.
    """

    DEFAULT_CLASSES = "dashboard-tab"

    KEY_WIDGETS: ClassVar[tuple[type, ...]] = ()
    """Widget classes inside this tab whose keys the help screen should list."""

    @property
    def minusma(self) -> MinusmaApp:
        return cast("MinusmaApp", self.app)

    def on_mount(self) -> None:
        self.watch(self.app, "dataset", self._state_changed, init=False)
        self.watch(self.app, "as_of", self._state_changed, init=False)
        self.watch(self.app, "known", self._state_changed, init=False)
        self.update_view()

    def _state_changed(self) -> None:
        self.update_view()

    def update_view(self) -> None:
        """Show the app's current snapshot. Called on mount and on every change."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row given to a KeyTable: its cells as drawn, and the plain text that filters and
    sorts it (by default each cell's own text; a cell drawn blank can still sort by value)."""

    cells: tuple[Text, ...]
    key: str | None = None
    values: tuple[str, ...] | None = None

    @property
    def texts(self) -> tuple[str, ...]:
        return self.values if self.values is not None else tuple(c.plain for c in self.cells)


FLEX_MIN = 20
"""A flex column is never cut shorter: narrower, the table scrolls sideways."""


class KeyTable(DataTable[Text]):
    """A row-cursor table with the keys every table in the app shares: j/k, g/G, `/` to filter
    in place, `s`/`S` (or a header click) to sort.

    A tab gives it all its rows (`set_rows`); the table shows those the filter keeps, in the
    sort order, so a new date or mode re-filters and re-sorts the new rows the same way.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First row", show=False),
        Binding("G", "scroll_bottom", "Last row", show=False),
        # Priority: run as the key arrives, before the app passes on the keys behind it (an
        # esc in the same burst must find the filter open, not go back).
        Binding("slash", "filter", "Filter", key_display="/", id="table-filter", priority=True),
        Binding("s", "sort_next", "Sort", id="table-sort-next"),
        Binding("S", "sort_reverse", "Reverse", id="table-sort-reverse"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="table-filter-clear"),
    ]

    def __init__(
        self,
        *,
        label: str = "Rows",
        group_column: int | None = None,
        flex_column: int | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.filter_label = label
        """The table's name in the filter's count ("Sources 3/52")."""
        self.group_column = group_column
        """A column shown once per run of equal values (a country over its postings)."""
        self.flex_column = flex_column
        """A column of long text cut ("…") to the width the others leave, so the columns after
        it stay on screen (an event's title before its sources); the filter reads it whole."""
        self._fitted_width = 0
        self.filter_text = ""
        self.filter_opening = False
        self.sort_column: int | None = None
        """None: the order the tab gave."""
        self.sort_reverse = False
        self._headers: tuple[str, ...] = ()
        self._rows: list[TableRow] = []
        self._haystacks: list[str] = []
        self._shown: list[TableRow] = []

    # --- rows -------------------------------------------------------------------------------

    def set_rows(self, headers: Sequence[str], rows: Iterable[TableRow]) -> None:
        """Show these rows (filtered and sorted as the user asked), keeping the cursor's row."""
        self._headers = tuple(headers)
        self._rows = list(rows)
        self._haystacks = [row_haystack(row.texts) for row in self._rows]
        self._rebuild()

    @property
    def shown_rows(self) -> tuple[TableRow, ...]:
        """The rows on screen, in their order."""
        return tuple(self._shown)

    def _rebuild(self) -> None:
        terms = filter_terms(self.filter_text)
        rows = [
            r for r, hay in zip(self._rows, self._haystacks, strict=True) if matches(terms, hay)
        ]
        column = self.sort_column
        if column is not None:
            rows = sort_rows(rows, lambda r: r.texts[column], reverse=self.sort_reverse)
        previous = self._shown[self.cursor_row] if 0 <= self.cursor_row < len(self._shown) else None
        old_index = self.cursor_row
        self._shown = rows
        scroll_x = self.scroll_x
        self.clear(columns=True)
        for index, header in enumerate(self._headers):
            arrow = ("  ▼" if self.sort_reverse else "  ▲") if index == column else ""
            self.add_column(Text(header + arrow), key=str(index))
        group = self.group_column
        last: str | None = None
        flex = self._flex_width(rows)
        for index, row in enumerate(rows):
            cells = row.cells
            if flex is not None:
                at = cast(int, self.flex_column)
                cut = cells[at].copy()
                cut.truncate(flex, overflow="ellipsis")
                cells = (*cells[:at], cut, *cells[at + 1 :])
            if group is not None:
                value = row.texts[group]
                if value == last:
                    cells = (*cells[:group], Text(""), *cells[group + 1 :])
                last = value
            self.add_row(*cells, key=row.key if row.key is not None else f"row-{index}")
        if rows:
            target = min(old_index, len(rows) - 1)
            for index, row in enumerate(rows):
                if row is previous:
                    target = index
                    break
            self.move_cursor(row=target, animate=False)
        self.scroll_x = scroll_x
        update_count(self)

    def _flex_width(self, rows: Sequence[TableRow]) -> int | None:
        """The cells the flex column may take: the width, less the other columns (at their
        widest, with the sort arrow and DataTable's padding of one cell each side)."""
        column = self.flex_column
        width = self.scrollable_content_region.width if self.is_mounted else 0
        self._fitted_width = width
        if column is None or width <= 0:
            return None
        others = 0
        for index, header in enumerate(self._headers):
            if index != column:
                cells = (row.cells[index].cell_len for row in rows)
                others += max([cell_len(header) + 3, *cells]) + 2 * self.cell_padding
        return max(FLEX_MIN, width - others - 2 * self.cell_padding - 1)

    def on_resize(self) -> None:
        """A new width: the flex column is cut again to fit it."""
        if self.flex_column is not None and self.scrollable_content_region.width != (
            self._fitted_width
        ):
            self._rebuild()

    # --- filter -----------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        if text != self.filter_text:
            self.filter_text = text
            self._rebuild()

    def filter_count(self) -> tuple[int, int]:
        return len(self._shown), len(self._rows)

    def action_filter(self) -> None:
        """`/`: filter this table as you type (every column, accents and case ignored)."""
        open_filter(self)

    def on_key(self, event: Key) -> None:
        type_ahead(self, event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_text) or bar_of(self) is not None
        return True

    def action_clear_filter(self) -> None:
        """Esc with a filter on: show every row again (esc goes on to the tab otherwise)."""
        bar = bar_of(self)
        if bar is not None:
            bar.action_clear()
        else:
            self.set_filter("")

    # --- sort -------------------------------------------------------------------------------

    def sort_by(self, column: int, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self._rebuild()
        order = "descending" if reverse else "ascending"
        notify_replacing(self.app, "sort", f"Sorted by {self._headers[column]}, {order}")

    def action_sort_next(self) -> None:
        """Sort by the next column (cycles through them)."""
        if self._headers:
            column = -1 if self.sort_column is None else self.sort_column
            self.sort_by((column + 1) % len(self._headers))

    def action_sort_reverse(self) -> None:
        self.sort_by(0 if self.sort_column is None else self.sort_column, not self.sort_reverse)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by it (again: the other way)."""
        event.stop()
        column = event.column_index
        self.sort_by(column, column == self.sort_column and not self.sort_reverse)


class ScrollPane(VerticalScroll, can_focus=True):
    """A focusable text pane that scrolls with the same keys as the tables."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]
    """With VerticalScroll's own (arrows, page up/down, home/end)."""


def clip(value: str, width: int, style: str = "") -> Text:
    """Untrusted text cut to `width` cells with an ellipsis, so one long value can't push a
    table's other columns off an 80-column screen (the full text is in a detail pane)."""
    text = Text(value, style=style, no_wrap=True, overflow="ellipsis")
    text.truncate(width, overflow="ellipsis")
    return text
