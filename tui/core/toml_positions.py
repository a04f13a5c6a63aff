"""Where a TOML file writes a key or a value: the line and column behind a problem's path.

tomllib gives a dict and no positions, so the loader's problems (`sites[8].states[0].state`)
had no line. `find(text, wanted)` scans the text of a file tomllib has already accepted and
returns the spot of each wanted path: where its key is written (or the header of its table) and
where its value starts. It is called only when there is a problem to place, never for a valid
file, and it records only what was asked for, so a problem in a 100,000-site file costs one pass
over the text and a few entries, not a map of every key.

The pass is fast where nothing is wanted: the body of a table that holds no wanted path is
skipped by one regular expression per run of simple `key = value` lines; only headers, values
that span lines, and the tables that hold what was asked are read token by token in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

Loc = tuple[str | int, ...]
"""A path into the parsed file: `("sites", 8, "states", 0, "state")`."""


@dataclass(frozen=True, slots=True)
class Where:
    """A place in the text, both 1-based, the column counted in characters (as tomllib's)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a path is written: its key (or its table's header, or the first header of an
    array of tables), and the start of its value (a table's: its header)."""

    key: Where
    value: Where


# --- tokens -------------------------------------------------------------------------------------

_WS = r"[ \t]*"
_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"(?!")'
"""A one-line basic string; never the start of a `\"\"\"` one (the lookahead refuses it)."""
_LITERAL = r"'[^'\n]*'(?!')"
_KEY_PART = f"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_KEY = f"{_KEY_PART}(?:{_WS}\\.{_WS}{_KEY_PART})*"
_OTHER = r"""[^\s\[\]{}"'#,=]+(?![^\s\[\]{}"'#,=])(?:[ ][0-9][^\s\[\]{}"'#,=]*)?"""
"""A number, a boolean, a date or a time (a date-time may hold one space)."""
_SCALAR = f"(?:{_BASIC}|{_LITERAL}|{_OTHER})"
_FLAT_ARRAY = f"\\[(?:[ \\t\\r\\n,]|#[^\\n]*|{_SCALAR})*\\]"
_COMMENT = r"(?:#[^\n]*)?"

_SIMPLE_LINES = re.compile(
    f"(?:{_WS}(?:{_KEY}{_WS}={_WS}(?:{_SCALAR}|{_FLAT_ARRAY}){_WS})?{_COMMENT}\\r?\\n){{0,4096}}"
)
"""Up to 4096 lines of blanks, comments and `key = value` with a value of one line (or an
array of scalars): what a table's body is made of, skipped in one call."""

_HEADER = re.compile(f"{_WS}(\\[\\[?){_WS}({_KEY}){_WS}\\]\\]?{_WS}{_COMMENT}(?:\\r?\\n|$)")
_KEY_PARTS = re.compile(f"{_WS}({_BARE}|{_BASIC}|{_LITERAL}){_WS}(\\.)?")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_SPACE = re.compile(r"[ \t]*")
_LINE_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|$)")
_STRINGS = {
    '"""': re.compile(r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}'),
    "'''": re.compile(r"'''(?:[^']|'{1,2}(?!'))*'{3,5}"),
    '"': re.compile(_BASIC),
    "'": re.compile(_LITERAL),
}
_OTHER_VALUE = re.compile(_OTHER)
_REST_OF_LINE = re.compile(r"[^\n]*\n?")
_NEWLINE_BRACKET = re.compile(r"\n[ \t]*(\[)")
_STRING_OR_COMMENT = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'|#.*""")
_NOWHERE: tuple[str | int, ...] = (-1,)
"""The path of a table that holds nothing wanted (no wanted path starts with -1)."""
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_MAX_DEPTH = 64
"""Values nested deeper than this are skipped, not read (a dataset nests two deep)."""


def _key_text(token: str) -> str:
    """A key as the parsed dict holds it: bare, or a quoted string's content."""
    if token.startswith("'"):
        return token[1:-1]
    if not token.startswith('"'):
        return token
    return re.sub(
        r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)",
        lambda m: chr(int(m[1][1:], 16)) if m[1][0] in "uU" else _ESCAPES.get(m[1], m[1]),
        token[1:-1],
    )


