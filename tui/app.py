"""The Textual app: a small composition root.

The app holds the shared state every tab reads (the dataset, the as-of date, the selected site)
and the keys that change it. Tabs live in `tui/screens/`, one module each, and own their widgets
and keys; figures come from the model, text from `tui.render.summary`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import Event, InputEvent, Key
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TabbedContent

from tui.commands import ActionCommands, GotoCommands
from tui.core.config import Config, is_ssh_session
from tui.core.loader import Problem
from tui.core.model import Dataset, Snapshot
from tui.screens.dashboard import TAB_TITLES, DashboardScreen
from tui.themes import ANSI_THEMES, NO_COLOR_THEME, NO_COLOR_THEME_NAME, no_color_requested
from tui.widgets.detail import DetailPane

if TYPE_CHECKING:
    from tui.screens.goto import Target


HISTORY = 50
"""Places kept for back."""


@dataclass(frozen=True)
class Place:
    """Where the user was: the tab, the selected site and source, and the focused widget."""

    tab: str
    site: str | None
    source: str | None
    focus: str | None

    def same_view(self, other: Place) -> bool:
        """The same tab showing the same thing (the focus aside)."""
        if self.tab != other.tab:
            return False
        if self.tab == "bases":
            return self.site == other.site
        if self.tab == "sources":
            return self.source == other.source
        return True


class MinusmaApp(App[int]):
    """The minusma-tui dashboard."""

    CSS_PATH = "app.tcss"
    TITLE = "minusma-tui"
    COMMANDS = App.COMMANDS | {ActionCommands, GotoCommands}
    BINDINGS = [
        # In order of usefulness: the footer shows them in this order, as many as fit whole.
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding(
            "colon",
            "goto",
            "Go to",
            key_display=":",
            tooltip="Go to a site, a source, a date or a tab, by name",
            id="goto",
        ),
        Binding(
            "backspace",
            "go_back",
            "Back",
            key_display="bksp",
            tooltip="Back where you were (esc too, when it has nothing else to do)",
            id="back",
        ),
        Binding(
            "left_square_bracket",
            "step_date(-1)",
            "Earlier",
            key_display="[",
            tooltip="As-of date: back to the previous dated event",
            id="date-back",
        ),
        Binding(
            "right_square_bracket",
            "step_date(1)",
            "Later",
            key_display="]",
            tooltip="As-of date: on to the next dated event",
            id="date-forward",
        ),
        Binding(
            "d",
            "set_date",
            "Date",
            tooltip="Set the as-of date (typed, within the dataset's first and last dates)",
            id="date-set",
        ),
        Binding(
            "K",
            "toggle_known",
            "Known",
            tooltip="As known then: only what sources published by the as-of date report",
            id="known",
        ),
        Binding("e", "export", "Export", tooltip="Export the summary", id="export"),
        Binding("y", "copy_summary", "Copy", tooltip="Copy the text summary", id="copy-summary"),
        Binding("r", "reset_date", "Latest", tooltip="Back to the latest date", id="date-reset"),
        Binding(
            "n", "step_site(1)", "Next", tooltip="Next site (opens it on Bases)", id="site-next"
        ),
        Binding(
            "p",
            "step_site(-1)",
            "Prev",
            tooltip="Previous site (opens it on Bases)",
            id="site-prev",
        ),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    dataset: var[Dataset] = var(None, always_update=True)  # type: ignore[arg-type]
    """The last good dataset; a bad reload never replaces it."""
    as_of: var[dt.date] = var(dt.date(2023, 1, 1))
    """The date the whole app shows the state on."""
    known: var[bool] = var(False)
    """As known then: only facts a source published by the as-of date reports (`K`)."""
    selected_site: var[str | None] = var(None)
    """The site the Bases tab, the map and `n`/`p` share."""
    selected_source: var[str | None] = var(None)
    """The source the Sources tab shows (a drill-down from a citation sets it)."""
    history: var[tuple[Place, ...]] = var(())
    """Where you were before each drill-down or go-to, the last last (`backspace` goes back)."""
    resume_gc = False
    """Turn the cyclic GC back on after the first frame (the CLI pauses it for start-up)."""

    def __init__(
        self,
        dataset: Dataset,
        *,
        as_of: dt.date | None = None,
        known: bool = False,
        config: Config | None = None,
        data_path: Path | None = None,
        watch: bool = False,
        animations: bool = True,
        config_problems: list[Problem] | None = None,
        finish_loading: Callable[[], None] | None = None,
    ) -> None:
        # Under NO_COLOR, native ANSI colour from the start: Textual picks its NO_COLOR filter
        # here, once, and only for an ANSI app does it keep the terminal's default colours
        # (otherwise it turns colours into greys, and ANSI ones into black). See tui/themes.py.
        super().__init__(ansi_color=True if no_color_requested() else None)
        for theme in ANSI_THEMES:
            self.register_theme(theme)
        if self.no_color:
            self.register_theme(NO_COLOR_THEME)
        self.config = config or Config()
        self.data_path = data_path
        self.watch_file = watch
        self.watch_interval = 1.0
        """Seconds between checks of the dataset file (tests shorten it)."""
        self.config_problems = config_problems or []
        self._finish_loading = finish_loading
        """What is left of loading the dataset, done after the first frame
        (`tui.core.cache.load_dataset_head`): from the cache, decoding a site's contingents,
        projects and armed groups; on a first launch, writing the cache entry."""
        self.set_reactive(MinusmaApp.dataset, dataset)
        self.set_reactive(MinusmaApp.as_of, as_of or dataset.latest_date)
        self.set_reactive(MinusmaApp.known, known)
        self.set_reactive(MinusmaApp.selected_site, dataset.sites[0].id if dataset.sites else None)
        if not animations:
            self.animation_level = "none"

    @property
    def snapshot(self) -> Snapshot:
        """The state on the current as-of date, in the current mode (cached by the model)."""
        return self.dataset.on(self.as_of, self.known)

    def get_default_screen(self) -> DashboardScreen:
        self.dashboard = DashboardScreen(initial_tab=self.config.default_tab)
        """The one dashboard screen (the bottom of the stack): no searching for it."""
        if self.dashboard.initial_tab != "overview":
            self.finish_loading()  # only the Overview draws its first frame without them
        return self.dashboard

    def finish_loading(self) -> None:
        """Do what is left of loading, once: right after the first frame, or before the first
        key or click if one comes sooner. Nothing but the Overview runs before it, and the
        Overview never reads what it decodes."""
        finish, self._finish_loading = self._finish_loading, None
        if finish is None:
            return
        finish()
        if self.resume_gc:
            gc.freeze()  # as the CLI froze the head: the GC never walks the model

    async def on_event(self, event: Event) -> None:
        if self._finish_loading is not None and isinstance(event, InputEvent):
            self.finish_loading()  # a key or click may open a tab that reads the rest
        await super().on_event(event)

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        theme = self.config.theme
        if theme and theme not in self.available_themes:
            self.config_problems.append(
                Problem(str(self.config.path or "config"), "theme", f"no theme called {theme!r}")
            )
            theme = None
        if self.no_color:
            # NO_COLOR wins over a configured theme: no colour reaches the terminal whatever the
            # theme, and this one marks the cursor and focus by reverse video instead.
            theme = NO_COLOR_THEME_NAME
        elif not theme and self.console.color_system in ("standard", "windows"):
            # 8/16-colour terminals (TERM=xterm, linux, screen): use the terminal's own palette.
            theme = "ansi-dark"
        if theme:
            self.theme = theme
        for problem in self.config_problems:
            self.notify(str(problem), title="Config ignored", severity="error", markup=False)
        # Theme changes (ctrl+p → themes) persist; the ones above came from config or terminal.
        self.watch(self, "theme", self._persist_theme, init=False)
        if self._finish_loading is not None:
            self.call_after_refresh(self.finish_loading)
        if self.resume_gc:
            self.call_after_refresh(gc.enable)
        if self.watch_file and self.data_path is not None:
            from tui.reload import watch_dataset

            self.run_worker(  # it tells the dashboard, which owns what is shown
                watch_dataset(self.dashboard, self.data_path, self.watch_interval),
                name="dataset-watch",
                group="dataset-watch",
                exclusive=True,
            )

    def _persist_theme(self, theme: str) -> None:
        """Save a theme the user picked to config.toml (not in served sessions: shared config)."""
        from tui.core.config import is_served, save_theme

        if is_served() or theme in (self.config.theme, NO_COLOR_THEME_NAME):
            return
        try:
            self.config = save_theme(self.config, theme)
        except OSError as exc:
            self.notify(f"Theme not saved: {exc}", severity="warning", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands, less "Screenshot" when served (it saves on the server)
        and "Quit" (ActionCommands has it, with its key)."""
        from tui.core.config import is_served

        served = is_served()
        for command in super().get_system_commands(screen):
            if not ((served and command.title == "Screenshot") or command.title == "Quit"):
                yield command
        yield SystemCommand(
            "As known then" + (": off" if self.known else ": on"),
            "Only facts a source published by the as-of date reports (key K)",
            self.action_toggle_known,
        )

    # --- actions ------------------------------------------------------------------------------

    def action_step_date(self, direction: int) -> None:
        """Step the as-of date to the previous or next dated event (at either end, say so:
        a key that does nothing silently looks broken)."""
        day = self.dataset.step(self.as_of, direction)
        if day == self.as_of:
            from tui.compat import notify_replacing

            end = "first" if direction < 0 else "last"
            message = f"{day.isoformat()} is the dataset's {end} date."
            notify_replacing(self, "date-end", message)  # type: ignore[arg-type]  # App[object]
            return
        self.as_of = day

    def action_reset_date(self) -> None:
        self.as_of = self.dataset.latest_date

    def action_toggle_known(self) -> None:
        """As known then, or back to the state on the date as the whole dataset knows it."""
        self.known = not self.known

    def action_step_site(self, direction: int) -> None:
        """Select the next or previous site (closure order) and show its detail."""
        ids = [s.id for s in self.dataset.sites]
        if not ids:
            return
        current = ids.index(self.selected_site) if self.selected_site in ids else -1
        self.open_site(ids[(current + direction) % len(ids)], record=False)

    def open_site(self, site_id: str, *, record: bool = True) -> None:
        """Select a site and bring up its detail on the Bases tab (a drill-down: the place
        left is kept for back, unless `record` is off, as for `n`/`p`)."""
        if record:
            self._record(Place("bases", site_id, self.selected_source, None))
        self.selected_site = site_id
        self.dashboard.show_tab("bases")

    def open_source(self, source_id: str) -> None:
        """Select a source and bring it up on the Sources tab (kept for back)."""
        self._record(Place("sources", self.selected_site, source_id, None))
        self.selected_source = source_id
        self.dashboard.show_tab("sources")

    # --- where you were: drill-downs and back -----------------------------------------------------

    def here(self) -> Place:
        """The place on screen now: the tab, the selections and who has the keys."""
        focused = self.dashboard.focused
        return Place(
            self.dashboard.active_tab,
            self.selected_site,
            self.selected_source,
            focused.id if focused is not None else None,
        )

    def _record(self, going: Place) -> None:
        """Keep the place on screen before going to `going` (nothing if it is the same)."""
        place = self.here()
        if place.same_view(going) or (self.history and self.history[-1] == place):
            return
        self.history = (*self.history, place)[-HISTORY:]

    def action_go_back(self) -> None:
        """Back where you were before the last drill-down or go-to (`backspace`, `esc`)."""
        here = self.here()
        history = list(self.history)
        while history and history[-1].same_view(here):
            history.pop()  # already there (by a tab key, say): that step back shows nothing
        if not history:
            self.history = ()
            self.bell()
            return
        place = history.pop()
        self.history = tuple(history)
        if place.site is None or place.site in self.dataset.site_index:
            self.selected_site = place.site
        self.selected_source = place.source
        self.dashboard.show_tab(place.tab, focus=place.focus)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go_back":
            return bool(self.history)  # the footer shows "Back" only when there is a way back
        return True

    def trail(self) -> list[str]:
        """`Sources › S03 › Ansongo`: where the drill-downs went, as names (the header's)."""
        parts: list[str] = []
        places = [*self.history]
        here = self.here()
        if not (places and places[-1].same_view(here)):
            places.append(here)  # not "Overview › Overview" after a tab key back to it
        for index, place in enumerate(places):
            item: str | None = None
            if place.tab == "bases" and place.site in self.dataset.site_index:
                item = self.dataset.site(place.site).name
            elif place.tab == "sources" and place.source:
                item = place.source
            if index == 0:
                parts.append(TAB_TITLES.get(place.tab, place.tab))
                if item:
                    parts.append(item)
            else:
                parts.append(item or TAB_TITLES.get(place.tab, place.tab))
        return parts

    def action_goto(self, initial: str = "") -> None:
        """`:`: a prompt that goes to a site, a source, a date or a tab (tui/screens/goto.py)."""
        from tui.screens.goto import GotoScreen

        if not isinstance(self.screen, GotoScreen):
            self.push_screen(GotoScreen(self.snapshot, initial=initial), self._go_to_result)

    def action_set_date(self) -> None:
        """`d`: type the as-of date (checked against the dataset's first and last dates)."""
        from tui.screens.goto import GotoScreen

        if not isinstance(self.screen, GotoScreen):
            screen = GotoScreen(self.snapshot, ("date",), title="As-of date")
            self.push_screen(screen, self._go_to_result)

    def _go_to_result(self, target: Target | None) -> None:
        if target is not None:
            self.go_to(target)

    def go_to(self, target: Target) -> None:
        """Go where a `:` query, the date prompt or a palette hit names."""
        if target.kind == "site":
            self.open_site(target.value)
        elif target.kind == "source":
            self.open_source(target.value)
        elif target.kind == "date":
            self.as_of = target.date
        else:
            self.open_tab(target.value)

    def action_open_tab(self, tab_id: str) -> None:
        self.open_tab(tab_id)

    def open_tab(self, tab_id: str) -> None:
        """Show a tab (a go-to: the place left is kept for back)."""
        self._record(Place(tab_id, self.selected_site, self.selected_source, None))
        self.dashboard.show_tab(tab_id)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_export(self, fmt: str = "") -> None:
        """Save the summary to a file (or, when served over SSH, show it on screen); `fmt`
        opens the dialog with that format chosen (the palette's "Export as Markdown")."""
        from tui.core.config import is_served
        from tui.screens.export import ExportScreen, open_export

        if not fmt or is_served() or isinstance(self.screen, ExportScreen):
            open_export(self)
            return
        dialog = ExportScreen()
        self.push_screen(dialog)
        # Once its list has settled on its first format (it highlights one as it mounts).
        self.call_after_refresh(self.call_after_refresh, dialog.action_choose, fmt)

    def action_on_table(self, action: str) -> None:
        """Run a table's own action (filter, sort) from the palette: on the focused table, or
        the active tab's first widget that has the action."""
        screen = self.dashboard
        focused = screen.focused
        nodes = list(focused.ancestors_with_self) if focused is not None else []
        tabs = screen.query_one("#tabs", TabbedContent)
        if tabs.active_pane is not None:
            nodes += list(tabs.active_pane.query("*"))
        for node in nodes:
            if isinstance(node, Widget) and hasattr(node, f"action_{action}"):
                self.call_later(node.run_action, action)
                return
        self.notify("No table on this tab does that.", severity="warning", markup=False)

    def on_key(self, event: Key) -> None:
        """Keys typed ahead of a prompt (`d2023-11-20⏎` in one burst over SSH) were on their way
        to the tab when the prompt opened: they go into the prompt, as typed."""
        from tui.screens.goto import GotoScreen

        screen = self.screen
        if isinstance(screen, GotoScreen):
            screen.type_ahead(event)

    @on(DetailPane.SourcesPicked)
    def _sources_picked(self, message: DetailPane.SourcesPicked) -> None:
        """From the detail pane: one source opens on Sources; more, a picker asks which."""
        from tui.screens.goto import CitationPicker

        ids = message.source_ids
        if len(ids) == 1:
            self.open_source(ids[0])
            return
        site = self.dataset.site_index.get(self.selected_site or "")
        about = site.name if site is not None else "this detail"
        self.push_screen(CitationPicker(self.snapshot, ids, about), self._source_picked)

    def _source_picked(self, source_id: str | None) -> None:
        if source_id is not None:
            self.open_source(source_id)

    def action_cite_picker(self) -> None:
        """The palette's "Cited sources": `c` in the Bases detail pane, from anywhere."""
        self.dashboard.show_tab("bases")
        self.call_after_refresh(self.action_on_table, "pick_source")

    def action_toggle_detail(self) -> None:
        """Bases' detail pane alone, or beside the table (`f` on Bases), from anywhere."""
        self.dashboard.show_tab("bases")
        self.call_after_refresh(self.action_on_table, "toggle_detail")

    def action_copy_summary(self) -> None:
        """Copy the text summary to the user's clipboard through the terminal (OSC 52)."""
        from tui.screens.export import copy_summary

        copy_summary(self)


def run_app(
    dataset: Dataset,
    args: argparse.Namespace,
    config: Config,
    config_problems: list[Problem],
    finish_loading: Callable[[], None] | None = None,
) -> int:
    """Start the dashboard in this terminal; the CLI's default command. `finish_loading`:
    what is left of loading `dataset`, done after the first frame (see `MinusmaApp`)."""
    from tui.core.config import resolve_data_path

    if args.animations == "auto":
        animations = not is_ssh_session()
    else:
        animations = args.animations == "on"
    if args.theme:
        from dataclasses import replace

        config = replace(config, theme=args.theme)
    app = MinusmaApp(
        dataset,
        as_of=args.as_of,
        known=getattr(args, "known", False),
        config=config,
        data_path=resolve_data_path(args.data, config),
        watch=not args.no_watch,
        animations=animations,
        config_problems=config_problems,
        finish_loading=finish_loading,
    )
    app.resume_gc = True
    app.run(mouse=config.mouse and not args.no_mouse)
    return app.return_code or 0
