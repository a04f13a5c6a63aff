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
from dataclasses import dataclass
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from tui.core.model import (
    KIND_LABELS,
    NOT_CLOSED,
    NOT_REPORTED,
    SITE_KIND_LABELS,
    STATE_LABELS,
    Contingent,
    ContingentStatus,
    Dataset,
    Event,
    PersonnelSnapshot,
    Site,
    SiteState,
    Snapshot,
)
from tui.render.words import (  # the screens and the export read these as summary's too
    DISPUTED_LEGEND as DISPUTED_LEGEND,
    DISPUTED_MARK as DISPUTED_MARK,
    STATE_STYLES as STATE_STYLES,
    UNKNOWN as UNKNOWN,
    cite as cite,
    cite_text,
    fmt_date as fmt_date,
    fmt_int as fmt_int,
    fmt_percent,
    presence_text as presence_text,
    state_phrase,
    state_text as state_text,
    status_label as status_label,
    text_bar,
)

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
        *((("  ·  ", "dim"), (KNOWN_LABEL, "bold")) if snap.known else ()),
    )


KNOWN_LABEL = "as known then"
"""The mode's words wherever the date is shown (the header, the headline, the export's title)."""


def as_of_label(snap: Snapshot) -> str:
    """`as of 2023-11-20`, or `as of 2023-11-20 · as known then`."""
    return f"as of {fmt_date(snap.as_of)}" + (f" · {KNOWN_LABEL}" if snap.known else "")


LATER_STATES: tuple[SiteState, ...] = ("closed", "returned", "taken")
"""Closed states said after the handed over and vacated counts (a site taken after its handover
counts as closed: the mission had left it)."""


def sites_line(snap: Snapshot) -> str:
    """`9 of 13 sites closed: 7 handed over, 2 vacated without handover; 4 still open`."""
    counts = snap.sites_by_state
    parts = [f"{counts['handed_over']} handed over"]
    if counts["vacated"]:
        parts.append(f"{counts['vacated']} vacated without handover")
    parts += [f"{counts[state]} {STATE_LABELS[state]}" for state in LATER_STATES if counts[state]]
    line = f"{snap.sites_closed} of {snap.sites_total} sites closed: " + ", ".join(parts)
    still_open = counts["open"] - snap.sites_unreported  # those count as open, but unsaid
    still = [f"{still_open} still open"] if still_open else []
    if counts["partial"]:
        still.append(f"{counts['partial']} partly handed over")
    if counts["stopped"]:
        still.append(f"{counts['stopped']} where the drawdown stopped")
    if snap.sites_unreported:
        still.append(f"{snap.sites_unreported} {NOT_REPORTED}")
    return line + ("; " + ", ".join(still) if still else "")


def personnel_line(snap: Snapshot) -> str:
    """`More than 8,817 of 13,871 personnel departed (63.6%), count of 2023-11-20`.

    When the count's source gives no total, the line says so and measures it against the
    mission's own denominator, named as such: a total is never put in a source's mouth.
    """
    record = snap.personnel
    headline = snap.headline
    if headline is not None:
        # The end of the withdrawal leads: the last count's percentage is from before it.
        lead = f"{headline.label} ({fmt_date(headline.date)}) {cite(snap.cites(headline.sources))}"
        if record is None:
            return lead
        qualifier = f"{record.qualifier} " if record.qualifier else ""
        return (
            f"{lead}. Last published count: {qualifier}{record.departed:,} of "
            f"{snap.personnel_total:,} personnel departed ({fmt_percent(snap.personnel_fraction)})"
            f" on {fmt_date(record.date)}; no later count was found"
        )
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


def personnel_excludes(snap: Snapshot) -> str | None:
    """What the personnel series counts, and leaves out, in the data's words."""
    mission = snap.dataset.mission
    counted = f"Counted: {mission.personnel_counted}"
    return counted + (f". Not counted: {mission.excludes}" if mission.excludes else "")


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
    note = snap.text(snap.dataset.mission.sites_note)
    if not note:
        return None
    return Text.assemble(
        ("How sites are counted: ", "dim"),
        note,
        cite_text(snap.cites(snap.dataset.mission.sources)),
    )


# --- rows shared by the Rich tables, the Markdown export and the TUI's DataTable --------------


