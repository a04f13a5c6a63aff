"""The small words every renderer shares: figures, dates, citations and a site's state.

Below every renderer that says a figure (`figures`, `rows`, `site_detail`, `map`, ...), so none
has to import another for a phrase. Rich only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from rich.text import Text

from tui.core.model import NOT_REPORTED, STATE_LABELS, DatasetView, Site, SiteState, Snapshot

UNKNOWN = "unknown"
STATE_STYLES: dict[str, str] = {
    "open": "bold",
    "partial": "yellow",
    "handed_over": "green",
    "vacated": "red",
    "closed": "cyan",
    "returned": "cyan",
    "stopped": "yellow",
    "taken": "magenta",
}
"""Colour only repeats what the words say (see STATE_LABELS)."""


# --- small formatters ------------------------------------------------------------------------


def fmt_int(value: int | None) -> str:
    return UNKNOWN if value is None else f"{value:,}"


def fmt_date(value: dt.date | None) -> str:
    return UNKNOWN if value is None else value.isoformat()


def fmt_percent(fraction: float | None) -> str:
    return UNKNOWN if fraction is None else f"{fraction * 100:.1f}%"


def cite(sources: Iterable[str]) -> str:
    """Source ids as a reader sees them: `[S01, S02]`."""
    return "[" + ", ".join(sources) + "]"


def cite_text(sources: Iterable[str]) -> Text:
    return Text(" " + cite(sources), style="dim")


def text_bar(fraction: float | None, width: int = 30) -> str:
    """A plain-text progress bar that survives any export format: `[#########.....]`."""
    fraction = 0.0 if fraction is None else min(max(fraction, 0.0), 1.0)
    filled = round(fraction * width)
    return "[" + "#" * filled + "." * (width - filled) + "]"


def state_text(state: SiteState) -> Text:
    return Text(STATE_LABELS[state], style=STATE_STYLES[state])


DISPUTED_MARK = "†"
"""After a status sources disagree on, wherever it is written (table, detail, export)."""
DISPUTED_LEGEND = "† = status disputed"
STATUS_DISPUTE_SUFFIX = "-status"
"""A dispute over a site's status is named `<site id>-status` (`tessalit-status`): a dispute
names its site, not which of the site's facts it is about."""


def status_disputed(site: Site, snap: Snapshot) -> bool:
    """Whether sources disagree on how the site closed, as the snapshot shows it: the site
    closed on the date, and the dispute raised by then (none before: nothing to dispute)."""
    wanted = site.id + STATUS_DISPUTE_SUFFIX
    if not any(d.id == wanted for d in snap.dataset.disputes_for(site.id)):
        return False  # the common case, asked first: no dispute over the site at all
    if snap.site_closure(site) is None:
        return False
    if site.id in snap.unreported_sites:
        return False
    return any(d.id == wanted for d in snap.disputes)


def status_label(site: Site, state: SiteState, snap: Snapshot | None) -> str:
    """A site's status in words, marked when disputed on the snapshot's date."""
    label = STATE_LABELS[state]
    if snap is not None and status_disputed(site, snap):
        label += DISPUTED_MARK
    return label


def presence_text(present: bool | None) -> Text:
    """A contingent on a date: present, gone, or "site open": no departure date of its own and
    its site not yet closed, so its status is its site's (no source says more)."""
    if present is None:
        return Text("site open", style="italic")
    return Text("present", style="bold") if present else Text("gone", style="dim")


def state_phrase(site: Site, snap: Snapshot) -> Text:
    """A site's state on a date, with when it began: `vacated, no handover (since 2023-10-31)`."""
    if site.id in snap.unreported_sites:
        return Text(NOT_REPORTED, style="italic")
    state = snap.site_states[site.id]
    text = state_text(state)
    disputed = status_disputed(site, snap)
    if disputed:
        text.append(DISPUTED_MARK)
    change = snap.site_change(site)
    if change is not None:  # open: when it would close was not known on the date (see "Announced")
        text.append(f" (since {fmt_date(change.since)})")
    if disputed:
        text.append(": disputed, sources disagree")
    return text


_PLACE = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+)\[(\d+)\])?$")
_PLACE_WORDS = {
    "contingents": "contingent",
    "projects": "project",
    "armed_groups": "armed group",
    "key_dates": "key date",
}


def citation_place(dataset: DatasetView, path: str) -> str:
    """Where a cited fact sits, as a reader says it: `sites[8].projects[3]` is "Ansongo ·
    project 4", `disputes[15].claims[4]` "dispute · claim 5", `mission` "the mission" (the
    dotted path counts from zero and names lists a reader never sees)."""
    match = _PLACE.match(path)
    if match is None:
        return path
    head, index, part, part_index = match.groups()
    if head == "sites" and index is not None and int(index) < len(dataset.sites):
        if part is None:
            return "the site"
        name = dataset.sites[int(index)].name
        return f"{name} · {_PLACE_WORDS.get(part, part)} {int(part_index) + 1}"
    if head == "disputes" and part_index is not None:
        return f"dispute · claim {int(part_index) + 1}"
    if head == "mission" and part is not None:
        return _PLACE_WORDS.get(part, part)
    words = {
        "mission": "the mission",
        "phases": "phase",
        "events": "event",
        "personnel": "personnel count",
    }
    return words.get(head, head)
