"""The SSH server: who may log in, how many at once, and what is refused.

A dashboard needs a terminal and nothing else, so everything else an SSH server can do is off:
commands, SFTP/SCP, port/agent/X11 forwarding. Every login, refusal and session end is logged
(who: user and key fingerprint, or "open"; the peer's address; how long; the exit status).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field

import asyncssh

from tui.ssh.hostkey import load_or_create
from tui.ssh.options import ServeOptions
from tui.ssh.session import AppSession

log = logging.getLogger("minusma_tui.serve")

KEEPALIVE_INTERVAL = 30
"""Seconds between keepalives: a vanished client (laptop closed) is noticed in ~90 s."""


@dataclass
class ConnectionInfo:
    """Who is on the other end, for the log."""

    peer: str
    user: str = "?"
    key: str = "-"
    """The client key's SHA256 fingerprint, or "open" on an open server."""
    since: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))

    def describe(self) -> str:
        return f"user={self.user!r} key={self.key} peer={self.peer}"


class DashboardServer:
    """The listening server and its live sessions."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.sessions: set[AppSession] = set()
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.stopping = False
        self.host_key: asyncssh.SSHKey | None = None
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self.base_args = self._base_args(options)

    @staticmethod
    def _base_args(options: ServeOptions) -> list[str]:
        """The app's options: the operator's data and config, animations off (an SSH session)."""
        args = ["--data", str(options.data_path), "--animations", "off"]
        if options.config_path is not None:
            args += ["--config", str(options.config_path)]
        if options.as_of is not None:
            args += ["--as-of", options.as_of.isoformat()]
        return [*args, *options.app_args]

    async def start(self) -> None:
        self.host_key = load_or_create(self.options.host_key)
        self._acceptor = await asyncssh.create_server(
            lambda: _Connection(self),
            self.options.host,
            self.options.port,
            server_host_keys=[self.host_key],
            login_timeout=self.options.login_timeout,
            keepalive_interval=KEEPALIVE_INTERVAL,
            keepalive_count_max=3,
            encoding=None,  # raw bytes both ways (and asyncssh's line editor stays inert)
            line_editor=False,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            password_auth=False,
            kbdint_auth=False,
            gss_host=None,
            host_based_auth=False,
        )

    @property
    def port(self) -> int:
        return self._acceptor.get_port() if self._acceptor is not None else self.options.port

    @property
    def fingerprint(self) -> str:
        return self.host_key.get_fingerprint() if self.host_key is not None else "-"

    def open_session(self, info: ConnectionInfo) -> AppSession:
        if self.stopping:
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_CONNECT_FAILED, "minusma-tui: the server is stopping"
            )
        if len(self.sessions) >= self.options.max_sessions:
            log.warning(
                "session refused (server full, %d sessions): %s",
                self.options.max_sessions,
                info.describe(),
            )
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_RESOURCE_SHORTAGE,
                f"minusma-tui: the server is full ({self.options.max_sessions} sessions); "
                "try again later",
            )
        session = AppSession(self, info)
        self.sessions.add(session)
        return session

    def release(self, session: AppSession) -> None:
        self.sessions.discard(session)

    def close(self) -> None:
        """Refuse new sessions and end every session's app (see `wait_closed`)."""
        self.stopping = True
        for session in list(self.sessions):
            session.reason = "server stopping"
            session.terminate()

    async def wait_closed(self) -> None:
        """Wait for the apps to end and tell their users, then hang up and stop listening."""
        waits = [session.child_done.wait() for session in list(self.sessions)]
        if waits:
            await asyncio.gather(*waits)
        for conn in list(self.connections):
            conn.close()
        closing = [asyncio.ensure_future(conn.wait_closed()) for conn in list(self.connections)]
        if closing:
            await asyncio.wait(closing, timeout=5)
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()


class _Connection(asyncssh.SSHServer):
    """One client connection: authentication, then session channels (and nothing else)."""

    def __init__(self, server: DashboardServer) -> None:
        self.server = server
        self.info = ConnectionInfo(peer="?")
        self.conn: asyncssh.SSHServerConnection | None = None
        self.peer_host = ""
        self.authorized: asyncssh.SSHAuthorizedKeys | None = None
        self.logged_in = False

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.server.connections.add(conn)
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.peer_host = str(peer[0])
        self.info.peer = f"{peer[0]}:{peer[1]}"

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.server.connections.discard(self.conn)
        if not self.logged_in:
            log.info("login failed or abandoned: %s", self.info.describe())

    def begin_auth(self, username: str) -> bool:
        self.info.user = username
        if self.server.options.open:
            self.info.key = "open"
            return False  # No authentication needed.
        path = self.server.options.authorized_keys
        try:
            # Re-read at each login: adding or removing a key needs no restart.
            self.authorized = asyncssh.read_authorized_keys(str(path))
        except (OSError, ValueError) as exc:
            log.error("cannot read authorized keys %s: %s; refusing every key", path, exc)
            self.authorized = None
        return True

    def auth_completed(self) -> None:
        self.logged_in = True
        log.info("login: %s", self.info.describe())

    def public_key_auth_supported(self) -> bool:
        return not self.server.options.open

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if self.authorized is None:
            return False
        options = self.authorized.validate(key, self.peer_host, self.peer_host)
        if options is None:
            return False
        self.info.key = key.get_fingerprint()
        return True

    def session_requested(self) -> AppSession:
        return self.server.open_session(self.info)

    # Refused, and logged so an operator sees attempts. (asyncssh's defaults refuse them too.)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int):
        log.info("refused port forwarding to %s:%s: %s", dest_host, dest_port, self.info.describe())
        return False

    def server_requested(self, listen_host: str, listen_port: int):
        log.info("refused remote forwarding: %s", self.info.describe())
        return False

    def unix_connection_requested(self, dest_path: str):
        log.info("refused socket forwarding: %s", self.info.describe())
        return False

    def unix_server_requested(self, listen_path: str):
        log.info("refused socket forwarding: %s", self.info.describe())
        return False
