"""The SSH server: who may log in, how many at once, for how long, and what is refused.

A dashboard needs a terminal and nothing else, so everything else an SSH server can do is off:
commands, SFTP/SCP, port/agent/X11 forwarding. Every login, refusal and session end is logged
(who: user and key fingerprint, or "open"; the peer's address; how long; the exit status).

A connection is in one of three states, each bounded in number and (but the last) in time:
logging in (`max_unauthenticated`, `login_timeout`), logged in without a session
(`max_sessionless`, `sessionless_timeout`), and with sessions (`max_sessions`, `idle_timeout`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import asyncssh

from tui.serve.ssh.hostkey import load_or_create
from tui.serve.ssh.launcher import AppLauncher
from tui.serve.ssh.options import ServeOptions
from tui.serve.ssh.session import AppSession

log = logging.getLogger("minusma_tui.serve")

KEEPALIVE_INTERVAL = 30
"""Seconds between keepalives: a vanished client (laptop closed) is noticed in ~90 s."""
SESSION_WINDOW = 128 * 1024
"""The SSH receive window of each session: what a client may send before the server reads it.
With `ServeOptions.input_buffer`, the most of one session's input the server ever holds."""
DROP_LOG_INTERVAL = 1.0
"""Seconds between two log lines about dropped connections (a flood must not flood the log)."""

KNOWN_KEY_OPTIONS = frozenset(
    {
        "agent-forwarding",
        "cert-authority",
        "command",
        "environment",
        "expiry-time",
        "from",
        "no-agent-forwarding",
        "no-port-forwarding",
        "no-pty",
        "no-touch-required",
        "no-user-rc",
        "no-x11-forwarding",
        "permitlisten",
        "permitopen",
        "port-forwarding",
        "principals",
        "pty",
        "restrict",
        "subject",
        "tunnel",
        "user-rc",
        "verify-required",
        "x11-forwarding",
    }
)
"""authorized_keys options OpenSSH knows (asyncssh keeps any word). Like sshd, a key line with
another option is refused: it may be a restriction this server would not apply."""


def pty_session_refusal(
    options: Mapping[str, object], now: dt.datetime | None = None
) -> str | None:
    """Why an authorized_keys entry cannot have a dashboard session, or None if it can.

    asyncssh applies `from=` (the entry does not match) and refuses a pty for `no-pty`, but knows
    neither `restrict` nor `expiry-time`, and would hand `command=` to a server that runs only the
    dashboard. A key that cannot have a pty session is refused at authentication, as sshd refuses
    an expired key, so a client with several keys goes on to try the next one.
    """
    names = {name.lower(): value for name, value in options.items()}
    unknown = sorted(set(names) - KNOWN_KEY_OPTIONS)
    if unknown:
        return f"unknown option {unknown[0]}"
    if "no-pty" in names:
        return "no-pty"
    if "restrict" in names and "pty" not in names:
        return "restrict (without pty)"
    if "command" in names:
        return "command= (this server runs only the dashboard)"
    if "verify-required" in names:
        return "verify-required (not checked by this server)"
    if "expiry-time" in names:
        values = names["expiry-time"]
        stamps = values if isinstance(values, list) else [values]
        now = now or dt.datetime.now(dt.timezone.utc)
        for stamp in stamps:
            expiry = parse_expiry_time(str(stamp))
            if expiry is None:
                return f"bad expiry-time {str(stamp)[:20]!r}"
            if expiry <= now:
                return f"expired (expiry-time {stamp})"
    return None


def parse_expiry_time(text: str) -> dt.datetime | None:
    """sshd's `expiry-time`: YYYYMMDD or YYYYMMDDHHMM[SS], local time unless it ends with Z."""
    utc = text.endswith(("Z", "z"))
    digits = text[:-1] if utc else text
    formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
    if not digits.isdigit() or len(digits) not in formats:
        return None
    try:
        when = dt.datetime.strptime(digits, formats[len(digits)])
    except ValueError:
        return None
    return when.replace(tzinfo=dt.timezone.utc) if utc else when.astimezone()


