"""The rows every view shares: a site, a phase, a personnel count, a contingent, an event, a
source, each as plain strings in its table's column order. No Textual import.

The export's Rich and Markdown tables and the TUI's tables all draw from these, so a value is
worded once; a Rich table or the TUI wraps each cell in `Text(...)`, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.core.model import (
    KIND_LABELS,
    NOT_CLOSED,
    NOT_REPORTED,
    Contingent,
    ContingentStatus,
    DatasetView,
    Event,
    PersonnelSnapshot,
    Site,
    SiteState,
    Snapshot,
)
from tui.render.words import UNKNOWN, cite, fmt_date, fmt_int, status_label, text_bar

SITE_COLUMNS: tuple[str, ...] = (
    "#",
    "Site",
    "Date",
    "Status",
    "Region",
    "Handed to",
    "Contingents",
)
"""Status comes early, so that it is never the column a narrow terminal cuts off."""
DATE_COLUMN = SITE_COLUMNS.index("Date")
STATUS_COLUMN = SITE_COLUMNS.index("Status")


def country_list(dataset: DatasetView | None, contingents: Iterable[Contingent]) -> str:
    """The contributing countries of some contingents, by name, each once: "Senegal, Togo"."""
    codes = dict.fromkeys(c.country for c in contingents)
    if dataset is not None:
        return ", ".join(dataset.country_name(code) for code in codes) or UNKNOWN
    return ", ".join(codes) or UNKNOWN


def site_row(
    site: Site,
    state: SiteState,
    *,
    plan: bool = True,
    snap: Snapshot | None = None,
    dataset: DatasetView | None = None,
) -> tuple[str, ...]:
    """One site as plain strings, in SITE_COLUMNS order, as known in that state: a site not
    yet closed shows its plan as announced (`plan`; the TUI's one-line table leaves it to the
    detail pane) and no receiver (they came later). With `snap`, as the snapshot shows it:
    its contingents and texts on that date, "not yet reported" for a site no source had
    reported ("as known then")."""
    ordinal = f"{site.ordinal}*" if site.ordinal_inferred else str(site.ordinal)
    contingents = site.contingents if snap is None else snap.site_contingents(site)
    countries = country_list(dataset or (snap.dataset if snap else None), contingents)
    if snap is not None and site.id in snap.unreported_sites:
        status = NOT_REPORTED
        return (ordinal, site.name, status, status, site.region, status, countries)
    if state in NOT_CLOSED:
        change = site.last_change(state) if state != "open" else None
        if change is not None and state == "partial":
            date = f"partly {fmt_date(change.since)}"
        elif change is not None:
            date = f"stopped {fmt_date(change.since)}"
        else:
            planned = site.planned if snap is None else snap.site_planned(site)
            date = f"planned: {planned}" if planned and plan else "not yet"
        handed_to = "not yet"
    else:
        closed = site.date
        date, handed_to = fmt_date(closed), site.handed_to or UNKNOWN
        if snap is not None:
            handed_to = snap.text(handed_to, closed) or UNKNOWN
    status = status_label(site, state, snap)
    return (ordinal, site.name, date, status, site.region, handed_to, countries)


def phase_rows(snap: Snapshot) -> list[tuple[str, str, str, str]]:
    rows = []
    for phase, closed, total in snap.phase_breakdown:
        # As of the date: a phase not begun has no dates yet; one not over has no end yet.
        if not snap.reported(phase.sources):
            span = NOT_REPORTED
        elif phase.start > snap.as_of:
            span = "not started"
        elif phase.end is None:  # the sources give none, even with hindsight
            span = f"from {fmt_date(phase.start)}, no end date given"
        elif phase.end > snap.as_of:  # its end is after the date: not said
            span = f"from {fmt_date(phase.start)}, not over yet"
        else:
            span = fmt_date(phase.start) + " to " + fmt_date(phase.end)
        rows.append(
            (
                phase.name,
                span,
                f"{closed} of {total}",
                text_bar(closed / total if total else None, 13),
            )
        )
    return rows


def personnel_row(count: PersonnelSnapshot) -> tuple[str, str, str, str, str, str]:
    """A personnel count as the Timeline lists it: date, departed, of total, uniformed,
    civilian, sources."""
    qualifier = f"{count.qualifier} " if count.qualifier else ""
    return (
        fmt_date(count.date),
        f"{qualifier}{count.departed:,}",
        fmt_int(count.total),
        _pair(count.uniformed_departed, count.uniformed_total),
        _pair(count.civilian_departed, count.civilian_total),
        cite(count.sources),
    )


def _pair(done: int | None, total: int | None) -> str:
    if done is None:
        return UNKNOWN
    return f"{done:,}" + (f" of {total:,}" if total is not None else "")


CONTINGENT_COLUMNS: tuple[str, ...] = (
    "Country",
    "Site",
    "Figure",
    "Kind",
    "Left",
    "Status",
    "Figure date",
    "Unit",
    "Sources",
)
"""The columns that matter most come first, so they fit in 80 columns; the rest scroll."""


def contingent_row(snap: Snapshot, post: ContingentStatus) -> tuple[str, ...]:
    """A posting as the Contingents tab lists it, in CONTINGENT_COLUMNS order: a departure
    still to come is "—", a date not its own (its site's closure) is starred."""
    c = post.contingent
    left = post.left_known
    return (
        snap.dataset.country_name(c.country),
        post.site.name,
        fmt_int(snap.figure(c)),
        KIND_LABELS[c.kind] if c.kind and snap.figure(c) is not None else "",
        "—" if left is None else fmt_date(left) + ("" if c.left else "*"),
        post.status,
        (snap.text(c.figure_date) or "") if snap.figure(c) is not None else "",
        snap.text(c.unit) or UNKNOWN,
        cite(snap.cites(c.sources)),
    )


def event_row(event: Event) -> tuple[str, str, str]:
    """An event as the Timeline, the summary and the Markdown show it (a snapshot's events
    already cite only what the mode allows, see `Snapshot.events`)."""
    return (fmt_date(event.date), event.title, cite(event.sources))


def source_row(snap: Snapshot, source_id: str) -> tuple[str, str, str, str, str, str]:
    """A source as the Sources tab and the exports list it; "Facts": the facts shown on the
    snapshot's date that cite it. Its date ends in "+" when it is after the as-of date: listed
    with hindsight (`tui.render.hindsight`)."""
    from tui.render.hindsight import LATER_MARK, is_later

    s = snap.dataset.sources[source_id]
    date = s.date or UNKNOWN
    return (
        s.id,
        s.title,
        s.publisher,
        f"{date} {LATER_MARK}" if is_later(snap, source_id) else date,
        s.url or UNKNOWN,
        str(snap.citation_counts.get(s.id, 0)),
    )
