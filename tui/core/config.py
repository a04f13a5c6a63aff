"""User configuration (`config.toml`) and the places minusma-tui keeps files.

No Textual import: the CLI reads the config before deciding whether to start the TUI at all. A
broken config never stops the app; `load_config` returns the defaults plus the problems found, and
the caller shows them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tui.core.files import CONFIG_LIMIT, FileRefused, expand_user, has_controls, read_regular
from tui.core.loader import Problem, parse_toml, unreadable
from tui.core.suggest import did_you_mean

APP_NAME = "minusma-tui"
CONFIG_ENV = "MINUSMA_TUI_CONFIG"
DATA_ENV = "MINUSMA_TUI_DATA"
SERVED_ENV = "MINUSMA_TUI_SERVED"
"""Set to 1 by `minusma-tui serve` in each session's app: exports are shown or copied, not saved."""

TABS = ("overview", "bases", "contingents", "timeline", "map", "sources")
"""Tab ids, in the order of their number keys."""

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Config:
    """What a user can set in config.toml. Every field has a safe default."""

    theme: str | None = None
    default_tab: str = "overview"
    data_path: Path | None = None
    export_dir: Path | None = None
    mouse: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    """Where this config was read from (or would be written to)."""
    read_error: str | None = None
    """Why the file at `path` exists but could not be read (a FIFO, a name too long…): the
    defaults are in use, and `minusma-tui config path` exits 1."""


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Per-user data: exports by default, the SSH host key."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--config`, else $MINUSMA_TUI_CONFIG, else config.toml in the user config dir."""
    if explicit:
        return expand_user(explicit)
    if os.environ.get(CONFIG_ENV):
        return expand_user(os.environ[CONFIG_ENV])
    return config_dir() / "config.toml"


def default_export_dir(config: Config | None = None) -> Path:
    if config is not None and config.export_dir is not None:
        return config.export_dir
    return data_dir() / "exports"


def packaged_dataset() -> Path:
    """The dataset that ships with the package (or, in a source checkout, the repo's data/)."""
    installed = Path(__file__).resolve().parent.parent / "data" / "withdrawal.toml"
    if installed.is_file():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "data" / "withdrawal.toml"


def resolve_data_path(explicit: str | None, config: Config | None = None) -> Path:
    """`--data`, else $MINUSMA_TUI_DATA, else the config's data_path, else the shipped file."""
    if explicit:
        return expand_user(explicit)
    if os.environ.get(DATA_ENV):
        return expand_user(os.environ[DATA_ENV])
    if config is not None and config.data_path is not None:
        return config.data_path
    return packaged_dataset()


def load_config(path: Path) -> tuple[Config, list[Problem]]:
    """Read a config file. A missing file gives the defaults; a broken one, defaults + problems.

    Read as a regular file of at most CONFIG_LIMIT bytes: a FIFO or a device in its place is a
    problem reported at once, never a command that hangs before it starts.
    """
    try:
        data = read_regular(path, CONFIG_LIMIT)
    except FileNotFoundError:
        return Config(path=path), []
    except OSError as exc:
        problem = unreadable(path, exc)
        return Config(path=path, read_error=problem.message), [problem]
    if not data.strip():
        return Config(path=path), []
    raw, problems = parse_toml(data, str(path))
    if raw is None:
        return Config(path=path), problems
    return _from_raw(raw, path)


def _from_raw(raw: dict[str, Any], path: Path) -> tuple[Config, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    file = str(path)

    def bad(key: str, message: str) -> None:
        problems.append(Problem(file, key, message))

    for key, value in raw.items():
        if key == "theme":
            if isinstance(value, str) and value.strip() and not has_controls(value):
                values["theme"] = value
            else:
                bad(key, "expected a theme name")
        elif key == "default_tab":
            if value in TABS:
                values["default_tab"] = value
            else:
                bad(key, f"expected one of {', '.join(TABS)}")
        elif key in ("data_path", "export_dir"):
            if not isinstance(value, str) or not value.strip():
                bad(key, "expected a path")
            elif has_controls(value):  # it would be shown, raw, in the export dialog's path
                bad(key, "a path with control characters is not supported")
            else:
                values[key] = expand_user(value)
        elif key == "mouse":
            if isinstance(value, bool):
                values["mouse"] = value
            else:
                bad(key, "expected true or false")
        elif key == "keymap":
            if isinstance(value, dict):
                values["keymap"] = _keymap(value, bad)
            else:
                bad(key, 'expected a table of binding id = "key", e.g. quit = "ctrl+q"')
        else:
            known = ["theme", "default_tab", "data_path", "export_dir", "mouse", "keymap"]
            bad(key, f"unknown key {key!r}" + did_you_mean(key, known))
    return Config(path=path, **values), problems


def _keymap(raw: dict[str, Any], bad: Callable[[str, str], None]) -> dict[str, str]:
    """The usable entries of [keymap]; each bad one is reported and left out, the rest kept.

    A key name with a control character in it names no key, and the footer would print it raw.
    """
    keymap: dict[str, str] = {}
    for binding, keys in raw.items():
        where = f"keymap.{binding}"
        if has_controls(binding):
            bad(where, "a binding id with control characters names no binding")
        elif not isinstance(keys, str) or not keys.strip():
            bad(where, 'expected a key name in quotes, e.g. quit = "ctrl+q"')
        elif has_controls(keys):
            bad(where, "a key name with control characters names no key")
        else:
            keymap[binding] = keys
    return keymap


def save_theme(config: Config, theme: str) -> Config:
    """Persist the theme, keeping the rest of the file as the user wrote it.

    Raises OSError (the caller says "not saved") rather than overwrite a file it could not read:
    a config that is a FIFO, too large or not UTF-8 is the user's to fix, not to lose.
    """
    path = config.path or config_path()
    lines: list[str] = []
    try:
        lines = read_regular(path, CONFIG_LIMIT).decode("utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    except UnicodeDecodeError:
        raise FileRefused(path, "is not UTF-8 text; left as it is") from None
    new_line = f"theme = {_toml_string(theme)}"
    for i, line in enumerate(lines):
        if line.lstrip().startswith("["):
            # Top-level keys must come before any [table]; a `theme` below is someone else's.
            lines.insert(0, new_line)
            break
        if line.split("=", 1)[0].strip() == "theme":
            lines[i] = new_line
            break
    else:
        lines.insert(0, new_line)
    from tui.core.files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "\n".join(lines) + "\n")
    return replace(config, theme=theme, path=path)


def _toml_string(value: str) -> str:
    """A TOML basic string; control characters as \\uXXXX escapes (TOML forbids them raw)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(f"\\u{ord(c):04x}" if has_controls(c) else c for c in escaped)
    return f'"{escaped}"'


def is_served() -> bool:
    """Whether this app runs for a remote user (`serve`, `serve-web`): files would land on the
    server, so exports are shown or copied instead, and neither the config nor screenshots are
    written."""
    return os.environ.get(SERVED_ENV) == "1"


def is_ssh_session() -> bool:
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def has_terminal() -> bool:
    """Whether a full-screen TUI can run: a real terminal on both ends, and not TERM=dumb.

    A session of `serve-web` has pipes, not a terminal, but textual-serve names its own driver
    in TEXTUAL_DRIVER: the app draws through that.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    if os.environ.get("TERM", "") == "dumb":
        return False
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
