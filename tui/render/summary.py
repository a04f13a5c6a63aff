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
from tui.core.sorting import reading_key
from tui.render.blocks import BLOCK_INDENT, Run, RunLines, wrap, wrap_runs
from tui.render.figures import (
    as_of_label as as_of_label,
    headline as headline,
    meters as meters,
    next_step_text as next_step_text,
    overview,
    sites_note as sites_note,
)

# `X as X`: re-exported for the screens and widgets that read them as `summary.X`.
from tui.render.hindsight import hindsight_note
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
from tui.render.site_detail import LEFT_BEHIND, left_behind, site_detail as site_detail
from tui.render.tables import (
    events_table as events_table,
    phase_table as phase_table,
    sites_table,
    sources_table,
)
from tui.render.words import (
    STATE_STYLES as STATE_STYLES,
    UNKNOWN as UNKNOWN,
    cite,
    fmt_date as fmt_date,
    presence_text as presence_text,
)

SUMMARY_EVENTS = 8
"""How many of the latest events the summary lists."""
PER_SITE = ("contingents", "projects")
"""What the summary shows of every site besides its row: who was there (the table names
them), what it left behind (`LeftBehind`)."""


def cited_in(snap: Snapshot, site: Site | None) -> list[str]:
    """The source ids cited by what the summary shows: the mission, the phases, the sites and
    their contingents (the table names them), the personnel count, the latest events, the next
    key date, what each site left behind, and one site's own facts, events and disputes if
    given. Nothing shown, nothing listed. In the order of their ids (S9 before S10), as the
    Sources tab lists them: a reader looks an id up, as in a bibliography."""
    count = len(snap.dataset.sites)
    exact = ["mission", *(f"sites[{i}]" for i in range(count))]
    exact += [snap.record_path(e) or "" for e in snap.latest_events(SUMMARY_EVENTS)]
    if snap.personnel is not None:
        exact.append(snap.record_path(snap.personnel) or "")
    step = snap.next_step
    if step is not None and step.site is None:
        keys = snap.dataset.mission.key_dates
        exact += [f"mission.key_dates[{i}]" for i, k in enumerate(keys) if k.label == step.label]
    under = ["phases", *(f"sites[{i}].{part}" for i in range(count) for part in PER_SITE)]
    ids = set(snap.sources_shown(exact, under))
    if site is not None:
        index = snap.dataset.sites.index(site)
        shown = [snap.record_path(e) or "" for e in snap.site_events(site)]
        ids.update(
            snap.sources_shown(
                shown, [f"sites[{index}]", *map(snap.dispute_path, snap.site_disputes(site))]
            )
        )
    return sorted(ids, key=reading_key)


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
        sites_table(snap),
        LeftBehind(snap),
    ]
    if include_map:
        from tui.render.map import map_panel  # the map of issue 6/6; Rich only, no Textual

        parts.append(map_panel(snap, site))
    parts.append(events_table(snap.latest_events(SUMMARY_EVENTS)))
    if site is not None:
        parts += [Text(""), site_detail(dataset, site, as_of, known), Text("")]
    parts.append(sources_table(snap, cited_in(snap, site)))
    hindsight = hindsight_note(snap, dataset.on(as_of, False), "--known")
    if hindsight:  # a report read on its own says which sources were not out yet on its date
        parts.append(Text(hindsight, style="dim"))
    return Group(*parts)


class LeftBehind(RunLines):
    """What each site left behind, one entry a site (`Ansongo: Police station built and
    equipped [S03, S01, S02]; ...`), so the report tells it without a site in full; then the
    sites with none on the date, named (a short list is not read as complete)."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap

    def lines(self, width: int) -> list[list[Run]]:
        """The list as lines of (text, style) runs, each entry's lines under its first."""
        out: list[list[Run]] = [[(line, "bold")] for line in wrap(LEFT_BEHIND, width)]
        out.append([])
        indent, hang = " " * BLOCK_INDENT, " " * (2 * BLOCK_INDENT)
        for runs in self._entries():
            wrapped = wrap_runs(runs, width - len(hang), first=width - len(indent))
            out += [[(indent if i == 0 else hang, ""), *line] for i, line in enumerate(wrapped)]
        out.append([])
        return out

    def plain_lines(self, width: int) -> list[str]:
        """`lines` as plain text, each entry wrapped as one string."""
        out = [*wrap(LEFT_BEHIND, width), ""]
        indent, hang = " " * BLOCK_INDENT, " " * (2 * BLOCK_INDENT)
        for runs in self._entries():
            text = "".join(text for text, _style in runs)
            wrapped = wrap(text, width - len(hang), first=width - len(indent))
            out += [(indent if i == 0 else hang) + line for i, line in enumerate(wrapped)]
        out.append("")
        return [line.rstrip() for line in out]

    def _entries(self) -> list[list[Run]]:
        """Each site's entry as (text, style) runs (`Ansongo:` bold, the sources dim), then
        the sites with none."""
        listed, missing = left_behind(self.snap)
        entries: list[list[Run]] = []
        for site, items in listed:
            runs: list[Run] = [(f"{site.name}:", "bold")]
            for index, item in enumerate(items):
                runs.append((" " + item.text, ""))
                runs.append((" " + cite(item.sources), "dim"))
                if index < len(items) - 1:
                    runs.append((";", ""))
            entries.append(runs)
        if missing:
            entries.append([(missing, "dim")])
        return entries


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

    The same text as printing `summary` (tests/render/test_perf_export.py checks it), with the
    tables and the list of what was left behind written directly (`plain_lines`): at 10,000
    sites Rich's layout of the sites table was nearly all of the export's time.
    """
    console = recording_console(width, colour=False)
    chunks: list[str] = []
    for part in summary(dataset, as_of, site, known=known).renderables:
        if isinstance(part, RunLines):
            lines = part.plain_lines(width)  # without trailing spaces already
            chunks += [_unpadded(console.export_text(styles=False, clear=True)), "\n".join(lines)]
            chunks.append("\n")
        else:
            console.print(part)
    chunks.append(_unpadded(console.export_text(styles=False)))
    return "".join(chunks)


def _unpadded(text: str) -> str:
    """Rich's lines without the spaces it pads each to the width with: a pasted summary should
    not carry them."""
    return "\n".join(line.rstrip() for line in text.split("\n"))
