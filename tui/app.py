"""The Textual app: the composition root.

It builds the dashboard, owns the shared state as reactives (the dataset, the as-of date, the
selections, where the user is and was) and routes the messages screens and widgets post
(tui/messages.py) into changes of that state. Screens read the state through `AppState`
(tui/core/state.py) and never import this module; the rules of back and the trail are
tui/core/navigation.py's, the keys tui/core/actions.py's, the tabs tui/core/tabs.py's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, SystemCommand
from textual.events import Event, InputEvent
from textual.reactive import var
from textual.screen import Screen

from tui import messages as msg
from tui.commands import ActionCommands, GotoCommands
from tui.compat import ShadowedDisplay
from tui.core.actions import action
from tui.core.config import Config, is_served, is_ssh_session
from tui.core.loader import DatasetError, Problem
from tui.core.model import Dataset, Snapshot
from tui.core.navigation import TabView, Target
from tui.core.tabs import TABS
from tui.mission_app import MissionsApp
from tui.screens.dashboard import DashboardScreen
from tui.themes import (
    ANSI_THEMES,
    NO_COLOR_THEME,
    NO_COLOR_THEME_NAME,
    no_color_requested,
    startup_theme,
)
from tui.widgets.bindings import bindings_for


class MinusmaApp(ShadowedDisplay, MissionsApp):
    """The minusma-tui dashboard."""

    CSS_PATH = "app.tcss"
    TITLE = "minusma-tui"
    COMMANDS = App.COMMANDS | {ActionCommands, GotoCommands}
    BINDINGS = bindings_for("app")  # in footer order: tui/core/actions.py

    dataset: var[Dataset] = var(None, always_update=True)  # type: ignore[arg-type]
    """The last good dataset; a bad reload never replaces it."""
    as_of: var[dt.date] = var(dt.date(2023, 1, 1))
    """The date the whole app shows the state on."""
    known: var[bool] = var(False)
    """As known then: only facts a source published by the as-of date reports (`K`)."""
    reload_problems: var[Text | None] = var(None)
    """The dataset file's problems while it does not load (the dashboard's banner)."""
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
        # here, once, and only for an ANSI app does it keep the terminal's default colours.
        super().__init__(ansi_color=True if no_color_requested() else None)
        for theme in (*ANSI_THEMES, *((NO_COLOR_THEME,) if self.no_color else ())):
            self.register_theme(theme)
        self.config = config or Config()
        self.data_path, self.watch_file = data_path, watch
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
        first = self.config.default_tab if self.config.default_tab in TABS else "overview"
        self.set_reactive(MinusmaApp.view, TabView(first))
        if not animations:
            self.animation_level = "none"

    @property
    def snapshot(self) -> Snapshot:
        """The state on the current as-of date, in the current mode (cached by the model)."""
        return self.dataset.on(self.as_of, self.known)

    def get_default_screen(self) -> DashboardScreen:
        self.dashboard = DashboardScreen(initial_tab=self.view.tab)
        """The one dashboard screen (the bottom of the stack)."""
        if self.view.tab != "overview":
            self.finish_loading()  # only the Overview draws its first frame without them
        return self.dashboard

    def finish_loading(self) -> None:
        """Do what is left of loading, once: right after the first frame, or before the first
        key or click if one comes sooner (the Overview never reads what it decodes)."""
        finish, self._finish_loading = self._finish_loading, None
        if finish is None:
            return
        from tui.core.cache import FileChangedSinceCached

        try:
            finish()
        except FileChangedSinceCached as changed:
            # The entry the file's stamp named was not made from its bytes: what the file
            # says now replaces it, as a reload would (tui/core/cache.py).
            self._file_changed_since_cached(changed.replacement)
        if self.resume_gc:
            gc.freeze()  # as the CLI froze the head: the GC never walks the model

    def _file_changed_since_cached(self, replacement: Dataset | DatasetError) -> None:
        from tui.reload import problems_text

        path = self.dataset.path
        if isinstance(replacement, DatasetError):
            self.post_message(msg.ReloadFailed(problems_text(Path(path), replacement.problems)))
            return
        notice = f"Read {Path(path).name} again: it changed since it was cached"
        self.post_message(msg.DatasetReloaded(replacement, notice))

    async def on_event(self, event: Event) -> None:
        if self._finish_loading is not None and isinstance(event, InputEvent):
            self.finish_loading()  # a key or click may open a tab that reads the rest
        await super().on_event(event)

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        colors = self.console.color_system or ""
        theme, problem = startup_theme(self.config, self.available_themes, self.no_color, colors)
        self.config_problems += [problem] if problem else []
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
        self.watch_data_file()

    def _persist_theme(self, theme: str) -> None:
        """Save a theme the user picked to config.toml (not in served sessions: shared config)."""
        from tui.core.config import save_theme

        if is_served() or theme in (self.config.theme, NO_COLOR_THEME_NAME):
            return
        try:
            self.config = save_theme(self.config, theme)
        except OSError as exc:
            self.notify(f"Theme not saved: {exc}", severity="warning", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands, less "Screenshot" when served (it saves on the server)
        and "Quit" (ActionCommands has it, with its key); "As known then", saying its state."""
        served = is_served()
        for command in super().get_system_commands(screen):
            if not ((served and command.title == "Screenshot") or command.title == "Quit"):
                yield command
        known = action("known")
        title = f"As known then: {'off' if self.known else 'on'}"
        yield SystemCommand(title, f"{known.help} (key {known.key})", self.action_toggle_known)

    def action_step_date(self, direction: int) -> None:
        """Step the as-of date to the previous or next dated event (at either end, say so:
        a key that does nothing silently looks broken)."""
        day = self.dataset.step(self.as_of, direction)
        if day == self.as_of:
            from tui.compat import notify_replacing

            end = "first" if direction < 0 else "last"
            message = f"{day.isoformat()} is the dataset's {end} date."
            notify_replacing(self, "date-end", message)
        else:
            self.as_of = day

    def action_reset_date(self) -> None:
        self.as_of = self.dataset.latest_date

    def action_toggle_known(self) -> None:
        """As known then, or back to the state on the date as the whole dataset knows it."""
        self.known = not self.known

    def go_to(self, target: Target) -> None:
        """Go where a `:` query, the date prompt or a palette hit names."""
        if target.kind == "site":
            self.open_site(target.value)
        elif target.kind == "source":
            self.open_source(target.value)
        elif target.kind == "date":
            self.as_of = target.date
        elif target.kind == "mission":
            self.switch_mission(target.value)
        else:
            self.open_tab(target.value)

    @on(msg.GoTo)
    def _go_to(self, message: msg.GoTo) -> None:
        self.go_to(message.target)

    @on(msg.DatasetReloaded)
    def _reloaded(self, message: msg.DatasetReloaded) -> None:
        """Swap in the new data, keeping the date and (if it is still there) the selected site."""
        dataset = message.dataset
        if not self.from_shown_file(dataset):
            return  # from the file of a mission shown before a switch
        with self.batch_update():
            self.dataset = dataset
            if self.selected_site not in dataset.site_index:
                self.selected_site = dataset.sites[0].id if dataset.sites else None
            self.reload_problems = None
        self.notify(message.notice, title="Dataset", markup=False)

    @on(msg.ReloadFailed)
    def _reload_failed(self, message: msg.ReloadFailed) -> None:
        self.reload_problems = message.problems  # the last good data stays


def run_app(
    dataset: Dataset,
    args: argparse.Namespace,
    config: Config,
    config_problems: list[Problem],
    finish_loading: Callable[[], None] | None = None,
) -> int:
    """Start the dashboard in this terminal; the CLI's default command. `finish_loading`:
    what is left of loading `dataset`, done after the first frame (see `MinusmaApp`)."""
    from dataclasses import replace

    from tui.core.config import resolve_data_path

    auto = args.animations == "auto"
    animations = not is_ssh_session() if auto else args.animations == "on"
    config = replace(config, theme=args.theme) if args.theme else config
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
