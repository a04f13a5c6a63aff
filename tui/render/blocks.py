"""Words laid out so that none is cut in two, and a table's rows as blocks. No Textual import.

A date, a figure, a name without spaces or a URL's host cut across two lines ("2023-11-1" /
"8") reads as two wrong values. `wrap` breaks lines between words only; the one word it may
break is a URL, and only in its path (after a `/`, `-`, `.` ...), never in its host. A table
too narrow for its columns is printed as one block per row instead (`Block`): a heading, then
`Label: value` lines, as `kubectl describe` and `gh` print a record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from tui.render.column_widths import cell_width

Run = tuple[str, str]
"""A run of text and its style ("" for none): a line is a list of them."""

_URL = re.compile(r"(?i)(https?://)([^/\s]+/?)(.*)")
_URL_PIECE = re.compile(r".*?(?:[/?&=#_]|[-.](?!\d)|$)")
"""A URL's path in the pieces it may break between: after / ? & = # _, and after - or .
unless a digit follows (a date or a number in a path stays whole: `2023-12-12`, `1.5`)."""


def least_width(word: str) -> int:
    """The narrowest line that holds `word` without cutting a token: a URL's scheme and host
    (its path may break), any other word whole."""
    url = _URL.fullmatch(word) if "://" in word else None  # a name or a date: no regex
    if url is None:
        return cell_width(word)
    scheme, host, path = url.groups()
    pieces = [scheme + host, *_URL_PIECE.findall(path)]
    return max(cell_width(piece) for piece in pieces)


def least_text_width(text: str) -> int:
    """The narrowest line that holds each word of `text` whole (0 for an empty text)."""
    if "://" not in text and text.isascii() and text.isprintable():  # no URL, a cell a char
        return max(map(len, text.split()), default=0)
    return max((least_width(word) for word in text.split()), default=0)


def wrap(text: str, width: int, first: int | None = None) -> list[str]:
    """`text` in lines of at most `width` cells (`first`, if given, for the first line), broken
    between words (see `wrap_runs`)."""
    if text.isascii() and text.isprintable():  # nearly every cell: one cell a character
        room = width if first is None else first
        if len(text) <= room and spaced(text):
            return [text]  # one line, as it is
        words = text.split()
        # Every word fits on any line: the lines `wrap_runs` gives, faster.
        if max(map(len, words), default=0) <= min(width, room):
            lines: list[str] = []
            line: list[str] = []
            used = 0
            for word in words:
                if line and used + 1 + len(word) <= room:
                    line.append(word)
                    used += 1 + len(word)
                    continue
                if line:
                    lines.append(" ".join(line))
                    room = width
                line, used = [word], len(word)
            lines.append(" ".join(line))
            return lines
    return ["".join(t for t, _style in line) for line in wrap_runs([(text, "")], width, first)]


def spaced(text: str) -> bool:
    """Whether a plain ASCII text's words are spaced as `wrap` spaces them (one space between,
    none around): such a text that fits on its line is that line as it is."""
    return "  " not in text and text[:1] != " " and text[-1:] != " "


def wrap_runs(runs: Sequence[Run], width: int, first: int | None = None) -> list[list[Run]]:
    """Styled text in lines of at most `width` cells (`first`, if given, for the first line),
    broken between words: runs of spaces become one, a line break in the text is kept. A word
    wider than the line goes on lines of its own: a URL broken in its path, anything else cut
    (only where one word is wider than the whole line)."""
    lines: list[list[Run]] = []
    line: list[Run] = []
    used = 0
    for word, size in _words(runs):
        room = max(first if first is not None and not lines else width, 1)
        if not word:  # a line break in the text
            lines.append(line)
            line, used = [], 0
            continue
        if line and used + 1 + size <= room:
            line += [(" ", ""), *word]
            used += 1 + size
            continue
        if line:
            lines.append(line)
            room = max(width, 1)
        if size <= room:
            line, used = list(word), size
            continue
        style = word[0][1]
        *whole, last = _break_word("".join(text for text, _style in word), room)
        lines += [[(part, style)] for part in whole]
        line, used = [(last, style)], cell_width(last)
    lines.append(line)
    return lines


_SPACES = re.compile(r"[^\S\n]+")


def _words(runs: Sequence[Run]) -> Iterator[tuple[list[Run], int]]:
    """The words of some styled runs, each a list of runs (a word may change style midway)
    and its width in cells; an empty word for a line break."""
    word: list[Run] = []
    size = 0
    for text, style in runs:
        for index, paragraph in enumerate(text.split("\n")):
            if index:
                if word:
                    yield word, size
                    word, size = [], 0
                yield [], 0
            for position, piece in enumerate(_SPACES.split(paragraph)):
                if position and word:
                    yield word, size
                    word, size = [], 0
                if piece:
                    word.append((piece, style))
                    size += cell_width(piece)
    if word:
        yield word, size


def _break_word(word: str, width: int) -> list[str]:
    """A word wider than `width`, in lines: a URL's pieces packed (its host whole), else cut."""
    url = _URL.fullmatch(word)
    if url is None:
        return _cut(word, width)
    scheme, host, path = url.groups()
    pieces = [p for p in (scheme + host, *_URL_PIECE.findall(path)) if p]
    if cell_width(pieces[0]) > width:  # the scheme on a line of its own, then the host
        pieces[:1] = [scheme, host]
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and cell_width(line + piece) > width:
            lines.append(line)
            line = ""
        if cell_width(piece) > width:
            *whole, piece = _cut(line + piece, width)
            lines += whole
            line = ""
        line += piece
    return [*lines, line]


