"""One site in full on a date: its facts, what was left behind, who was there, the story of
its closure, its events and disputes, each item with its sources. No Textual import.

`site_facts` and `site_sections` give it in a shape every format draws (Rich here, Markdown in
`tui.render.export`); `site_detail` is the Rich one, for the Bases pane and the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tui.core.model import (
    NOT_REPORTED,
    SITE_KIND_LABELS,
    STATE_LABELS,
    ArmedGroup,
    Contingent,
    Dataset,
    Project,
    Site,
    Snapshot,
)
from tui.render.words import UNKNOWN, cite, cite_text, fmt_date, presence_text, state_phrase

LEFT_BEHIND = "Projects and what is left behind"
"""The title of a site's projects, in its detail and in the summary's list of every site's."""


def _section(title: str) -> Text:
    return Text("\n" + title, style="bold underline")


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
        # The date holds from the closure itself: only a note that tells of later days is
        # withheld, never the date with it.
        date = fmt_date(closure.since)
        if closure.note and snap.later(closure.note, closure.since, snap.site_announced(site)):
            date += " (its note mentions a later date: not shown)"
        elif closure.note:
            date += f" ({closure.note})"
        facts.append(("Date", Text(date)))
    else:
        facts.append(("Date", Text("not yet closed")))
    planned = snap.site_planned(site)
    if planned:
        # A plan is the one later date shown: it was announced by then (`planned_since`; the
        # data keeps no source of its own for the announcement: the site's below are the record's).
        facts.append(("Announced", Text(planned)))
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
        facts.append((label, Text(snap.text(words, change.since) or words)))
    handed_to = (
        (snap.text(closure.to, closure.since) or UNKNOWN) if closure is not None else "not yet"
    )
    facts += [
        (f"On {fmt_date(as_of)}", state_phrase(site, snap)),
        ("Handed to", Text(handed_to)),
        ("Kind", Text(SITE_KIND_LABELS[site.kind])),
        ("Location", Text(coords)),
        ("Sources", Text(cite(snap.cites(site.sources)))),
    ]
    return facts


def _listed(
    snap: Snapshot,
    site: Site,
    title: str,
    lines: list[DetailLine],
    records: Iterable[Contingent | Project | ArmedGroup],
    none: str = "no source names one",
) -> tuple[str, list[DetailLine]]:
    """A section listing a site's `records`: those shown, then how many more "as known then"
    leaves out (said, so a short list is not read as complete); with nothing to list, `none`."""
    unreported = snap.unreported_count(site, records)
    if unreported:
        note = Text(f"{unreported} more {NOT_REPORTED}", style="dim italic")
        lines = [*lines, DetailLine(note, kind="para")]
    if not lines:
        lines = [DetailLine(Text(f"{UNKNOWN}: {none}", style="dim"), kind="para")]
    return title, lines


def _group_line(snap: Snapshot, site: Site, group: ArmedGroup) -> DetailLine:
    """An armed group placed near the site, and what its sources say of it."""
    since = snap.start(group.since, group.sources, site)
    label = Text().append(snap.text(group.name, since) or "", style="bold")
    if group.note:
        label.append(f": {snap.text(group.note, since)}")
    return DetailLine(label, snap.cites(group.sources))


def project_words(snap: Snapshot, project: Project) -> tuple[str, str]:
    """A project in a few words: its title, and its amount if the sources give one (else "")."""
    title = snap.text(project.title) or ""
    if project.amount is None:
        return title, ""
    return title, f" ({project.amount:,} {project.currency})"


def project_text(snap: Snapshot, project: Project) -> Text:
    """A project in a few words (`project_words`): its title bold, then its amount."""
    title, amount = project_words(snap, project)
    label = Text().append(title, style="bold")
    if amount:
        label.append(amount)
    return label


class LeftItem(NamedTuple):
    """A project in the summary's list of what each site left behind: its words, its sources."""

    text: str
    sources: tuple[str, ...]


