"""The app's dialogs: the keys that open a prompt or a modal screen over the dashboard.

A base class of `MinusmaApp` (tui/app.py) so that the app itself stays the composition root:
state and routing there, the modal screens here. What a dialog returns goes back as a message
(`GoTo`, `OpenSource`), handled like any screen's; the state is read as `AppState`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.events import Key

from tui.core.config import is_served
from tui.core.navigation import Target
from tui.core.state import state
from tui.messages import GoTo, OpenSite, OpenSource, ReadRow, SourcesPicked

if TYPE_CHECKING:
    from tui.screens.row_view import Choice


class DialogsApp(App[int]):
    """The prompts (`:`, `d`), the help, the export dialog and copy, the citation picker, the
    whole-row view."""

    def action_goto(self, initial: str = "") -> None:
        """`:`: a prompt that goes to a site, a source, a date, a tab or a mission
        (tui/screens/goto.py)."""
        from tui.screens.goto import GotoScreen, mission_targets

        if not isinstance(self.screen, GotoScreen):
            app = state(self)
            missions = mission_targets(app.missions, app.dataset.path)
            screen = GotoScreen(app.snapshot, initial=initial, missions=missions)
            self.push_screen(screen, self._go_to_result)

    def action_set_date(self) -> None:
        """`d`: type the as-of date (checked against the dataset's first and last dates)."""
        from tui.screens.goto import GotoScreen

        if not isinstance(self.screen, GotoScreen):
            screen = GotoScreen(state(self).snapshot, ("date",), title="As-of date")
            self.push_screen(screen, self._go_to_result)

    def _go_to_result(self, target: Target | None) -> None:
        if target is not None:
            self.post_message(GoTo(target))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_export(self, fmt: str = "") -> None:
        """Save the summary to a file (or, when served over SSH, show it on screen); `fmt`
        opens the dialog with that format chosen (the palette's "Export as Markdown")."""
        from tui.screens.export import ExportScreen, open_export

        if not fmt or is_served() or isinstance(self.screen, ExportScreen):
            open_export(self)
            return
        dialog = ExportScreen()
        self.push_screen(dialog)
        # Once its list has settled on its first format (it highlights one as it mounts).
        self.call_after_refresh(self.call_after_refresh, dialog.action_choose, fmt)

    def action_copy_summary(self) -> None:
        """Copy the text summary to the user's clipboard through the terminal (OSC 52)."""
        from tui.screens.export import copy_summary

        copy_summary(self)

    def on_key(self, event: Key) -> None:
        """Keys typed ahead of a prompt (`d2023-11-20⏎` in one burst over SSH) were on their way
        to the tab when the prompt opened: they go into the prompt, as typed."""
        from tui.screens.goto import GotoScreen

        if isinstance(self.screen, GotoScreen):
            self.screen.type_ahead(event)

    @on(SourcesPicked)
    def _sources_picked(self, message: SourcesPicked) -> None:
        """From the detail pane: one source opens on Sources; more, a picker asks which."""
        from tui.screens.goto import CitationPicker

        ids = message.source_ids
        if len(ids) == 1:
            self.post_message(OpenSource(ids[0]))
            return
        about = message.about
        if not about:
            site = state(self).dataset.site_index.get(state(self).selected_site or "")
            about = site.name if site is not None else "this detail"
        picker = CitationPicker(state(self).snapshot, ids, about)
        self.push_screen(picker, self._source_picked)

    def _source_picked(self, source_id: str | None) -> None:
        if source_id is not None:
            self.post_message(OpenSource(source_id))

    @on(ReadRow)
    def _read_row(self, message: ReadRow) -> None:
        """A table's row, whole, with its sources (enter on a Timeline event or count)."""
        from tui.screens.row_view import RowView

        view = RowView(state(self).snapshot, message)
        self.push_screen(view, lambda choice: self._row_done(choice, message.title))

    def _row_done(self, choice: Choice | None, title: str) -> None:
        """From the whole-row view: its site on Bases, or one of its sources on Sources."""
        if choice is None:
            return
        kind, ids = choice
        if kind == "site":
            self.post_message(OpenSite(ids[0]))
        else:
            self.post_message(SourcesPicked(ids, about=title))
