"""The summary: the report every export prints (headline, progress, phases, sites, map, latest
events, one site, sources), and its plain text. No Textual import.

Its parts live in the modules below it, one job each: `figures` (the headline figures in words
and bars), `rows` (the rows every table shares), `tables` (the Rich tables) and `site_detail`
(one site in full). Text from the dataset always goes in through `Text(...)`, never as markup,
so a site named `[red]x` prints as typed.

The screens and the Bases pane still read some of those parts as `summary.X`: those are
re-exported here (`X as X`), until the views import them from where they live.
"""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console, Group, RenderableType
from rich.text import Text

from tui.core.model import Dataset, Site, Snapshot

# `X as X`: re-exported for the screens and widgets that read them as `summary.X`.
from tui.render.figures import (
    as_of_label as as_of_label,
    headline as headline,
    meters as meters,
    next_step_text as next_step_text,
    overview,
    sites_note as sites_note,
)
from tui.render.rows import (
    CONTINGENT_COLUMNS as CONTINGENT_COLUMNS,
    DATE_COLUMN as DATE_COLUMN,
    SITE_COLUMNS as SITE_COLUMNS,
    contingent_row as contingent_row,
    event_row as event_row,
    personnel_row as personnel_row,
    site_row as site_row,
    source_row as source_row,
)
from tui.render.site_detail import site_detail as site_detail
from tui.render.tables import (
    SitesTable,
    events_table as events_table,
    phase_table as phase_table,
    sources_table,
)
from tui.render.words import (
    STATE_STYLES as STATE_STYLES,
    UNKNOWN as UNKNOWN,
    fmt_date as fmt_date,
    presence_text as presence_text,
)

SUMMARY_EVENTS = 8
"""How many of the latest events the summary lists."""


def cited_in(snap: Snapshot, site: Site | None) -> list[str]:
    """The source ids cited by what the summary shows: the mission, the phases, the sites and
    their contingents (the table names them), the personnel count, the latest events, the next
    key date, and one site's own facts, events and disputes if given. Nothing shown, nothing
    listed."""
    count = len(snap.dataset.sites)
    exact = ["mission", *(f"sites[{i}]" for i in range(count))]
    exact += [snap.record_path(e) or "" for e in snap.latest_events(SUMMARY_EVENTS)]
    if snap.personnel is not None:
        exact.append(snap.record_path(snap.personnel) or "")
    step = snap.next_step
    if step is not None and step.site is None:
        keys = snap.dataset.mission.key_dates
        exact += [f"mission.key_dates[{i}]" for i, k in enumerate(keys) if k.label == step.label]
    under = ["phases", *(f"sites[{i}].contingents" for i in range(count))]
    ids = set(snap.sources_shown(exact, under))
    if site is not None:
        index = snap.dataset.sites.index(site)
        shown = [snap.record_path(e) or "" for e in snap.site_events(site)]
        ids.update(
            snap.sources_shown(
                shown, [f"sites[{index}]", *map(snap.dispute_path, snap.site_disputes(site))]
            )
        )
    return [sid for sid in snap.dataset.sources if sid in ids]


# --- the whole summary -----------------------------------------------------------------------


def summary(
    dataset: Dataset,
    as_of: dt.date,
    site: Site | None = None,
    *,
    include_map: bool = False,
    known: bool = False,
) -> Group:
    """The report: headline, progress, phases, sites, map, latest events, one site, sources
    ("as known then" with `known`)."""
    snap = dataset.on(as_of, known)
    parts: list[RenderableType] = [
        overview(snap),
        Text(""),
        phase_table(snap),
        SitesTable(snap),
    ]
    if include_map:
        from tui.render.map import map_panel  # the map of issue 6/6; Rich only, no Textual

        parts.append(map_panel(snap, site))
    parts.append(events_table(snap.latest_events(SUMMARY_EVENTS)))
    if site is not None:
        parts += [Text(""), site_detail(dataset, site, as_of, known), Text("")]
    parts.append(sources_table(snap, cited_in(snap, site)))
    return Group(*parts)


def recording_console(width: int, *, colour: bool) -> Console:
    """A recording console that ignores the environment (NO_COLOR, TERM, COLUMNS): the format
    asked for decides, so the same command gives the same file everywhere."""
    return Console(
        file=io.StringIO(),
        width=width,
        height=25,
        record=True,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        no_color=not colour,
        legacy_windows=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        force_jupyter=False,
        force_interactive=False,
    )


def render_text(
    dataset: Dataset,
    as_of: dt.date,
    width: int = 100,
    site: Site | None = None,
    *,
    known: bool = False,
) -> str:
    """The summary as plain text (no escape codes): the no-terminal fallback and `export -f txt`.

    The same text as printing `summary` (tests/render/test_perf_export.py checks it), with the sites
    table written directly (`SitesTable.plain_lines`): at 10,000 sites Rich's layout of it
    was nearly all of the export's time.
    """
    console = recording_console(width, colour=False)
    chunks: list[str] = []
    for part in summary(dataset, as_of, site, known=known).renderables:
        lines = part.plain_lines(width, console) if isinstance(part, SitesTable) else None
        if lines is None:
            console.print(part)
        else:
            chunks += [console.export_text(styles=False, clear=True), "\n".join(lines), "\n"]
    chunks.append(console.export_text(styles=False))
    text = "".join(chunks)
    # Rich pads every line to the width; a pasted summary should not carry that.
    return "\n".join(line.rstrip() for line in text.split("\n"))
