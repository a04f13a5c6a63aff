"""`minusma-tui serve`: every session that started logs its end, whatever the moment it ends.

An operator reads the log to know who used the dashboard and for how long: a "session start"
line without its "session end" line is a session that, for the log, never ended. In an attack of
2,760 short sessions, 234 left none. Here many short sessions against the real server on
127.0.0.1 are cut at random moments (while the app starts, while it draws, while it exits), and
every start line must find its end line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")

from tui.serve.ssh.launcher import AppLauncher, AppRequest  # noqa: E402
from tui.serve.ssh.session import AppSession  # noqa: E402

from .test_serve import DEADLINE, connect, make_options, open_terminal, running  # noqa: E402
from .test_ssh_limits import one_dashboard  # noqa: E402
from .test_ssh_output import StallingLink, open_through  # noqa: E402

START = re.compile(r"session start pid=(\d+)")
END = re.compile(r"session end pid=(\d+)")

MOMENTS = (
    "during the requests",
    "at once",
    "while starting",
    "after the first frame",
    "while exiting",
    "channel closed",
    "stops reading",
)
"""When a client cuts its session: anywhere while it asks for its channel, pty and shell; right
after the shell request is granted; a random moment in the app's first half second; once the
dashboard shows; a random moment after `q`; by closing the channel (not the connection) at a
random moment; or by no longer reading (its connection stays, silent) a moment after `q`."""


def _logged_pids(caplog: pytest.LogCaptureFixture, pattern: re.Pattern[str]) -> set[int]:
    return {int(m.group(1)) for r in caplog.records if (m := pattern.search(r.getMessage()))}


async def _short_session(server: object, key: object, moment: str, rng: random.Random) -> None:
    if moment == "stops reading":
        await _stops_reading(server, key, rng)
        return
    conn = await connect(server, key)  # type: ignore[arg-type]
    try:
        if moment == "during the requests":  # channel open, pty, shell: cut anywhere among them
            opening = asyncio.ensure_future(open_terminal(conn))
            await asyncio.sleep(rng.uniform(0, 0.03))
            opening.cancel()
            return
        terminal = await open_terminal(conn)
        assert terminal.chan is not None
        if moment == "while starting":
            await asyncio.sleep(rng.uniform(0, 0.5))
        elif moment in ("after the first frame", "while exiting"):
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(terminal.wait_for_text("MINUSMA"), DEADLINE)
            if moment == "while exiting":
                terminal.press("q")
                await asyncio.sleep(rng.uniform(0, 0.15))
        elif moment == "channel closed":
            await asyncio.sleep(rng.uniform(0, 0.8))
            terminal.chan.close()
            await asyncio.sleep(rng.uniform(0, 0.05))
    except (OSError, asyncssh.Error):
        pass
    finally:
        conn.abort()


async def _stops_reading(server: object, key: object, rng: random.Random) -> None:
    """Quit, then read nothing more (the server's close never reaches the client)."""
    async with StallingLink(server.port) as link:  # type: ignore[attr-defined]
        conn, terminal = await open_through(link, key, (80, 24))  # type: ignore[arg-type]
        terminal.press("q")
        await asyncio.sleep(rng.uniform(0, 0.15))
        link.stall()
        await asyncio.sleep(0.5)  # the client's connection is still there, silent
        conn.abort()


@pytest.mark.parametrize("start", ["as is", "slow"])
async def test_every_session_that_started_logs_its_end(
    start: str,
    tmp_path: Path,
    keys_file: Path,
    client_key: asyncssh.SSHKey,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "slow": each app takes up to 0.3 s more to start, as on a loaded machine, so that more
    clients leave while their app is being started."""
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    rng = random.Random(24)
    if start == "slow":
        launch = AppLauncher.start

        async def slow_start(self: AppLauncher, request: AppRequest) -> object:
            await asyncio.sleep(rng.uniform(0, 0.3))
            return await launch(self, request)

        monkeypatch.setattr(AppLauncher, "start", slow_start)
    plan = [rng.choice(MOMENTS) for _ in range(60)]
    options = make_options(tmp_path, keys_file, max_sessions=8, max_per_address=8)
    async with running(options) as server:
        slots = asyncio.Semaphore(4)

        async def one(moment: str) -> None:
            async with slots:
                await _short_session(server, client_key, moment, rng)

        await asyncio.gather(*(one(moment) for moment in plan))
        await one_dashboard(server, client_key)
    # The server stopped at once: by then every session that started has logged its end.
    started, ended = _logged_pids(caplog, START), _logged_pids(caplog, END)
    print(
        f"session ends: {len(plan)} sessions cut at random moments, {len(started)} started, "
        f"{len(started - ended)} without an end line when the server had stopped"
    )
    assert len(started) > len(plan) // 2, "most sessions should start before they are cut"
    assert not started - ended, f"{len(started - ended)} sessions left no end line"
    assert not server.sessions


async def test_a_session_whose_end_fails_still_logs_it(
    tmp_path: Path,
    keys_file: Path,
    client_key: asyncssh.SSHKey,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unexpected error while the session tells the client its end: logged, and the end too."""
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")

    def broken(self: AppSession, code: int) -> None:
        raise RuntimeError("injected: the channel broke in an unexpected way")

    monkeypatch.setattr(AppSession, "_tell_end", broken)
    async with running(make_options(tmp_path, keys_file)) as server:
        async with connect(server, client_key) as conn:
            terminal = await open_terminal(conn)
            await terminal.wait_for_text("MINUSMA")
            [session] = list(server.sessions)
            terminal.press("q")
            await asyncio.wait_for(session.child_done.wait(), DEADLINE)
            # The client is not left hanging: the server closes the channel.
            await asyncio.wait_for(terminal.chan.wait_closed(), DEADLINE)  # type: ignore[union-attr]
        [start] = _logged_pids(caplog, START)
        assert _logged_pids(caplog, END) == {start}
        assert "injected" in caplog.text  # the error is in the log, once
        assert not server.sessions
