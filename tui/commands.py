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

from tui.core.actions import ACTIONS as DECLARED, readme_keys
from tui.core.navigation import Target
from tui.core.state import state
from tui.core.tabs import TAB_LIST
from tui.messages import GoTo

if TYPE_CHECKING:
    from textual.app import App


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


EXPORTS = [
    ("txt", "text", "t"),
    ("ansi", "ANSI text", "a"),
    ("html", "HTML", "h"),
    ("svg", "SVG", "s"),
    ("md", "Markdown", "m"),
]
"""tui/screens/export.py's formats and their keys in the export dialog."""


def _entries() -> list[Action]:
    """The palette's entries, derived: a tab each (tui/core/tabs.py), then every declared action
    with a palette title (tui/core/actions.py) in its order, the export's formats after Export."""
    entries = [
        Action(
            f"Tab: {tab.title}",
            f"open_tab('{tab.id}')",
            f"The {tab.title} tab",
            f"show_tab('{tab.id}')",
            default_key=str(number),
        )
        for number, tab in enumerate(TAB_LIST, start=1)
    ]
    for entry in DECLARED:
        if not entry.title:
            continue
        key = readme_keys(entry).split(" / ")[0].strip("`")
        entries.append(
            Action(entry.title, entry.palette_action, entry.words, entry.action, default_key=key)
        )
        if entry.id == "export":
            entries += [
                Action(
                    f"Export as {name}",
                    f"export('{fmt}')",
                    f"The export dialog, {name} chosen",
                    "export",
                    then=key_,
                )
                for fmt, name, key_ in EXPORTS
            ]
    return entries


ACTIONS = _entries()
"""Every palette entry (made from the declarations; "As known then: on/off" is a system
command of tui/app.py, its title saying the state)."""


def key_displays(app: App[object]) -> dict[str, str]:
    """Each bound action's key(s) as the user sees them, from every class that binds keys
    (the help screen's list: one list of keys for the help, the footer and the palette)."""
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.help import help_sections

    dashboards = [s for s in app.screen_stack if isinstance(s, DashboardScreen)]
    keys: dict[str, str] = {}
    for _title, bindings in help_sections(app, dashboards[0] if dashboards else None):
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

    def _entries(self) -> list[tuple[str, str, str]]:
        keys = key_displays(self.app)
        return [(entry.title, action_help(entry, keys), entry.action) for entry in ACTIONS]

    def _run(self, action: str) -> object:
        return self.app.run_action(action)

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
    """Sites, sources cited on the date, missions and dates: the go-to rules of `:`. Found by
    typing only: the empty palette lists the actions (ActionCommands), not thirteen sites."""

    def _go(self, target: Target) -> None:
        self.app.post_message(GoTo(target))

    async def search(self, query: str) -> Hits:
        from tui.screens.goto import looks_like_date, mission_targets, resolve, targets

        app = self.app
        snap = state(app).snapshot
        if looks_like_date(query):
            found = resolve(snap, query, ("date",))
            if isinstance(found, str):
                yield Hit(0.5, Text(f"Date: {query.strip()}"), app.bell, help=escape(found))
            else:
                yield Hit(
                    1.0,
                    Text(f"Date: {found.label}"),
                    partial(self._go, found),
                    text=found.title,
                    help=f"Show the state on {found.label} (key d)",
                )
            return
        matcher = self.matcher(query)
        missions = mission_targets(state(app).missions, state(app).dataset.path)
        # Tabs: ActionCommands has them.
        for target in targets(snap, ("site", "source", "mission"), missions):
            score, offsets = matcher.fuzzy_search.match(query, target.title)
            if score > 0:
                display = Text(target.title)
                for offset in offsets:
                    display.stylize("bold underline", offset, offset + 1)
                yield Hit(
                    score,
                    display,
                    partial(self._go, target),
                    text=target.title,
                    help=escape(target.help),
                )


SiteCommands = GotoCommands
"""The old name (a site jump was the palette's first provider)."""
