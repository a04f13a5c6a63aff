"""The summary as Rich renderables, built from the model. No Textual import.

One set of helpers serves every view: the CLI export (txt, ansi, html, svg and, through the row
helpers, md), the no-terminal fallback, the Overview tab and the Bases detail pane. Text from the
dataset always goes in through `Text(...)`, never as markup, so a site named `[red]x` prints as
typed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from tui.model import STATE_LABELS, Dataset, Event, Site, SiteState, Snapshot

UNKNOWN = "unknown"
STATE_STYLES: dict[str, str] = {
    "open": "bold",
    "partial": "yellow",
    "handed_over": "green",
    "vacated": "red",
}
"""Colour only repeats what the words say (see STATE_LABELS)."""

SITE_COLUMNS: tuple[str, ...] = (
    "#",
    "Site",
    "Region",
    "Date",
    "Status",
    "Handed to",
    "Contingents",
)


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


# --- figures in words ------------------------------------------------------------------------


def headline(snap: Snapshot) -> Text:
    mission = snap.dataset.mission
    return Text.assemble(
        (mission.name, "bold"),
        " · ",
        mission.full_name,
        "\n",
        ("As of ", "dim"),
        (fmt_date(snap.as_of), "bold"),
        ("  ·  ", "dim"),
        ("Phase: ", "dim"),
        snap.phase_label,
    )


def sites_line(snap: Snapshot) -> str:
    """`9 of 13 sites closed: 7 handed over, 2 vacated without handover; 4 still open`."""
    counts = snap.sites_by_state
    parts = [f"{counts['handed_over']} handed over"]
    if counts["vacated"]:
        parts.append(f"{counts['vacated']} vacated without handover")
    line = f"{snap.sites_closed} of {snap.sites_total} sites closed: " + ", ".join(parts)
    still = [f"{counts['open']} still open"] if counts["open"] else []
    if counts["partial"]:
        still.append(f"{counts['partial']} partly handed over")
    return line + ("; " + ", ".join(still) if still else "")


def personnel_line(snap: Snapshot) -> str:
    """`8,817 of 13,871 personnel departed (63.6%), more than, on 2023-11-20`."""
    record = snap.personnel
    if record is None:
        return f"Personnel departed: {UNKNOWN} (no count on or before {fmt_date(snap.as_of)})"
    qualifier = f"{record.qualifier} " if record.qualifier else ""
    return (
        f"{qualifier}{record.departed:,} of {snap.personnel_total:,} personnel departed "
        f"({fmt_percent(snap.personnel_fraction)}), count of {fmt_date(record.date)}"
    ).capitalize()


def personnel_excludes(snap: Snapshot) -> str | None:
    excludes = snap.dataset.mission.excludes
    return f"Not counted: {excludes}" if excludes else None


def next_step_text(snap: Snapshot) -> Text:
    step = snap.next_step
    if step is None:
        return Text("Next step: none; the withdrawal and liquidation are over.")
    text = Text.assemble(("Next step: ", "bold"), step.label)
    if step.planned:
        text.append(f" (announced: {step.planned})")
    text.append(f", {fmt_date(step.date)}")
    return text


def sites_note(snap: Snapshot) -> Text | None:
    """How sources count the sites (the "ninth of twelve" wording), if the data says."""
    note = snap.dataset.mission.sites_note
    if not note:
        return None
    return Text.assemble(
        ("How sites are counted: ", "dim"), note, cite_text(snap.dataset.mission.sources)
    )


# --- rows shared by the Rich tables, the Markdown export and the TUI's DataTable --------------


def site_row(site: Site, state: SiteState) -> tuple[str, ...]:
    """One site as plain strings, in SITE_COLUMNS order."""
    ordinal = f"{site.ordinal}*" if site.ordinal_inferred else str(site.ordinal)
    countries = ", ".join(dict.fromkeys(c.country for c in site.contingents)) or UNKNOWN
    return (
        ordinal,
        site.name,
        site.region,
        fmt_date(site.date),
        STATE_LABELS[state],
        site.handed_to or UNKNOWN,
        countries,
    )


def phase_rows(snap: Snapshot) -> list[tuple[str, str, str, str]]:
    rows = []
    for phase, closed, total in snap.phase_breakdown:
        span = fmt_date(phase.start) + " to " + (fmt_date(phase.end) if phase.end else "open-ended")
        rows.append(
            (
                phase.name,
                span,
                f"{closed} of {total}",
                text_bar(closed / total if total else None, 13),
            )
        )
    return rows


def event_row(event: Event) -> tuple[str, str, str]:
    return (fmt_date(event.date), event.title, cite(event.sources))


# --- Rich tables -----------------------------------------------------------------------------


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", expand=False
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def progress(snap: Snapshot, bar_width: int = 30) -> Group:
    """Sites and personnel as text bars with their figures (export; the TUI uses ProgressBar)."""
    total = snap.sites_total
    lines: list[RenderableType] = [
        Text(f"Sites      {text_bar(snap.sites_closed / total if total else None, bar_width)}  ")
        + Text(sites_line(snap)),
        Text(f"Personnel  {text_bar(snap.personnel_fraction, bar_width)}  ")
        + Text(personnel_line(snap)),
    ]
    if snap.personnel is not None:
        lines.append(Text("           " + cite(snap.personnel.sources), style="dim"))
    excludes = personnel_excludes(snap)
    if excludes:
        lines.append(Text("           " + excludes, style="dim"))
    return Group(*lines)


def phase_table(snap: Snapshot) -> Table:
    table = _table("Phase", "Dates", "Sites closed", "", title="By phase")
    for row in phase_rows(snap):
        table.add_row(*(Text(cell) for cell in row))
    return table


def events_table(events: Sequence[Event], title: str = "Latest events") -> Table:
    table = _table("Date", "Event", "Sources", title=title)
    for event in events:
        date, title_, sources = event_row(event)
        table.add_row(Text(date), Text(title_), Text(sources, style="dim"))
    return table


def sites_table(snap: Snapshot) -> Table:
    table = _table(*SITE_COLUMNS, title="Sites (* = ordinal inferred, no source states it)")
    for site, state in snap.sites_on_state:
        cells = [Text(cell) for cell in site_row(site, state)]
        cells[4].stylize(STATE_STYLES[state])
        table.add_row(*cells)
    return table


def overview(snap: Snapshot) -> Group:
    """The headline block: what the Overview tab and the top of the export show."""
    parts: list[RenderableType] = [headline(snap), Text(""), progress(snap)]
    note = sites_note(snap)
    if note is not None:
        parts += [Text(""), note]
    parts += [Text(""), next_step_text(snap)]
    return Group(*parts)


# --- one site in full ------------------------------------------------------------------------


def _section(title: str) -> Text:
    return Text("\n" + title, style="bold underline")


def _item(*parts: str | Text, sources: Iterable[str] = ()) -> Text:
    line = Text("• ")
    for part in parts:
        line.append(part)
    if sources:
        line.append_text(cite_text(sources))
    return line


def site_detail(dataset: Dataset, site: Site, as_of: dt.date) -> Group:
    """Everything about one site on a date, each item with its sources."""
    state = site.state_on(as_of)
    phase = dataset.phase_index.get(site.phase)
    ordinal = f"{site.ordinal}" + (
        " (inferred: no source states it)" if site.ordinal_inferred else ""
    )
    coords = (
        f"{site.lat:.4f}, {site.lon:.4f}" if site.has_coordinates else "unknown (not on the map)"
    )
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row("Region", Text(site.region))
    facts.add_row("Order", Text(f"{ordinal} of {len(dataset.sites)}"))
    facts.add_row("Phase", Text(phase.name if phase else site.phase))
    facts.add_row(
        "Date", Text(fmt_date(site.date) + (f" ({site.date_note})" if site.date_note else ""))
    )
    if site.planned:
        facts.add_row("Announced", Text(site.planned))
    if site.partial_date:
        facts.add_row(
            "Partial",
            Text(
                fmt_date(site.partial_date)
                + (f": {site.partial_note}" if site.partial_note else "")
            ),
        )
    facts.add_row(f"On {fmt_date(as_of)}", state_text(state))
    facts.add_row("Handed to", Text(site.handed_to or UNKNOWN))
    facts.add_row("Location", Text(coords))
    facts.add_row("Sources", Text(cite(site.sources)))

    parts: list[RenderableType] = [Text(site.name, style="bold"), facts]
    if site.circumstances:
        parts += [_section("Circumstances"), Text(site.circumstances)]

    parts.append(_section("Contingents"))
    if not site.contingents:
        parts.append(Text(f"{UNKNOWN}: no source names one", style="dim"))
    for c in site.contingents:
        label = Text(c.country, style="bold")
        if c.unit:
            label.append(f", {c.unit}")
        if c.figure is not None:
            label.append(f": {c.figure:,} ({c.kind}")
            label.append(f", {c.figure_date})" if c.figure_date else ")")
        else:
            label.append(": figure unknown", style="dim")
        left = site.contingent_left(c)
        label.append(f"; left {fmt_date(left)}" if c.left else "")
        label.append(" (gone)" if as_of >= left else " (present)", style="dim")
        if c.note:
            label.append(f". {c.note}")
        parts.append(_item(label, sources=c.sources))

    parts.append(_section("Projects and what is left behind"))
    if not site.projects:
        parts.append(Text(f"{UNKNOWN}: no source lists one", style="dim"))
    for p in site.projects:
        label = Text(p.title, style="bold")
        if p.amount is not None:
            label.append(f" ({p.amount:,} {p.currency})")
        if p.detail:
            label.append(f": {p.detail}")
        parts.append(_item(label, sources=p.sources))

    parts.append(_section("Armed groups nearby"))
    if not site.armed_groups:
        parts.append(Text(f"{UNKNOWN}: no source names one", style="dim"))
    for g in site.armed_groups:
        label = Text(g.name, style="bold")
        if g.note:
            label.append(f": {g.note}")
        parts.append(_item(label, sources=g.sources))

    events = dataset.events_for(site.id)
    if events:
        parts.append(_section("Events"))
        for e in events:
            style = "" if e.date <= as_of else "dim"
            parts.append(
                _item(
                    Text(f"{fmt_date(e.date)}  ", style="bold"),
                    Text(e.title, style=style),
                    sources=e.sources,
                )
            )

    disputes = dataset.disputes_for(site.id)
    if disputes:
        parts.append(_section("Disputed"))
        for d in disputes:
            parts.append(_item(Text(d.title, style="bold")))
            for claim in d.claims:
                parts.append(
                    Text("    - ").append(claim.claim).append_text(cite_text(claim.sources))
                )
            if d.resolution:
                parts.append(Text("    Used here: ", style="dim").append(d.resolution))
    return Group(*parts)


# --- sources ---------------------------------------------------------------------------------


def source_row(dataset: Dataset, source_id: str) -> tuple[str, str, str, str, str, str]:
    s = dataset.sources[source_id]
    return (
        s.id,
        s.title,
        s.publisher,
        s.date or UNKNOWN,
        s.url or UNKNOWN,
        str(len(dataset.citations.get(s.id, ()))),
    )


def sources_table(dataset: Dataset, only: Iterable[str] | None = None) -> Table:
    table = _table("Id", "Title", "Publisher", "Date", "URL", "Facts", title="Sources")
    ids = list(dataset.sources) if only is None else [i for i in dataset.sources if i in set(only)]
    for sid in ids:
        table.add_row(*(Text(cell) for cell in source_row(dataset, sid)))
    return table


def cited_in(dataset: Dataset, site: Site | None) -> list[str]:
    """Source ids cited by the summary: all for the mission-wide view, plus one site's own."""
    if site is None:
        return list(dataset.sources)
    index = dataset.sites.index(site)
    prefix = f"sites[{index}]"
    ids: dict[str, None] = {}
    for _label, path, sources in dataset.facts():
        if path == prefix or path.startswith(prefix + "."):
            ids.update(dict.fromkeys(sources))
    for e in dataset.events_for(site.id):
        ids.update(dict.fromkeys(e.sources))
    for d in dataset.disputes_for(site.id):
        for c in d.claims:
            ids.update(dict.fromkeys(c.sources))
    return [i for i in dataset.sources if i in ids]


# --- the whole summary -----------------------------------------------------------------------


def summary(
    dataset: Dataset, as_of: dt.date, site: Site | None = None, *, include_map: bool = False
) -> Group:
    """The report: headline, progress, phases, sites, map, latest events, one site, sources."""
    snap = dataset.on(as_of)
    parts: list[RenderableType] = [
        overview(snap),
        Text(""),
        phase_table(snap),
        sites_table(snap),
    ]
    if include_map:
        from tui.geo import map_panel  # the map of issue 6/6; Rich only, no Textual

        parts.append(map_panel(snap, site))
    parts.append(events_table(snap.latest_events(8)))
    if site is not None:
        parts += [Text(""), site_detail(dataset, site, as_of), Text("")]
    parts.append(sources_table(dataset, cited_in(dataset, site) if site else None))
    return Group(*parts)


def render_text(
    dataset: Dataset, as_of: dt.date, width: int = 100, site: Site | None = None
) -> str:
    """The summary as plain text (no escape codes): the no-terminal fallback and `export -f txt`."""
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        record=True,
        legacy_windows=False,
        emoji=False,
        highlight=False,
    )
    console.print(summary(dataset, as_of, site))
    return console.export_text(styles=False)
