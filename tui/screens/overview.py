"""Overview tab: where the withdrawal stands on the as-of date, in bars, numbers and words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar, Static

from tui.render import summary
from tui.screens.tab import DashboardTab, ScrollPane


class OverviewTab(DashboardTab):
    """Headline, progress bars (sites, personnel), the next step, phases, the latest events.

    The order is the order of importance: at 80x24 the headline, both bars with their figures in
    words and the next step fit without scrolling; the rest scrolls (j/k, arrows).
    """

    def compose(self) -> ComposeResult:
        with ScrollPane(id="overview-scroll"):
            yield Static(id="headline")
            with Horizontal(classes="bar-row"):
                yield Label("Sites closed", classes="bar-label")
                yield ProgressBar(show_eta=False, id="sites-bar")
            yield Static(id="sites-words", classes="bar-words")
            with Horizontal(classes="bar-row"):
                yield Label("Personnel departed", classes="bar-label")
                yield ProgressBar(show_eta=False, id="personnel-bar")
            yield Static(id="personnel-words", classes="bar-words")
            yield Static(id="next-step")
            yield Static(id="sites-note")
            yield Static(id="phases")
            yield Static(id="latest-events")

    def update_view(self) -> None:
        snap = self.minusma.snapshot
        self.query_one("#headline", Static).update(summary.headline(snap))
        self.query_one("#sites-bar", ProgressBar).update(
            total=snap.sites_total, progress=snap.sites_closed
        )
        self.query_one("#sites-words", Static).update(Text(summary.sites_line(snap)))
        # No count yet: an empty bar, and the words say "unknown" (never a made-up zero).
        self.query_one("#personnel-bar", ProgressBar).update(
            total=snap.personnel_total, progress=snap.personnel_departed or 0
        )
        words = summary.personnel_line(snap)
        if snap.personnel is not None:
            words += " " + summary.cite(snap.personnel.sources)
        excludes = summary.personnel_excludes(snap)
        # Dataset text (qualifier, exclusions) goes in as Text: never parsed as markup.
        self.query_one("#personnel-words", Static).update(
            Text(words + (f"\n{excludes}" if excludes else ""))
        )
        self.query_one("#next-step", Static).update(summary.next_step_text(snap))
        note = summary.sites_note(snap)
        sites_note = self.query_one("#sites-note", Static)
        sites_note.display = note is not None
        sites_note.update(note or "")
        self.query_one("#phases", Static).update(summary.phase_table(snap))
        self.query_one("#latest-events", Static).update(summary.events_table(snap.latest_events(5)))
