"""Read `withdrawal.toml` into the model, or say exactly what is wrong with it.

Every problem found is collected, not just the first: a user fixing a file by hand wants the whole
list at once. Each problem names the file, the line and column, a path that names each record by
its id (`sites[ansongo].contingents[0].country`) and a plain message, and whatever the input
(binary junk, a directory, a TOML table where a list was expected, arrays nested 3,000 deep) the
result is a `Dataset` or a `DatasetError`, never a traceback.

A problem without a line is one with the whole file (missing, unreadable, too large, empty). The
lines of the rest come from the parser (a syntax error) or, for a file that parses, from one scan
of its text for the places the problems name (`tui.core.toml_positions`): only when there is a
problem, never for a valid file.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.files import (
    DATASET_LIMIT,
    FileRefused,
    read_regular,
    reason,
    visible_line,
)
from tui.core.model import SCHEMA_VERSION, Dataset

if TYPE_CHECKING:
    from tui.core import toml_positions
    from tui.core.file_problems import Found
    from tui.core.toml_positions import Loc

"""The version of the file this reads. Here, not in `tui.core.dataset_file`: the cache keys on it,
and importing the schema imports pydantic, which a start from the cache never needs."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a dataset, in words a person editing the file can act on."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None
    loc: tuple[str | int, ...] = ()
    """The place in the parsed file that `path` names (`("sites", 8, "state")`), for tools."""

    def __post_init__(self) -> None:
        """Every part made visible and kept on one line, once, for every place that shows it.

        The path holds the file's own keys (`mission."x\\u001b]0;title\\u0007"`), the file name
        comes from the command line, a message may quote either: printed raw, any of them could
        drive the user's terminal.
        """
        for name in ("file", "path", "message"):
            object.__setattr__(self, name, visible_line(getattr(self, name)))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DatasetError(Exception):
    """A dataset that cannot be used, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the dataset"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a dataset is parsed or validated.

    Both make hundreds of thousands of objects (10,000 sites) that hold no reference cycle, and
    every few hundred new objects the collector walks them all again: at 10,000 sites that was a
    third of the validation. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- reading the file ------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_AT_THE_END = re.compile(r"\s*\(at end of document\)")


def unreadable(path: Path, exc: OSError) -> Problem:
    """The one Problem a file that cannot be read at all gives (the dataset's or the config's)."""
    file = str(path)
    if isinstance(exc, FileNotFoundError):
        return Problem(file, "", "no such file")
    if isinstance(exc, IsADirectoryError):
        return Problem(file, "", "is a directory, not a TOML file")
    if isinstance(exc, FileRefused):  # already says what it is: "is a FIFO, not a regular file"
        return Problem(file, "", reason(exc))
    if isinstance(exc, PermissionError):
        return Problem(file, "", "cannot be read: permission denied")
    return Problem(file, "", f"cannot be read: {reason(exc, path)}")


def _tomllib() -> Any:
    """The TOML parser, imported when a file is parsed: a start from the cache parses none."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised only on 3.10
        import tomli as tomllib
    return tomllib


def _text(data: bytes) -> str:
    """A file's text as it is parsed (and its lines counted): UTF-8, without a BOM."""
    return data.decode("utf-8").removeprefix("\ufeff")


def parse_toml(data: bytes, file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    if not data.strip():
        return None, [Problem(file, "", "the file is empty")]
    try:
        content = _text(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(file, "", "is not UTF-8 text", line, column)]
    tomllib = _tomllib()
    try:
        with _no_cyclic_gc():
            return tomllib.loads(content), []
    except tomllib.TOMLDecodeError as exc:
        return None, [_syntax_error(file, content, exc)]
    except RecursionError:  # arrays or inline tables nested deeper than the parser can follow
        return None, [_too_deep(file, content)]
    except ValueError as exc:  # a number longer than Python reads (4,300 digits)
        return None, [_too_long(file, content, exc)]


def _syntax_error(file: str, content: str, exc: Exception) -> Problem:
    """The parser's error at its line and column (the end of the file: its last line's end)."""
    message = str(getattr(exc, "msg", exc))
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    match = _TOML_POSITION.search(message)
    if match is not None:
        line, column = int(match.group(1)), int(match.group(2))
    elif _AT_THE_END.search(message):
        line = content.count("\n") + 1
        column = len(content) - (content.rfind("\n") + 1) + 1
        message += " (at the end of the file)"
    message = _AT_THE_END.sub("", _TOML_POSITION.sub("", message)).strip()
    if line is None:
        return Problem(file, "", f"TOML syntax error: {message} (the parser gave no line)")
    return Problem(file, "", f"TOML syntax error: {message}", line, column)


_BRACKETS = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{0,5}|\'\'\'(?:[^\']|\'{1,2}(?!\'))*\'{0,5}'
    r'|"(?:[^"\\\n]|\\.)*"?|\'[^\'\n]*\'?|#[^\n]*|[\[\]{}]'
)
"""The brackets of a text, each string and comment matched whole so that none inside counts."""


