"""Exporting from inside the app: the export dialog, the summary viewer and the clipboard copy.

The files come from `tui.render.export.render`, the same function as `minusma-tui export`, so
the app and the CLI write the same document for the same date. In a served session
(`minusma-tui serve`) nothing is written on the server: `e` shows the text summary instead, and
`y` sends it to the user's own clipboard through their terminal (OSC 52, which travels over SSH).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.config import default_export_dir, is_served
from tui.core.files import expand_user, reason, visible_line
from tui.core.state import AppState, state
from tui.render import export
from tui.render.summary import summary

if TYPE_CHECKING:
    from tui.core.model import Site

FORMAT_KEYS: dict[str, str] = {"t": "txt", "a": "ansi", "h": "html", "s": "svg", "m": "md"}


def open_export(app: App[Any]) -> None:
    """`e`: the export dialog, or in a served session the summary on screen."""
    if isinstance(app.screen, (ExportScreen, SummaryScreen)):
        return
    if is_served():
        app.push_screen(SummaryScreen())
    else:
        app.push_screen(ExportScreen())


def summary_text(app: AppState) -> str:
    """The text summary the clipboard gets: the same as `minusma-tui export` on this date."""
    return export.render(app.dataset, app.as_of, "txt", export.DEFAULT_WIDTH, known=app.known)


def copy_summary(app: App[Any]) -> None:
    """`y`: put the text summary on the user's clipboard through the terminal (OSC 52)."""
    shared = state(app)
    text = summary_text(shared)
    app.copy_to_clipboard(text)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    app.notify(
        f"Sent the summary of {shared.as_of.isoformat()} to the clipboard: "
        f"{len(text):,} characters, {lines:,} lines. "
        "It arrives if your terminal allows clipboard access (OSC 52).",
        title="Copied",
        markup=False,
    )


def default_name(app: AppState, fmt: str, site: Site | None) -> str:
    """`minusma-2023-11-20.md`, `minusma-2023-11-20-ansongo.md` with a site in full,
    `minusma-2023-11-20-known.md` as known then (so the two modes never overwrite each other)."""
    stem = f"minusma-{app.as_of.isoformat()}" + ("-known" if app.known else "")
    stem += f"-{site.id}" if site else ""
    return stem + export.SUFFIXES[fmt]


