"""Overview tab: where the withdrawal stands on the as-of date, in bars, numbers and words."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.events import Resize

from tui.core.model import Snapshot
from tui.render import summary
from tui.screens.tab import DashboardTab, ScrollPane
from tui.widgets.detail import RenderedLines

WIDE_AT = 120
"""Terminal columns from which the Overview uses a second column (the dashboard's `-wide`)."""
EVENTS_SHOWN = 5


class OverviewPage:
    """The whole tab as one renderable, laid out for the width it is drawn at.

    One widget instead of ~50 (two ProgressBars in nested containers and a Static per block):
    the first frame is mostly Textual's own cost. Narrow: headline, both bars with their figures
    in words, the next step (all in 80x24 without scrolling), then how sites are counted, the
    phases and the latest events. Wide (>= 120 columns): the two bars side by side.
    """

    def __init__(self, snap: Snapshot, *, wide: bool) -> None:
        self.snap = snap
        self.wide = wide

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        snap = self.snap
        sites, personnel = summary.meters(snap)
        if self.wide:
            bars = Table.grid(padding=(0, 4), expand=True)
            bars.add_column(ratio=1)
            bars.add_column(ratio=1)
            bars.add_row(sites, personnel)
            yield Group(summary.headline(snap), Text(""), bars)
        else:
            yield Group(summary.headline(snap), Text(""), sites, Text(""), personnel)
        yield Text("")
        yield summary.next_step_text(snap)
        note = summary.sites_note(snap)
        if note is not None:
            yield Text("")
            yield note
        yield Text("")
        yield summary.phase_table(snap)
        yield summary.events_table(snap.latest_events(EVENTS_SHOWN))


class OverviewLines(RenderedLines, can_focus=True):
    """The page, drawn with the line API: rendered once per (snapshot, layout, width) into
    strips and kept, and only the lines on screen are drawn. As a `Static` in a scrolling
    container it was rendered 36 times before the first frame (measured, then drawn, at each
    width the layout tried while the scrollbar settled) and repainted whole on every change."""

    BINDINGS: ClassVar[list[BindingType]] = ScrollPane.BINDINGS


class OverviewTab(DashboardTab):
    """Headline, progress bars (sites, personnel), the next step, phases, the latest events.

    The order is the order of importance: at 80x24 the headline, both bars with their figures in
    words and the next step fit without scrolling; the rest scrolls (j/k, arrows).
    """

    def compose(self) -> ComposeResult:
        # Dataset text is inside Text objects: never parsed as markup.
        yield OverviewLines(id="overview-scroll")

    def _wide(self) -> bool:
        return self.app.size.width >= WIDE_AT

    def update_view(self) -> None:
        self._shown_wide = wide = self._wide()
        state = self.state
        snap = state.snapshot
        view = self.query_one(OverviewLines)
        if state.dataset is not getattr(self, "_dataset", None):
            self._dataset = state.dataset
            view.clear_cache()  # the cache is keyed by date and mode, for this dataset
        key = ("overview", state.as_of, state.known, wide)
        view.show(key, lambda: OverviewPage(snap, wide=wide), top=False)

    def on_resize(self, event: Resize) -> None:
        if self._wide() != getattr(self, "_shown_wide", None):
            self.update_view()