class _Scan:
    """One pass over the text, recording the offsets of the wanted paths."""

    def __init__(self, text: str, wanted: Iterable[Loc]) -> None:
        self.text = text
        wanted = list(wanted)
        self.wanted: set[Loc] = set()
        for loc in wanted:
            self.wanted.update(loc[:n] for n in range(len(loc) + 1))
        self.found: dict[Loc, tuple[int, int]] = {}
        self.missing = set(wanted)
        """The wanted paths not found yet: the scan stops once there are none."""
        self.counts: dict[Loc, int] = {}
        """Arrays of tables seen so far, by their path: how many tables each has."""
        self.names: dict[str, tuple[str, ...]] = {}
        """Each header's keys, by its text (a file repeats a few headers many times)."""
        self.pos = 0
        self.record((), 0, 0)

    def record(self, loc: Loc, key: int, value: int) -> None:
        if loc in self.wanted and loc not in self.found:
            self.found[loc] = (key, value)
            self.missing.discard(loc)

    # --- the file, table by table

    def run(self) -> None:
        """Every line read in turn: exact for any TOML (multi-line strings included)."""
        table: Loc = ()
        text, size = self.text, len(self.text)
        while self.pos < size and self.missing:
            if table not in self.wanted:
                self.pos = _SIMPLE_LINES.match(text, self.pos).end()  # type: ignore[union-attr]
                if self.pos >= size:
                    break
            before = self.pos
            header = _HEADER.match(text, self.pos)
            if header is not None:
                table = self.header(header)
                self.pos = header.end()
            else:
                self.statement(table)
            if self.pos == before:  # nothing it can read: on to the next line
                self.pos = _REST_OF_LINE.match(text, self.pos).end()  # type: ignore[union-attr]

    def run_by_headers(self) -> bool:
        """From header to header, read only the tables that hold a wanted path (False: a line
        it cannot tell, and nothing recorded; `run()` reads the file instead).

        Only for a text without multi-line strings: then a line that starts with `[` is a
        header, or an array inside an array that spans lines, which follows a `[` or a `,`.
        """
        text = self.text
        table: Loc = ()
        body = 0
        first = _HEADER.match(text)
        starts = [first.start(1)] if first is not None else []
        for start in chain(starts, (m.start(1) for m in _NEWLINE_BRACKET.finditer(text))):
            if not self.missing:
                return True
            if start != 0 and _inside_an_array(text, start):
                continue
            header = _HEADER.match(text, start)
            if header is None:
                return False
            if table in self.wanted:
                self.body(table, body, start)
            table = self.header(header)
            body = header.end()
        if table in self.wanted:
            self.body(table, body, len(text))
        return True

    def body(self, table: Loc, start: int, end: int) -> None:
        """The `key = value` lines of one table, from `start` to the next header at `end`."""
        self.pos = start
        while self.pos < end:
            before = self.pos
            self.statement(table)
            if self.pos == before:
                self.pos = _REST_OF_LINE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def header(self, match: re.Match[str]) -> Loc:
        """The path of the table a `[a.b]` or `[[a.b]]` header opens."""
        start = match.start(1)
        names = self.key_names(match.group(2))
        if (names[0],) not in self.wanted:
            return _NOWHERE
        loc: Loc = ()
        for name in names[:-1]:
            loc = (*loc, name)
            if loc in self.counts:
                loc = (*loc, self.counts[loc] - 1)
            if loc not in self.wanted:
                return _NOWHERE
            self.record(loc, start, start)
        loc = (*loc, names[-1])
        if match.group(1) == "[[":
            self.record(loc, start, start)
            if loc not in self.wanted:  # counted only where something is wanted beneath it
                return _NOWHERE
            self.counts[loc] = self.counts.get(loc, 0) + 1
            loc = (*loc, self.counts[loc] - 1)
        self.record(loc, start, start)
        return loc

    def key_names(self, key: str) -> tuple[str, ...]:
        names = self.names.get(key)
        if names is None:
            names = self.names[key] = tuple(_key_text(m[1]) for m in _KEY_PARTS.finditer(key))
        return names

    def statement(self, table: Loc) -> None:
        """One line of a table's body (or the rest of a line it cannot read)."""
        text = self.text
        self.pos = _BLANK.match(text, self.pos).end()  # type: ignore[union-attr]
        if self.pos >= len(text) or text[self.pos] == "[":
            return
        loc = self.key(table)
        if loc is None or self.pos >= len(text) or text[self.pos] != "=":
            self.pos = _REST_OF_LINE.match(text, self.pos).end()  # type: ignore[union-attr]
            return
        self.pos = _SPACE.match(text, self.pos + 1).end()  # type: ignore[union-attr]
        self.value(loc[0], loc[1], 0)

    def key(self, table: Loc) -> tuple[Loc, int] | None:
        """A dotted key at `pos`: its full path and where it starts; `pos` after it."""
        start = self.pos
        loc = table
        while True:
            match = _KEY_PARTS.match(self.text, self.pos)
            if match is None:
                return None
            loc = (*loc, _key_text(match.group(1)))
            self.pos = match.end()
            if match.group(2) is None:
                self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
                return loc, start
            self.record(loc, start, start)

    # --- values

    def value(self, loc: Loc, key: int, depth: int) -> None:
        """The value at `pos`, recorded at `loc` with its key at `key`; `pos` after it."""
        text, start = self.text, self.pos
        self.record(loc, key, start)
        char = text[start : start + 1]
        if char == "[":
            self.array(loc, depth + 1)
        elif char == "{":
            self.inline_table(loc, depth + 1)
        elif char in ('"', "'"):
            kind = text[start : start + 3] if text[start : start + 3] in ('"""', "'''") else char
            match = _STRINGS[kind].match(text, start)
            self.pos = match.end() if match is not None else len(text)
        else:
            match = _OTHER_VALUE.match(text, start)
            self.pos = match.end() if match is not None else start + 1

    def array(self, loc: Loc, depth: int) -> None:
        for index, _ in enumerate(self.items("]")):
            self.value_or_skip((*loc, index), self.pos, depth)

    def inline_table(self, loc: Loc, depth: int) -> None:
        for _ in self.items("}"):
            found = self.key(loc)
            if found is None or self.text[self.pos : self.pos + 1] != "=":
                self.skip_value()
                continue
            self.pos = _SPACE.match(self.text, self.pos + 1).end()  # type: ignore[union-attr]
            self.value_or_skip(found[0], found[1], depth)

    def items(self, close: str) -> Iterator[None]:
        """Past the bracket at `pos`, to the start of each item of the array or inline table in
        turn (its commas, spaces and comments skipped), then past its `close`."""
        text = self.text
        self.pos += 1
        while True:
            self.pos = _BLANK.match(text, self.pos).end()  # type: ignore[union-attr]
            if self.pos >= len(text) or text[self.pos] == close:
                self.pos += 1
                return
            if text[self.pos] == ",":
                self.pos += 1
                continue
            before = self.pos
            yield
            if self.pos == before:  # a character no item starts with: past it
                self.pos += 1

    def value_or_skip(self, loc: Loc, key: int, depth: int) -> None:
        if depth > _MAX_DEPTH:
            self.skip_value()
        else:
            self.value(loc, key, depth)

    def skip_value(self) -> None:
        """Past the value (or the stray character) at `pos`, brackets counted, not recursed."""
        text, depth = self.text, 0
        while self.pos < len(text):
            char = text[self.pos]
            if char in "[{":
                depth += 1
                self.pos += 1
            elif char in "]}":
                if depth == 0:
                    return
                depth -= 1
                self.pos += 1
            elif char in "\"'":
                self.value((), 0, 0)
            elif char == "#":
                self.pos = _REST_OF_LINE.match(text, self.pos).end()  # type: ignore[union-attr]
            elif char in " \t\r\n,":
                if depth == 0:
                    return
                self.pos += 1
            else:
                match = _OTHER_VALUE.match(text, self.pos)
                self.pos = match.end() if match is not None else self.pos + 1
            if depth == 0:
                return


