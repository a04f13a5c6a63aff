"""The one place that touches Textual's private names (checked by tests/app/test_compat.py).

Each wrapper says what it needs and why no public API does it. A Textual upgrade that removes
one fails that test loudly instead of a user's session quietly.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from textual import events
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.notifications import Notification, Notify
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from tui.screen_shadow import ScreenShadow, Unshadowable

__all__ = [
    "PRIVATE_NAMES",
    "ChopsUpdate",
    "FooterKey",
    "LayoutUpdate",
    "ShadowedDisplay",
    "notify_replacing",
]
"""`FooterKey`: one key of Textual's Footer, not exported by `textual.widgets`; the footer
(tui/widgets/footer.py) draws keys the focused text field has but Textual's Input shows none
of. A Textual that moves it fails this import, loudly."""

PRIVATE_NAMES = {
    App: ("_unnotify", "_display", "_on_resize"),
}
"""Textual names used here, by class (the test checks each still exists)."""

_last: WeakKeyDictionary[App[object], dict[str, Notification]] = WeakKeyDictionary()


def notify_replacing(
    app: App[object], key: str, message: str, *, timeout: float = 2.0, markup: bool = False
) -> None:
    """A toast that replaces the previous one with the same `key`: seven quick `s` presses
    show one "Sorted by …" toast, not seven stacked over the pane. (`App.notify` returns no
    handle, and Textual has no public way to withdraw one notification.)"""
    shown = _last.setdefault(app, {})
    previous = shown.get(key)
    if previous is not None:
        app._unnotify(previous)
    notification = Notification(message, "", "information", timeout, markup=markup)
    shown[key] = notification
    app.post_message(Notify(notification))


class _ShadowedUpdate(CompositorUpdate):
    """A compositor update written through the screen's shadow: only the cells that changed."""

    def __init__(self, update: CompositorUpdate, shadow: ScreenShadow) -> None:
        self.update = update
        self.shadow = shadow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Drawn whole, as Textual would (a terminal never gets this path: render_segments).
        yield from self.update.__rich_console__(console, options)  # type: ignore[attr-defined]

    def render_segments(self, console: Console) -> str:
        update, shadow = self.update, self.shadow
        try:
            if isinstance(update, LayoutUpdate):
                region = update.region
                return shadow.layout_update(update.strips, region.x, region.y, console)
            if isinstance(update, ChopsUpdate):
                return shadow.chops_update(update.chops, update.spans, update.chop_ends, console)
        except Unshadowable:
            pass
        shadow.forget()
        return update.render_segments(console)


class ShadowedDisplay(App[Any]):
    """An App whose repaints write only the cells that changed (tui/screen_shadow.py).

    `App._display` is where Textual turns a compositor update into the bytes for the terminal:
    the one place to put the shadow between them, with no public hook. `_on_resize` forgets the
    shadow first, since a terminal that changed size may show anything. A Textual that renames
    either fails tests/app/test_compat.py.
    """

    _shadow: ScreenShadow | None = None
    _shadow_size: tuple[int, int] | None = None

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        if isinstance(renderable, (LayoutUpdate, ChopsUpdate)) and not self.is_inline:
            if self._shadow is None:
                self._shadow = ScreenShadow()
                self.app_resume_signal.subscribe(self, lambda _app: self._forget_screen())
            size = (self.size.width, self.size.height)
            if size != self._shadow_size:
                self._shadow.forget()
                self._shadow_size = size
            renderable = _ShadowedUpdate(renderable, self._shadow)
        super()._display(screen, renderable)

    def _forget_screen(self) -> None:
        if self._shadow is not None:
            self._shadow.forget()

    async def _on_resize(self, event: events.Resize) -> None:
        self._forget_screen()
        await super()._on_resize(event)
