"""Sources tab: every source, and which facts cite the one under the cursor."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from tui import summary
from tui.screens.tab import DashboardTab


class SourcesTab(DashboardTab):
    """Sources with publisher, date and URL; the facts citing the highlighted one below."""

    def compose(self) -> ComposeResult:
        yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="citations-pane"):
            yield Static(id="citations")

    def update_view(self) -> None:
        dataset = self.minusma.dataset
        table = self.query_one("#sources-table", DataTable)
        if getattr(table, "_shown_dataset", None) is dataset:
            return
        table._shown_dataset = dataset  # type: ignore[attr-defined]
        table.clear(columns=True)
        table.add_columns("Id", "Publisher", "Date", "Facts", "Title", "URL")
        for sid in dataset.sources:
            sid_, title, publisher, date, url, facts = summary.source_row(dataset, sid)
            table.add_row(
                Text(sid_, style="bold"),
                Text(publisher),
                Text(date),
                Text(facts, justify="right"),
                Text(title),
                Text(url),
                key=sid,
            )
        if dataset.sources:
            self._show_citations(next(iter(dataset.sources)))

    @on(DataTable.RowHighlighted, "#sources-table")
    def _on_highlight(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_citations(event.row_key.value)

    def _show_citations(self, source_id: str) -> None:
        dataset = self.minusma.dataset
        source = dataset.sources.get(source_id)
        if source is None:
            return
        text = Text.assemble((source.id, "bold"), " ", source.title, "\n")
        text.append(f"{source.publisher} · {source.date or summary.UNKNOWN}\n", style="dim")
        if source.url:
            text.append(source.url + "\n")
        if source.note:
            text.append(source.note + "\n")
        cited = dataset.citations.get(source_id, ())
        text.append(
            f"\nCited by {len(cited)} fact{'s' if len(cited) != 1 else ''}:\n", style="bold"
        )
        for citation in cited:
            text.append("• ")
            text.append(citation.label)
            text.append(f"  ({citation.path})\n", style="dim")
        self.query_one("#citations", Static).update(text)
