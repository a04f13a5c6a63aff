"""User configuration (`config.toml`) and the places minusma-tui keeps files.

No Textual import: the CLI reads the config before deciding whether to start the TUI at all. A
broken config never stops the app; `load_config` returns the defaults plus the problems found, and
the caller shows them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tui.core.files import CONFIG_LIMIT, FileRefused, expand_user, read_regular
from tui.core.loader import Problem, parse_toml, unreadable
from tui.core.places import TABS, NoHome, cache_dir, user_dir

CONFIG_ENV = "MINUSMA_TUI_CONFIG"
DATA_ENV = "MINUSMA_TUI_DATA"
SERVED_ENV = "MINUSMA_TUI_SERVED"
"""Set to 1 by `minusma-tui serve` in each session's app: exports are shown or copied, not saved."""


@dataclass(frozen=True)
class Config:
    """What a user can set in config.toml. Every field has a safe default."""

    theme: str | None = None
    default_tab: str = "overview"
    data_path: Path | None = None
    mission: str | None = None
    """The bundled mission to open (`tui.core.missions`): the last one chosen, remembered."""
    export_dir: Path | None = None
    mouse: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    """Where this config was read from (or would be written to)."""
    read_error: str | None = None
    """Why the file at `path` exists but could not be read (a FIFO, a name too long…): the
    defaults are in use, and `minusma-tui config path` exits 1."""


def config_dir() -> Path:
    """The user's config directory; NoHome (an OSError) if there is no home to find it in."""
    return user_dir("config")


