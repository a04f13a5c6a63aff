"""Themes for terminals with few colours, or asked for none (issue "1/6 Trust").

Textual handles `NO_COLOR` with a line filter it picks once, in `App.__init__`, from the theme
in force then: `NoColor` (every glyph in the terminal's default colours) for an ANSI theme,
`Monochrome` (every colour turned into a grey) otherwise. Monochrome reads an ANSI colour's RGB,
which it does not have (`ansi_default` included), as black, so an app that switches to an ANSI
theme after start-up (as this one does on 16-colour terminals) was drawn black on black. So under
`NO_COLOR` the app asks for native ANSI colour from the start (Textual then picks `NoColor`) and
uses `NO_COLOR_THEME`: every colour the terminal's default, and what colour marked (the cursor,
the focused tab, the selected radio button) marked by reverse video instead. A terminal whose
terminfo entry has no colours (vt100, vt220: `tui.core.terminfo`) is run as under `NO_COLOR`
(the CLI sets it before the app is made), since Rich and Textual would send it colour codes.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.theme import BUILTIN_THEMES, Theme

from tui.core.loader import Problem

if TYPE_CHECKING:
    from tui.core.config import Config

NO_COLOR_THEME_NAME = "no-color"


def no_color_requested() -> bool:
    """`NO_COLOR` is set (to anything: the same test Textual's own filter makes)."""
    return "NO_COLOR" in os.environ


_DEFAULT = "ansi_default"

NO_COLOR_THEME = Theme(
    name=NO_COLOR_THEME_NAME,
    ansi=True,
    dark=True,
    primary=_DEFAULT,
    secondary=_DEFAULT,
    warning=_DEFAULT,
    error=_DEFAULT,
    success=_DEFAULT,
    accent=_DEFAULT,
    foreground=_DEFAULT,
    background=_DEFAULT,
    surface=_DEFAULT,
    panel=_DEFAULT,
    boost=_DEFAULT,
    variables={
        # Every colour variable Textual's ANSI design sets to a colour of its own.
        **{
            name: _DEFAULT
            for name in (
                "ansi-background",
                "ansi-foreground",
                "border",
                "border-blurred",
                "block-cursor-foreground",
                "block-cursor-background",
                "block-cursor-blurred-foreground",
                "block-cursor-blurred-background",
                "block-hover-background",
                "scrollbar",
                "scrollbar-hover",
                "scrollbar-active",
                "scrollbar-background",
                "scrollbar-background-hover",
                "scrollbar-background-active",
                "scrollbar-corner-color",
                "link-color",
                "link-color-hover",
                "link-background-hover",
                "footer-foreground",
                "footer-background",
                "footer-key-foreground",
                "footer-description-foreground",
                "footer-description-background",
                "footer-item-background",
                "input-cursor-foreground",
                "input-cursor-background",
                "input-selection-foreground",
                "input-selection-background",
                "screen-selection-foreground",
                "screen-selection-background",
                "markdown-h1-color",
                "markdown-h2-color",
                "markdown-h3-color",
                "markdown-h4-color",
                "markdown-h5-color",
                "markdown-h6-color",
            )
        },
        # What colour said, said by the text's style: the focused cursor (tables, lists, the
        # focused tab, the selected radio button) in reverse video; a cursor without focus
        # underlined, so the selected row still shows while another widget has the keys.
        "block-cursor-text-style": "reverse",
        "block-cursor-blurred-text-style": "underline",
        "input-cursor-text-style": "reverse",
        "button-focus-text-style": "bold reverse",
        "link-style": "underline",
        "link-style-hover": "bold underline",
    },
)
"""Under `NO_COLOR`: the terminal's own foreground and background everywhere."""


def _readable_ansi(theme: Theme, border_blurred: str) -> Theme:
    return replace(theme, variables={**theme.variables, "border-blurred": border_blurred})


ANSI_THEMES: tuple[Theme, ...] = (
    # Textual draws blurred borders and the unlit part of the tabs' underline in
    # $border-blurred, which ansi-dark sets to ansi_black and ansi-light to ansi_white: the
    # terminal's own background colour on most dark (light) terminals, so those glyphs vanish.
    # Bright black (the palette's grey) shows on both.
    _readable_ansi(BUILTIN_THEMES["ansi-dark"], "ansi_bright_black"),
    _readable_ansi(BUILTIN_THEMES["ansi-light"], "ansi_bright_black"),
)
"""Textual's ansi-dark and ansi-light (same names), with no glyph in the background's colour."""


def startup_theme(
    config: Config, available: Collection[str], no_color: bool, colors: str
) -> tuple[str, Problem | None]:
    """The theme to start with ("" to keep Textual's), and the config's problem if it names a
    theme Textual doesn't know. NO_COLOR wins over a configured theme (no colour reaches the
    terminal whatever the theme, and this one marks the cursor and focus by reverse video
    instead); then the configured one; on an 8/16-colour terminal (TERM=xterm, linux, screen:
    `colors` is Rich's colour system) the terminal's own palette."""
    configured, problem = config.theme, None
    if configured and configured not in available:
        where = str(config.path or "config")
        problem, configured = Problem(where, "theme", f"no theme called {configured!r}"), None
    if no_color:
        return NO_COLOR_THEME_NAME, problem
    if configured:
        return configured, problem
    return ("ansi-dark" if colors in ("standard", "windows") else ""), problem
