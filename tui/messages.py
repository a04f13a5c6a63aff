"""The messages screens and widgets post to the app: "attributes down, messages up".

A tab never calls the app: it posts what the user asked for (open this site, go back) and the
app, which owns the shared state, changes it; the tabs follow the state through watchers. So no
screen or widget imports the app, and the app is the one place that decides what a drill-down
records for back.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from tui.core.model import Dataset
from tui.core.navigation import Target


@dataclass
class OpenSite(Message):
    """Select a site and show it on Bases (a drill-down: kept for back, unless `record` is
    off, as for `n`/`p`)."""

    site_id: str
    record: bool = True


@dataclass
class OpenSource(Message):
    """Select a source and show it on Sources (a citation followed: kept for back)."""

    source_id: str


@dataclass
class OpenTab(Message):
    """Show a tab as a go-to (kept for back)."""

    tab_id: str


@dataclass
class GoTo(Message):
    """Go where a `:` query, the date prompt or a palette hit names."""

    target: Target


@dataclass
class GoBack(Message):
    """Back where the user was before the last drill-down or go-to."""


@dataclass
class SelectSite(Message):
    """The site under a cursor (the Bases table, the map): the app's selected site follows."""

    site_id: str


@dataclass
class SelectSource(Message):
    """The source under the Sources cursor: the app's selected source follows."""

    source_id: str


@dataclass
class TabShown(Message):
    """The dashboard shows another tab by itself (a click on the tab bar, the focus moving)."""

    tab_id: str


@dataclass
class SourcesPicked(Message):
    """Sources the user wants to open from the detail pane or the whole-row view: one (a click)
    opens it, more (`c`) ask which. Neither knows the tabs."""

    source_ids: tuple[str, ...]
    about: str = ""
    """What cites them, for the picker's title ("Ansongo"); empty: the selected site."""


@dataclass
class ReadRow(Message):
    """Show a table's row whole, with its sources (enter on a Timeline event or a count): the
    text a narrow column cut, in a dialog."""

    title: str
    """What the row is ("Event, 2023-10-26")."""
    fields: tuple[tuple[str, str], ...]
    """(column, whole value), every column's, hidden ones too."""
    sources: tuple[str, ...]
    """The source ids it cites."""
    site: str | None = None
    """The site it is about, if one: enter opens it on Bases."""


@dataclass
class CompareMissions(Message):
    """The Compare tab needs every bundled mission's dataset (`AppState.compared`)."""


@dataclass
class DatasetReloaded(Message):
    """The dataset file changed and loads (posted by tui/reload.py's watcher)."""

    dataset: Dataset
    notice: str
    """What to tell the user ("Reloaded withdrawal.toml: 14 sites")."""


@dataclass
class ReloadFailed(Message):
    """The dataset file changed and does not load; `problems` in the banner's words."""

    problems: Text