class ExportScreen(ModalScreen[Path | None]):
    """Choose a format and a path; enter writes the file atomically, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", key_display="esc", id="export-cancel"),
        Binding("enter", "write", "Write", id="export-write"),
        Binding("t", "choose('txt')", "Text", show=False),
        Binding("a", "choose('ansi')", "ANSI", show=False),
        Binding("h", "choose('html')", "HTML", show=False),
        Binding("s", "choose('svg')", "SVG", show=False),
        Binding("m", "choose('md')", "Markdown", show=False),
        Binding("i", "toggle_site", "Site in full", id="export-site"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.fmt = "txt"
        self.with_site = False
        self._auto_path = ""

    @property
    def state(self) -> AppState:
        """The app's shared state (tui/core/state.py): the date, the mode, the selection."""
        return state(self.app)

    @property
    def site(self) -> Site | None:
        app = self.state
        if not self.with_site or app.selected_site is None:
            return None
        return app.dataset.site_index.get(app.selected_site)

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = "Export the summary"
            # The format list has the keys, and its enter hides the dialog's from the footer.
            dialog.border_subtitle = "enter write · esc cancel"
            yield Static(id="export-intro")
            yield OptionList(
                *(
                    Option(
                        Text.assemble(
                            (f"{key}  ", "bold"), (f"{fmt:<5}", "bold"), export.DESCRIPTIONS[fmt]
                        ),
                        id=fmt,
                    )
                    for key, fmt in FORMAT_KEYS.items()
                ),
                id="export-formats",
            )
            yield Static(Text("Save as (tab to edit; ~ is your home):"), id="export-path-label")
            yield Input(id="export-path", select_on_focus=False)
            yield Static(id="export-site-line")
        yield Footer()

    def on_mount(self) -> None:
        self._update(replace_path=True)
        self.query_one("#export-formats", OptionList).focus()

    def _update(self, *, replace_path: bool = False) -> None:
        """Show the date, format and site, and keep the path's name in step with them."""
        app = self.state
        site = self.site
        self.query_one("#export-intro", Static).update(
            Text(
                f"The summary on {app.as_of.isoformat()}: pick a format (t a h s m or ↑ ↓), "
                "then enter to write.",
                style="bold",
            )
        )
        names = self.query_one("#export-formats", OptionList)
        names.highlighted = list(FORMAT_KEYS.values()).index(self.fmt)
        path_input = self.query_one("#export-path", Input)
        auto = str(default_export_dir(app.config) / default_name(app, self.fmt, site))
        if replace_path or path_input.value in ("", self._auto_path):
            path_input.value = auto
        else:
            current = Path(path_input.value)
            if current.suffix in export.SUFFIXES.values():
                path_input.value = str(current.with_suffix(export.SUFFIXES[self.fmt]))
        # The end in view: the file's name and extension say what will be written (the cursor
        # stayed where the shorter path ended, which hid them at 80 columns).
        path_input.cursor_position = len(path_input.value)
        self._auto_path = auto
        selected = app.dataset.site_index.get(app.selected_site or "")
        line = Text("Site in full: ", style="dim")
        if site is not None:
            line.append(site.name, style="bold").append("  (i: leave it out)", style="dim")
        elif selected is not None:
            line.append("none").append(f"  (i: include {selected.name})", style="dim")
        else:
            line.append("none")
        self.query_one("#export-site-line", Static).update(line)

    def action_choose(self, fmt: str) -> None:
        self.fmt = fmt
        self._update()

    def action_toggle_site(self) -> None:
        self.with_site = not self.with_site
        self._update()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionHighlighted, "#export-formats")
    def _format_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.fmt:
            self.fmt = event.option.id
            self._update()

    @on(OptionList.OptionSelected, "#export-formats")
    @on(Input.Submitted, "#export-path")
    def _submit(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        """Render and write; on failure say why and stay open so the path can be fixed."""
        app = self.state
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.app.notify("Give a file name to write to.", severity="error", markup=False)
            return
        path = expand_user(raw)
        try:
            _create_default_dir(path, default_export_dir(app.config))
            text = export.render(
                app.dataset, app.as_of, self.fmt, export.DEFAULT_WIDTH, self.site, known=app.known
            )
            written = export.write_file(path, text)
        except export.ExportError as exc:
            self.app.notify(str(exc), title="Not exported", severity="error", markup=False)
            return
        self.app.notify(visible_line(written), title=f"Exported ({self.fmt})", markup=False)
        self.dismiss(written)


def _create_default_dir(path: Path, default_dir: Path) -> None:
    """Create the default export directory when `path` is in it: the one directory the dialog
    proposes itself, so the one it may make. Any other missing directory is the user's typo."""
    if path.parent != default_dir:
        return
    try:
        default_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a name too long, a parent that is a file: said, not raised
        raise export.ExportError(
            f"cannot create {visible_line(default_dir)}: {reason(exc, default_dir)}"
        ) from None


class SummaryScreen(ModalScreen[None]):
    """In a served session: the summary on screen, with a key to copy it (nothing is saved)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,e", "dismiss", "Close", key_display="esc"),
        Binding("y", "copy", "Copy to clipboard", id="summary-copy"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
    ]

    def compose(self) -> ComposeResult:
        app = state(self.app)
        with VerticalScroll(id="summary-body") as body:
            body.border_title = "Summary (served session: nothing is saved on the server)"
            body.border_subtitle = "y copy · esc close"
            yield Static(summary(app.dataset, app.as_of, known=app.known), id="summary-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary-body", VerticalScroll).focus()

    def action_copy(self) -> None:
        copy_summary(self.app)

    def action_scroll(self, how: str) -> None:
        body = self.query_one("#summary-body", VerticalScroll)
        getattr(body, f"scroll_{how}")()