def _inside_an_array(text: str, start: int) -> bool:
    """Whether the `[` at `start`, first on its line, is an item of an array that spans lines:
    the line before it that holds more than a comment ends with `[` or `,` (a header never
    follows either). For a text without multi-line strings."""
    end = text.rfind("\n", 0, start)
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if "#" in line:  # without one, the line's last character is no string's or comment's
            line = _STRING_OR_COMMENT.sub(lambda m: "" if m[0][0] == "#" else '""', line)
        line = line.rstrip()
        if line:
            return line[-1] in "[,"
        end = begin - 1
    return False


def find(text: str, wanted: Iterable[Loc]) -> dict[Loc, Spot]:
    """The spot of each wanted path, and of every path above one, that `text` writes.

    `text` is a file tomllib accepted (its BOM removed, as the loader parses it). A path the
    file does not write (a missing key) is absent: the caller names the table above it.
    """
    wanted = list(wanted)
    scan = _Scan(text, wanted)
    if '"""' in text or "'''" in text or not scan.run_by_headers():
        scan = _Scan(text, wanted)
        scan.run()
    return _spots(text, scan.found)


def _spots(text: str, found: dict[Loc, tuple[int, int]]) -> dict[Loc, Spot]:
    """Offsets to lines and columns, counting the newlines once in order."""
    offsets = sorted({offset for pair in found.values() for offset in pair})
    places: dict[int, Where] = {}
    line, last = 1, 0
    for offset in offsets:
        line += text.count("\n", last, offset)
        last = offset
        places[offset] = Where(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
    return {loc: Spot(places[key], places[value]) for loc, (key, value) in found.items()}
