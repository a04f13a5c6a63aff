"""The summary as Rich renderables, built from the model. No Textual import.

One set of helpers serves every view: the CLI export (txt, ansi, html, svg and, through the row
helpers, md), the no-terminal fallback, the Overview tab and the Bases detail pane. Text from the
dataset always goes in through `Text(...)`, never as markup, so a site named `[red]x` prints as
typed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from tui.core.model import STATE_LABELS, Dataset, Event, Site, SiteState, Snapshot

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
    "Date",
    "Status",
    "Region",
    "Handed to",
    "Contingents",
)
"""Status comes early, so that it is never the column a narrow terminal cuts off."""
DATE_COLUMN = SITE_COLUMNS.index("Date")
STATUS_COLUMN = SITE_COLUMNS.index("Status")


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
    """`More than 8,817 of 13,871 personnel departed (63.6%), count of 2023-11-20`.

    When the count's source gives no total, the line says so and measures it against the
    mission's own denominator, named as such: a total is never put in a source's mouth.
    """
    record = snap.personnel
    if record is None:
        return f"Personnel departed: {UNKNOWN} (no count on or before {fmt_date(snap.as_of)})"
    qualifier = f"{record.qualifier} " if record.qualifier else ""
    if record.total is None:
        line = (
            f"{qualifier}{record.departed:,} personnel departed, count of "
            f"{fmt_date(record.date)}; its source gives no total "
            f"({fmt_percent(snap.personnel_fraction)} of the mission's "
            f"{snap.personnel_total:,} to withdraw)"
        )
    else:
        line = (
            f"{qualifier}{record.departed:,} of {snap.personnel_total:,} personnel departed "
            f"({fmt_percent(snap.personnel_fraction)}), count of {fmt_date(record.date)}"
        )
    return line[0].upper() + line[1:]


def presence_text(present: bool | None) -> Text:
    """A contingent on a date: present, gone, or "site open": no departure date of its own and
    its site not yet closed, so its status is its site's (no source says more)."""
    if present is None:
        return Text("site open", style="italic")
    return Text("present", style="bold") if present else Text("gone", style="dim")


def state_phrase(site: Site, as_of: dt.date) -> Text:
    """A site's state on a date, with when it began: `vacated, no handover (since 2023-10-31)`."""
    state = site.state_on(as_of)
    text = state_text(state)
    if state == "open":
        pass  # when it would close was not known on the date (see "Announced")
    elif state == "partial":
        text.append(f" (since {fmt_date(site.partial_date)})")
    else:
        text.append(f" (since {fmt_date(site.date)})")
    return text


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
    elif step.site is not None:
        text.append(" (no date announced in the sources)")
    if step.date is not None:
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


NOT_CLOSED: frozenset[SiteState] = frozenset({"open", "partial"})
"""States of a site whose closure is after the as-of date: its date and receiver not yet known."""


def site_row(site: Site, state: SiteState, *, plan: bool = True) -> tuple[str, ...]:
    """One site as plain strings, in SITE_COLUMNS order, as known in that state: a site not
    yet closed shows its plan as announced (`plan`; the TUI's one-line table leaves it to the
    detail pane) and no receiver (they came later)."""
    ordinal = f"{site.ordinal}*" if site.ordinal_inferred else str(site.ordinal)
    countries = ", ".join(dict.fromkeys(c.country for c in site.contingents)) or UNKNOWN
    if state in NOT_CLOSED:
        if state == "partial" and site.partial_date is not None:
            date = f"partly {fmt_date(site.partial_date)}"
        else:
            date = f"planned: {site.planned}" if site.planned and plan else "not yet"
        handed_to = "not yet"
    else:
        date, handed_to = fmt_date(site.date), site.handed_to or UNKNOWN
    return (ordinal, site.name, date, STATE_LABELS[state], site.region, handed_to, countries)


def phase_rows(snap: Snapshot) -> list[tuple[str, str, str, str]]:
    rows = []
    for phase, closed, total in snap.phase_breakdown:
        # As of the date: a phase not begun has no dates yet; one not over has no end yet.
        if phase.start > snap.as_of:
            span = "not started"
        elif phase.end is None:
            span = fmt_date(phase.start) + " to open-ended"
        elif phase.end > snap.as_of:
            span = fmt_date(phase.start) + " to (not over)"
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