def country_list(dataset: Dataset | None, contingents: Iterable[Contingent]) -> str:
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
    dataset: Dataset | None = None,
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
            date = f"planned: {site.planned}" if site.planned and plan else "not yet"
        handed_to = "not yet"
    else:
        date, handed_to = fmt_date(site.date), site.handed_to or UNKNOWN
        if snap is not None:
            handed_to = snap.text(handed_to) or UNKNOWN
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
        fmt_int(c.figure),
        KIND_LABELS[c.kind] if c.kind else "",
        "—" if left is None else fmt_date(left) + ("" if c.left else "*"),
        post.status,
        snap.text(c.figure_date) or "",
        snap.text(c.unit) or UNKNOWN,
        cite(snap.cites(c.sources)),
    )


def event_row(event: Event) -> tuple[str, str, str]:
    """An event as the Timeline, the summary and the Markdown show it (a snapshot's events
    already cite only what the mode allows, see `Snapshot.events`)."""
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
        bar = "[completed]" if snap.headline else text_bar(snap.personnel_fraction, bar_width)
        grid.add_row(Text("Personnel"), Text(bar), words)
        excludes = personnel_excludes(snap)
        if excludes:
            grid.add_row("", "", Text(excludes, style="dim"))
        yield grid


def progress(snap: Snapshot, bar_width: int = 30) -> Group:
    """Sites and personnel as text bars with their figures (export; the TUI uses `meters`)."""
    return Group(_Progress(snap, bar_width))


BAR_LABEL_WIDTH = 20
"""The Overview's bar labels ("Personnel departed") and the gap after them."""


def meter(label: str, fraction: float | None, width: int, status: str | None = None) -> Text:
    """`Sites closed        ━━━━━━━━━━━━━━━━━━━━────────  69%`, `width` cells in all.

    Heavy rule for the part done, light rule for the rest: told apart without colour
    (NO_COLOR, 8-colour terminals). An unknown fraction draws an empty bar and no percentage:
    the words beside it say "unknown", never a made-up 0%.
    """
    if status is not None:  # an end reached, said in words: no bar of a count from before it
        return Text.assemble(
            (label.ljust(BAR_LABEL_WIDTH), "bold"), (status, "bold"), no_wrap=True, overflow="crop"
        )
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

    def __init__(
        self, label: str, fraction: float | None, words: Text, status: str | None = None
    ) -> None:
        self.label, self.fraction, self.words, self.status = label, fraction, words, status

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield meter(self.label, self.fraction, options.max_width, self.status)
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
    if snap.headline is not None:
        return sites, _Meter("Personnel departed", None, words, status="withdrawal completed")
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


