"""Reading a terminal's colours from its terminfo entry (`tui.core.terminfo`), on entries made
here in both compiled formats, so the tests do not depend on the machine's database."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

import pytest

from tui.core.terminfo import ENTRY_LIMIT, colours, has_no_colours


def entry(numbers: list[int], *, wide: bool = False, names: bytes = b"test|a test\0") -> bytes:
    """A compiled terminfo entry (term(5)) with these numbers, three booleans and no strings;
    `wide`: ncurses 6.1's format, 32-bit numbers."""
    booleans = b"\1\0\1"
    header = struct.pack("<6h", 0o1036 if wide else 0o432, len(names), 3, len(numbers), 0, 0)
    body = names + booleans
    if (len(header) + len(body)) % 2:
        body += b"\0"
    return header + body + struct.pack(("<%di" if wide else "<%dh") % len(numbers), *numbers)


def install(directory: Path, name: str, data: bytes) -> dict[str, str]:
    (directory / name[0]).mkdir(parents=True, exist_ok=True)
    (directory / name[0] / name).write_bytes(data)
    return {"TERMINFO": str(directory)}


@pytest.mark.parametrize("wide", [False, True], ids=["16-bit", "32-bit"])
@pytest.mark.parametrize("count", [-1, 2, 8, 256])
def test_the_colors_number_is_read(tmp_path: Path, wide: bool, count: int) -> None:
    numbers = [80, 8, 24, *([-1] * 10), count, 64]  # cols, it, lines, …, colors, pairs
    env = install(tmp_path, "term-a", entry(numbers, wide=wide))
    assert colours("term-a", env) == count
    assert has_no_colours("term-a", env) is (count < 8)


def test_an_entry_that_stops_before_colors_has_none(tmp_path: Path) -> None:
    """vt100's entry has 7 numbers, xterm-mono's 3: `colors` (the 14th) is absent."""
    env = install(tmp_path, "mono", entry([80, 8, 24]))
    assert colours("mono", env) == -1
    assert has_no_colours("mono", env)


def test_an_odd_length_header_and_names_are_padded(tmp_path: Path) -> None:
    numbers = [80, 8, 24, *([-1] * 10), 16]
    env = install(tmp_path, "odd", entry(numbers, names=b"odd|an odd name\0\0"))
    assert colours("odd", env) == 16


def test_the_search_order_and_macos_hex_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    install(second, "t", entry([80, 8, 24, *([-1] * 10), 256]))
    (first / "74").mkdir(parents=True)  # "t" is 0x74
    (first / "74" / "t").write_bytes(entry([80, 8, 24]))
    assert colours("t", {"TERMINFO_DIRS": f"{first}::{second}"}) == -1
    assert colours("t", {"TERMINFO_DIRS": str(second)}) == 256
    assert colours("t", {"TERMINFO": str(second), "TERMINFO_DIRS": str(first)}) == 256


def test_unknown_terminals_and_names_that_are_paths(tmp_path: Path) -> None:
    install(tmp_path, "x", entry([80, 8, 24]))
    env = {"TERMINFO": str(tmp_path), "HOME": str(tmp_path)}
    for name in ("", "nosuchterm-zz", "../x", "x/../x", ".x", "a" * 65):
        assert colours(name, env) is None
        assert not has_no_colours(name, env)


def test_dec_terminals_have_no_colours_without_a_database(tmp_path: Path) -> None:
    """A machine without terminfo entries (a minimal container) still knows a vt100."""
    env = {"TERMINFO": str(tmp_path)}
    if colours("vt100", env) is None:  # the system's database is searched after $TERMINFO
        assert has_no_colours("vt100", env)
    assert not has_no_colours("nosuchterm-zz", env)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX-only")
def test_what_is_not_an_entry_is_ignored(tmp_path: Path) -> None:
    """A FIFO (never waited on), a directory, a file too big or not compiled terminfo."""
    (tmp_path / "f").mkdir()
    os.mkfifo(tmp_path / "f" / "fifo")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "dir").mkdir()
    install(tmp_path, "big", entry([80, 8, 24]) + b"\0" * ENTRY_LIMIT)
    install(tmp_path, "text", b"xterm-mono|monochrome xterm,\n\tcols#80,\n")
    install(tmp_path, "short", entry([80, 8, 24, *([-1] * 10), 8])[:-2])
    env = {"TERMINFO": str(tmp_path)}
    for name in ("fifo", "dir", "big", "text", "short"):
        assert colours(name, env) is None, name