def _cut(word: str, width: int) -> list[str]:
    """`word` cut every `width` cells: the last resort, for one word wider than the page."""
    lines, line, used = [], "", 0
    for char in word:
        size = get_character_cell_size(char)
        if line and used + size > width:
            lines.append(line)
            line, used = "", 0
        line += char
        used += size
    return [*lines, line]


class RunLines:
    """A renderable that writes its own lines, as styled runs (`lines`): printed through Rich
    (the TUI, the ansi, html and svg exports) or taken as plain text (`plain_lines`, the txt
    export), the same lines either way, with no Rich layout to wait for."""

    def lines(self, width: int) -> list[list[Run]]:
        raise NotImplementedError

    def plain_lines(self, width: int) -> list[str]:
        """The lines as plain text, without trailing spaces."""
        return ["".join(text for text, _style in line).rstrip() for line in self.lines(width)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield Text.assemble(*line, no_wrap=True, end="\n")


# --- one block per row ----------------------------------------------------------------------


BLOCK_INDENT = 2
"""A block's heading is indented as a table's rows are; its fields by twice that."""
VALUE_ROOM = 16
"""Below this many cells beside the labels, a value goes on the lines under its label."""


@dataclass(frozen=True, slots=True)
class Block:
    """One row as a block: `heading` (its first cell first: the rest hang under the second),
    then `fields`, each (label, value, style)."""

    heading: Sequence[str]
    fields: Sequence[tuple[str, str, str]]


def block_lines(blocks: Sequence[Block], width: int) -> list[list[Run]]:
    """Blocks as lines of styled segments, a blank line after each; labels line up."""
    labels = [label for block in blocks for label, _value, _style in block.fields]
    label_width = max((cell_len(label) for label in labels), default=0) + 2  # ": "
    field_indent = 2 * BLOCK_INDENT
    room = width - field_indent - label_width
    under = " " * (field_indent + BLOCK_INDENT)
    lines: list[list[Run]] = []
    for block in blocks:
        lines += _heading(block.heading, width)
        for label, value, style in block.fields:
            head = " " * field_indent + (label + ":").ljust(label_width)
            if room >= max(VALUE_ROOM, least_text_width(value)):
                pad = " " * (field_indent + label_width)
                for i, part in enumerate(wrap(value, room)):
                    lines.append(
                        [(head if i == 0 else pad, "dim" if i == 0 else ""), (part, style)]
                    )
            else:  # too narrow beside the label: the value on the lines under it
                lines.append([(head.rstrip(), "dim")])
                for part in wrap(value, width - len(under)):
                    lines.append([(under, ""), (part, style)])
        lines.append([])
    return lines


def _heading(cells: Sequence[str], width: int) -> list[list[Run]]:
    """A block's heading, bold: its first cell, and the rest wrapped beside it."""
    cells = [cell for cell in cells if cell]
    indent = " " * BLOCK_INDENT
    if not cells:
        return []
    first, rest = cells[0], "  ".join(cells[1:])
    hang = BLOCK_INDENT + cell_width(first) + 2
    if rest and width - hang >= max(VALUE_ROOM, least_text_width(rest)):
        parts = wrap(rest, width - hang)
        lines = [[(indent, ""), (f"{first}  {parts[0]}", "bold")]]
        return lines + [[(" " * hang, ""), (part, "bold")] for part in parts[1:]]
    text = "  ".join(cells)
    return [[(indent, ""), (part, "bold")] for part in wrap(text, width - BLOCK_INDENT)]
