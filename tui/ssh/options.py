"""What `minusma-tui serve` was asked to do, as one frozen value (no asyncssh import here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ServeOptions:
    """Server settings. Tests build one directly; the CLI builds one from its arguments."""

    data_path: Path
    """The dataset every session shows (resolved once, so all sessions show the same file)."""
    host: str = "127.0.0.1"
    port: int = 2222
    """0 picks a free port (tests); the bound port is `DashboardServer.port`."""
    host_key: Path | None = None
    """None: generated once in the data dir and reused."""
    authorized_keys: Path | None = None
    """Only these keys may log in (re-read at each login, so edits apply without a restart)."""
    open: bool = False
    """No authentication at all. Exclusive with `authorized_keys`."""
    max_sessions: int = 8
    idle_timeout: float = 900.0
    """Seconds without any input before a session is closed."""
    login_timeout: float = 30.0
    config_path: Path | None = None
    """The config file the sessions' apps read (the operator's, not the client's)."""
    as_of: dt.date | None = None
    app_args: tuple[str, ...] = field(default_factory=tuple)
    """Extra `minusma-tui` options for every session's app (e.g. `--theme ansi-dark`)."""
    operator_env: dict[str, str] = field(default_factory=dict)
    """Server-side variables for every app (HOME, XDG dirs, TEXTUAL_FPS...); never the client's."""

    def __post_init__(self) -> None:
        if self.open and self.authorized_keys is not None:
            raise ValueError("--open and --authorized-keys exclude each other")
        if not self.open and self.authorized_keys is None:
            raise ValueError("choose --authorized-keys PATH or --open")
        if self.max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
