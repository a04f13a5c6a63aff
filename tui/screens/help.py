"""The help screen: every key, read from the bindings themselves so it can never go stale.

Sections come from the classes that own keys: the app (its bindings, made from the action
declarations of tui/core/actions.py), the dashboard screen (tab numbers), each tab class and the
widget classes it names in `KEY_WIDGETS`, and any of our widgets mounted in a tab that nobody
listed. What enter opens on each tab comes from the tab registry (tui/core/tabs.py). Keys with
the same action in one section share a row (`down, j  Down`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.actions import action
from tui.core.tabs import TAB_LIST, TAB_TITLES, TABS
from tui.screens.tab import ScrollPane
from tui.widgets.bindings import binding as make_binding

if TYPE_CHECKING:
    from tui.screens.dashboard import DashboardScreen

SIDEWAYS = ("left", "right")
"""Sideways moves of tables and scroll views: unused with a row cursor and wrapped text."""

DESCRIPTIONS = {
    "cursor_up": "Up",
    "scroll_up": "Up",
    "cursor_down": "Down",
    "scroll_down": "Down",
    "page_up": "Page up",
    "page_down": "Page down",
    "scroll_top": "Top (first row)",
    "scroll_home": "Top (first row)",
    "scroll_bottom": "Bottom (last row)",
    "scroll_end": "Bottom (last row)",
    "select_cursor": "Open the row (what it opens: under each tab below)",
}
"""One wording for the moves tables and panes share (Textual says "Cursor up", "Scroll Up")."""


ENTER_OPENS = {tab.id: tab.enter_opens for tab in TAB_LIST if tab.enter_opens}
"""What enter opens on each tab (one key, a drill-down that differs by tab): tui/core/tabs.py."""

FOCUS_KEYS = [
    Binding("tab", "focus_next", "Next table or pane in the tab (e.g. Timeline: the events)"),
    Binding("shift+tab", "focus_previous", "Previous table or pane"),
]
"""Textual's own focus keys, which the tabs with two tables or panes need."""


def _bindings(source: type) -> list[Binding]:
    """The bindings a class declares itself (not inherited)."""
    found: list[Binding] = []
    for item in source.__dict__.get("BINDINGS", []):
        found.extend(Binding.make_bindings([item]))
    return found


def _class_bindings(cls: type) -> list[Binding]:
    """A widget class's keys, its own and those it inherits (Textual's table moves, scrolling).

    A key bound in a subclass hides the parent's binding of that key, as it does at run time;
    the parents' keys come first (arrows before j/k).
    """
    ancestry = cls.__mro__[: cls.__mro__.index(DOMNode)]
    seen: set[str] = set()
    per_class: list[list[Binding]] = []
    for klass in ancestry:
        own = []
        for binding in _bindings(klass):
            if binding.key in seen or binding.action.endswith(SIDEWAYS):
                continue
            seen.add(binding.key)
            own.append(binding)
        per_class.append(own)
    return [binding for own in reversed(per_class) for binding in own]


def _describe(binding: Binding) -> str:
    # The footer has room for a word; the tooltip, where there is one, says it in full.
    return (
        DESCRIPTIONS.get(binding.action) or binding.tooltip or binding.description or binding.action
    )


def _app_bindings(app: App[object]) -> list[Binding]:
    """The keys the app's own classes declare (`MinusmaApp`, and a test's subclass of it), the
    parents' first; read from the running app, so this screen never imports the app."""
    classes = type(app).__mro__[: type(app).__mro__.index(App)]
    return [binding for klass in reversed(classes) for binding in _bindings(klass)]


