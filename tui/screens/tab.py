"""The base of every dashboard tab, and the keyboard-first table and pane the tabs share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.widgets import DataTable

from tui.compat import notify_replacing
from tui.core.filtering import filter_terms, matches, row_haystack, sort_rows
from tui.core.state import AppState, state
from tui.messages import ReadRow
from tui.render.column_hiding import hide_columns
from tui.render.column_widths import Shrink, fit_columns
from tui.widgets.bindings import bindings_for
from tui.widgets.filter_bar import FilterKeys, update_count
from tui.widgets.hidden_columns import show_hidden


class DashboardTab(Container):
    """A tab's content. Subclasses compose their widgets and implement `update_view`.

    Tabs are mounted the first time they are shown (see DashboardScreen), then follow the app's
    shared state through watchers, so a tab never reads files or keeps its own copy of figures.
    """

    DEFAULT_CLASSES = "dashboard-tab"

    KEY_WIDGETS: ClassVar[tuple[type, ...]] = ()
    """Widget classes inside this tab whose keys the help screen should list."""

    @property
    def state(self) -> AppState:
        """The app's shared state, read-only (tui/core/state.py): changes go up as messages."""
        return state(self.app)

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
    sources: tuple[str, ...] = ()
    """The source ids the row cites: the whole-row view lists them with their titles."""
    site: str | None = None
    """The site the row is about, if one: the whole-row view opens it (enter)."""

    @property
    def texts(self) -> tuple[str, ...]:
        return self.values if self.values is not None else tuple(c.plain for c in self.cells)


