"""Command palette providers (ctrl+p): every action of the app, and go-to hits.

`ActionCommands` lists every action with its key in the help text ("key e, then m"), the keys
read from the bindings themselves (so a user's keymap or a renamed key shows as it is).
`GotoCommands` finds sites, sources cited on the date, tabs and dates with the same rules as
`:` (tui/screens/goto.py). Names from the dataset reach the palette as `rich.text.Text`
(never as markup strings, which the palette would parse): a site called `[red]x` shows as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.dashboard import TAB_TITLES

if TYPE_CHECKING:
    from tui.app import MinusmaApp


@dataclass(frozen=True)
class Action:
    """One palette entry: what it says, the action it runs and the key that does the same."""

    title: str
    action: str
    """An app action string (`step_date(-1)`), run as the key would run it."""
    help: str
    key_action: str = ""
    """The bound action whose key to show, when it differs from `action`."""
    then: str = ""
    """A second key after the first ("e, then m": the export dialog's format keys)."""
    default_key: str = ""
    """The key to show when no binding names the action (a table's, before the tab is built)."""


TAB_ACTIONS = [
    Action(f"Tab: {title}", f"open_tab('{tab}')", f"The {title} tab", f"show_tab('{tab}')")
    for tab, title in TAB_TITLES.items()
]
EXPORTS = [
    ("txt", "text", "t"),
    ("ansi", "ANSI text", "a"),
    ("html", "HTML", "h"),
    ("svg", "SVG", "s"),
    ("md", "Markdown", "m"),
]
"""tui/screens/export.py's formats and their keys in the export dialog."""

ACTIONS = [
    *TAB_ACTIONS,
    Action("Date: earlier", "step_date(-1)", "As-of date: back to the previous dated event"),
    Action("Date: later", "step_date(1)", "As-of date: on to the next dated event"),
    Action("Date: latest", "reset_date", "As-of date: the latest date"),
    Action("Date: set…", "set_date", "Type the as-of date"),
    Action("Go to…", "goto", "A site, a source, a date or a tab, by name"),
    Action("Back", "go_back", "Back where you were before the last drill-down or go-to"),
    Action("Next site", "step_site(1)", "Next site in closure order, on Bases"),
    Action("Previous site", "step_site(-1)", "Previous site in closure order, on Bases"),
    Action("Export…", "export", "The export dialog: pick a format and a path"),
    *(
        Action(
            f"Export as {name}",
            f"export('{fmt}')",
            f"The export dialog, {name} chosen",
            "export",
            then=key,
        )
        for fmt, name, key in EXPORTS
    ),
    Action("Copy the summary", "copy_summary", "The text summary to your clipboard (OSC 52)"),
    Action("Help: every key", "help", "Every key, tab by tab"),
    Action(
        "Filter the table",
        "on_table('filter')",
        "Filter the table in place",
        "filter",
        default_key="/",
    ),
    Action(
        "Sort the table",
        "on_table('sort_next')",
        "Sort by the next column",
        "sort_next",
        default_key="s",
    ),
    Action(
        "Sort the table: reverse",
        "on_table('sort_reverse')",
        "Reverse the sort",
        "sort_reverse",
        default_key="S",
    ),
    Action(
        "Detail pane: alone or beside the table",
        "toggle_detail",
        "On Bases: the detail pane alone, or table and pane",
        default_key="f",
    ),
    Action(
        "Cited sources of the site",
        "cite_picker",
        "On Bases: open a source the detail cites",
        "pick_source",
        default_key="c",
    ),
    Action("Quit", "quit", "Leave minusma-tui"),
    # "As known then: on/off" is a system command (tui/app.py): its title says the state.
]


def key_displays(app: MinusmaApp) -> dict[str, str]:
    """Each bound action's key(s) as the user sees them, from every class that binds keys
    (the help screen's list: one list of keys for the help, the footer and the palette)."""
    from tui.screens.help import help_sections

    keys: dict[str, str] = {}
    for _title, bindings in help_sections(app, app.dashboard):  # type: ignore[arg-type]
        for binding in bindings:
            action = binding.action.removeprefix("app.").removeprefix("screen.")
            if action not in keys:
                keys[action] = binding.key_display or app.get_key_display(binding)
    return keys


def action_help(entry: Action, keys: dict[str, str]) -> str:
    """The entry's help, ending with its key: "The export dialog, Markdown chosen (key e, m)"."""
    key = keys.get(entry.key_action or entry.action, entry.default_key)
    if not key:
        return entry.help
    return f"{entry.help} (key {key}" + (f", then {entry.then})" if entry.then else ")")


class ActionCommands(Provider):
    """Every action of the app, with its key."""

    @property
    def _app(self) -> MinusmaApp:
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, str, str]]:
        keys = key_displays(self._app)
        return [(entry.title, action_help(entry, keys), entry.action) for entry in ACTIONS]

    def _run(self, action: str) -> object:
        return self._app.run_action(action)

    async def discover(self) -> Hits:
        for title, help_text, action in self._entries():
            yield DiscoveryHit(Text(title), partial(self._run, action), text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._entries():
            score = max(matcher.match(title), matcher.match(help_text) * 0.5)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, action),
                    text=title,
                    help=help_text,
                )


class GotoCommands(Provider):
    """Sites, sources cited on the date and dates: the go-to rules of `:`. Found by typing
    only: the empty palette lists the actions (ActionCommands), not thirteen sites."""

    @property
    def _app(self) -> MinusmaApp:
        return self.app  # type: ignore[return-value]

    async def search(self, query: str) -> Hits:
        from tui.screens.goto import looks_like_date, resolve, targets

        app = self._app
        snap = app.snapshot
        if looks_like_date(query):
            found = resolve(snap, query, ("date",))
            if isinstance(found, str):
                yield Hit(0.5, Text(f"Date: {query.strip()}"), app.bell, help=escape(found))
            else:
                yield Hit(
                    1.0,
                    Text(f"Date: {found.label}"),
                    partial(app.go_to, found),
                    text=found.title,
                    help=f"Show the state on {found.label} (key d)",
                )
            return
        matcher = self.matcher(query)
        for target in targets(snap, ("site", "source")):  # tabs: ActionCommands has them
            score, offsets = matcher.fuzzy_search.match(query, target.title)
            if score > 0:
                display = Text(target.title)
                for offset in offsets:
                    display.stylize("bold underline", offset, offset + 1)
                yield Hit(
                    score,
                    display,
                    partial(app.go_to, target),
                    text=target.title,
                    help=escape(target.help),
                )


SiteCommands = GotoCommands
"""The old name (a site jump was the palette's first provider)."""