def cell_width(text: str) -> int:
    """Terminal cells `text` takes, as Rich counts them: a printable ASCII text (nearly every
    cell of a table) is one cell a character, without Rich's cached per-character look-up
    (half a million calls for a 10,000-site export)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return cell_len(text)


def site_column_widths(rows: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """Column widths for the sites table on a page `width` wide.

    Every column first gets its longest word (capped, so a long URL-like word cannot starve the
    others), then the rest of the page goes by weight, no column wider than its longest cell.
    Rich's own sharing cuts words in two ("representativ / es" at 100 columns); on a page too
    narrow for whole words (None) it does better than this, so it is left to it.
    """
    # Each distinct cell once: regions, states, receivers and contingents repeat.
    columns: list[set[str]] = (
        [set(col) for col in zip(*rows, strict=True)] if rows else [set() for _ in SITE_COLUMNS]
    )
    headers = list(SITE_COLUMNS)
    longest_cell = [
        max([cell_width(h), *map(cell_width, col)]) for h, col in zip(headers, columns, strict=True)
    ]
    longest_word = [
        max([cell_width(h), *(cell_width(w) for cell in col for w in cell.split())])
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


SITES_TITLE = "Sites (* = ordinal inferred, no source states it)"
SITES_TITLE_DISPUTED = "Sites (* = ordinal inferred, no source states it; † = status disputed)"


def sites_title(rows: Sequence[Sequence[str]]) -> str:
    """The table's title, with the status mark's meaning when a row has it."""
    if any(row[STATUS_COLUMN].endswith(DISPUTED_MARK) for row in rows):
        return SITES_TITLE_DISPUTED
    return SITES_TITLE


def sites_table(
    snap: Snapshot, width: int | None = None, rows: Sequence[Sequence[str]] | None = None
) -> Table:
    """Every site on the date; with `width`, columns sized so no word is cut in two."""
    if rows is None:
        rows = [site_row(site, state, snap=snap) for site, state in snap.sites_on_state]
    table = _table(*SITE_COLUMNS, title=sites_title(rows))
    widths = site_column_widths(rows, width) if width is not None else None
    for column, column_width in zip(table.columns, widths or (), strict=False):
        column.width = column_width
    for row, (_site, state) in zip(rows, snap.sites_on_state, strict=True):
        cells = [Text(cell) for cell in row]
        cells[STATUS_COLUMN].stylize(STATE_STYLES[state])
        table.add_row(*cells)
    return table


class SitesTable:
    """The sites table of a summary, fitted to the width it is printed at.

    Printed, it is Rich's table (`sites_table`). As plain text (`plain_lines`, for the txt
    export) the same lines are written directly: Rich measures, pads and crops every cell
    through several layers (about 100 µs a cell, seven seconds for 10,000 sites), while the
    columns here are fixed by `site_column_widths` already and each cell is plain words. A
    cell this writer does not handle exactly as Rich does (odd spacing, a word wider than its
    column) is wrapped by Rich's own `Text.wrap`; a page too narrow for whole words, or for the
    title, is left to Rich entirely.
    """

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self._rows: list[tuple[str, ...]] | None = None

    @property
    def rows(self) -> list[tuple[str, ...]]:
        if self._rows is None:
            snap = self.snap
            self._rows = [site_row(site, state, snap=snap) for site, state in snap.sites_on_state]
        return self._rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield sites_table(self.snap, options.max_width, self.rows)

    def plain_lines(self, width: int, console: Console) -> list[str] | None:
        """The table as Rich prints it without styles, each line stripped of trailing spaces;
        None where only Rich lays it out the same (then print this object instead)."""
        rows = self.rows
        widths = site_column_widths(rows, width)
        if widths is None:
            return None
        inner = sum(widths) + 3 * len(widths) - 1  # cells, their padding, the rules between
        title = sites_title(rows)
        if cell_len(title) > inner + 2:
            return None
        lines = [title, ""]  # the title, then the box's top edge (blank in SIMPLE_HEAD)
        lines += _plain_row(SITE_COLUMNS, widths, console)
        lines.append(" " + "─" * inner)
        for row in rows:
            lines += _plain_row(row, widths, console)
        lines.append("")  # the box's bottom edge
        return lines


def _plain_row(cells: Sequence[str], widths: Sequence[int], console: Console) -> list[str]:
    """One table row of SIMPLE_HEAD (a space for every rule, one of padding each side)."""
    if all(map(_one_line, cells, widths)):  # every cell on one line, as it is
        return [("  " + "   ".join(map(str.ljust, cells, widths))).rstrip()]
    # Each cell's lines padded to its column: a printable ASCII cell's lines are too, and
    # str.ljust pads them; others are measured.
    columns = [
        [line.ljust(w) for line in _wrap_cell(cell, w, console)]
        if cell.isascii() and cell.isprintable()
        else [line + " " * (w - cell_len(line)) for line in _wrap_cell(cell, w, console)]
        for cell, w in zip(cells, widths, strict=True)
    ]
    height = max(map(len, columns))
    blanks = [" " * w for w in widths]
    for lines, blank in zip(columns, blanks, strict=True):
        lines += [blank] * (height - len(lines))
    return [("  " + "   ".join(parts)).rstrip() for parts in zip(*columns, strict=True)]


def _one_line(cell: str, width: int) -> bool:
    """Whether `_wrap_cell` gives `cell` back as its one line (printable ASCII that fits)."""
    return (
        len(cell) <= width
        and cell.isascii()
        and cell.isprintable()
        and "  " not in cell
        and (not cell or (cell[0] != " " and cell[-1] != " "))
    )


def _wrap_cell(cell: str, width: int, console: Console) -> list[str]:
    """A cell's lines at `width`, as Rich wraps it (fold overflow, left justified)."""
    if not cell:
        return [""]
    if cell.isascii() and cell.isprintable():
        if len(cell) <= width and "  " not in cell and cell[0] != " " and cell[-1] != " ":
            return [cell]
        words = cell.split(" ")
        if all(words) and max(map(len, words)) <= width:
            # Rich's rule (rich._wrap.divide_line): a word goes on the line if it fits in
            # what is left, counting the space after each word placed before it.
            lines: list[str] = []
            line: list[str] = []
            used = 0
            for word in words:
                if line and width - used < len(word):
                    lines.append(" ".join(line))
                    line, used = [], 0
                line.append(word)
                used += len(word) + 1
            lines.append(" ".join(line))
            return lines
    return [line.plain.rstrip() for line in Text(cell).wrap(console, width, overflow="fold")]


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