class KeyTable(FilterKeys, DataTable[Text]):
    """A row-cursor table with the keys every table in the app shares: j/k, g/G, `/` to filter
    in place, `s`/`S` (or a header click) to sort.

    A tab gives it all its rows (`set_rows`); the table shows those the filter keeps, in the
    sort order, so a new date or mode re-filters and re-sorts the new rows the same way.

    The columns fit the table's width (`fit_widths`, again on a resize): each as wide as its
    widest cell over all the rows, so a filter never changes them; the `shrink` columns give
    way, and every cell cut ends in "…". A column that would not keep its header whole is
    hidden instead (the `hide` columns, in that order), and a line above the table names it
    (tui/widgets/hidden_columns.py). The first column stays put when it scrolls sideways.

    Enter on a row: the tab's drill-down (a `RowSelected` it handles), or, for a table that
    `reads` its rows, the row whole with its sources in a dialog (`ReadRow`, up to the app).
    """

    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("table")]
    """Declared in tui/core/actions.py: enter (the drill-down) first, the key a new user looks
    for; `/` with priority, run as the key arrives, before the app passes on the keys behind it
    (an esc in the same burst must find the filter open, not go back)."""

    def __init__(
        self,
        *,
        label: str = "Rows",
        group_column: int | None = None,
        shrink: Mapping[str, int] | None = None,
        sort_column: int | None = None,
        hide: Sequence[str] = (),
        reads: str = "",
        **kwargs: object,
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, fixed_columns=1, **kwargs)  # type: ignore[arg-type]
        self.filter_label = label
        """The table's name in the filter's count ("Sources 3/52")."""
        self.group_column = group_column
        """A column shown once per run of equal values (a country over its postings)."""
        self.shrink_columns = dict(shrink or {})
        """The columns (by header) that give way to fit the width, each down to its minimum;
        the others keep their widest value."""
        self.hide_columns = tuple(hide)
        """The columns (by header) hidden, in this order, when the others do not fit."""
        self.reads = reads
        """What a row is ("Event"): enter shows it whole, with its sources, in a dialog titled
        so. Empty: the tab handles enter (a site, a source's facts)."""
        self._shown_columns: list[int] = []
        """The columns drawn, by index in the headers (the others are hidden at this width)."""
        self.filter_text = ""
        self.filter_opening = False
        self.sort_column: int | None = sort_column
        """None: the order the tab gave (a tab whose order is a column's says which)."""
        self.sort_reverse = False
        self._headers: tuple[str, ...] = ()
        self._rows: list[TableRow] = []
        self._haystacks: list[str] = []
        self._shown: list[TableRow] = []
        self._cell_widths: list[int] = []
        """Each column's widest cell over all the rows (not only those the filter keeps)."""
        self._fitted_for = -1

    # --- rows -------------------------------------------------------------------------------

    def set_rows(self, headers: Sequence[str], rows: Iterable[TableRow]) -> None:
        """Show these rows (filtered and sorted as the user asked), keeping the cursor's row."""
        self._headers = tuple(headers)
        self._rows = list(rows)
        self._haystacks = [row_haystack(row.texts) for row in self._rows]
        self._cell_widths = [
            max((cell_len(row.cells[i].plain) for row in self._rows), default=0)
            for i in range(len(self._headers))
        ]
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
        arrow = " ▼" if self.sort_reverse else " ▲"
        labels = [
            Text(header + (arrow if index == column else ""))
            for index, header in enumerate(self._headers)
        ]
        shown, widths = self._fit(labels)
        self._shown_columns = shown
        for index, width in zip(shown, widths, strict=True):
            header = self._headers[index]
            if index == column:  # a header cut keeps its arrow: "Figure… ▲"
                label = _cut(Text(header), width - len(arrow)) + arrow
            else:
                label = _cut(Text(header), width)
            self.add_column(label, width=width, key=str(index))
        group = self.group_column
        last: str | None = None
        for index, row in enumerate(rows):
            cells = row.cells
            if group is not None:
                value = row.texts[group]
                if value == last:
                    cells = (*cells[:group], Text(""), *cells[group + 1 :])
                last = value
            cells = tuple(_cut(cells[i], width) for i, width in zip(shown, widths, strict=True))
            self.add_row(*cells, key=row.key if row.key is not None else f"row-{index}")
        if rows:
            target = min(old_index, len(rows) - 1)
            for index, row in enumerate(rows):
                if row is previous:
                    target = index
                    break
            self.move_cursor(row=target, animate=False)
        self.call_after_refresh(self._scroll_back, scroll_x)
        update_count(self)

    def _scroll_back(self, scroll_x: float) -> None:
        """After a rebuild (once the new columns are measured): the sideways scroll it had,
        moved as little as needed to show the sorted column (its ▲ on screen)."""
        shown = self._shown_columns
        column = shown.index(self.sort_column) if self.sort_column in shown else None
        if column is not None and column < len(self.ordered_columns):
            widths = [c.get_render_width(self) for c in self.ordered_columns]
            fixed = sum(widths[: self.fixed_columns])
            start, end = sum(widths[:column]), sum(widths[: column + 1])
            room = self.scrollable_content_region.width
            if column >= self.fixed_columns and (end > scroll_x + room or start < scroll_x + fixed):
                # The first scroll that shows it whole and starts on a column's edge (none
                # cut in half next to the fixed columns).
                edges = [sum(widths[:i]) - fixed for i in range(self.fixed_columns, column + 1)]
                scroll_x = next((x for x in edges if end - x <= room), start - fixed)
        self.scroll_to(x=scroll_x, animate=False)

    def _room(self) -> int:
        """The cells the columns may take: the table's width less the vertical scrollbar it
        shows with all its rows (so a filter never changes the widths)."""
        width = self.content_size.width or self.app.size.width
        height = self.content_size.height
        if height and len(self._rows) + int(self.show_header) > height:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _fit(self, labels: Sequence[Text]) -> tuple[list[int], list[int]]:
        """The columns shown and their widths: each its widest cell or header, the `shrink`
        columns cut to fit, never below their header and its sort arrow; if they still do not
        fit, the `hide` columns hidden in turn (and named above the table)."""
        room = self._room()
        self._fitted_for = room
        gap = 2 * self.cell_padding
        natural = [
            max(cells, cell_len(label.plain))
            for cells, label in zip(self._cell_widths, labels, strict=True)
        ]
        # Each header with room for the sort arrow, whichever column is sorted: a sort never
        # hides a column (sorting by Civilian hid it).
        headed = [
            max(cells, cell_len(header) + len(" ▲"))
            for cells, header in zip(self._cell_widths, self._headers, strict=True)
        ]
        floors = [
            width
            if (least := self.shrink_columns.get(header)) is None
            else min(width, max(least, cell_len(header) + len(" ▲")))
            for width, header in zip(headed, self._headers, strict=True)
        ]
        order = [self._headers.index(h) for h in self.hide_columns if h in self._headers]
        hiding = hide_columns(floors, room, order, gaps=(gap,))
        shown = hiding.shown(len(natural))
        minimums = {
            position: floors[index]
            for position, index in enumerate(shown)
            if self._headers[index] in self.shrink_columns
        }
        widths = fit_widths([natural[i] for i in shown], minimums, room, gap=gap)
        show_hidden(self, [self._headers[i] for i in hiding.hidden])
        return shown, widths

    @property
    def shown_columns(self) -> tuple[int, ...]:
        """The columns drawn, by index in the headers (the others are hidden at this width)."""
        return tuple(self._shown_columns)

    def on_resize(self) -> None:
        """A new width: fit the columns to it (a new height alone changes nothing)."""
        if self._headers and self._room() != self._fitted_for:
            self._rebuild()

    # --- filter -----------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        if text != self.filter_text:
            self.filter_text = text
            self._rebuild()

    def filter_count(self) -> tuple[int, int]:
        return len(self._shown), len(self._rows)

    # --- enter: the row whole ---------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click on the cursor row) on a table that `reads` its rows: the row whole,
        with its sources; on the others, the tab's drill-down (the message goes on up)."""
        if not self.reads or event.data_table is not self:
            return
        event.stop()
        key = event.row_key.value
        row = next((r for r in self._shown if r.key == key), None)
        if row is None and 0 <= event.cursor_row < len(self._shown):
            row = self._shown[event.cursor_row]
        if row is not None:
            self.post_message(self.read_message(row))

    def read_message(self, row: TableRow) -> ReadRow:
        """A row as the whole-row dialog shows it: every column (those hidden too), uncut; its
        sources listed on their own, not as a cell of ids."""
        fields = tuple(
            (header, cell.plain)
            for header, cell in zip(self._headers, row.cells, strict=True)
            if not (row.sources and header == "Sources")
        )
        title = f"{self.reads}, {row.cells[0].plain}" if row.cells else self.reads
        return ReadRow(title, fields, row.sources, row.site)

    # --- sort -------------------------------------------------------------------------------

    def sort_by(self, column: int, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self._rebuild()
        order = "descending" if reverse else "ascending"
        notify_replacing(self.app, "sort", f"Sorted by {self._headers[column]}, {order}")

    def action_sort_next(self) -> None:
        """Sort by the next column shown (cycles through them; a hidden one is skipped)."""
        if self._headers:
            shown = self._shown_columns or list(range(len(self._headers)))
            column = -1 if self.sort_column is None else self.sort_column
            self.sort_by(next((c for c in shown if c > column), shown[0]))

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


def _cut(text: Text, width: int) -> Text:
    """A cell cut to its column's width with "…" (DataTable would cut it without one)."""
    if cell_len(text.plain) <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


def clip(value: str, width: int, style: str = "") -> Text:
    """Untrusted text cut to `width` cells with an ellipsis, so one long value can't push a
    table's other columns off an 80-column screen (the full text is in a detail pane)."""
    text = Text(value, style=style, no_wrap=True, overflow="ellipsis")
    text.truncate(width, overflow="ellipsis")
    return text


def fit_widths(
    natural: Sequence[int], minimums: dict[int, int], room: int, gap: int = 0
) -> list[int]:
    """Column widths for a table `room` cells wide, each column taking `gap` more.

    The columns in `minimums` give way, the widest first (so the long text columns end up
    alike; on a tie, the rightmost), never below their minimum. If even that is too wide, the
    table scrolls sideways: the columns first on screen then fill the width exactly, so none is
    cut in half at the right edge (`fit_columns`' `fill`).
    """
    giving_way = Shrink(sorted(minimums, reverse=True), minimums)
    return fit_columns(natural, room, gap=gap, shrink=[giving_way], fill=True).widths
