"""How a session starts its app: the environment, the command line and the terminal size the
app process gets. Plain functions, no asyncssh: the session (`tui.serve.ssh.session`) calls them.

Nothing the client sends chooses a path, a command or a module to import: its variables pass
only from an allow-list and only with plain values, and its terminal size is clamped to the
operator's limits.
"""

from __future__ import annotations

import fcntl
import re
import struct
import sys
import termios
from collections.abc import Mapping
from pathlib import Path

from tui.core.config import SERVED_ENV
from tui.serve.ssh.child import MEMORY_LIMIT_ARG

CLIENT_ENV_ALLOWED = ("COLORTERM", "NO_COLOR", "LANG")
"""The only variables a client's `SendEnv`/`SetEnv` can set in its app (values are checked too)."""
MOUSE_ENV = "MINUSMA_TUI_MOUSE"
"""A client sending MINUSMA_TUI_MOUSE=off gets `--no-mouse` (a served user has no command line)."""
OPERATOR_ENV_ALLOWED = (
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "TEXTUAL_COLOR_SYSTEM",
    "TEXTUAL_FPS",
    "ESCDELAY",
)
"""Server-side variables the apps inherit: where the operator's files are, and Textual tuning."""
DEFAULT_LANG = "C.UTF-8"
DEFAULT_TERM = "xterm-256color"
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
_VALUE = re.compile(r"[A-Za-z0-9_.@:+-]{1,64}")
_TERM = re.compile(r"[A-Za-z0-9_.+-]{1,64}")


def child_env(
    term: str, client_env: Mapping[str, str], operator_env: Mapping[str, str]
) -> dict[str, str]:
    """The app's whole environment, built from scratch.

    Never COLUMNS/LINES (Textual would believe them over the pty and stop resizing), never the
    client's TEXTUAL_* (TEXTUAL_DRIVER names a module to import), never the server's secrets.
    """
    env = {key: value for key, value in operator_env.items() if key in OPERATOR_ENV_ALLOWED}
    env.update(
        PATH=SAFE_PATH,
        TERM=term if _TERM.fullmatch(term) else DEFAULT_TERM,
        LANG=DEFAULT_LANG,
        PYTHONPATH=str(Path(__file__).resolve().parents[3]),
        PYTHONIOENCODING="utf-8",
    )
    env.setdefault("HOME", "/")
    env[SERVED_ENV] = "1"
    for key in CLIENT_ENV_ALLOWED:
        value = client_env.get(key)
        if value is not None and _VALUE.fullmatch(value):
            env[key] = value
    return env


def app_args(base_args: list[str], client_env: Mapping[str, str]) -> list[str]:
    """The CLI's options for a session's app: the server's, and `--no-mouse` if the client
    asked for it (the only option a client chooses)."""
    args = list(base_args)
    if client_env.get(MOUSE_ENV, "").lower() in ("0", "off", "no", "false") and (
        "--no-mouse" not in args
    ):
        args.append("--no-mouse")
    return args


def child_argv(args: list[str], memory_limit: int = 0) -> list[str]:
    """A spawned app's command line: `python -m tui.serve.ssh.child` (the CLI, with the pty as
    controlling tty) and the CLI's options (`app_args`).

    `memory_limit` (bytes, 0 for none) goes first, for `tui.serve.ssh.child` to apply before the app
    imports anything; it is the operator's setting, never the client's.
    """
    limit = [f"{MEMORY_LIMIT_ARG}{memory_limit}"] if memory_limit > 0 else []
    return [sys.executable, "-m", "tui.serve.ssh.child", *limit, *args]


def set_size(fd: int, width: int, height: int) -> None:
    """TIOCSWINSZ: on the master, the kernel also sends SIGWINCH to the app.

    The kernel's fields are 16 bits; callers clamp first (`clamp_size`), this only refuses to
    raise for a size it cannot hold.
    """
    width, height = min(width, 0xFFFF), min(height, 0xFFFF)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


def clamp_size(width: int, height: int, max_columns: int, max_rows: int) -> tuple[int, int]:
    """The size an app gets for the client's: at most the server's limits.

    An app's memory and every frame it sends grow with the area: a 10000x10000 request made an
    app of over 1 GB that sent hundreds of MB, and more than 65535 does not fit a pty at all.
    """
    return min(width, max_columns), min(height, max_rows)
