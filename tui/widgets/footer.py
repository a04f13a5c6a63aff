"""The footer: Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that skips rebuilding when the keys on show are the same as before.

    The stock Footer removes and re-mounts every key widget on each bindings signal, that is on
    every focus change: five times before the first frame of the dashboard (focus moves from
    nothing to the tabs to the Overview pane, tabs mount), each time styling a dozen key widgets
    twice. The keys only change when a tab with its own bindings gets the focus, or a binding is
    enabled or disabled; everything else is the same picture drawn again.
    """

    _shown: tuple[Any, ...] | None = None
    _rebuild_pending = False

    def _keys_on_show(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What `Footer.compose` draws from: the shown bindings, their state and key labels."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = [
            (key, binding, self.app.get_key_display(binding), enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        ]
        return (*keys, self.show_command_palette, self.combine_groups)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys_on_show(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Like Footer's, but one rebuild at most per refresh, and none if nothing changed."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._rebuild_pending:
            return  # the rebuild to come reads the bindings as they are then
        if self._shown is not None and self._keys_on_show(screen) == self._shown:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
