"""Sources tab: the sources cited by what is shown on the date, and which facts cite the one
under the cursor."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.core.model import Snapshot
from tui.render import summary
from tui.screens.tab import DashboardTab, KeyTable, ScrollPane, clip


class SourcesTab(DashboardTab):
    """Sources with date, publisher, title and URL; the facts citing the highlighted one below.
    Only the sources cited by a fact shown on the date (and, "as known then", published by
    then) are listed, and only those facts under them.

    Long publishers, titles and URLs are cut in the table (so the short columns stay on an
    80-column screen) and shown in full in the pane below.
    """

    KEY_WIDGETS = (KeyTable, ScrollPane)
    BINDINGS = [
        Binding("escape", "focus_table", "Back to table", show=False, id="sources-back"),
    ]
    _shown: Snapshot | None = None

    def compose(self) -> ComposeResult:
        yield KeyTable(id="sources-table")
        with ScrollPane(id="citations-pane"):
            yield Static(id="citations")

    def update_view(self) -> None:
        snap = self.minusma.snapshot
        if self._shown is snap:
            return  # one snapshot per (dataset, date, mode): the same one shows the same list
        self._shown = snap
        table = self.query_one("#sources-table", KeyTable)
        table.clear(columns=True)
        table.add_columns("Id", "Date", "Facts", "Publisher", "Title", "URL")
        for sid in snap.citations:
            sid_, title, publisher, date, url, facts = summary.source_row(snap, sid)
            table.add_row(
                clip(sid_, 12, "bold"),
                Text(date),
                Text(facts, justify="right"),
                clip(publisher, 24),
                clip(title, 48),
                clip(url, 48, "dim"),
                key=sid,
            )
        if snap.citations:
            self._show_citations(next(iter(snap.citations)))
        else:
            self.query_one("#citations", Static).update(Text("No source cited on this date."))

    @on(DataTable.RowHighlighted, "#sources-table")
    def _on_highlight(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_citations(event.row_key.value)

    @on(DataTable.RowSelected, "#sources-table")
    def _on_select(self) -> None:
        """Enter on a source: the pane takes the keys, to scroll its citations."""
        self.query_one("#citations-pane", ScrollPane).focus()

    def action_focus_table(self) -> None:
        """Esc in the citations: back to the list of sources."""
        self.query_one("#sources-table", KeyTable).focus()

    def _show_citations(self, source_id: str) -> None:
        snap = self.minusma.snapshot
        source = snap.dataset.sources.get(source_id)
        if source is None:
            return
        text = Text.assemble((source.id, "bold"), " ", source.title, "\n")
        text.append(f"{source.publisher} · {source.date or summary.UNKNOWN}\n", style="dim")
        text.append(f"{source.url or 'URL ' + summary.UNKNOWN}\n")
        if source.note:
            text.append((snap.text(source.note) or "") + "\n")
        cited = snap.citations.get(source_id, ())
        text.append(
            f"\nCited by {len(cited)} fact{'s' if len(cited) != 1 else ''}:\n", style="bold"
        )
        for citation in cited:
            text.append("• ")
            text.append(citation.label)
            text.append(f"  ({citation.path})\n", style="dim")
        self.query_one("#citations", Static).update(text)
        self.query_one("#citations-pane", ScrollPane).scroll_home(animate=False)
