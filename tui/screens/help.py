"""The help screen: every key, read from the bindings themselves so it can never go stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def _bindings(source: type) -> list[Binding]:
    found = []
    for item in getattr(source, "BINDINGS", []):
        found.extend(Binding.make_bindings([item]) if not isinstance(item, Binding) else [item])
    return found


def help_sections() -> list[tuple[str, list[Binding]]]:
    """(section title, bindings) for every part of the app that has keys."""
    from textual.widgets import DataTable

    from tui.app import MinusmaApp
    from tui.screens.bases import BasesTab
    from tui.screens.contingents import ContingentsTab
    from tui.screens.dashboard import DashboardScreen
    from tui.widgets.site_table import SiteTable

    table_moves = [
        b
        for b in _bindings(DataTable)
        if b.action in ("cursor_up", "cursor_down", "page_up", "page_down", "select_cursor")
    ]
    return [
        (
            "Everywhere",
            _bindings(MinusmaApp)
            + [Binding("ctrl+p", "command_palette", "Command palette (jump to a site, themes)")],
        ),
        ("Tabs", _bindings(DashboardScreen)),
        ("Tables", table_moves + _bindings(SiteTable) + _bindings(ContingentsTab)),
        ("Bases tab", _bindings(BasesTab)),
        ("This help", [Binding("escape,q,question_mark", "dismiss", "Close")]),
    ]


class HelpScreen(ModalScreen[None]):
    """A modal listing every key with what it does."""

    BINDINGS: list[BindingType] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._render_keys(), id="help-keys")

    def _render_keys(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, bindings in help_sections():
            table.add_row(Text(title, style="bold underline"), "")
            seen: set[tuple[str, str]] = set()
            for binding in bindings:
                keys = ", ".join(
                    self.app.get_key_display(Binding(k.strip(), binding.action))
                    for k in binding.key.split(",")
                )
                if binding.key_display and "," not in binding.key:
                    keys = binding.key_display
                label = binding.description or binding.action
                if (keys, label) in seen:
                    continue
                seen.add((keys, label))
                table.add_row(Text(keys), Text(label))
            table.add_row("", "")
        return table

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