def site_facts(snap: Snapshot, site: Site) -> list[tuple[str, Text]]:
    """The one-line facts about a site on the snapshot's date, as (label, value)."""
    dataset, as_of = snap.dataset, snap.as_of
    phase = dataset.phase_index.get(site.phase)
    ordinal = f"{site.ordinal}" + (
        " (inferred: no source states it)" if site.ordinal_inferred else ""
    )
    coords = (
        f"{site.lat:.4f}, {site.lon:.4f}" if site.has_coordinates else "unknown (not on the map)"
    )
    facts: list[tuple[str, Text]] = [
        ("Region", Text(site.region)),
        ("Order", Text(f"{ordinal} of {len(dataset.sites)}")),
        ("Phase", Text(phase.name if phase else site.phase)),
    ]
    if site.id in snap.unreported_sites:
        facts += [
            ("Date", Text(NOT_REPORTED)),
            (f"On {fmt_date(as_of)}", state_phrase(site, snap)),
            ("Location", Text(coords)),
        ]
        return facts
    closure = snap.site_closure(site)
    # A site still open on the date: its real closure date, note and receiver came later.
    if closure is not None:
        date = fmt_date(closure.since) + (f" ({closure.note})" if closure.note else "")
        facts.append(("Date", Text(snap.text(date) or date)))
    else:
        facts.append(("Date", Text("not yet closed")))
    if site.planned:
        # A plan is the one later date shown: it was announced (the data keeps no date or
        # source of its own for the announcement: the site's sources below are the record's).
        facts.append(("Announced", Text(site.planned)))
    for change in snap.site_changes(site):
        if change is closure:
            continue
        label = "Partial" if change.state == "partial" else "Then" if closure else "Before"
        words = fmt_date(change.since)
        if change.state != "partial":
            words += f": {STATE_LABELS[change.state]}"
        if change.to:
            words += f" ({change.to})"
        if change.note:
            words += f": {change.note}"
        facts.append((label, Text(snap.text(words) or words)))
    handed_to = (snap.text(closure.to) or UNKNOWN) if closure is not None else "not yet"
    facts += [
        (f"On {fmt_date(as_of)}", state_phrase(site, snap)),
        ("Handed to", Text(handed_to)),
        ("Kind", Text(SITE_KIND_LABELS[site.kind])),
        ("Location", Text(coords)),
        ("Sources", Text(cite(snap.cites(site.sources)))),
    ]
    return facts


def _none(what: str) -> DetailLine:
    return DetailLine(Text(f"{UNKNOWN}: {what}", style="dim"), kind="para")


def _unreported(count: int, what: str) -> list[DetailLine]:
    """Items "as known then" leaves out: said, so a short list is not read as complete."""
    if not count:
        return []
    return [DetailLine(Text(f"{count} {what} {NOT_REPORTED}", style="dim italic"), kind="para")]


