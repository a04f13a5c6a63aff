"""How many colours a terminal shows, read from its terminfo entry (what ncurses and `tput` read).

Rich and Textual take any TERM but "dumb" for a terminal with at least 8 colours, so on a vt100 or
a vt220 (a serial console, a server's management console, minicom) the app sent colour codes the
terminal cannot show. The CLI asks `has_no_colours` and, when the entry says so, runs the app as
under NO_COLOR: the terminal's own colours, with bold and reverse video marking what colour would.

Only the entry's `colors` number is read, from the compiled file (term(5)), not through Python's
`curses`: `curses.setupterm` reads the first TERM it is given and ignores every later call in the
process, and `curses` is missing from some Pythons.
"""

from __future__ import annotations

import os
import re
import stat
import struct
from collections.abc import Iterator, Mapping
from pathlib import Path

SYSTEM_DIRS = ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo")
"""Where ncurses looks after $TERMINFO, ~/.terminfo and $TERMINFO_DIRS (Debian's, then others')."""

ENTRY_LIMIT = 32 * 1024
"""Bytes: ncurses' own limit for a compiled entry; a larger file is not an entry."""

COLORS = 13
"""The index of `colors` (max_colors) among an entry's numbers (term(5), ncurses' Caps)."""

WITHOUT_COLOURS = frozenset({"vt52", "vt100", "vt102", "vt220", "vt320", "vt420"})
"""DEC's text terminals, none of which shows colour: trusted when no entry is installed."""

_NAME = re.compile(r"[A-Za-z0-9_+][A-Za-z0-9_.+-]{0,63}")
_MAGIC_16 = 0o432
"""A legacy entry: numbers are 16-bit."""
_MAGIC_32 = 0o1036
"""An entry of ncurses 6.1 and later: numbers are 32-bit."""


def has_no_colours(term: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the terminal named `term` shows no colour: its entry has no `colors`, or fewer
    than 8. An unknown terminal is taken to have colours, as Rich and Textual take it."""
    found = colours(term, environ)
    if found is None:
        return term in WITHOUT_COLOURS
    return found < 8


def colours(term: str, environ: Mapping[str, str] = os.environ) -> int | None:
    """The `colors` number of `term`'s terminfo entry (-1: the entry has none); None when no
    entry is found or the name could not be one (a path, say)."""
    if not _NAME.fullmatch(term):
        return None
    for directory in _search_path(environ):
        for sub in (term[0], f"{ord(term[0]):02x}"):  # macOS names the folder by hex code
            data = _read_entry(Path(directory, sub, term))
            if data is not None:
                return _colors_of(data)
    return None


def _search_path(environ: Mapping[str, str]) -> Iterator[str]:
    """ncurses' order: $TERMINFO, ~/.terminfo, $TERMINFO_DIRS (an empty item: the system's),
    then the system's."""
    if environ.get("TERMINFO"):
        yield environ["TERMINFO"]
    if environ.get("HOME"):
        yield os.path.join(environ["HOME"], ".terminfo")
    for item in environ.get("TERMINFO_DIRS", "").split(":"):
        if item:
            yield item
    yield from SYSTEM_DIRS


def _read_entry(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of at most ENTRY_LIMIT bytes (never blocks on a
    FIFO or reads a device)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > ENTRY_LIMIT:
            return None
        return os.read(fd, ENTRY_LIMIT + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _colors_of(data: bytes) -> int | None:
    """The `colors` number of a compiled entry: header, names, booleans, (a pad byte to an even
    offset), then the numbers; None if the bytes are not an entry."""
    if len(data) < 12:
        return None
    magic, names, booleans, numbers, _strings, _table = struct.unpack("<6h", data[:12])
    if magic not in (_MAGIC_16, _MAGIC_32) or min(names, booleans, numbers) < 0:
        return None
    if numbers <= COLORS:
        return -1
    offset = 12 + names + booleans
    offset += offset % 2
    size, code = (4, "<i") if magic == _MAGIC_32 else (2, "<h")
    start = offset + COLORS * size
    if start + size > len(data):
        return None
    value: int = struct.unpack(code, data[start : start + size])[0]
    return value
