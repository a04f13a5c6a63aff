"""Read `withdrawal.toml` into the model, or say exactly what is wrong with it.

Every problem found is collected, not just the first: a user fixing a file by hand wants the whole
list at once. Each problem names the file, a dotted path (`sites[8].contingents[0].country`) and a
plain message, and whatever the input (binary junk, a directory, a TOML table where a list was
expected) the result is a `Dataset` or a `DatasetError`, never a traceback.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.files import (
    DATASET_LIMIT,
    FileRefused,
    read_regular,
    reason,
    visible_line,
)
from tui.core.model import SCHEMA_VERSION, Dataset

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

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read and parse a TOML file; every way that can fail becomes one Problem."""
    try:
        data = read_regular(path, DATASET_LIMIT)
    except OSError as exc:
        return None, [unreadable(path, exc)]
    return parse_toml(data, str(path))


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


def parse_toml(data: bytes, file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    if not data.strip():
        return None, [Problem(file, "", "the file is empty")]
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(file, "", "is not UTF-8 text", line, column)]
    content = content.removeprefix("\ufeff")
    tomllib = _tomllib()
    try:
        with _no_cyclic_gc():
            return tomllib.loads(content), []
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match is None:
            return None, [Problem(file, "", f"TOML syntax error: {message}")]
        message = _TOML_POSITION.sub("", message).strip()
        where = int(match.group(1)), int(match.group(2))
        return None, [Problem(file, "", f"TOML syntax error: {message}", *where)]
    except (ValueError, RecursionError) as exc:  # pathological input the parser rejects
        return None, [Problem(file, "", f"TOML syntax error: {exc}")]


# --- building the model ----------------------------------------------------------------------


def load_dataset(path: str | Path) -> Dataset:
    """Load and validate a dataset file. Raises DatasetError listing every problem."""
    path = Path(path)
    raw, problems = read_toml(path)
    if raw is None:
        raise DatasetError(problems)
    return build_dataset(raw, str(path))


def parse_dataset(content: str | bytes, file: str = "<string>") -> Dataset:
    """Validate TOML text (for tests and tools that already hold the text)."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    raw, problems = parse_toml(data, file)
    if raw is None:
        raise DatasetError(problems)
    return build_dataset(raw, file)


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
    return _build(holder, file)


def build_dataset(raw: dict[str, Any], file: str) -> Dataset:
    """Validate parsed TOML and build the model: every value against the schema, then, once they
    all pass, every rule between records (`tui.core.dataset_rules`)."""
    return _build([raw], file)


def _build(holder: list[dict[str, Any]], file: str) -> Dataset:
    """`build_dataset`, taking the parsed TOML out of `holder` (so that, if the caller kept no
    other reference, it is freed as soon as it is validated)."""
    raw = holder.pop()
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        raise DatasetError(
            [
                Problem(
                    file,
                    "schema_version",
                    f"this version of minusma-tui reads schema version {SCHEMA_VERSION}, "
                    f"the file says {version}"
                    + (
                        f": rewrite it with `minusma-tui migrate {file}` (comments and layout "
                        "are kept; every fact gets the date it holds from)"
                        if version < SCHEMA_VERSION
                        else ": use a newer minusma-tui"
                    ),
                )
            ]
        )
    # pydantic: only when a file is read, not when the cache has it
    from tui.core import dataset_rules, file_problems

    with _no_cyclic_gc():
        root, found = file_problems.validate(raw)
        del raw  # validated: the model is built from `root` alone
        if root is None:
            raise DatasetError(Problem(file, path, message) for path, message in found)
        dataset, found = dataset_rules.check(root, file)
    if found:
        raise DatasetError(Problem(file, path, message) for path, message in found)
    return dataset
