"""What `minusma-tui serve-web` was asked to do, as one frozen value (no aiohttp import here).

The limits on what a browser can make the server hold are the SSH server's (`ServeOptions`):
the same terminal size, input rate and burst, input held per session, memory of each app, idle
time and number of sessions, read from its defaults so that the two servers cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tui.serve.ssh.options import ServeOptions

_SSH = ServeOptions(data_path=Path("-"), open=True)
"""`serve`'s defaults, whose limits these are."""

TOKEN_ENV = "MINUSMA_TUI_WEB_TOKEN"
"""The environment variable that holds the access token (not an option: argv is public)."""
MIN_TOKEN_LENGTH = 16
"""A shorter token could be guessed over the network."""
MESSAGE_FLOOR = 16
"""Bytes every browser message costs against the input rate, whatever its size: a flood of
tiny messages (resizes, pings) costs the server too."""
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _netloc(host: str, port: int) -> str:
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}"


def origin_of(url: str) -> str:
    """A URL's origin as a browser sends it (`Origin`): scheme://host[:port], no default port."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


@dataclass(frozen=True)
class WebOptions:
    """Server settings. Tests build one directly; the CLI builds one from its arguments."""

    base_args: tuple[str, ...]
    """The `minusma-tui` options every session's app runs with (dataset, config, date...)."""
    host: str = "127.0.0.1"
    port: int = 8000
    """0 picks a free port (tests); the bound port is `WebServer.port`."""
    public_url: str | None = None
    """The address browsers use (behind a reverse proxy); its origin is allowed."""
    allowed_origins: tuple[str, ...] = ()
    """More origins whose pages may open sessions (besides the bound host and `public_url`)."""
    token: str | None = None
    """When set, the page and the websocket need it (a link with ?token=, then a cookie)."""
    max_sessions: int = _SSH.max_sessions
    max_columns: int = _SSH.max_columns
    max_rows: int = _SSH.max_rows
    max_message: int = _SSH.input_buffer
    """Bytes of one websocket message: a larger one closes the session (1009, message too big)."""
    input_rate: int = _SSH.input_rate
    input_burst: int = _SSH.input_burst
    """The app is fed `input_rate` bytes/s after a burst; meanwhile the socket is not read, so
    TCP flow control makes the browser wait (each message costs at least `MESSAGE_FLOOR`)."""
    app_memory: int = _SSH.app_memory
    """Bytes of memory (RLIMIT_DATA) a session's app may use; 0: no limit."""
    idle_timeout: float = _SSH.idle_timeout
    """Seconds without a key, click or resize before a session is closed (a forgotten tab must
    not hold one of `max_sessions` for ever)."""
    send_timeout: float = _SSH.output_timeout
    """Seconds a browser may leave a frame unread (its socket full) before its session is
    ended: one that stops reading holds a place and an app, never more memory (the app waits)."""
    operator_env: dict[str, str] = field(default_factory=dict)
    """Server-side variables for every app (HOME, XDG dirs...): the allow-list of `serve`."""
    as_of: dt.date | None = None
    config_path: Path | None = None

    def __post_init__(self) -> None:
        if self.max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        if self.max_columns < 20 or self.max_rows < 5:
            raise ValueError("the largest terminal must be at least 20x5")
        if min(self.max_message, self.input_rate, self.input_burst) < 1:
            raise ValueError("max_message, input_rate and input_burst must be at least 1")
        if self.app_memory < 0:
            raise ValueError("app_memory must be 0 (no limit) or more")
        if min(self.idle_timeout, self.send_timeout) <= 0:
            raise ValueError("idle_timeout and send_timeout must be more than 0")
        if self.token is not None and len(self.token) < MIN_TOKEN_LENGTH:
            raise ValueError(f"the token must be at least {MIN_TOKEN_LENGTH} characters")
        if self.public_url is not None and urlsplit(self.public_url).scheme not in (
            "http",
            "https",
        ):
            raise ValueError(f"--public-url must start with http:// or https://: {self.public_url}")
        if self.host in WILDCARD_HOSTS and self.public_url is None and not self.allowed_origins:
            raise ValueError(
                f"--host {self.host or '(all)'} listens on every address, so no page address "
                "follows from it: give the address browsers use, --public-url "
                "http://HOST:PORT (or --allow-origin)"
            )

    def origins(self, port: int) -> frozenset[str]:
        """Origins whose pages may open a session: the bound host on `port` (the bound port,
        with its loopback aliases), `public_url`'s and `allowed_origins`. Anything else is
        another site's page."""
        found = {origin_of(origin) for origin in self.allowed_origins}
        if self.public_url is not None:
            found.add(origin_of(self.public_url))
        hosts = [self.host] if self.host not in WILDCARD_HOSTS else []
        if is_loopback(self.host):
            hosts = ["localhost", "127.0.0.1", "::1", self.host]
        for host in hosts:
            found.add(origin_of(f"http://{_netloc(host, port)}"))
        return frozenset(found)
