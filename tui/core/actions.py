"""Every action the user can take by key, declared once: its key, its footer word, what it
does, its palette title and where it applies.

The bindings (`tui.widgets.bindings.bindings_for`), the command palette (tui/commands.py), the
help screen (tui/screens/help.py, which reads the bindings) and the README's key table
(`key_table`, checked by tests/core/test_readme_keys.py) are all derived from this list, so a key's
words can never disagree between them. Like textual-enhanced's `Command`, one declaration per
action; unlike it, plain data (no Textual): the README's table is made without starting the UI.

Order matters: the footer shows a scope's keys in this order, as many as fit, so the most useful
come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.core.tabs import TAB_LIST, number_keys

Where = Literal["app", "tabs", "bases", "sources", "table", "detail", "row", "textual"]
"""Where a key applies: everywhere (the app), the dashboard (its tab keys), one tab, every
table, the Bases detail pane, the whole-row view (enter on a Timeline row); "textual": a key
Textual binds itself, declared here for its words only (the help and the README list it; no
binding is made from it)."""

WHERE_TITLES: dict[Where, str] = {
    "app": "everywhere",
    "tabs": "the dashboard",
    "table": "every table",
    "bases": "Bases",
    "detail": "Bases detail pane",
    "sources": "Sources",
    "row": "the whole-row view",
    "textual": "everywhere",
}


@dataclass(frozen=True, slots=True)
class Action:
    """One action: what binds it, and every word said about it."""

    id: str
    """The binding id: a user's `[keymap]` rebinds the key by it (`date-back = "comma"`)."""
    key: str
    """Textual's key name(s), comma-separated (`"left_square_bracket"`, `"up,k"`)."""
    action: str
    """The Textual action the key runs, on the class `where` names (`"step_date(-1)"`)."""
    footer: str
    """The footer's one word ("Earlier")."""
    help: str = ""
    """What it does, in a sentence: the tooltip, the help screen's line, the palette's help and
    the README's row (empty: the footer word says it all)."""
    where: Where = "app"
    title: str = ""
    """The command palette's entry ("Date: earlier"); empty: not in the palette."""
    palette: str = ""
    """The action the palette runs, when not `action` on the app (`screen.on_table('filter')`:
    a table's action, run by the dashboard on the table of the tab shown)."""
    key_display: str | None = None
    show: bool = True
    """In the footer (when it fits)."""
    priority: bool = False
    more: str = ""
    """The README says more than the help screen has room for: added to `help` there."""

    @property
    def words(self) -> str:
        """What it does: the help, or the footer word when that says it all."""
        return self.help or self.footer

    @property
    def long(self) -> str:
        """What it does in full (the README): the words and the `more`."""
        if not self.more:
            return self.words
        return f"{self.help} {self.more}" if self.help else f"{self.footer}: {self.more}"

    @property
    def palette_action(self) -> str:
        return self.palette or self.action


