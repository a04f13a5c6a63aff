"""`minusma-tui serve`: a connection that logs in and never opens a session holds nothing for long.

OpenSSH bounds connections still logging in (MaxStartups, LoginGraceTime); the same attack one
step later (log in, then open no session) held a slot forever: 18 such connections from a few
addresses filled the server and every later client got a TCP reset. Against a real server on
127.0.0.1, with asyncssh clients (helpers from test_serve.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")

from .test_serve import DEADLINE, connect, make_options, running  # noqa: E402
from .test_ssh_limits import one_dashboard, wait_for  # noqa: E402


class _Held(asyncssh.SSHClient):
    """A client that logs in and then does nothing; keeps why the server hung up."""

    def __init__(self) -> None:
        self.lost = asyncio.get_running_loop().create_future()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.lost.done():
            self.lost.set_result(exc)


async def _log_in_and_hold(server: object, key: object, source: str) -> _Held | None:
    """Log in from `source` and open no session; None if the server refused the connection."""
    try:
        _conn, client = await asyncssh.create_connection(
            _Held,
            "127.0.0.1",
            server.port,  # type: ignore[attr-defined]
            local_addr=(source, 0),
            username="tester",
            known_hosts=None,
            client_keys=[key],
            agent_path=None,
            config=[],
            preferred_auth="publickey",
        )
    except (OSError, asyncssh.Error):
        return None
    return client


async def test_logged_in_connections_without_a_session_are_capped_and_timed_out(
    tmp_path: Path,
    keys_file: Path,
    client_key: asyncssh.SSHKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    caplog.set_level(logging.DEBUG, logger="asyncssh")  # the client's "Received disconnect"
    grace = 3.0
    options = make_options(
        tmp_path,
        keys_file,
        max_sessions=8,
        max_unauthenticated=10,
        max_per_address=4,
        max_sessionless=4,
        sessionless_timeout=grace,
    )
    async with running(options) as server:
        loop = asyncio.get_running_loop()
        # The attack: 20 logins from 5 addresses (4 each, the per-address cap), no session.
        started = loop.time()
        attempts = [
            await _log_in_and_hold(server, client_key, f"127.0.2.{n}")
            for n in range(1, 6)
            for _ in range(4)
        ]
        held = [client for client in attempts if client is not None]

        def still_held() -> int:
            return sum(not client.lost.done() for client in held)

        print(f"sessionless: {len(held)} logged in, {still_held()} held just after the burst")
        # The server evicts the oldest as new ones log in (their hang-up may still be on the way).
        await wait_for(
            lambda: still_held() <= options.max_sessionless,
            f"at most {options.max_sessionless} connections without a session",
        )

        # A newcomer from another address gets its dashboard while the attack goes on.
        await one_dashboard(server, client_key, local_addr=("127.0.3.1", 0))

        # Every held connection is hung up within the grace time, with a reason a client shows:
        # the evicted ones as an error (too many connections), the others as a normal end
        # (asyncssh then gives no exception, only its log line; OpenSSH prints both).
        reasons = await asyncio.wait_for(
            asyncio.gather(*(client.lost for client in held)), grace + DEADLINE
        )
        waited = loop.time() - started
        evicted = [r for r in reasons if r is not None]
        print(
            f"sessionless: all {len(held)} hung up {waited:.1f} s after the burst "
            f"({len(evicted)} evicted as the cap was passed, the rest at the timeout)"
        )
        for reason in evicted:
            assert isinstance(reason, asyncssh.DisconnectError), reason
            assert reason.code == asyncssh.DISC_TOO_MANY_CONNECTIONS
            assert "minusma-tui: too many connections without a session" in reason.reason
        told = caplog.text.count(
            f"Received disconnect: minusma-tui: no session opened within {grace:g} s"
        )
        assert told == len(reasons) - len(evicted) > 0
        await wait_for(lambda: not server.connections, "every connection to be forgotten")
    assert "no session" in caplog.text


async def test_a_connection_whose_session_ended_is_timed_out_too(
    tmp_path: Path, keys_file: Path, client_key: asyncssh.SSHKey
) -> None:
    """A client that keeps its connection after its session (ControlPersist) holds no slot."""
    options = make_options(tmp_path, keys_file, sessionless_timeout=1.0)
    async with running(options) as server:
        async with connect(server, client_key) as conn:
            result = await conn.run("ls", encoding="utf-8")  # refused at once: a session that ends
            assert result.exit_status == 1
            with contextlib.suppress(asyncssh.Error, OSError):
                await asyncio.wait_for(conn.wait_closed(), DEADLINE)
            assert conn.is_closed()  # type: ignore[attr-defined]
        await wait_for(lambda: not server.connections, "the connection to be forgotten")


def test_serve_states_and_passes_on_the_sessionless_limits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.conftest import DATA
    from tui.cli import build_parser
    from tui.core.config import Config
    from tui.serve.ssh.options import ServeOptions
    from tui.serve.ssh.run import options_from_args

    defaults = ServeOptions(data_path=DATA, open=True)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"the oldest is then disconnected (default {defaults.max_sessionless})" in text
    assert f"without a session (default {defaults.sessionless_timeout:g})" in text

    args = build_parser().parse_args(
        ["serve", "--open", "--max-sessionless", "2", "--sessionless-timeout", "5"]
    )
    args.data = str(DATA)
    options = options_from_args(args, Config())
    assert (options.max_sessionless, options.sessionless_timeout) == (2, 5.0)
