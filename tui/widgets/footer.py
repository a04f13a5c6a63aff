"""The footer: Textual's Footer, rebuilt only when the keys it shows change, and showing only
the keys that fit whole.

Keys come in the order they are bound: the focused widget's and its tab's first (the tab's most
useful keys), then the app's in the order tui/core/actions.py declares them (most useful first).
What does not fit at the terminal's width is left out, never cut in half ("K Kn"): every key is
in the help (`?`) and the palette (ctrl+p) all the same.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui.compat import FooterKey


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
    _tries = 0
    _widths: list[int] | None = None
    """Each key's cells (with its margin), measured once after a rebuild, while all show."""

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
        yield from self._text_field_keys()
        yield from super().compose()

    def _text_field_keys(self) -> ComposeResult:
        """Typing in a text field (the filter bar), Textual's Input shows no key at all and
        the footer went blank: show enter, and esc as the field's container words it (the
        filter bar's "Clear filter", which the screen's priority esc hides from the bindings)."""
        if not self._bindings_ready:
            return
        focused = self.screen.focused
        if not isinstance(focused, Input):
            return
        escape = next(
            (
                binding
                for node in focused.ancestors
                for binding in Binding.make_bindings(getattr(type(node), "BINDINGS", []))
                if binding.key == "escape" and binding.show
            ),
            None,
        )
        enter = self.app.get_key_display(Binding("enter", ""))
        yield FooterKey("enter", enter, "Done", "").data_bind(compact=Footer.compact)
        if escape is not None:
            key = escape.key_display or self.app.get_key_display(escape)
            yield FooterKey("escape", key, escape.description, "").data_bind(compact=Footer.compact)

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
        # Next, not after the next refresh (as Textual's Footer does): at start-up that refresh
        # is the first frame, which then showed no keys and was followed by a second one with
        # them. The pending flag still makes a burst of focus changes one rebuild.
        self.call_next(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        self._widths = None
        await self.recompose()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Show the keys, in order, while they fit whole; leave out the first that doesn't and
        every key after it (so the order stays the order of usefulness)."""
        children = list(self.children)
        if self._widths is None or len(self._widths) != len(children):
            if any(not child.display for child in children):
                return  # measured with every key shown, or not at all
            if not all(child.outer_size.width for child in children):
                self._tries += 1
                if self._tries < 5:
                    self.call_after_refresh(self._fit)  # not laid out yet: once it is
                return
            self._tries = 0
            self._widths = [
                child.outer_size.width + child.styles.margin.left + child.styles.margin.right
                for child in children
            ]
        room = self.size.width
        used = 0
        fits = True
        for child, width in zip(children, self._widths, strict=True):
            # The last key's right margin may hang off the edge: it is blank.
            fits = fits and used + width - child.styles.margin.right <= room
            if child.display != fits:
                child.display = fits
            if fits:
                used += width