ACTIONS: tuple[Action, ...] = (
    # --- everywhere (MinusmaApp) ---------------------------------------------------------------
    Action(
        "help",
        "question_mark",
        "help",
        "Help",
        title="Help: every key",
        key_display="?",
        more="every key, with what it does, read from the app's own bindings",
    ),
    Action(
        "goto",
        "colon",
        "goto",
        "Go to",
        "Go to a site, a source, a date or a tab by name, or to another mission",
        title="Go to…",
        key_display=":",
        more="(`ansongo`, case and accents ignored; `S03`; `2023-11-20`; `map`; `monusco`): `tab` "
        'completes, a typo gets "did you mean"',
    ),
    Action(
        "back",
        "backspace",
        "go_back",
        "Back",
        "Back where you were (esc too, when it has nothing else to do)",
        title="Back",
        key_display="bksp",
        more="before the last drill-down or go-to; the header shows the trail "
        "(`Sources: S03 › Bases: Ansongo`)",
    ),
    Action(
        "date-back",
        "left_square_bracket",
        "step_date(-1)",
        "Earlier",
        "As-of date: back to the previous dated event",
        title="Date: earlier",
        key_display="[",
    ),
    Action(
        "date-forward",
        "right_square_bracket",
        "step_date(1)",
        "Later",
        "As-of date: on to the next dated event",
        title="Date: later",
        key_display="]",
    ),
    Action(
        "date-set",
        "d",
        "set_date",
        "Date",
        "Set the as-of date (typed, within the dataset's first and last dates)",
        title="Date: set…",
    ),
    Action(
        "known",
        "K",
        "toggle_known",
        "Known",
        "As known then: only what sources published by the as-of date report",
        more="(on or off)",
    ),
    Action(
        "mission",
        "M",
        "pick_mission",
        "Mission",
        "Show another mission (MINUSMA, MONUSCO): every tab switches to it",
        title="Mission: switch…",
        show=False,
        more="from its first site and its latest date; `:monusco` and the palette too",
    ),
    Action("export", "e", "export", "Export", "Export the summary", title="Export…"),
    Action(
        "copy-summary",
        "y",
        "copy_summary",
        "Copy",
        "Copy the text summary",
        title="Copy the summary",
        more="to your clipboard (OSC 52, over SSH too)",
    ),
    Action(
        "date-reset", "r", "reset_date", "Latest", "Back to the latest date", title="Date: latest"
    ),
    Action(
        "site-next",
        "n",
        "step_site(1)",
        "Next",
        "Next site (opens it on Bases)",
        title="Next site",
        more="from any tab",
    ),
    Action(
        "site-prev",
        "p",
        "step_site(-1)",
        "Prev",
        "Previous site (opens it on Bases)",
        title="Previous site",
        more="from any tab",
    ),
    Action("quit", "q", "quit", "Quit", title="Quit"),
    Action(
        "command-palette",
        "ctrl+p",
        "command_palette",
        "Palette",
        "Command palette: every action by name, with its key; sites, sources, dates; themes",
        where="textual",
    ),
    Action(
        "moves",
        "up,down,pageup,pagedown,home,end",
        "",
        "Move",
        where="textual",
        more="in a table, scroll a pane (`space` pages down in panes and the help)",
    ),
    # --- the dashboard --------------------------------------------------------------------------
    Action(
        "escape-back",
        "escape",
        "escape_back",
        "Back",
        where="tabs",
        show=False,
        priority=True,
        more="where you were, when esc has nothing nearer to do",
    ),
    # --- every table (KeyTable; the Bases table has the same keys) ------------------------------
    Action(
        "table-open",
        "enter",
        "select_cursor",
        "Open",
        "Open the row: what it is about, in full, or the row whole with its sources",
        where="table",
        title="Open the row",
        palette="screen.on_table('select_cursor')",
        more="(on Bases the detail pane takes the keys: scroll it with `j`/`k`; "
        "on Sources the citations; on Contingents the posting's site, on Bases; on the "
        "Timeline the event or count whole, with what a narrow column cut)",
    ),
    Action("table-down", "j", "cursor_down", "Down", where="table", show=False),
    Action("table-up", "k", "cursor_up", "Up", where="table", show=False),
    Action("table-first", "g", "scroll_top", "First row", where="table", show=False),
    Action("table-last", "G", "scroll_bottom", "Last row", where="table", show=False),
    Action(
        "table-filter",
        "slash",
        "filter",
        "Filter",
        where="table",
        key_display="/",
        priority=True,
        title="Filter the table",
        palette="screen.on_table('filter')",
        more="the table in place as you type (every column, case and accents ignored; "
        "the bar shows the count, `Bases 1/13`); "
        "`enter` keeps the filter and gives the keys back to the table, `esc` clears it",
    ),
    Action(
        "table-sort-next",
        "s",
        "sort_next",
        "Sort",
        where="table",
        title="Sort the table",
        palette="screen.on_table('sort_next')",
        more="by the next column (names as people read them: accents folded, case ignored, "
        "numbers as numbers)",
    ),
    Action(
        "table-sort-reverse",
        "S",
        "sort_reverse",
        "Reverse",
        where="table",
        title="Sort the table: reverse",
        palette="screen.on_table('sort_reverse')",
        more="the sort order",
    ),
    Action(
        "table-filter-clear",
        "escape",
        "clear_filter",
        "Clear filter",
        where="table",
        show=False,
        more="empties the filter bar",
    ),
    # --- Bases ------------------------------------------------------------------------------------
    Action(
        "detail-toggle",
        "f",
        "toggle_detail",
        "Detail",
        "Detail pane only, or table and pane",
        where="bases",
        title="Detail pane: alone or beside the table",
        palette="screen.toggle_detail",
        more="(handy at 80 columns)",
    ),
    Action(
        "focus-table",
        "escape",
        "focus_table",
        "Back to table",
        where="bases",
        show=False,
        more="from the detail pane",
    ),
    Action(
        "detail-sources",
        "c",
        "pick_source",
        "Sources",
        "Open a source this detail cites (on the Sources tab)",
        where="detail",
        title="Cited sources of the site",
        palette="screen.cite_picker",
        more="(a click on a `[S03]` opens it too)",
    ),
    # --- the whole-row view (enter on a Timeline event or count) --------------------------------
    Action(
        "row-site",
        "enter",
        "open_site",
        "Open site",
        "Open the site the row is about, on Bases (a row about none: close)",
        where="row",
    ),
    Action(
        "row-sources",
        "c",
        "pick_source",
        "Sources",
        "Open a source the row cites, on the Sources tab",
        where="row",
    ),
    Action("row-close", "escape,q", "close", "Close", "Close, back to the table", where="row"),
    # --- Sources ----------------------------------------------------------------------------------
    Action(
        "sources-back",
        "escape",
        "focus_table",
        "Back to table",
        where="sources",
        show=False,
        more="from the citations to the list of sources",
    ),
)
"""Every action, in footer order within each scope."""


def actions_for(where: Where) -> tuple[Action, ...]:
    """The actions that apply in one place, in their order."""
    return tuple(action for action in ACTIONS if action.where == where)


def action(action_id: str) -> Action:
    """The action with this binding id."""
    for entry in ACTIONS:
        if entry.id == action_id:
            return entry
    raise KeyError(action_id)


KEY_NAMES = {
    "question_mark": "?",
    "colon": ":",
    "slash": "/",
    "escape": "esc",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}
"""Textual key names as the README writes them (a declared `key_display` wins)."""


def readme_keys(entry: Action) -> str:
    """`[`, `up` / `k`: the keys as the README's table shows them."""
    if entry.key_display:
        keys = [entry.key_display if entry.key_display != "bksp" else "backspace"]
    else:
        keys = [KEY_NAMES.get(key.strip(), key.strip()) for key in entry.key.split(",")]
    return " / ".join(f"`{key}`" for key in keys)


def key_table() -> str:
    """The README's key table ("### Keys"), generated from the declarations: the tab keys,
    then each action with where it applies (a stale README fails tests/core/test_readme_keys.py)."""
    titles = ", ".join(tab.title for tab in TAB_LIST)
    lines = [
        "| Key | Where | What it does |",
        "| --- | --- | --- |",
        f"| {number_keys()} | everywhere | The tabs: {titles} |",
    ]
    for entry in ACTIONS:
        words = entry.long.replace("|", r"\|")
        lines.append(f"| {readme_keys(entry)} | {WHERE_TITLES[entry.where]} | {words} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # `python -m tui.core.actions`: the README's table, to paste
    print(key_table(), end="")