def site_sections(snap: Snapshot, site: Site) -> list[tuple[str, list[DetailLine]]]:
    """A site's projects, contingents, circumstances, armed groups, events and disputes, as
    shown on the snapshot's date (texts that tell of later days withheld). What was left
    behind and who was there come first: at 120x40 they are on screen without scrolling,
    above the long story of the closure."""
    as_of = snap.as_of
    sections: list[tuple[str, list[DetailLine]]] = []
    projects = []
    shown_projects = snap.site_projects(site)
    for p in shown_projects:
        label = Text().append(snap.text(p.title) or "", style="bold")
        if p.amount is not None:
            label.append(f" ({p.amount:,} {p.currency})")
        if p.detail:
            label.append(f": {snap.text(p.detail)}")
        projects.append(DetailLine(label, snap.cites(p.sources)))
    projects += _unreported(snap.unreported_count(site, site.projects), "more")
    sections.append(
        ("Projects and what is left behind", projects or [_none("no source lists one")])
    )

    contingents = []
    shown = snap.site_contingents(site)
    for c in shown:
        label = Text().append(snap.dataset.country_name(c.country), style="bold")
        if c.unit:
            label.append(f", {snap.text(c.unit)}")
        if c.figure is not None:
            label.append(f": {c.figure:,} ({c.kind}")
            figure_date = snap.text(c.figure_date)
            label.append(f", {figure_date})" if figure_date else ")")
        else:
            label.append(": figure unknown", style="dim")
        if c.left is not None and c.left <= as_of:  # a departure still to come isn't shown
            label.append(f"; left {fmt_date(c.left)}")
        present = site.contingent_present(c, as_of)
        label.append(" (" + presence_text(present).plain + ")", style="dim")
        if c.note:
            label.append(f". {snap.text(c.note)}")
        contingents.append(DetailLine(label, snap.cites(c.sources)))
    contingents += _unreported(snap.unreported_count(site, site.contingents), "more")
    sections.append(("Contingents", contingents or [_none("no source names one")]))

    circumstances = snap.site_circumstances(site)
    if circumstances:
        # Usually of the closure: for a site still open, they are still to come.
        text = snap.text(circumstances) or ""
        sections.append(("Circumstances", [DetailLine(Text(text), kind="para")]))

    groups = []
    for g in snap.site_armed_groups(site):
        label = Text().append(snap.text(g.name) or "", style="bold")
        if g.note:
            label.append(f": {snap.text(g.note)}")
        groups.append(DetailLine(label, snap.cites(g.sources)))
    groups += _unreported(snap.unreported_count(site, site.armed_groups), "more")
    sections.append(("Armed groups nearby", groups or [_none("no source names one")]))

    events = snap.site_events(site)
    if events:
        lines = []
        for e in events:
            label = Text().append(fmt_date(e.date), style="bold").append("  ")
            label.append(e.title)
            lines.append(DetailLine(label, e.sources))
        sections.append(("Events", lines))

    disputes = snap.site_disputes(site)
    if disputes:
        lines = []
        for d in disputes:
            lines.append(DetailLine(Text(d.title, style="bold")))
            lines += [
                DetailLine(Text(snap.text(c.claim) or ""), snap.cites(c.sources), kind="sub")
                for c in d.claims
            ]
            if d.resolution:
                used = Text("Used here: ", style="dim").append(snap.text(d.resolution) or "")
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


RECORD_FACTS = frozenset({"Order", "Phase", "Kind", "Location", "Sources"})
"""Facts of the record, not of the withdrawal: after what was left behind and who was there."""


def site_detail(
    dataset: Dataset, site: Site, as_of: dt.date, known: bool = False, *, name: bool = True
) -> Group:
    """Everything about one site on a date ("as known then" with `known`), each item with
    its sources: how it closed, then what was left behind and who was there (at 120x40 on
    screen without scrolling), then the record (order, phase, place, sources) and the rest.
    Without `name` where a title already says it (the pane's border)."""
    snap = dataset.on(as_of, known)
    all_facts = site_facts(snap, site)
    label_width = max(cell_len(label) for label, _value in all_facts)
    facts, record = _facts_grid(label_width), _facts_grid(label_width)
    for label, value in all_facts:
        (record if label in RECORD_FACTS else facts).add_row(label, value)
    parts: list[RenderableType] = [Text(site.name, style="bold")] if name else []
    parts.append(facts)
    sections = site_sections(snap, site)
    for title, lines in [s for s in sections if s[0] in FIRST_SECTIONS]:
        parts.append(_section(title))
        parts += [_detail_line(line) for line in lines]
    parts += [Text(""), record]
    for title, lines in [s for s in sections if s[0] not in FIRST_SECTIONS]:
        parts.append(_section(title))
        parts += [_detail_line(line) for line in lines]
    return Group(*parts)


FIRST_SECTIONS = frozenset({"Projects and what is left behind", "Contingents"})


def _facts_grid(label_width: int) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True, min_width=label_width)
    grid.add_column(overflow="fold")
    return grid


# --- sources ---------------------------------------------------------------------------------


def source_row(snap: Snapshot, source_id: str) -> tuple[str, str, str, str, str, str]:
    """A source as the Sources tab and the exports list it; "Facts": the facts shown on the
    snapshot's date that cite it."""
    s = snap.dataset.sources[source_id]
    return (
        s.id,
        s.title,
        s.publisher,
        s.date or UNKNOWN,
        s.url or UNKNOWN,
        str(snap.citation_counts.get(s.id, 0)),
    )


def sources_table(snap: Snapshot, ids: Iterable[str]) -> Table:
    table = _table("Id", "Title", "Publisher", "Date", "URL", "Facts", title="Sources")
    for sid in ids:
        table.add_row(*(Text(cell) for cell in source_row(snap, sid)))
    return table


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
