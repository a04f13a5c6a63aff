"""The base of every dashboard tab, and the keyboard-first table and pane the tabs share."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.widgets import DataTable

if TYPE_CHECKING:
    from tui.app import MinusmaApp


class DashboardTab(Container):
    """A tab's content. Subclasses compose their widgets and implement `update_view`.

    Tabs are mounted the first time they are shown (see DashboardScreen), then follow the app's
    shared state through watchers, so a tab never reads files or keeps its own copy of figures.
    """

    DEFAULT_CLASSES = "dashboard-tab"

    KEY_WIDGETS: ClassVar[tuple[type, ...]] = ()
    """Widget classes inside this tab whose keys the help screen should list."""

    @property
    def minusma(self) -> MinusmaApp:
        return cast("MinusmaApp", self.app)

    def on_mount(self) -> None:
        self.watch(self.app, "dataset", self._state_changed, init=False)
        self.watch(self.app, "as_of", self._state_changed, init=False)
        self.watch(self.app, "known", self._state_changed, init=False)
        self.update_view()

    def _state_changed(self) -> None:
        self.update_view()

    def update_view(self) -> None:
        """Show the app's current snapshot. Called on mount and on every change."""


class KeyTable(DataTable[Text]):
    """A row-cursor table with the vim keys every table in the app shares (j/k, g/G)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First row", show=False),
        Binding("G", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]


class ScrollPane(VerticalScroll, can_focus=True):
    """A focusable text pane that scrolls with the same keys as the tables."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]
    """With VerticalScroll's own (arrows, page up/down, home/end)."""


def clip(value: str, width: int, style: str = "") -> Text:
    """Untrusted text cut to `width` cells with an ellipsis, so one long value can't push a
    table's other columns off an 80-column screen (the full text is in a detail pane)."""
    text = Text(value, style=style, no_wrap=True, overflow="ellipsis")
    text.truncate(width, overflow="ellipsis")
    return text