def left_behind(snap: Snapshot) -> tuple[list[tuple[Site, list[LeftItem]]], str | None]:
    """What each site left behind, as the summary lists it on one line a site: its projects
    that hold on the date, each with its sources; then the sites with none, in words (so a
    short list is not read as complete), or None. Plain words: every format styles the list
    alike, and at 10,000 sites no Rich text is made for each."""
    listed, none = [], []
    for site in snap.dataset.sites:
        projects = snap.site_projects(site)
        if projects:
            items = [
                LeftItem("".join(project_words(snap, p)), snap.cites(p.sources)) for p in projects
            ]
            listed.append((site, items))
        else:
            none.append(site.name)
    missing = "Nothing listed in the sources on this date for: " + ", ".join(none)
    return listed, missing if none else None


def site_sections(snap: Snapshot, site: Site) -> list[tuple[str, list[DetailLine]]]:
    """A site's projects, contingents, circumstances, armed groups, events and disputes, as
    shown on the snapshot's date (texts that tell of later days withheld). What was left
    behind and who was there come first: at 120x40 they are on screen without scrolling,
    above the long story of the closure."""
    as_of = snap.as_of
    sections: list[tuple[str, list[DetailLine]]] = []
    projects = []
    for p in snap.site_projects(site):
        label = project_text(snap, p)
        if p.detail:
            label.append(f": {snap.text(p.detail, snap.start(p.since, p.sources, site))}")
        projects.append(DetailLine(label, snap.cites(p.sources)))
    none = "no source lists one"
    sections.append(_listed(snap, site, LEFT_BEHIND, projects, site.projects, none))

    contingents = []
    shown = snap.site_contingents(site)
    for c in shown:
        label = Text().append(snap.dataset.country_name(c.country), style="bold")
        if c.unit:
            label.append(f", {snap.text(c.unit)}")
        figure = snap.figure(c)
        if figure is not None:
            label.append(f": {figure:,} ({c.kind}")
            figure_date = snap.text(c.figure_date)
            label.append(f", {figure_date})" if figure_date else ")")
        else:
            label.append(": figure unknown", style="dim")
        if c.left is not None and c.left <= as_of:  # a departure still to come isn't shown
            label.append(f"; left {fmt_date(c.left)}")
        present = site.contingent_present(c, as_of)
        label.append(" (" + presence_text(present).plain + ")", style="dim")
        if c.note:
            label.append(f". {snap.text(c.note, snap.start(c.since, c.sources, site))}")
        contingents.append(DetailLine(label, snap.cites(c.sources)))
    sections.append(_listed(snap, site, "Contingents", contingents, site.contingents))

    circumstances = snap.site_circumstances(site)
    if circumstances:
        # Usually of the closure: for a site still open, they are still to come.
        since = snap.start(site.circumstances_since or "", site.sources, site)
        text = snap.text(circumstances, since, snap.site_announced(site)) or ""
        sections.append(("Circumstances", [DetailLine(Text(text), kind="para")]))

    groups = [_group_line(snap, site, g) for g in snap.site_armed_groups(site)]
    sections.append(_listed(snap, site, "Armed groups nearby", groups, site.armed_groups))

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
            for claim_record in d.claims:
                claim = snap.text(
                    claim_record.claim, snap.start(claim_record.since, claim_record.sources, site)
                )
                lines.append(
                    DetailLine(Text(claim or ""), snap.cites(claim_record.sources), kind="sub")
                )
            if d.resolution:
                resolution = snap.text(d.resolution, snap.dispute_start(d))
                used = Text("Used here: ", style="dim").append(resolution or "")
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


FIRST_SECTIONS = frozenset({LEFT_BEHIND, "Contingents"})


def _facts_grid(label_width: int) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True, min_width=label_width)
    grid.add_column(overflow="fold")
    return grid