class _Progress:
    """The two text bars with their words beside them, wrapped under the words (a hanging
    indent), the bars narrowing on narrow pages so the words keep some room."""

    def __init__(self, snap: Snapshot, bar_width: int) -> None:
        self.snap = snap
        self.bar_width = bar_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        snap = self.snap
        bar_width = max(8, min(self.bar_width, (options.max_width - 13) // 3))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        total = snap.sites_total
        closed = snap.sites_closed / total if total else None
        grid.add_row(Text("Sites"), Text(text_bar(closed, bar_width)), Text(sites_line(snap)))
        words = Text(personnel_line(snap))
        if snap.personnel is not None:
            words.append_text(cite_text(snap.personnel.sources))
        grid.add_row(Text("Personnel"), Text(text_bar(snap.personnel_fraction, bar_width)), words)
        excludes = personnel_excludes(snap)
        if excludes:
            grid.add_row("", "", Text(excludes, style="dim"))
        yield grid


def progress(snap: Snapshot, bar_width: int = 30) -> Group:
    """Sites and personnel as text bars with their figures (export; the TUI uses `meters`)."""
    return Group(_Progress(snap, bar_width))


BAR_LABEL_WIDTH = 20
"""The Overview's bar labels ("Personnel departed") and the gap after them."""


def meter(label: str, fraction: float | None, width: int) -> Text:
    """`Sites closed        ━━━━━━━━━━━━━━━━━━━━────────  69%`, `width` cells in all.

    Heavy rule for the part done, light rule for the rest: told apart without colour
    (NO_COLOR, 8-colour terminals). An unknown fraction draws an empty bar and no percentage:
    the words beside it say "unknown", never a made-up 0%.
    """
    cells = max(8, width - BAR_LABEL_WIDTH - 5)
    done = 0 if fraction is None else round(min(max(fraction, 0.0), 1.0) * cells)
    percent = "" if fraction is None else f"{round(fraction * 100)}%"
    return Text.assemble(
        (label.ljust(BAR_LABEL_WIDTH), "bold"),
        ("━" * done, "green"),
        ("─" * (cells - done), "dim"),
        f"{percent:>5}",
        no_wrap=True,
        overflow="crop",
    )


class _Meter:
    """One bar as wide as the page it is drawn on, its figures in words below it."""

    def __init__(self, label: str, fraction: float | None, words: Text) -> None:
        self.label, self.fraction, self.words = label, fraction, words

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield meter(self.label, self.fraction, options.max_width)
        yield self.words


def meters(snap: Snapshot) -> tuple[RenderableType, RenderableType]:
    """Sites closed and personnel departed: bars that grow with the page, words below."""
    total = snap.sites_total
    sites = _Meter(
        "Sites closed", snap.sites_closed / total if total else None, Text(sites_line(snap))
    )
    words = Text(personnel_line(snap))
    if snap.personnel is not None:
        words.append(" " + cite(snap.personnel.sources))
    excludes = personnel_excludes(snap)
    if excludes:
        words.append("\n" + excludes)
    return sites, _Meter("Personnel departed", snap.personnel_fraction, words)


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


SITE_COLUMN_WEIGHTS: dict[str, int] = {
    "#": 0,
    "Site": 2,
    "Region": 2,
    "Date": 1,  # a plan still to come ("planned: first weeks of December 2023") wraps
    "Status": 1,
    "Handed to": 4,
    "Contingents": 4,
}
"""How the room left after the longest words is shared (0: the column never needs more)."""


def site_column_widths(rows: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """Column widths for the sites table on a page `width` wide.

    Every column first gets its longest word (capped, so a long URL-like word cannot starve the
    others), then the rest of the page goes by weight, no column wider than its longest cell.
    Rich's own sharing cuts words in two ("representativ / es" at 100 columns); on a page too
    narrow for whole words (None) it does better than this, so it is left to it.
    """
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in SITE_COLUMNS]
    headers = list(SITE_COLUMNS)
    longest_cell = [
        max([cell_len(h), *(cell_len(cell) for cell in col)])
        for h, col in zip(headers, columns, strict=True)
    ]
    longest_word = [
        max([cell_len(h), *(cell_len(w) for cell in col for w in cell.split())])
        for h, col in zip(headers, columns, strict=True)
    ]
    weights = [SITE_COLUMN_WEIGHTS.get(h, 1) for h in headers]
    widths = [
        longest_cell[i] if weights[i] == 0 else min(longest_word[i], 16)
        for i in range(len(headers))
    ]
    room = width - (3 * len(headers) + 1) - sum(widths)  # padding and rules take 3n + 1
    if room < 0:
        return None  # too narrow for whole words: Rich's own sharing does better there
    while room > 0:
        open_ = [i for i in range(len(headers)) if weights[i] and widths[i] < longest_cell[i]]
        if not open_:
            break
        total = sum(weights[i] for i in open_)
        given = 0
        for i in open_:
            share = min(
                max(room * weights[i] // total, 1), longest_cell[i] - widths[i], room - given
            )
            widths[i] += share
            given += share
        room -= given
        if given == 0:
            break
    return widths


class _Fitted:
    """A renderable built for the width it is printed at (the export's --width, a pane's)."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def sites_table(snap: Snapshot, width: int | None = None) -> Table:
    """Every site on the date; with `width`, columns sized so no word is cut in two."""
    rows = [site_row(site, state) for site, state in snap.sites_on_state]
    table = _table(*SITE_COLUMNS, title="Sites (* = ordinal inferred, no source states it)")
    widths = site_column_widths(rows, width) if width is not None else None
    for column, column_width in zip(table.columns, widths or (), strict=False):
        column.width = column_width
    for row, (_site, state) in zip(rows, snap.sites_on_state, strict=True):
        cells = [Text(cell) for cell in row]
        cells[STATUS_COLUMN].stylize(STATE_STYLES[state])
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


@dataclass(frozen=True, slots=True)
class DetailLine:
    """One line of a site's detail, in a shape every format can draw (Rich, Markdown).

    `kind`: "item" is a bullet, "sub" a point under the bullet above (a dispute's claims), "note"
    an indented remark under it (what the dataset uses), "para" a plain paragraph.
    """

    text: Text
    sources: tuple[str, ...] = ()
    kind: Literal["item", "sub", "note", "para"] = "item"


def site_facts(dataset: Dataset, site: Site, as_of: dt.date) -> list[tuple[str, Text]]:
    """The one-line facts about a site on a date, as (label, value)."""
    phase = dataset.phase_index.get(site.phase)
    ordinal = f"{site.ordinal}" + (
        " (inferred: no source states it)" if site.ordinal_inferred else ""
    )
    coords = (
        f"{site.lat:.4f}, {site.lon:.4f}" if site.has_coordinates else "unknown (not on the map)"
    )
    closed = site.state_on(as_of) not in NOT_CLOSED
    # A site still open on the date: its real closure date, note and receiver came later.
    date = fmt_date(site.date) + (f" ({site.date_note})" if site.date_note else "")
    facts: list[tuple[str, Text]] = [
        ("Region", Text(site.region)),
        ("Order", Text(f"{ordinal} of {len(dataset.sites)}")),
        ("Phase", Text(phase.name if phase else site.phase)),
        ("Date", Text(date if closed else "not yet closed")),
    ]
    if site.planned:
        facts.append(("Announced", Text(site.planned)))
    if site.partial_date and site.partial_date <= as_of:
        partial = fmt_date(site.partial_date) + (
            f": {site.partial_note}" if site.partial_note else ""
        )
        facts.append(("Partial", Text(partial)))
    facts += [
        (f"On {fmt_date(as_of)}", state_phrase(site, as_of)),
        ("Handed to", Text(site.handed_to or UNKNOWN) if closed else Text("not yet")),
        ("Location", Text(coords)),
        ("Sources", Text(cite(site.sources))),
    ]
    return facts


def _none(what: str) -> DetailLine:
    return DetailLine(Text(f"{UNKNOWN}: {what}", style="dim"), kind="para")


def site_sections(
    dataset: Dataset, site: Site, as_of: dt.date
) -> list[tuple[str, list[DetailLine]]]:
    """A site's circumstances, contingents, projects, armed groups, events and disputes."""
    sections: list[tuple[str, list[DetailLine]]] = []
    if site.circumstances:
        sections.append(("Circumstances", [DetailLine(Text(site.circumstances), kind="para")]))

    contingents = []
    for c in site.contingents:
        label = Text().append(c.country, style="bold")
        if c.unit:
            label.append(f", {c.unit}")
        if c.figure is not None:
            label.append(f": {c.figure:,} ({c.kind}")
            label.append(f", {c.figure_date})" if c.figure_date else ")")
        else:
            label.append(": figure unknown", style="dim")
        if c.left is not None and c.left <= as_of:  # a departure still to come isn't shown
            label.append(f"; left {fmt_date(c.left)}")
        present = site.contingent_present(c, as_of)
        label.append(" (" + presence_text(present).plain + ")", style="dim")
        if c.note:
            label.append(f". {c.note}")
        contingents.append(DetailLine(label, c.sources))
    sections.append(("Contingents", contingents or [_none("no source names one")]))

    projects = []
    for p in site.projects:
        label = Text().append(p.title, style="bold")
        if p.amount is not None:
            label.append(f" ({p.amount:,} {p.currency})")
        if p.detail:
            label.append(f": {p.detail}")
        projects.append(DetailLine(label, p.sources))
    sections.append(
        ("Projects and what is left behind", projects or [_none("no source lists one")])
    )

    groups = []
    for g in site.armed_groups:
        label = Text().append(g.name, style="bold")
        if g.note:
            label.append(f": {g.note}")
        groups.append(DetailLine(label, g.sources))
    sections.append(("Armed groups nearby", groups or [_none("no source names one")]))

    events = dataset.events_for(site.id)
    if events:
        lines = []
        for e in events:
            label = Text().append(fmt_date(e.date), style="bold").append("  ")
            label.append(e.title, style="" if e.date <= as_of else "dim")
            lines.append(DetailLine(label, e.sources))
        sections.append(("Events", lines))

    disputes = dataset.disputes_for(site.id)
    if disputes:
        lines = []
        for d in disputes:
            lines.append(DetailLine(Text(d.title, style="bold")))
            lines += [DetailLine(Text(c.claim), c.sources, kind="sub") for c in d.claims]
            if d.resolution:
                used = Text("Used here: ", style="dim").append(d.resolution)
                lines.append(DetailLine(used, kind="note"))
        sections.append(("Disputed", lines))
    return sections


def _detail_line(line: DetailLine) -> Text:
    if line.kind == "para":
        return line.text
    if line.kind == "note":
        return Text("    ").append_text(line.text)
    text = Text("    - " if line.kind == "sub" else "• ").append_text(line.text)
    if line.sources:
        text.append_text(cite_text(line.sources))
    return text


def site_detail(dataset: Dataset, site: Site, as_of: dt.date) -> Group:
    """Everything about one site on a date, each item with its sources."""
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    for label, value in site_facts(dataset, site, as_of):
        facts.add_row(label, value)
    parts: list[RenderableType] = [Text(site.name, style="bold"), facts]
    for title, lines in site_sections(dataset, site, as_of):
        parts.append(_section(title))
        parts += [_detail_line(line) for line in lines]
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
        _Fitted(lambda width: sites_table(snap, width)),
    ]
    if include_map:
        from tui.render.map import map_panel  # the map of issue 6/6; Rich only, no Textual

        parts.append(map_panel(snap, site))
    parts.append(events_table(snap.latest_events(8)))
    if site is not None:
        parts += [Text(""), site_detail(dataset, site, as_of), Text("")]
    parts.append(sources_table(dataset, cited_in(dataset, site) if site else None))
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
    dataset: Dataset, as_of: dt.date, width: int = 100, site: Site | None = None
) -> str:
    """The summary as plain text (no escape codes): the no-terminal fallback and `export -f txt`."""
    console = recording_console(width, colour=False)
    console.print(summary(dataset, as_of, site))
    text = console.export_text(styles=False)
    # Rich pads every line to the width; a pasted summary should not carry that.
    return "\n".join(line.rstrip() for line in text.split("\n"))
