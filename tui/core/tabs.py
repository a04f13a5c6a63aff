"""The dashboard's tabs, declared once: adding a tab is one entry here and one module.

Everything else is derived from this list: the number keys (the order), the tab titles and the
`:` go-to names, the palette's "Tab: …" entries, the help's "what enter opens", the config's
`default_tab` choices, the ids CSS can hook on (the pane is `#<id>`, its content `#<id>-view`,
of class `dashboard-tab`), and which selection back and the trail treat as "the same view".

Plain data (no Textual): the config, the navigation rules and the README's key table read it
without starting the UI. The tab's class is named by its import path and imported only when the
tab is first shown (start-up stays light).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Shows = Literal["site", "source"]


@dataclass(frozen=True, slots=True)
class Tab:
    """One tab of the dashboard."""

    id: str
    """Its id: the pane's CSS id, the config's `default_tab` value, the go-to name."""
    title: str
    """What the tab bar, the help and the trail call it."""
    view: str
    """`module:Class` of the widget that draws it (a `DashboardTab`), imported when first shown."""
    shows: Shows | None = None
    """The selection the tab is about: two places on this tab are the same view only with the
    same one (back skips none of them), and the trail names it ("Sources › S03")."""
    enter_opens: str = ""
    """What enter opens on this tab, for the help (one key, a drill-down that differs by tab)."""


TAB_LIST: tuple[Tab, ...] = (
    Tab("overview", "Overview", "tui.screens.overview:OverviewTab"),
    Tab(
        "bases",
        "Bases",
        "tui.screens.bases:BasesTab",
        shows="site",
        enter_opens="Open the site: its detail pane takes the keys",
    ),
    Tab(
        "contingents",
        "Contingents",
        "tui.screens.contingents:ContingentsTab",
        enter_opens="Open the posting's site on Bases",
    ),
    Tab(
        "timeline",
        "Timeline",
        "tui.screens.timeline:TimelineTab",
        enter_opens="The event whole, with its sources (enter again: its site, on Bases); "
        "a personnel count whole too",
    ),
    Tab(
        "map",
        "Map",
        "tui.screens.map:MapTab",
        enter_opens="Open the selected site on Bases",
    ),
    Tab(
        "sources",
        "Sources",
        "tui.screens.sources:SourcesTab",
        shows="source",
        enter_opens="The facts citing the source; enter on a fact opens its site",
    ),
    Tab("compare", "Compare", "tui.screens.compare:CompareTab"),
)
"""The tabs in the order of their number keys (1 to 7)."""

TABS: tuple[str, ...] = tuple(tab.id for tab in TAB_LIST)
"""Tab ids, in the order of their number keys."""
TAB_TITLES: dict[str, str] = {tab.id: tab.title for tab in TAB_LIST}
"""Each tab's title by id."""
SITE_TAB = next(tab.id for tab in TAB_LIST if tab.shows == "site")
"""The tab a site opens on (a drill-down to a site: `n`/`p`, enter on a posting or an event)."""
SOURCE_TAB = next(tab.id for tab in TAB_LIST if tab.shows == "source")
"""The tab a source opens on (a citation followed)."""


def tab(tab_id: str) -> Tab:
    """The tab with this id (KeyError for none: ids come from this list)."""
    for entry in TAB_LIST:
        if entry.id == tab_id:
            return entry
    raise KeyError(tab_id)


def number_keys() -> str:
    """The tabs' number keys as the README says them: `1` to `6`."""
    return f"`1` to `{len(TAB_LIST)}`"
