"""Overview tab: where the withdrawal stands on the as-of date, in bars, numbers and words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, ProgressBar, Static

from tui import summary
from tui.screens.tab import DashboardTab


class OverviewTab(DashboardTab):
    """Headline, progress bars (sites, personnel), phases, the next step, the latest events."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overview-scroll", can_focus=True):
            yield Static(id="headline")
            yield Label("Sites closed", classes="bar-label")
            yield ProgressBar(show_eta=False, id="sites-bar")
            yield Static(id="sites-words", classes="bar-words")
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
        self.query_one("#sites-words", Static).update(summary.sites_line(snap))
        personnel = self.query_one("#personnel-bar", ProgressBar)
        if snap.personnel is None:
            personnel.update(total=snap.personnel_total, progress=0)
        else:
            personnel.update(total=snap.personnel_total, progress=snap.personnel.departed)
        words = summary.personnel_line(snap)
        if snap.personnel is not None:
            words += " " + summary.cite(snap.personnel.sources)
        excludes = summary.personnel_excludes(snap)
        self.query_one("#personnel-words", Static).update(
            words + (f"\n{excludes}" if excludes else "")
        )
        self.query_one("#next-step", Static).update(summary.next_step_text(snap))
        note = summary.sites_note(snap)
        sites_note = self.query_one("#sites-note", Static)
        sites_note.display = note is not None
        sites_note.update(note or "")
        self.query_one("#phases", Static).update(summary.phase_table(snap))
        self.query_one("#latest-events", Static).update(summary.events_table(snap.latest_events(5)))