def _too_deep(file: str, content: str) -> Problem:
    """Where arrays and inline tables nest deepest: the start of the value they are in."""
    depth = deepest = 0
    start = deepest_start = 0
    for match in _BRACKETS.finditer(content):
        char = match.group()
        if char in "[{":
            if depth == 0:
                start = match.start()
            depth += 1
            if depth > deepest:
                deepest, deepest_start = depth, start
        elif char in "]}":
            depth = max(depth - 1, 0)
    line = content.count("\n", 0, deepest_start) + 1
    column = deepest_start - (content.rfind("\n", 0, deepest_start) + 1) + 1
    return Problem(
        file,
        "",
        f"arrays and inline tables nested {deepest} deep here: more than the TOML reader "
        "can follow (a dataset nests them 2 deep at most)",
        line,
        column,
    )


def _too_long(file: str, content: str, exc: ValueError) -> Problem:
    """A number too long for the reader, at its place; any other such error, in its words."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    found = re.search(rf"(?<![\w.\"\'])[+-]?[0-9][0-9_]{{{max(limit, 1)},}}", content)
    if limit and found is not None:
        digits = sum(char.isdigit() for char in found.group())
        line = content.count("\n", 0, found.start()) + 1
        column = found.start() - (content.rfind("\n", 0, found.start()) + 1) + 1
        return Problem(
            file,
            "",
            f"a number {digits} digits long: the TOML reader takes at most {limit}",
            line,
            column,
        )
    return Problem(file, "", f"TOML syntax error: {exc} (the parser gave no line)")


# --- building the model ----------------------------------------------------------------------


def load_dataset(path: str | Path) -> Dataset:
    """Load and validate a dataset file. Raises DatasetError listing every problem."""
    path = Path(path)
    try:
        data = read_regular(path, DATASET_LIMIT)
    except OSError as exc:
        raise DatasetError([unreadable(path, exc)]) from None
    return parse_and_build(data, str(path))


def parse_dataset(content: str | bytes, file: str = "<string>") -> Dataset:
    """Validate TOML text (for tests and tools that already hold the text)."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return parse_and_build(data, file)


def parse_and_build(data: bytes, file: str) -> Dataset:
    """Parse a file's bytes and build the model, keeping the parsed TOML no longer than needed.

    `build_dataset` drops its only reference to the TOML dict once pydantic has validated it,
    before the model is built: at 100,000 sites the dict is hundreds of megabytes, and the
    caller holding it (as `build_dataset(raw, ...)` does) would add it to the peak.
    """
    raw, problems = parse_toml(data, file)
    if raw is None:
        raise DatasetError(problems)
    holder = [raw]
    del raw
    return _build(holder, file, data)


def build_dataset(raw: dict[str, Any], file: str, data: bytes | None = None) -> Dataset:
    """Validate parsed TOML and build the model: every value against the schema, then, once they
    all pass, every rule between records (`tui.core.dataset_rules`). Give the file's bytes as
    `data` for its problems to have lines (without them, they have none)."""
    return _build([raw], file, data)


def _build(holder: list[dict[str, Any]], file: str, data: bytes | None) -> Dataset:
    """`build_dataset`, taking the parsed TOML out of `holder` (so that, if the caller kept no
    other reference, it is freed as soon as it is validated)."""
    raw = holder.pop()
    # pydantic: only when a file is read, not when the cache has it
    from tui.core import dataset_rules, file_problems

    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        message = (
            f"this version of minusma-tui reads schema version {SCHEMA_VERSION}, "
            f"the file says {version}"
            + (
                f": rewrite it with `minusma-tui migrate {file}` (comments and layout "
                "are kept; every fact gets the date it holds from)"
                if version < SCHEMA_VERSION
                else ": use a newer minusma-tui"
            )
        )
        found = [file_problems.Found(("schema_version",), message)]
        raise DatasetError(_placed(found, file, data, raw))
    with _no_cyclic_gc():
        root, found = file_problems.validate(raw)
        if root is None:
            raise DatasetError(_placed(found, file, data, raw))
        del raw  # validated: the model is built from `root` alone
        dataset, found = dataset_rules.check(root, file)
    if found:
        raise DatasetError(_placed(found, file, data, root))
    return dataset


def _placed(found: list[Found], file: str, data: bytes | None, top: Any) -> list[Problem]:
    """The problems found, each with its line and column, and its path naming records by id.

    The file's text is scanned here, once for all of them, and only because there are some.
    """
    from tui.core import toml_positions
    from tui.core.file_problems import Names

    names = Names(top)
    spots: dict[Loc, toml_positions.Spot] = {}
    if data is not None:
        wanted = [f.spot for f in found] + [f.first for f in found if f.first is not None]
        spots = toml_positions.find(_text(data), wanted)
    problems = []
    for f in found:
        message = f.message
        if f.first is not None:
            line, _ = _where(spots, f.first, on_key=False)
            message += f" (first at {names.path(f.first)}" + (
                f", line {line})" if line is not None else ")"
            )
        line, column = _where(spots, f.spot, on_key=f.on_key)
        problems.append(Problem(file, names.path(f.loc), message, line, column, f.loc))
    return problems


def _where(
    spots: dict[Loc, toml_positions.Spot], loc: Loc, *, on_key: bool
) -> tuple[int | None, int | None]:
    """The line and column of `loc`'s value (its key if `on_key`); if the file does not write
    it, of the nearest table above it that it does."""
    for n in range(len(loc), -1, -1):
        spot = spots.get(loc[:n])
        if spot is not None:
            at = spot.value if n == len(loc) and not on_key else spot.key
            return at.line, at.column
    return None, None
