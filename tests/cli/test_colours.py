"""What reaches the terminal, in colour and without (issue "1/6 Trust").

For each TERM a remote user may have, with and without NO_COLOR, the real app runs in a pty at
80x24 (tests/cli/test_terminals.py), every tab is shown by its digit key, and the bytes are played
into `pyte`, a terminal emulator, so the test reads each cell's glyph, colours and attributes as
a terminal would show them. Every visible glyph must differ from its background, and under
NO_COLOR nothing may carry a colour: the terminal's default foreground and background only, the
cursor row marked by reverse video.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("ptys are POSIX-only", allow_module_level=True)

import pyte
from pyte.graphics import FG_AIXTERM, FG_ANSI, FG_BG_256

from .test_terminals import DEADLINE, PtyApp, clean_env, mission_shown

WIDTH, HEIGHT = 80, 24
QUIET = 0.3
"""Seconds without a byte after which a frame is taken as complete."""

TABS: dict[str, str] = {
    "1": "Sites closed",  # Overview
    "2": "╭─ Ogossagou",  # Bases: the detail pane of the first (selected) site
    "3": "countries on",  # Contingents
    "4": "⠤ departed",  # Timeline: the chart's key
    "5": "Selected:",  # Map
    "6": "Publisher",  # Sources
}
"""Each tab's digit and a text only that tab shows at 80x24."""

TERMINALS: dict[str, dict[str, str]] = {
    "xterm": {"TERM": "xterm"},
    "screen": {"TERM": "screen"},
    "linux": {"TERM": "linux"},
    "xterm-256color": {"TERM": "xterm-256color"},
    "truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
    "vt100": {"TERM": "vt100"},
}
COLOURLESS_TERMINALS = {"vt100"}
"""Terminals that have no colours (terminfo says so): drawn as under NO_COLOR."""

# pyte names the 16 palette colours; as hex (xterm's palette) they compare with 256/RGB ones.
_NAMED = {
    name: FG_BG_256[index]
    for index, name in enumerate(
        [FG_ANSI[code] for code in range(30, 38)] + [FG_AIXTERM[code] for code in range(90, 98)]
    )
}
DEFAULT_FG, DEFAULT_BG = "ffffff", "000000"
"""The terminal's own colours, as the dark themes the app uses assume them (and the Linux console,
xterm -rv and most emulators have them): a black glyph on the default background is invisible."""


def _hex(colour: str, default: str) -> str:
    if colour == "default":
        return default
    return _NAMED.get(colour, colour).lower()


@dataclass(frozen=True)
class Screen:
    """One frame as the terminal shows it."""

    buffer: dict[int, dict[int, pyte.screens.Char]]
    text: list[str]

    def cell(self, x: int, y: int) -> pyte.screens.Char:
        return self.buffer[y][x]

    def shown_colours(self, x: int, y: int) -> tuple[str, str]:
        """The colours the glyph at x, y is seen in: foreground, background (after reverse)."""
        char = self.cell(x, y)
        fg, bg = _hex(char.fg, DEFAULT_FG), _hex(char.bg, DEFAULT_BG)
        return (bg, fg) if char.reverse else (fg, bg)

    def visible_glyphs(self):
        for y in range(HEIGHT):
            for x in range(WIDTH):
                if self.cell(x, y).data not in ("", " ", "\u2800"):
                    yield x, y


def _settle(app: PtyApp, feed, done) -> None:
    """Read until `done()` holds and then QUIET seconds pass without a byte."""
    end = time.monotonic() + DEADLINE
    quiet_since = time.monotonic()
    while not (done() and time.monotonic() - quiet_since >= QUIET):
        if time.monotonic() > end:
            pytest.fail(f"the screen did not settle within {DEADLINE}s")
        got = app.read(0.05)
        if got < 0:
            pytest.fail("the app ended early")
        if got:
            feed()
            quiet_since = time.monotonic()


