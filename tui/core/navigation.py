"""Where the user is and where they were: places, the way back and the header's trail.

Pure functions over plain values (no Textual): the app keeps the history in a reactive and calls
these to change it, so every rule of back (what counts as the same view, when nothing is
recorded) is tested here without starting the UI (tests/core/test_navigation.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.tabs import TAB_TITLES, tab

HISTORY = 50
"""Places kept for back."""

Kind = Literal["site", "source", "date", "tab", "mission"]


@dataclass(frozen=True, slots=True)
class Place:
    """Where the user was: the tab, the selected site and source, and the focused widget."""

    tab: str
    site: str | None
    source: str | None
    focus: str | None = None

    def same_view(self, other: Place) -> bool:
        """The same tab showing the same thing (the focus aside): on a tab about a site or a
        source (tui/core/tabs.py's `shows`), the same one; on any other tab, always."""
        if self.tab != other.tab:
            return False
        shows = tab(self.tab).shows if self.tab in TAB_TITLES else None
        if shows == "site":
            return self.site == other.site
        if shows == "source":
            return self.source == other.source
        return True


@dataclass(frozen=True, slots=True)
class TabView:
    """The tab to show and, when going back, the widget to give the keys to (its id)."""

    tab: str
    focus: str | None = None


@dataclass(frozen=True)
class Target:
    """Somewhere to go: a site, a source, a date, a tab or a mission (a `:` query, a palette
    hit)."""

    kind: Kind
    value: str
    """The site, source, tab or mission id, or the ISO date."""
    label: str
    """What the user reads and what completion fills in ("Ansongo", "S03", "map")."""
    help: str = ""

    @property
    def title(self) -> str:
        """`Site: Ansongo`, `Source: S03`, `Date: 2023-11-20`, `Tab: Map`, `Mission: MONUSCO
        (South Kivu, Congo (DRC))`."""
        return f"{self.kind.capitalize()}: {self.label}"

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.value)


History = tuple[Place, ...]
"""Where the user was before each drill-down or go-to, the last last."""


def record(history: History, here: Place, going: Place) -> History:
    """`history` with `here` kept before going to `going` (unchanged if that shows the same,
    or if `here` is already the last place kept); at most HISTORY places."""
    if here.same_view(going) or (history and history[-1] == here):
        return history
    return (*history, here)[-HISTORY:]


def back(history: History, here: Place) -> tuple[History, Place | None]:
    """The history left and the place to go back to (None: nowhere, the history is empty).

    Places that show what is on screen now (reached again by a tab key, say) are skipped: going
    back to them would show nothing new.
    """
    places = list(history)
    while places and places[-1].same_view(here):
        places.pop()
    if not places:
        return (), None
    place = places.pop()
    return tuple(places), place


def trail(history: History, here: Place, site_name: Callable[[str], str | None]) -> list[str]:
    """`Sources: S03 › Bases: Ansongo`: where the drill-downs went, as names (the header's title).

    Each place is its tab's title, and what it shows there if the tab is about one thing
    (`Bases: Ansongo`), so the last name always says which tab is on screen (it read
    "Overview › Ansongo" while Bases was shown). `site_name` names a site id (None for a site
    no longer in the dataset).
    """
    places = [*history]
    if not (places and places[-1].same_view(here)):
        places.append(here)  # not "Overview › Overview" after a tab key back to it
    parts: list[str] = []
    for place in places:
        shows = tab(place.tab).shows if place.tab in TAB_TITLES else None
        item: str | None = None
        if shows == "site" and place.site is not None:
            item = site_name(place.site)
        elif shows == "source" and place.source:
            item = place.source
        title = TAB_TITLES.get(place.tab, place.tab)
        parts.append(f"{title}{TRAIL_ITEM}{item}" if item else title)
    return parts


TRAIL_ITEM = ": "
"""Between a tab's title and what it shows, in a trail's part (`Bases: Ansongo`)."""


def step(ids: Sequence[str], current: str | None, direction: int) -> str | None:
    """The id `direction` steps from `current` in `ids`, round the ends (None: no ids). From an
    id not in the list, a step forward gives the first."""
    if not ids:
        return None
    index = ids.index(current) if current in ids else -1
    return ids[(index + direction) % len(ids)]