def data_dir() -> Path:
    """Per-user data: exports by default, the SSH host key. NoHome if there is none."""
    return user_dir("data")


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--config`, else $MINUSMA_TUI_CONFIG, else config.toml in the user config dir (NoHome,
    an OSError, if there is no home to find that in)."""
    if explicit:
        return expand_user(explicit)
    if os.environ.get(CONFIG_ENV):
        return expand_user(os.environ[CONFIG_ENV])
    return config_dir() / "config.toml"


def load_user_config(
    explicit: str | os.PathLike[str] | None = None,
) -> tuple[Config, list[Problem]]:
    """`load_config(config_path(explicit))`, what every command starts with. With no home to
    find the config in, the defaults (`Config.path` None) and one problem that says so, and
    whether the cache is gone too: the command runs all the same, and says it once."""
    try:
        path = config_path(explicit)
    except NoHome as exc:
        try:
            cache_dir()
            lost = "no config read"
        except NoHome:
            lost = "no config read, nothing cached"
        said = f"no home directory ({exc.strerror}): {lost}"
        hint = "set HOME, or XDG_CONFIG_HOME and XDG_CACHE_HOME"
        return Config(), [Problem("~", "", f"{said}; {hint}")]
    return load_config(path)


def default_export_dir(config: Config | None = None) -> Path:
    """Where the export dialog offers to write: the config's export_dir, else exports in the
    user's data directory, else (no home) the working directory."""
    if config is not None and config.export_dir is not None:
        return config.export_dir
    try:
        return data_dir() / "exports"
    except NoHome:
        try:
            return Path.cwd()
        except OSError:  # the working directory was removed
            return Path(".")


def packaged_dataset() -> Path:
    """The default dataset, MINUSMA's, as the package ships it (or, in a source checkout, the
    repo's data/): see `tui.core.missions` for the others."""
    from tui.core.missions import DEFAULT_FILE, data_dir

    return data_dir() / DEFAULT_FILE


def resolve_data_path(
    explicit: str | None, config: Config | None = None, *, mission: str | None = None
) -> Path:
    """The dataset to open, the first of: `--data` (`explicit`), `--mission` (`mission`, a
    bundled mission's id), $MINUSMA_TUI_DATA, the config's data_path, the config's mission
    (the one last chosen), MINUSMA's shipped file.

    `--data` and `--mission` are one choice (the CLI refuses both at once). An unknown mission
    id raises `tui.core.missions.UnknownMission` (the CLI checks `--mission` first, and
    `load_config` drops an unknown one with a problem, so neither reaches here unchecked).
    """
    if explicit:
        return expand_user(explicit)
    from tui.core.missions import find

    if mission:
        return find(mission).path
    if os.environ.get(DATA_ENV):
        return expand_user(os.environ[DATA_ENV])
    if config is not None and config.data_path is not None:
        return config.data_path
    if config is not None and config.mission is not None:
        return find(config.mission).path
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
    checked = _checked(path, data)
    if isinstance(checked, list):
        return Config(path=path), checked
    values, found = checked
    for key in ("data_path", "export_dir"):
        if key in values:
            values[key] = expand_user(values[key])
    problems = [Problem(str(path), where, message) for where, message in found]
    problems += _check_mission(path, values)
    return Config(path=path, **values), problems


def _check_mission(path: Path, values: dict[str, Any]) -> list[Problem]:
    """The config's `mission` must name a bundled mission (which ones ship can change with an
    upgrade, so this is checked on every read, not cached with the file's verdict); an unknown
    one is dropped. Beside a data_path, it is kept but unused: data_path chooses the file."""
    mission = values.get("mission")
    if mission is None:
        return []
    from tui.core.missions import UnknownMission, find

    try:
        find(mission)
    except UnknownMission as exc:
        del values["mission"]
        return [Problem(str(path), "mission", str(exc))]
    if values.get("data_path") is not None:
        return [
            Problem(
                str(path),
                "mission",
                f"{mission!r} is not opened: data_path is set too, and it chooses the dataset "
                "(remove one of them)",
            )
        ]
    return []


Checked = tuple[dict[str, Any], list[tuple[str, str]]]
"""A config file's good values and its problems as (dotted path, message)."""

CHECKED_SUBDIR = "config"


def _checked(path: Path, data: bytes) -> Checked | list[Problem]:
    """What `tui.core.config_schema` says of these bytes; a TOML syntax error as its Problems.

    The verdict is cached by the file's bytes, as the dataset is (`tui.core.cache`): the rules
    are pydantic's, and importing pydantic costs a start more than everything else here, for a
    file that changes once in a while.
    """
    from tui.core import cache

    try:
        root: Path | None = cache_dir() / CHECKED_SUBDIR
        name = cache.entry_name(path, data)
    except Exception:
        root = None
    if root is not None:
        payload = cache.read_payload(root / name)
        if payload is not None:
            try:
                return _decode_checked(payload)
            except Exception as exc:  # not a verdict: dropped, and the file checked again
                cache.drop(root / name, exc)
    raw, problems = parse_toml(data, str(path))
    if raw is None:
        return problems  # not cached: the parse that finds it is cheap, and gives line:column
    from tui.core.config_schema import validate

    values, found = validate(raw)
    if root is not None:
        import msgpack  # type: ignore[import-untyped]  # no stubs, no py.typed

        plain = {k: str(v) if isinstance(v, Path) else v for k, v in values.items()}
        cache.write_payload(root, name, msgpack.packb([plain, found]))
    return values, found


_CACHED: dict[str, type[Any]] = {
    "theme": str,
    "default_tab": str,
    "data_path": str,
    "mission": str,
    "export_dir": str,
    "mouse": bool,
    "keymap": dict,
}
"""The type of each value a cached verdict may hold (paths as text): whatever else an entry
holds, it is not one, and the file is checked again."""


def _decode_checked(payload: bytes) -> Checked:
    """A cached verdict; raises (ValueError, or whatever msgpack raises) if the entry is not
    one, with values of the types the config's rules give them."""
    import msgpack

    values, found = msgpack.unpackb(payload, use_list=False)
    if not (isinstance(values, dict) and isinstance(found, tuple)):
        raise ValueError("not a verdict")
    for key, value in values.items():
        if key not in _CACHED or type(value) is not _CACHED[key]:
            raise ValueError(f"{key!r}: not a value the config's rules give")
    keymap = values.get("keymap", {})
    if not all(type(k) is str and type(v) is str for k, v in keymap.items()):
        raise ValueError("keymap: not text to text")
    if values.get("default_tab", TABS[0]) not in TABS:
        raise ValueError("default_tab: not a tab")
    if not all(type(p) is tuple and len(p) == 2 and set(map(type, p)) == {str} for p in found):
        raise ValueError("problems: not (where, message) pairs")
    values = {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()}
    return values, [(where, message) for where, message in found]


def save_theme(config: Config, theme: str) -> Config:
    """Persist the theme, keeping the rest of the file as the user wrote it.

    Edited with tomlkit, which keeps comments, blank lines, inline tables, quoting and line
    endings: only the top-level `theme` value changes (its trailing comment stays); without one,
    a `theme = ...` line goes first, where a top-level key is always valid. The result is parsed
    again and must hold exactly the old settings with the new theme, or nothing is written.
    Written with `write_atomic`: a symlinked config stays a link, its target updated.

    Raises OSError (the caller says "not saved") rather than overwrite a file it could not read
    or parse: a config that is a FIFO, too large, not UTF-8 or not TOML is the user's to fix,
    not to lose.
    """
    path = _save_setting(config, "theme", theme)
    return replace(config, theme=theme, path=path)


def save_mission(config: Config, mission: str) -> Config:
    """Remember the mission chosen (a bundled mission's id), as `save_theme` keeps the theme:
    only the top-level `mission` value changes. The next start opens it, unless `--data`,
    `--mission`, $MINUSMA_TUI_DATA or the config's data_path says otherwise.

    Raises `tui.core.missions.UnknownMission` for an id that ships no dataset (nothing is
    written), and OSError as `save_theme` does.
    """
    from tui.core.missions import find

    mission = find(mission).id
    path = _save_setting(config, "mission", mission)
    return replace(config, mission=mission, path=path)


def _save_setting(config: Config, key: str, value: str) -> Path:
    """Set one top-level string setting in the config file, keeping the rest (see
    `save_theme`); returns the path written."""
    path = config.path or config_path()
    try:
        text = read_regular(path, CONFIG_LIMIT).decode("utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError:
        raise FileRefused(path, "is not UTF-8 text; left as it is") from None
    updated = _with_setting(text, key, value)
    if updated is None:
        raise FileRefused(path, "is not valid TOML; left as it is")
    from tui.core.files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, updated)
    return path


def _with_theme(text: str, theme: str) -> str | None:
    """`text` with its top-level theme set to `theme` (see `_with_setting`)."""
    return _with_setting(text, "theme", theme)


def _with_setting(text: str, key: str, value: str) -> str | None:
    """`text` with its top-level `key` set to `value`; None if `text` is not TOML or the edit
    would change anything else."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError:
        return None
    if key in document:
        document[key] = value
        updated = document.as_string()
    else:
        newline = "\r\n" if "\r\n" in text else "\n"
        updated = f"{key} = {tomlkit.item(value).as_string()}{newline}{text}"
    before, after = _settings(text), _settings(updated)
    if before is None or after != {**before, key: value}:
        return None
    return updated


def _settings(text: str) -> dict[str, Any] | None:
    """What a TOML text holds, read by the standard parser (not by tomlkit, which wrote it)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised only on 3.10
        import tomli as tomllib
    try:
        settings: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    return settings


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
