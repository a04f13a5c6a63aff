"""A canvas of braille dots: the one drawing surface of the map and the drawdown chart.

A terminal cell holds a braille character of 2×4 dots, so a grid of cells is a grid of dots
four times as fine as the text; a cell is about twice as tall as it is wide, so each dot is
roughly square. Dots are plotted in dot coordinates (x, y; y grows downwards); whole
characters (a site's glyph, a number, a letter) are put over them in cell coordinates. It draws
in any terminal that shows Unicode: over SSH, in 16 colours, under NO_COLOR. Rich only.
"""

from __future__ import annotations

from rich.text import Text

BRAILLE_BASE = 0x2800
"""The empty braille character: a cell's dots are bits added to it."""
BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Dot bits of a braille cell, by [row 0-3][column 0-1]."""


class BrailleCanvas:
    """`cols` × `rows` cells of braille dots, each cell with one style, and characters layered
    over the dots (`put`) or under them (`underlay`: shown only where a cell has no dot).

    A cell takes the style of the first dot plotted in it, unless a later one is `strong` (the
    chart's series outranks the total line drawn through the same cell). An empty cell is a
    space in `blank_style` (the map keeps its dim style across the whole outline).
    """

    def __init__(self, cols: int, rows: int, *, blank_style: str = "") -> None:
        self.cols, self.rows = cols, rows
        self.blank_style = blank_style
        self.dots = [[0] * cols for _ in range(rows)]
        self.styles = [[""] * cols for _ in range(rows)]
        self.over: dict[tuple[int, int], tuple[str, str]] = {}
        self.under: dict[tuple[int, int], tuple[str, str]] = {}

    def inside(self, col: int, row: int) -> bool:
        return 0 <= col < self.cols and 0 <= row < self.rows

    def plot(self, x: int, y: int, style: str = "", *, strong: bool = False) -> None:
        """One dot at (x, y) in dots; off the canvas, nothing."""
        col, row = x // 2, y // 4
        if self.inside(col, row):
            self.dots[row][col] |= BRAILLE_BITS[y % 4][x % 2]
            if strong or not self.styles[row][col]:
                self.styles[row][col] = style

    def line(self, x0: int, y0: int, x1: int, y1: int, style: str = "") -> None:
        """A straight line of dots from (x0, y0) to (x1, y1), both ends included."""
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for i in range(steps + 1):
            x = round(x0 + (x1 - x0) * i / steps)
            self.plot(x, round(y0 + (y1 - y0) * i / steps), style)

    def free(self, col: int, row: int) -> bool:
        """Whether a cell is on the canvas with no character put on it."""
        return self.inside(col, row) and (col, row) not in self.over

    def put(self, col: int, row: int, char: str, style: str = "") -> None:
        """A character over the cell's dots (it replaces one put there before)."""
        if self.inside(col, row):
            self.over[(col, row)] = (char, style)

    def underlay(self, col: int, row: int, char: str, style: str = "") -> None:
        """A character shown in the cell only if no dot is plotted there (the as-of rule)."""
        if self.inside(col, row):
            self.under[(col, row)] = (char, style)

    def lines(self) -> list[Text]:
        """The canvas as one Text a row: put characters, else dots, else the underlay."""
        out = []
        for row in range(self.rows):
            line = Text(no_wrap=True, overflow="crop")
            dots, styles = self.dots[row], self.styles[row]
            for col in range(self.cols):
                over = self.over.get((col, row))
                if over is not None:
                    line.append(*over)
                elif dots[col]:
                    line.append(chr(BRAILLE_BASE + dots[col]), styles[col])
                elif (col, row) in self.under:
                    line.append(*self.under[(col, row)])
                else:
                    line.append(" ", self.blank_style)
            out.append(line)
        return out
