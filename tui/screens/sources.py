"""Sources tab: the sources cited by what is shown on the date, and which facts cite the one
under the cursor (pick one to open its site)."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.citing import site_of
from tui.core.model import Citation, Snapshot
from tui.messages import OpenSite, SelectSource
from tui.render import summary
from tui.render.hindsight import hindsight_note
from tui.render.words import citation_place
from tui.screens.tab import DashboardTab, KeyTable, TableRow, clip
from tui.widgets.asking import Asks
from tui.widgets.bindings import bindings_for

COLUMNS = ("Id", "Date", "Facts", "Publisher", "Title", "URL")
SHRINK = {"Publisher": 10, "Title": 16, "URL": 10}
"""The long columns, cut with "…" to fit the width (the pane below has them in full)."""
HIDE = ("URL", "Publisher", "Facts")
"""Hidden in this order when even cut they do not fit (the pane below has them)."""


class CitedBy(OptionList):
    """The facts citing the source under the cursor: enter on one opens its site on Bases."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="cited-open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]


class SourcesTab(DashboardTab):
    """Sources with date, publisher, title and URL; the facts citing the highlighted one below.
    Only the sources cited by a fact shown on the date (and, "as known then", published by
    then) are listed, and only those facts under them.

    The source under the cursor is the app's `selected_source`: a drill-down from a citation
    elsewhere (an `OpenSource` message) moves this cursor, and moving it asks for that.

    Long publishers, titles and URLs are cut in the table (so the short columns stay on an
    80-column screen) and shown in full in the pane below.
    """

    KEY_WIDGETS = (KeyTable, CitedBy)
    BINDINGS = bindings_for("sources")
    """esc from the citations back to the list (tui/core/actions.py)."""
    _shown: Snapshot | None = None
    _cited: tuple[Citation, ...] = ()
    _source: str | None = None
    """The source the pane shows."""

    def compose(self) -> ComposeResult:
        # In Id order (S01, S02, S03, S03-fr …), shown as a sort by Id: the dataset's own order
        # is the order the sources were cited in, which no reader could guess.
        yield Static(id="sources-note")
        yield KeyTable(id="sources-table", label="Sources", shrink=SHRINK, hide=HIDE, sort_column=0)
        with Vertical(id="citations-box"):
            # The source's id and title stay put above the facts, however far they scroll.
            yield Static(id="source-heading")
            yield CitedBy(id="citations-pane")

    @cached_property
    def asks(self) -> Asks:
        """The sources this cursor asked the app for, not yet echoed back."""
        return Asks()

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "selected_source", self._follow_selected, init=False)

    def update_view(self) -> None:
        snap = self.state.snapshot
        if self._shown is snap:
            return  # one snapshot per (dataset, date, mode): the same one shows the same list
        self._shown = snap
        note = hindsight_note(snap, self.state.dataset.on(snap.as_of, False))
        self.query_one("#sources-note", Static).update(Text(note))
        self.query_one("#sources-note", Static).display = bool(note)
        table = self.query_one("#sources-table", KeyTable)
        rows = []
        for sid in snap.citations:
            sid_, title, publisher, date, url, facts = summary.source_row(snap, sid)
            cells = (
                clip(sid_, 12, "bold"),
                Text(date),
                Text(facts, justify="right"),
                Text(publisher),
                Text(title),
                Text(_short_url(url), style="dim"),
            )
            values = (sid_, date, facts, publisher, title, _short_url(url))
            rows.append(TableRow(cells, key=sid, values=values))
        table.set_rows(COLUMNS, rows)
        selected = self.state.selected_source
        if selected in snap.citations:
            self._follow_selected()
        elif table.shown_rows:
            self._show_citations(table.shown_rows[table.cursor_row].key or "")
        else:
            self._source = None
            self.query_one("#source-heading", Static).update("")
            options = self.query_one(CitedBy)
            options.clear_options()
            options.add_option(Option(Text("No source cited on this date."), disabled=True))

    def _follow_selected(self) -> None:
        """`app.selected_source` changed (or a new list): the cursor and the pane go to it."""
        source_id = self.state.selected_source
        if source_id is None or self.asks.is_stale_echo(source_id):
            return  # an older ask of this cursor, which has moved on: a newer one follows
        table = self.query_one("#sources-table", KeyTable)
        keys = [row.key for row in table.shown_rows]
        if source_id not in keys and table.filter_text:
            table.set_filter("")  # a drill-down to a source the filter hides: show it
            keys = [row.key for row in table.shown_rows]
        if source_id in keys:
            index = keys.index(source_id)
            if table.cursor_row != index:
                table.move_cursor(row=index, animate=False)
        self._show_citations(source_id)

    @on(DataTable.RowHighlighted, "#sources-table")
    def _on_highlight(self, event: DataTable.RowHighlighted) -> None:
        source_id = event.row_key.value if event.row_key is not None else None
        table = self.query_one("#sources-table", KeyTable)
        rows = table.shown_rows
        if source_id is None or not rows or rows[table.cursor_row].key != source_id:
            return  # queued from before a rebuild (a sort, a filter): the cursor has moved on
        self._show_citations(source_id)
        if self.asks.latest(self.state.selected_source) != source_id:
            self.asks.ask(source_id)
            self.post_message(SelectSource(source_id))

    @on(DataTable.RowSelected, "#sources-table")
    def _on_select(self) -> None:
        """Enter on a source: the keys go to its citing facts, to pick one."""
        self.query_one(CitedBy).focus()

    @on(OptionList.OptionSelected, "#citations-pane")
    def _on_citation_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a citing fact: the site it is about, on the Bases tab."""
        index = event.option_index - 1  # the source itself is the first line
        if not 0 <= index < len(self._cited):
            return
        site = site_of(self.state.dataset, self._cited[index].path)
        if site is None:
            self.notify("This fact is about no one site.", timeout=2)
        else:
            self.post_message(OpenSite(site))

    def action_focus_table(self) -> None:
        """Esc in the citations: back to the list of sources."""
        self.query_one("#sources-table", KeyTable).focus()

    def _show_citations(self, source_id: str) -> None:
        snap = self.state.snapshot
        source = snap.dataset.sources.get(source_id)
        if source is None:
            return
        cited = snap.citations.get(source_id, ())
        if source_id == self._source and cited is self._cited:
            return
        self._source, self._cited = source_id, cited
        heading = Text.assemble((source.id, "bold"), " ", source.title)
        self.query_one("#source-heading", Static).update(heading)
        text = Text()
        text.append(f"{source.publisher} · {source.date or summary.UNKNOWN}\n", style="dim")
        text.append(f"{source.url or 'URL ' + summary.UNKNOWN}\n")
        if source.note:
            published = snap.dataset.source_dates.get(source.id)  # "in December": that year's
            text.append((snap.text(source.note, published) or "") + "\n")
        text.append(
            f"Cited by {len(cited)} fact{'s' if len(cited) != 1 else ''} (enter opens its site):",
            style="bold",
        )
        options = self.query_one(CitedBy)
        options.clear_options()
        # The rest of the source as the list's first line (it scrolls with the facts, so a
        # long note never leaves the facts no room at 80×24); only the facts can be picked.
        options.add_option(Option(text, id="source", disabled=True))
        dataset = snap.dataset
        options.add_options(
            Option(_bullet(citation.label, citation_place(dataset, citation.path)))
            for citation in cited
        )
        if cited:
            options.highlighted = 1
        options.scroll_home(animate=False)


def _short_url(url: str) -> str:
    """A URL as the table shows it, without `https://www.`: the site's name first, so a
    narrow column still tells sources apart (the pane below has it whole; `/` finds either)."""
    for prefix in ("https://", "http://"):
        url = url.removeprefix(prefix)
    return url.removeprefix("www.")


def _bullet(label: str, place: str) -> Table:
    """`• label  (where)`, its wrapped lines indented under the label, not the bullet."""
    grid = Table.grid()
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("•", Text.assemble(label, (f"  ({place})", "dim")))
    return grid