def render_tabs(env: dict[str, str]) -> dict[str, Screen]:
    """Start the app with `env` in an 80x24 pty, show every tab; each tab's screen by digit."""
    app = PtyApp(clean_env(**env), "--animations", "off", size=(WIDTH, HEIGHT))
    terminal = pyte.Screen(WIDTH, HEIGHT)
    stream = pyte.ByteStream(terminal)
    fed = 0

    def feed() -> None:
        nonlocal fed
        stream.feed(bytes(app.output[fed:]))
        fed = len(app.output)

    def showing(text: str):
        return lambda: any(text in line for line in terminal.display)

    screens: dict[str, Screen] = {}
    try:
        app.wait_for(mission_shown, "first frame with the mission")
        feed()
        _settle(app, feed, showing("MINUSMA"))
        for digit, marker in TABS.items():
            os.write(app.master, digit.encode())
            _settle(app, feed, showing(marker))
            screens[digit] = Screen(
                {y: dict(terminal.buffer[y]) for y in range(HEIGHT)}, list(terminal.display)
            )
        assert app.quit() == 0
    finally:
        app.kill()
    return screens


def _describe(screen: Screen, cells: list[tuple[int, int]]) -> str:
    lines = []
    for x, y in cells[:8]:
        char = screen.cell(x, y)
        lines.append(
            f"  {char.data!r} at {x},{y}: fg={char.fg} bg={char.bg} reverse={char.reverse}"
        )
    return "\n".join(lines) + (f"\n  … and {len(cells) - 8} more" if len(cells) > 8 else "")


def _style_row(screen: Screen, y: int, width: int) -> tuple:
    """A row's look without colour: each cell's reverse, underline and bold."""
    return tuple(
        (c.reverse, c.underscore, c.bold) for c in (screen.cell(x, y) for x in range(width))
    )


def _env(terminal: str, no_color: bool) -> dict[str, str]:
    env = dict(TERMINALS[terminal])
    if no_color:
        env["NO_COLOR"] = "1"
    return env


@pytest.fixture(scope="module")
def rendered() -> Callable[[str, bool], dict[str, Screen]]:
    """Every tab's screen for a terminal, with or without NO_COLOR. Both runs for a terminal go
    at once, one per core: each is mostly waiting for a frame, and the matrix stays quick."""
    cache: dict[tuple[str, bool], dict[str, Screen]] = {}

    def get(terminal: str, no_color: bool) -> dict[str, Screen]:
        if (terminal, no_color) not in cache:
            with ThreadPoolExecutor(max_workers=2) as pool:
                runs = {nc: pool.submit(render_tabs, _env(terminal, nc)) for nc in (False, True)}
                for nc, run in runs.items():
                    cache[(terminal, nc)] = run.result()
        return cache.pop((terminal, no_color))

    return get


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("terminal", list(TERMINALS))
def test_every_tab_is_legible(
    rendered: Callable[[str, bool], dict[str, Screen]], terminal: str, no_color: bool
) -> None:
    screens = rendered(terminal, no_color)

    for digit, screen in screens.items():
        invisible = [
            (x, y) for x, y in screen.visible_glyphs() if len(set(screen.shown_colours(x, y))) == 1
        ]
        assert not invisible, (
            f"tab {digit}: {len(invisible)} glyphs in their own background's colour\n"
            + _describe(screen, invisible)
            + "\n"
            + "\n".join(screen.text)
        )
        if no_color or terminal in COLOURLESS_TERMINALS:
            coloured = [
                (x, y)
                for y in range(HEIGHT)
                for x in range(WIDTH)
                if (screen.cell(x, y).fg, screen.cell(x, y).bg) != ("default", "default")
            ]
            assert not coloured, (
                f"tab {digit}: no colour asked for, yet {len(coloured)} cells have a colour\n"
                + _describe(screen, coloured)
            )

    # The Bases table's cursor row (the selected site, first in closure order) stands out from
    # the rows around it; under NO_COLOR by its attributes alone: reverse video.
    no_color = no_color or terminal in COLOURLESS_TERMINALS
    bases = screens["2"]
    cursor_y = next(
        y for y, line in enumerate(bases.text) if re.search(r"Ogossagou \(TOB\) +2023", line)
    )
    table_width = WIDTH - 2  # left of the scrollbar
    if no_color:
        look = _style_row
    else:

        def look(screen: Screen, y: int, width: int) -> tuple:
            return tuple(
                (screen.shown_colours(x, y), *_style_row(screen, y, width)[x]) for x in range(width)
            )

    cursor = look(bases, cursor_y, table_width)
    for neighbour in (cursor_y - 1, cursor_y + 1):
        assert cursor != look(bases, neighbour, table_width), "\n".join(bases.text)
    if no_color:
        assert all(bases.cell(x, cursor_y).reverse for x in range(table_width)), "\n".join(
            bases.text
        )
