"""The screen shadow writes fewer bytes and leaves the terminal showing exactly what Textual's own
output would: checked with a small terminal emulator over random sequences of updates."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings, strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.compat import ChopsUpdate, LayoutUpdate, _ShadowedUpdate
from tui.screen_shadow import ScreenShadow

WIDTH, HEIGHT = 12, 4
TOKEN = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|\x1b\][^\x1b]*\x1b\\|(.)", re.DOTALL)


class Terminal:
    """Just enough of a terminal for Textual's output: cursor moves, SGR, printable text."""

    def __init__(self) -> None:
        self.cells: list[list[tuple[str, str]]] = [[("?", "")] * WIDTH for _ in range(HEIGHT)]
        self.x = self.y = 0
        self.sgr = ""

    def feed(self, data: str) -> None:
        for match in TOKEN.finditer(data):
            params, command, char = match.groups()
            if command == "H":
                row, _, col = (params or "1;1").partition(";")
                self.y, self.x = int(row) - 1, int(col or 1) - 1
            elif command == "m":
                self.sgr = "" if params in ("", "0") else self.sgr + ";" + params
            elif char == "\n":
                self.y, self.x = self.y + 1, 0
            elif char is not None:
                width = cell_len(char)
                if width == 0:
                    text, sgr = self.cells[self.y][self.x - 1]
                    self.cells[self.y][self.x - 1] = (text + char, sgr)
                    continue
                self.cells[self.y][self.x] = (char, self.sgr)
                if width == 2:
                    self.cells[self.y][self.x + 1] = ("", self.sgr)
                self.x += width


STYLES = [None, Style(bold=True), Style(color="red"), Style(bgcolor="blue", color="white")]
CHARS = "ab ─é中"


@st.composite
def screens(draw: st.DrawFn) -> list[list[tuple[str, Style | None]]]:
    """A screen's cells; a wide character takes two (its right half "")."""
    lines = []
    for _ in range(HEIGHT):
        line: list[tuple[str, Style | None]] = []
        while len(line) < WIDTH:
            char = draw(st.sampled_from(CHARS))
            style = draw(st.sampled_from(STYLES))
            if cell_len(char) == 2:
                if len(line) == WIDTH - 1:
                    char = "x"
                else:
                    line += [(char, style), ("", style)]
                    continue
            line.append((char, style))
        lines.append(line)
    return lines


def strip_of(cells: list[tuple[str, Style | None]]) -> Strip:
    return Strip([Segment(char, style) for char, style in cells if char != ""])


def cuts(draw: st.DrawFn, line: list[tuple[str, Style | None]]) -> list[int]:
    """Chop boundaries that never fall inside a wide character."""
    allowed = [x for x in range(1, WIDTH) if line[x][0] != ""]
    return sorted(draw(st.sets(st.sampled_from(allowed), max_size=3))) if allowed else []


@st.composite
def updates(draw: st.DrawFn) -> LayoutUpdate | ChopsUpdate:
    screen = draw(screens())
    if draw(st.booleans()):
        from textual.geometry import Region

        return LayoutUpdate([[strip_of(line)] for line in screen], Region(0, 0, WIDTH, HEIGHT))
    chops, ends, spans = [], [], []
    for y, line in enumerate(screen):
        bounds = [0, *cuts(draw, line), WIDTH]
        chops.append({a: strip_of(line[a:b]) for a, b in itertools.pairwise(bounds)})
        ends.append(bounds[1:])
        if draw(st.booleans()):
            x1 = draw(st.integers(0, WIDTH - 1))
            x2 = draw(st.integers(x1 + 1, WIDTH))
            spans.append((y, x1, x2))
    if not spans:
        spans.append((0, 0, WIDTH))
    return ChopsUpdate(chops, spans, ends)


def console() -> Console:
    return Console(width=WIDTH, height=HEIGHT, color_system="truecolor", force_terminal=True)


@settings(max_examples=100, deadline=None)
@given(st.lists(updates(), min_size=1, max_size=6), st.sets(st.integers(0, 5)))
def test_the_terminal_shows_what_textual_would_write(
    sequence: list[LayoutUpdate | ChopsUpdate], forgotten: set[int]
) -> None:
    plain, shadowed, shadow = Terminal(), Terminal(), ScreenShadow()
    out = console()
    # The emulators start from a known picture: the first update of a session is a full one.
    from textual.geometry import Region

    start = LayoutUpdate([[Strip.blank(WIDTH)] for _ in range(HEIGHT)], Region(0, 0, WIDTH, HEIGHT))
    plain.feed(start.render_segments(out))
    shadowed.feed(_ShadowedUpdate(start, shadow).render_segments(out))
    for step, update in enumerate(sequence):
        if step in forgotten:
            shadow.forget()
        plain.feed(update.render_segments(out))
        shadowed.feed(_ShadowedUpdate(update, shadow).render_segments(out))
        assert shadowed.cells == plain.cells


def test_the_same_picture_again_writes_nothing() -> None:
    """A second full repaint of an unchanged screen (a resize to the same size, the toasts' rack
    settling) costs no bytes; a change of one cell costs about one cell."""
    from textual.geometry import Region

    out, shadow = console(), ScreenShadow()
    line = [Strip([Segment("hello world!", Style(color="red"))])]
    full = LayoutUpdate([line] * HEIGHT, Region(0, 0, WIDTH, HEIGHT))
    first = _ShadowedUpdate(full, shadow).render_segments(out)
    assert len(first) <= len(full.render_segments(out))
    assert _ShadowedUpdate(full, shadow).render_segments(out) == ""
    one = [Strip([Segment("hello_world!", Style(color="red"))])]
    changed = LayoutUpdate([line, one, line, line], Region(0, 0, WIDTH, HEIGHT))
    written = _ShadowedUpdate(changed, shadow).render_segments(out)
    assert "_" in written and "hello" not in written
    assert len(written) < 30