def address_group(host: str) -> str:
    """What `max_per_address` counts: the IPv4 address, or the IPv6 /64 (one site's network)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class PtySessionKeys(asyncssh.SSHAuthorizedKeys):
    """An authorized_keys file whose entries count only if they allow a dashboard session.

    Given to asyncssh as the connection's authorized keys, so asyncssh itself matches the key,
    applies `from=` and keeps the entry's options (`conn.get_key_option`); this only drops, at
    authentication, the entries `pty_session_refusal` refuses, and logs why once per key.
    """

    def __init__(
        self,
        text: str,
        on_accepted: Callable[[asyncssh.SSHKey], None],
        on_refused: Callable[[asyncssh.SSHKey, str], None],
    ) -> None:
        super().__init__(text)
        self._on_accepted = on_accepted
        self._on_refused = on_refused

    def validate(
        self,
        key: asyncssh.SSHKey,
        client_host: str,
        client_addr: str,
        cert_principals: Sequence[str] | None = None,
        ca: bool = False,
    ) -> Mapping[str, object] | None:
        options = super().validate(key, client_host, client_addr, cert_principals, ca)
        if options is None:
            return None
        reason = pty_session_refusal(options)
        if reason is not None:
            self._on_refused(key, reason)
            return None
        self._on_accepted(key)
        return options

    def validate_x509(self, cert, client_host: str, client_addr: str):
        options, trusted = super().validate_x509(cert, client_host, client_addr)
        if options is not None:
            reason = pty_session_refusal(options)
            if reason is not None:
                self._on_refused(cert.key, reason)
                return None, None
            self._on_accepted(cert.key)
        return options, trusted


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
        """Sessions whose channel is open or whose app has not ended yet."""
        self._owners: dict[AppSession, _Connection] = {}
        self.connections: set[asyncssh.SSHServerConnection] = set()
        """Admitted connections (a dropped one never is)."""
        self.unauthenticated: set[_Connection] = set()
        self.sessionless: dict[_Connection, None] = {}
        """Logged-in connections without a session, oldest first (a dict keeps the order)."""
        self.per_address: Counter[str] = Counter()
        self._dropped = 0
        self._dropped_logged_at = 0.0
        self.stopping = False
        self.host_key: asyncssh.SSHKey | None = None
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self.base_args = self._base_args(options)
        self.launcher = AppLauncher(options)
        """Starts the sessions' apps (forked by the zygote, or spawned)."""

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
        # First, so that it imports the app while the server loads its key and binds. It is a
        # process of its own from exec: nothing the server holds from here on reaches it.
        await self.launcher.start_zygote()
        try:
            await self._listen()
        except BaseException:
            await self.launcher.close()
            raise

    async def _listen(self) -> None:
        self.host_key = load_or_create(self.options.host_key)
        self._acceptor = await asyncssh.create_server(
            lambda: _Connection(self),
            self.options.host,
            self.options.port,
            server_host_keys=[self.host_key],
            login_timeout=self.options.login_timeout,
            window=SESSION_WINDOW,
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

    def open_session(self, connection: _Connection) -> AppSession:
        info = connection.info
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
        self._owners[session] = connection
        connection.session_opened()
        return session

    def release(self, session: AppSession) -> None:
        """A session's channel is closed and its app has ended."""
        self.sessions.discard(session)
        owner = self._owners.pop(session, None)
        if owner is not None:
            owner.session_closed()

    def now_sessionless(self, connection: _Connection) -> None:
        """A connection logged in, or its last session ended: it may hold on for
        `sessionless_timeout`, and at most `max_sessionless` may at once (the oldest goes)."""
        self.sessionless[connection] = None
        if len(self.sessionless) > self.options.max_sessionless:
            oldest = next(iter(self.sessionless))
            oldest.hang_up(
                f"too many connections without a session ({self.options.max_sessionless}); "
                "this one was the oldest",
                "sessionless cap",
                code=asyncssh.DISC_TOO_MANY_CONNECTIONS,
            )

    def admit(self, connection: _Connection) -> str | None:
        """Count a new connection in, or say why it is dropped (before any key exchange).

        Bounds: `max_unauthenticated` connections logging in at once, `max_per_address` from one
        address, and `max_sessions + max_unauthenticated + max_sessionless` in all.
        """
        options = self.options
        group = connection.address_group
        if self.stopping:
            return "server stopping"
        if len(self.unauthenticated) >= options.max_unauthenticated:
            return f"{options.max_unauthenticated} connections already logging in"
        if self.per_address[group] >= options.max_per_address:
            return f"{options.max_per_address} connections already from {group}"
        total = options.max_sessions + options.max_unauthenticated + options.max_sessionless
        if len(self.connections) >= total:
            return "server full"
        self.unauthenticated.add(connection)
        self.per_address[group] += 1
        return None

    def forget(self, connection: _Connection) -> None:
        """An admitted connection ended."""
        self.unauthenticated.discard(connection)
        self.sessionless.pop(connection, None)
        group = connection.address_group
        self.per_address[group] -= 1
        if self.per_address[group] <= 0:
            del self.per_address[group]

    def note_dropped(self, peer: str, reason: str) -> None:
        """Log dropped connections, at most one line per `DROP_LOG_INTERVAL` (with a count)."""
        self._dropped += 1
        now = time.monotonic()
        if now - self._dropped_logged_at < DROP_LOG_INTERVAL:
            return
        more = f" (and {self._dropped - 1} more since the last)" if self._dropped > 1 else ""
        log.warning("connection dropped (%s): peer=%s%s", reason, peer, more)
        self._dropped = 0
        self._dropped_logged_at = now

    def close(self) -> None:
        """Refuse new sessions and end every session's app (see `wait_closed`)."""
        self.stopping = True
        for session in list(self.sessions):
            session.reason = session.reason or "server stopping"  # an app already ending keeps why
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
        await self.launcher.close()


class _Connection(asyncssh.SSHServer):
    """One client connection: authentication, then session channels (and nothing else)."""

    def __init__(self, server: DashboardServer) -> None:
        self.server = server
        self.info = ConnectionInfo(peer="?")
        self.conn: asyncssh.SSHServerConnection | None = None
        self.peer_host = ""
        self.address_group = ""
        self.admitted = False
        self.logged_in = False
        self.open_sessions = 0
        self._sessionless_timer: asyncio.TimerHandle | None = None
        self._refused_keys: set[str] = set()

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.peer_host = str(peer[0])
        self.address_group = address_group(self.peer_host)
        self.info.peer = f"{peer[0]}:{peer[1]}"
        refusal = self.server.admit(self)
        if refusal is not None:
            self.server.note_dropped(self.info.peer, refusal)
            conn.abort()  # Before the version exchange: no key exchange is spent on it.
            return
        self.admitted = True
        self.server.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.admitted:
            return
        self.admitted = False
        self._cancel_sessionless_timer()
        if self.conn is not None:
            self.server.connections.discard(self.conn)
        self.server.forget(self)
        if not self.logged_in:
            log.info("login failed or abandoned: %s", self.info.describe())

    def begin_auth(self, username: str) -> bool:
        self.info.user = username
        if self.server.options.open:
            self.info.key = "open"
            return False  # No authentication needed.
        path = self.server.options.authorized_keys
        keys: PtySessionKeys | None
        try:
            # Re-read at each login: adding or removing a key needs no restart.
            text = path.read_text(encoding="utf-8") if path is not None else ""
            keys = PtySessionKeys(text, self._key_accepted, self._key_refused)
        except (OSError, ValueError) as exc:
            log.error("cannot read authorized keys %s: %s; refusing every key", path, exc)
            keys = None
        # asyncssh matches the keys and keeps the matching entry's options; this class does not
        # override validate_public_key, whose answer would bypass them (None: refuse every key).
        assert self.conn is not None
        self.conn.set_authorized_keys(keys)
        return True

    def _key_accepted(self, key: asyncssh.SSHKey) -> None:
        self.info.key = key.get_fingerprint()  # For the log (the last key asyncssh accepted).

    def _key_refused(self, key: asyncssh.SSHKey, reason: str) -> None:
        fingerprint = key.get_fingerprint()
        if fingerprint not in self._refused_keys:  # asyncssh asks twice: query, then signature
            self._refused_keys.add(fingerprint)
            log.warning(
                "key refused (%s): user=%r key=%s peer=%s",
                reason,
                self.info.user,
                fingerprint,
                self.info.peer,
            )

    def auth_completed(self) -> None:
        self.logged_in = True
        self.server.unauthenticated.discard(self)
        log.info("login: %s", self.info.describe())
        self._now_sessionless()

    # A logged-in connection without a session holds a slot: only for so long, and so many.

    def _now_sessionless(self) -> None:
        timeout = self.server.options.sessionless_timeout
        self._cancel_sessionless_timer()
        self._sessionless_timer = asyncio.get_running_loop().call_later(
            timeout,
            self.hang_up,
            f"no session opened within {timeout:g} s of logging in or of the last one",
            "no session",
        )
        self.server.now_sessionless(self)

    def session_opened(self) -> None:
        self.open_sessions += 1
        self._cancel_sessionless_timer()
        self.server.sessionless.pop(self, None)

    def session_closed(self) -> None:
        self.open_sessions -= 1
        if self.open_sessions == 0 and self.admitted:
            self._now_sessionless()

    def hang_up(self, message: str, reason: str, code: int = asyncssh.DISC_BY_APPLICATION) -> None:
        """Disconnect, with a reason the client shows ("Received disconnect from ...: 11: ...")."""
        self._cancel_sessionless_timer()
        self.server.sessionless.pop(self, None)
        if not self.admitted or self.conn is None:
            return
        log.info("disconnected (%s): %s", reason, self.info.describe())
        self.conn.disconnect(code, f"minusma-tui: {message}")

    def _cancel_sessionless_timer(self) -> None:
        if self._sessionless_timer is not None:
            self._sessionless_timer.cancel()
            self._sessionless_timer = None

    def public_key_auth_supported(self) -> bool:
        return not self.server.options.open

    def session_requested(self) -> AppSession:
        return self.server.open_session(self)

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
