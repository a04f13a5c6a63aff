"""The whole-row view: a table's row with nothing cut, and the sources it cites in full.

At 80 columns the Timeline's events end in "…"; enter on one opens it here: every column's
value whole (a hidden column's too), then each source it cites with its publisher, date, title
and URL, from the dataset. Enter opens the site the row is about (if one), `c` one of its
sources, esc closes (tui/core/actions.py declares the keys). The dialog shows the row as of the
date it was opened on: a new date or mode closes it rather than leave a row that may no longer
hold.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.actions import KEY_NAMES, actions_for
from tui.core.model import Snapshot
from tui.messages import ReadRow
from tui.render import summary
from tui.render.hindsight import LATER_MARK, is_later
from tui.screens.tab import ScrollPane
from tui.widgets.bindings import bindings_for

Choice = tuple[Literal["site", "sources"], tuple[str, ...]]
"""What the user chose to open from the view: ("site", (id,)) or ("sources", ids)."""


class RowView(ModalScreen["Choice | None"]):
    """One row, whole, with its sources; the keys of `tui.core.actions` "row" (styled with the
    other dialogs, in tui/app.tcss)."""

    BINDINGS: ClassVar = bindings_for("row")

    def __init__(self, snap: Snapshot, row: ReadRow) -> None:
        super().__init__()
        self.snap = snap
        self.row = row

    @property
    def site_name(self) -> str | None:
        """The name of the site the row is about (None: none, or not in the dataset)."""
        site = self.snap.dataset.site_index.get(self.row.site or "")
        return site.name if site is not None else None

    def compose(self) -> ComposeResult:
        with ScrollPane(id="row-dialog") as dialog:
            dialog.border_title = Text(self.row.title)
            dialog.border_subtitle = self.keys_line()
            yield Static(self.render_row(), id="row-text")

    def on_mount(self) -> None:
        self.query_one("#row-dialog").focus()
        for name in ("as_of", "known", "dataset"):
            self.watch(self.app, name, self._state_changed, init=False)

    def _state_changed(self) -> None:
        if self.is_current:
            self.dismiss(None)

    def keys_line(self) -> str:
        """The dialog's keys, as its bottom border says them ("enter Ansongo · esc close")."""
        words = []
        for entry in actions_for("row"):
            key = KEY_NAMES.get(entry.key.split(",")[0], entry.key.split(",")[0])
            if entry.action == "open_site":
                if self.site_name is None:
                    continue
                words.append(f"{key} {self.site_name} on Bases")
            elif entry.action == "pick_source":
                if self.row.sources:
                    words.append(f"{key} {entry.footer.lower()}")
            else:
                words.append(f"{key} {entry.footer.lower()}")
        return " · ".join(words)

    def render_row(self) -> RenderableType:
        """Each column and its whole value; the site it is about; the sources, whole."""
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column(overflow="fold")
        for header, value in self.row.fields:
            fields.add_row(Text(header), Text(value))
        if self.site_name is not None:
            fields.add_row(Text("About"), Text(self.site_name))
        blocks: list[RenderableType] = [fields]
        if self.row.sources:
            blocks += [Text(""), Text("Sources", style="bold"), self._sources()]
        return Group(*blocks)

    def _sources(self) -> Table:
        """Each source: its id, then publisher and date, title and URL, each on its line."""
        sources = self.snap.dataset.sources
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        as_of = summary.fmt_date(self.snap.as_of)
        for source_id in self.row.sources:
            source = sources.get(source_id)
            if source is None:
                grid.add_row(Text(source_id), Text("not in the dataset", style="dim"))
                continue
            about = Text(
                f"{source.publisher} · {source.date or 'date ' + summary.UNKNOWN}", overflow="fold"
            )
            if is_later(self.snap, source_id):
                about.append(f" ({LATER_MARK} dated after {as_of}: hindsight)")
            about.append("\n")
            about.append(source.title)
            about.append("\n")
            about.append(source.url or f"URL {summary.UNKNOWN}", style="dim")
            grid.add_row(Text(source_id), about)
        return grid

    def action_open_site(self) -> None:
        """Enter: the site the row is about, on Bases; a row about none closes."""
        if self.site_name is not None and self.row.site is not None:
            self.dismiss(("site", (self.row.site,)))
        else:
            self.dismiss(None)

    def action_pick_source(self) -> None:
        """`c`: one of the sources, on the Sources tab (more than one: a picker asks which)."""
        if self.row.sources:
            self.dismiss(("sources", self.row.sources))
        else:
            self.notify("This row cites no source.", timeout=2, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
