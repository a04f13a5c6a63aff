"""The headline figures of the withdrawal: in words (sites closed, personnel departed, the next
step) and as bars, for the Overview tab and the top of every export. No Textual import.

Every figure is said in words (`sites_line`, `personnel_line`); a bar only draws what its words
say, so NO_COLOR, a screen reader or a pasted text loses nothing.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from tui.core.model import NOT_REPORTED, STATE_LABELS, KeyDate, SiteState, Snapshot
from tui.render.words import UNKNOWN, cite, cite_text, fmt_date, fmt_percent, text_bar


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


def countries_line(snap: Snapshot) -> str:
    """`27 countries on 2023-11-20: 1 known present, 23 more at sites still open (...), 3 gone
    from all their sites`: the parts add up to the whole, each said."""
    countries = snap.countries
    present = sum(1 for c in countries if c.present)
    at_open = sum(1 for c in countries if c.at_open_site)
    gone = len(countries) - present - at_open
    parts = [f"{present} known present"]
    if at_open:
        parts.append(
            f'{at_open} more at sites still open (status "site open": no source dates their '
            "departure)"
        )
    if gone:
        parts.append(f"{gone} gone from all their sites")
    noun = "country" if len(countries) == 1 else "countries"
    return f"{len(countries)} {noun} on {fmt_date(snap.as_of)}: " + ", ".join(parts)


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


def headline_word(key: KeyDate) -> str:
    """A headline key date in a few words, where the bar would be: its label up to a colon or
    a bracket ("Withdrawal completed", "Withdrawal paused"), in lower case."""
    short = key.label.split(":")[0].split(" (")[0].strip()
    return short[:1].lower() + short[1:]


def next_step_text(snap: Snapshot) -> Text:
    step = snap.next_step
    if step is None:
        return Text("Next step: none announced in the sources.")
    text = Text.assemble(("Next step: ", "bold"), step.label)
    if step.planned:
        text.append(f" (announced: {step.planned})")
    elif step.site is not None:
        text.append(" (no date announced in the sources)")
    if step.date is not None:
        text.append(f", {fmt_date(step.date)}")
    return text


def sites_note(snap: Snapshot) -> Text | None:
    """How sources count the sites (the "ninth of twelve" wording), if the data says.

    The note is written with hindsight (MINUSMA's quotes the UN's count of 11 Dec 2023): on a
    date before it holds, or before a day it mentions, the line says so in words, with the
    count the dataset itself keeps, rather than a bare "(not shown)"."""
    mission = snap.dataset.mission
    note = mission.sites_note
    if not note:
        return None
    label = ("How sites are counted: ", "dim")
    if snap.mission_holds and not snap.later(note, snap.start(mission.since, mission.sources)):
        return Text.assemble(label, note, cite_text(snap.cites(mission.sources)))
    return Text.assemble(
        label,
        f"{snap.sites_total} sites in this dataset; how the sources count them is in a note "
        f"written after {fmt_date(snap.as_of)}, not shown on this date.",
    )


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
        headline = snap.headline
        bar = (
            f"[{headline_word(headline)}]"
            if headline
            else text_bar(snap.personnel_fraction, bar_width)
        )
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
        status = headline_word(snap.headline)
        return sites, _Meter("Personnel departed", None, words, status=status)
    return sites, _Meter("Personnel departed", snap.personnel_fraction, words)


def overview(snap: Snapshot) -> Group:
    """The headline block: what the Overview tab and the top of the export show."""
    parts: list[RenderableType] = [headline(snap), Text(""), progress(snap)]
    note = sites_note(snap)
    if note is not None:
        parts += [Text(""), note]
    parts += [Text(""), next_step_text(snap)]
    return Group(*parts)