def help_sections(
    app: App[object], dashboard: DashboardScreen | None = None
) -> list[tuple[str, list[Binding]]]:
    """(section title, bindings) for every part of the app that has keys.

    With `dashboard`, widgets mounted in its tabs that declare keys are included too, so a
    widget someone adds to a tab can't hide its keys from the help. Moves every table and pane
    share are listed once; a tab's section lists only what is particular to it.
    """
    from tui.screens.dashboard import DashboardScreen, tab_class
    from tui.screens.tab import KeyTable

    palette = make_binding(action("command-palette"))
    quit_ = [b for b in _bindings(App) if b.action == "quit"]
    moving = _class_bindings(KeyTable) + _class_bindings(ScrollPane)
    shared = {(b.key, _describe(b)) for b in moving}
    sections: list[tuple[str, list[Binding]]] = [
        ("Everywhere", [*_app_bindings(app), palette, *quit_]),
        ("Tabs", _bindings(DashboardScreen)),
        ("Tables and panes", [*moving, *FOCUS_KEYS]),
    ]
    listed: set[type] = {KeyTable, ScrollPane}
    for number, tab_id in enumerate(TABS, start=1):
        cls = tab_class(tab_id)
        keys = _bindings(cls)
        for widget_cls in cls.KEY_WIDGETS:
            keys += _class_bindings(widget_cls)
            listed.add(widget_cls)
        if dashboard is not None:
            keys += _mounted_bindings(dashboard, tab_id, listed)
        keys = [b for b in keys if (b.key, _describe(b)) not in shared]
        if tab_id in ENTER_OPENS and not any(b.key == "enter" for b in keys):
            keys.insert(0, Binding("enter", "open_row", ENTER_OPENS[tab_id]))
        if keys:
            sections.append((f"{number} {TAB_TITLES[tab_id]}", keys))
    from tui.screens.export import ExportScreen, SummaryScreen
    from tui.screens.goto import CitationPicker, GotoScreen
    from tui.screens.row_view import RowView

    sections.append(("Whole row (enter on a Timeline event or count)", _bindings(RowView)))
    sections.append(("Export dialog (e)", _bindings(ExportScreen)))
    sections.append(("Summary, in a served session (e)", _bindings(SummaryScreen)))
    sections.append(("Go to (:) and date (d) prompts", _bindings(GotoScreen)))
    sections.append(("Cited sources (c in the detail pane)", _bindings(CitationPicker)))
    sections.append(("This help", _bindings(HelpScreen)))
    return sections


def _mounted_bindings(dashboard: DashboardScreen, tab_id: str, listed: set[type]) -> list[Binding]:
    """Keys of our own widgets mounted in a tab that no KEY_WIDGETS names."""
    found: list[Binding] = []
    try:
        pane = dashboard.query_one(f"TabPane#{tab_id}")
    except Exception:  # NoMatches: the screen is being rebuilt
        return found
    for widget in pane.walk_children():
        cls = type(widget)
        if cls in listed or not cls.__module__.startswith("tui."):
            continue
        listed.add(cls)
        if any(_bindings(k) for k in cls.__mro__ if k.__module__.startswith("tui.")):
            found += _class_bindings(cls)
    return found


def _merged(app: App[object], bindings: list[Binding]) -> list[tuple[str, str]]:
    """(keys, description) rows: keys that do the same thing share a row, in declaration order."""
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        keys = rows.setdefault(_describe(binding), [])
        for key in binding.key.split(","):
            if binding.key_display and "," not in binding.key:
                display = binding.key_display
            else:
                display = app.get_key_display(Binding(key.strip(), binding.action))
            if display not in keys:
                keys.append(display)
    return [(", ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """A modal listing every key with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close this help", key_display="esc, q, ?"),
    ]
    """The help scrolls with the keys it lists for panes (ScrollPane's: j/k, g/G, space…)."""

    def compose(self) -> ComposeResult:
        with ScrollPane(id="help-body"):
            yield Static(self.render_keys(), id="help-keys")

    def on_mount(self) -> None:
        body = self.query_one("#help-body", ScrollPane)
        body.border_title = "Keys"
        body.border_subtitle = "esc closes"
        body.focus()

    def render_keys(self) -> Group:
        """One titled block per section; the keys column has the same width in every block."""
        from tui.screens.dashboard import DashboardScreen

        dashboards = [s for s in self.app.screen_stack if isinstance(s, DashboardScreen)]
        sections = [
            (title, _merged(self.app, bindings))
            for title, bindings in help_sections(self.app, dashboards[0] if dashboards else None)
        ]
        width = max((cell_len(keys) for _, rows in sections for keys, _ in rows), default=4)
        blocks: list[RenderableType] = []
        for title, rows in sections:
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, width=width)
            table.add_column()
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            blocks += [Text(title, style="bold underline"), table, Text("")]
        return Group(*blocks)
