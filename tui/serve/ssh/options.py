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
    max_unauthenticated: int = 10
    """Connections still logging in, at once (OpenSSH's MaxStartups is 10): more are dropped at
    once, so a flood of half-open connections cannot hold the server for `login_timeout`."""
    max_per_address: int = 4
    """Connections from one address (an IPv6 /64 counts as one), logged in or not, so one client
    cannot take every login slot. Raise it when many users share a NAT address."""
    max_columns: int = 500
    max_rows: int = 200
    """The largest terminal an app gets (pty request and window changes are clamped): the app's
    memory and every frame grow with the area (10000x10000 made an app of over 1 GB)."""
    input_buffer: int = 64 * 1024
    """Bytes of a session's input the server holds for its app; beyond it the server stops
    reading the channel (SSH flow control makes the client wait) until the app catches up."""
    input_rate: int = 2048
    """Bytes per second a session's app is fed, once `input_burst` is spent. The app queues every
    key it reads, so a flood fed at full speed grows it by ~25 MB/s; typing and mouse use less."""
    input_burst: int = 16 * 1024
    app_memory: int = 512 * 1024 * 1024
    """Bytes of memory (RLIMIT_DATA) a session's app may use; an app that needs more fails alone.
    An idle app uses ~55 MB. 0: no limit."""
    idle_timeout: float = 900.0
    """Seconds without input before a session is closed. Input counts only while the client
    takes its output (see `output_buffer`): a client that types but reads nothing is idle."""
    login_timeout: float = 30.0
    max_sessionless: int = 4
    """Logged-in connections without a session, at once; beyond it the oldest is disconnected.
    A client opens its session within a round trip of logging in; one that does not (or keeps
    its connection after its session, as ControlPersist does) would otherwise hold a slot."""
    sessionless_timeout: float = 10.0
    """Seconds a logged-in connection may go without a session (after login or after its last
    session ended) before it is disconnected: OpenSSH's LoginGraceTime, one step later."""
    output_buffer: int = 256 * 1024
    """Bytes of a session's output its client may leave unacknowledged (in the SSH window, the
    server's socket buffer and the kernel's send queue). Beyond it the server stops reading the
    app (which then blocks on its next write) and stops feeding it keys, until the client has
    taken all but a quarter of it."""
    output_timeout: float = 60.0
    """Seconds a session's output may stay held without the client acknowledging any of it,
    and seconds a client has to close its channel once the session has ended, before it is
    disconnected."""
    config_path: Path | None = None
    """The config file the sessions' apps read (the operator's, not the client's)."""
    as_of: dt.date | None = None
    app_args: tuple[str, ...] = field(default_factory=tuple)
    """Extra `minusma-tui` options for every session's app (e.g. `--theme ansi-dark`)."""
    operator_env: dict[str, str] = field(default_factory=dict)
    """Server-side variables for every app (HOME, XDG dirs, TEXTUAL_FPS...); never the client's."""
    zygote: bool = True
    """Fork each app from a process that has imported the app and loaded the dataset once
    (`tui.serve.ssh.launcher`); False: each app is a process of its own from the start."""

    def __post_init__(self) -> None:
        if self.open and self.authorized_keys is not None:
            raise ValueError("--open and --authorized-keys exclude each other")
        if not self.open and self.authorized_keys is None:
            raise ValueError("choose --authorized-keys PATH or --open")
        for name in ("max_sessions", "max_unauthenticated", "max_per_address", "max_sessionless"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.max_columns < 20 or self.max_rows < 5:
            raise ValueError("the largest terminal must be at least 20x5")
        if min(self.input_buffer, self.input_rate, self.input_burst) < 1:
            raise ValueError("input_buffer, input_rate and input_burst must be at least 1")
        if self.app_memory < 0:
            raise ValueError("app_memory must be 0 (no limit) or more")
        if self.output_buffer < 4096:
            raise ValueError("output_buffer must be at least 4096")
        for name in ("idle_timeout", "login_timeout", "sessionless_timeout", "output_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be more than 0")
