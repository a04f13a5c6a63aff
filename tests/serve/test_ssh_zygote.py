"""`minusma-tui serve` forks each session's app from a zygote, and spawns it when it cannot.

Two levels: the launcher with a probe zygote (tests/serve/zygote_probe.py: the real fork loop,
whose "app" reports what it was given), which shows exactly what a forked app gets; and the real
server with the real zygote over SSH, which shows that sessions behave as before, that a
crashed app leaves the zygote serving, and that the zygote's death or silence only sends the
next sessions back to spawning their apps.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")

from tests.conftest import DATA, ROOT  # noqa: E402
from tui.serve.ssh import launcher as launcher_module  # noqa: E402
from tui.serve.ssh.launcher import AppLauncher, AppRequest, Zygote  # noqa: E402
from tui.serve.ssh.server import DashboardServer  # noqa: E402

from .test_serve import (  # noqa: E402
    DEADLINE,
    connect,
    is_bases_tab,
    make_options,
    open_terminal,
    running,
    session_pids,
)
from .test_ssh_limits import one_dashboard, wait_for  # noqa: E402

PROBE = "tests.serve.zygote_probe"


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def socket_inodes(pid: int | str) -> set[str]:
    """The sockets a process holds ("socket:[inode]")."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


def zygote_pid(server: DashboardServer) -> int:
    zygote = server.launcher.zygote
    assert zygote is not None and zygote.pid is not None
    return zygote.pid


# --- what a forked app gets (the probe zygote) ----------------------------------------------------


async def read_until_closed(master: int) -> str:
    """Everything the app writes on its terminal, until it has ended (EIO on the master)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + DEADLINE
    data = b""
    while True:
        readable = asyncio.Event()
        loop.add_reader(master, readable.set)
        try:
            await asyncio.wait_for(readable.wait(), end - loop.time())
        finally:
            loop.remove_reader(master)
        try:
            chunk = os.read(master, 65536)
        except BlockingIOError:
            continue
        except OSError:  # EIO: the app and every copy of the slave are gone
            chunk = b""
        if not chunk:
            return data.decode("utf-8", "replace")
        data += chunk


def report_of(output: str) -> dict[str, object]:
    match = re.search(r"REPORT (\{.*\})", output)
    assert match is not None, f"no report in {output!r}"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.fixture
def probe_launcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppLauncher:
    monkeypatch.setattr(launcher_module, "ZYGOTE_MODULE", PROBE)
    return AppLauncher(make_options(tmp_path, None))


async def test_a_forked_app_gets_its_session_and_nothing_of_the_zygote(
    probe_launcher: AppLauncher,
) -> None:
    # Fewer variables than the zygote has (its PATH, PYTHONPATH, MINUSMA_TUI_SERVED...).
    env = {"TERM": "screen-256color", "COLORTERM": "truecolor", "LANG": "C"}
    request = AppRequest(["3", "--flag"], env, memory_limit=300 * 1024 * 1024, size=(101, 31))
    await probe_launcher.start_zygote()
    try:
        assert await probe_launcher.ready()
        app, master = await probe_launcher.start(request)
        try:
            facts = report_of(await read_until_closed(master))
        finally:
            os.close(master)
        assert await asyncio.wait_for(app.wait(), DEADLINE) == 3
        assert app.how == "forked" and app.ended
        assert facts["ppid"] == probe_launcher.zygote.pid  # type: ignore[union-attr]
    finally:
        await probe_launcher.close()
    # Exactly the session's environment: nothing of the zygote's (or the server's).
    assert facts["env"] == env
    assert facts["argv"] == ["minusma-tui", "3", "--flag"]
    # A session of its own, the pty its controlling terminal, in the foreground.
    pid = facts["pid"]
    assert facts["sid"] == facts["pgrp"] == facts["foreground"] == pid
    assert facts["ttys"] == [True, True, True]
    assert facts["textual_streams"] == [0, 2]
    assert facts["encoding"] == "utf-8"
    assert facts["size"] == [101, 31]
    assert facts["data_limit"] == [300 * 1024 * 1024] * 2
    assert facts["sigchld_default"] is True
    # fds 0-2 on its pty, and nothing else: not the zygote's socket, not its wake-up pipe.
    fds = facts["fds"]
    assert isinstance(fds, dict)
    assert sorted(fds) == ["0", "1", "2"]
    assert len(set(fds.values())) == 1 and next(iter(fds.values())).startswith("/dev/pts/")


async def test_an_app_that_crashes_or_raises_leaves_the_zygote_forking(
    probe_launcher: AppLauncher,
) -> None:
    request = AppRequest(["crash"], {"TERM": "xterm"}, memory_limit=0, size=(80, 24))
    await probe_launcher.start_zygote()
    try:
        assert await probe_launcher.ready()
        zygote = probe_launcher.zygote
        assert zygote is not None
        app, master = await probe_launcher.start(request)
        await read_until_closed(master)
        os.close(master)
        assert await asyncio.wait_for(app.wait(), DEADLINE) == -signal.SIGSEGV

        app, master = await probe_launcher.start(AppRequest(["raise"], {}, 0, (80, 24)))
        output = await read_until_closed(master)
        os.close(master)
        assert await asyncio.wait_for(app.wait(), DEADLINE) == 1
        assert "RuntimeError: injected failure in the app" in output  # on its terminal

        app, master = await probe_launcher.start(AppRequest(["0"], {}, 0, (80, 24)))
        facts = report_of(await read_until_closed(master))
        os.close(master)
        assert await asyncio.wait_for(app.wait(), DEADLINE) == 0
        assert probe_launcher.zygote is zygote and not zygote.gone
        assert facts["ppid"] == zygote.pid
    finally:
        await probe_launcher.close()
    assert zygote.process is not None and zygote.process.returncode == 0  # ended when closed


async def test_a_zygote_that_never_gets_ready_is_passed_by(
    probe_launcher: AppLauncher, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Sessions do not wait for it: they spawn; it is ended after ZYGOTE_READY_TIMEOUT."""
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    monkeypatch.setattr(launcher_module, "ZYGOTE_READY_TIMEOUT", 0.5)
    monkeypatch.setattr(launcher_module, "ZYGOTE_STOP_TIMEOUT", 0.5)
    start = Zygote.start

    async def stuck(self: Zygote, module: str, args: list[str], env: dict[str, str]) -> None:
        await start(self, PROBE, ["stuck"], env)

    monkeypatch.setattr(Zygote, "start", stuck)
    await probe_launcher.start_zygote()
    try:
        # `true` as the spawned "app": the fallback's own command line is the CLI's.
        monkeypatch.setattr(launcher_module, "child_argv", lambda args, limit: ["true"])
        app, master = await probe_launcher.start(
            AppRequest([], {"PATH": "/bin:/usr/bin"}, 0, (80, 24))
        )
        os.close(master)
        assert app.how == "spawned"
        assert await asyncio.wait_for(app.wait(), DEADLINE) == 0
        assert not await asyncio.wait_for(probe_launcher.ready(), DEADLINE)
        assert "not ready within 0.5 s" in caplog.text
        zygote = probe_launcher.zygote
        assert zygote is not None and zygote.process is not None
        assert await asyncio.wait_for(zygote.process.wait(), DEADLINE) == -signal.SIGKILL
    finally:
        await probe_launcher.close()


async def test_a_zygote_that_does_not_answer_is_ended(
    probe_launcher: AppLauncher, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A fork unanswered within FORK_TIMEOUT: the zygote is ended, the session spawns its app."""
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    monkeypatch.setattr(launcher_module, "FORK_TIMEOUT", 0.5)
    start = Zygote.start

    async def hanging(self: Zygote, module: str, args: list[str], env: dict[str, str]) -> None:
        await start(self, PROBE, ["hang"], env)

    monkeypatch.setattr(Zygote, "start", hanging)
    monkeypatch.setattr(launcher_module, "child_argv", lambda args, limit: ["true"])
    await probe_launcher.start_zygote()
    try:
        assert await probe_launcher.ready()
        request = AppRequest([], {"PATH": "/bin:/usr/bin"}, 0, (80, 24))
        app, master = await probe_launcher.start(request)
        os.close(master)
        assert app.how == "spawned"
        assert await asyncio.wait_for(app.wait(), DEADLINE) == 0
        zygote = probe_launcher.zygote
        assert zygote is not None and zygote.gone and zygote.process is not None
        assert await asyncio.wait_for(zygote.process.wait(), DEADLINE) == -signal.SIGKILL
        assert "no answer to a fork within 0.5 s" in caplog.text
    finally:
        await probe_launcher.close()


# --- the real zygote, over SSH --------------------------------------------------------------------


async def test_sessions_are_forked_by_the_zygote(
    tmp_path: Path, keys_file: Path, client_key, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    options = make_options(tmp_path, keys_file)
    async with running(options) as server, connect(server, client_key) as conn:
        terminal = await open_terminal(conn)
        await terminal.wait_for_text("MINUSMA")
        [pid] = session_pids(server)
        zygote = zygote_pid(server)
        assert parent_of(pid) == zygote
        assert re.search(rf"session start pid={pid} forked ", caplog.text)
        limits = Path(f"/proc/{pid}/limits").read_text()
        [data_limit] = [line for line in limits.splitlines() if line.startswith("Max data")]
        assert data_limit.split()[3:5] == [str(options.app_memory)] * 2
        # No socket of the server's (listening, clients') or of the zygote's reached the app.
        assert not socket_inodes(pid) & (socket_inodes("self") | socket_inodes(zygote))

        await terminal.press_until("2", is_bases_tab, "the Bases tab")
        terminal.press("q")
        assert await terminal.closed() == 0
    assert re.search(rf"session end pid={pid} after [\d.]+s status=0 ", caplog.text)


async def test_a_crashed_app_does_not_touch_the_zygote(
    tmp_path: Path, keys_file: Path, client_key
) -> None:
    async with running(make_options(tmp_path, keys_file)) as server:
        async with connect(server, client_key) as conn:
            terminal = await open_terminal(conn)
            await terminal.wait_for_text("MINUSMA")
            [pid] = session_pids(server)
            zygote = zygote_pid(server)
            os.kill(pid, signal.SIGSEGV)
            await terminal.closed()
            assert terminal.chan is not None
            assert terminal.chan.get_exit_signal()[0] == "SEGV"
        async with connect(server, client_key) as conn:
            terminal = await open_terminal(conn)
            await terminal.wait_for_text("MINUSMA")
            [second] = session_pids(server)
            assert zygote_pid(server) == zygote and parent_of(second) == zygote
            terminal.press("q")
            assert await terminal.closed() == 0


async def test_when_the_zygote_dies_sessions_spawn_their_apps(
    tmp_path: Path,
    keys_file: Path,
    client_key,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A session running when it dies runs on (its end is logged, its status unknown); the next
    sessions spawn their apps; one after ZYGOTE_RESTART_DELAY starts a new zygote."""
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    options = make_options(tmp_path, keys_file, max_per_address=8)
    async with running(options) as server, connect(server, client_key) as conn:
        first = await open_terminal(conn)
        await first.wait_for_text("MINUSMA")
        [forked] = session_pids(server)
        zygote = zygote_pid(server)
        os.kill(zygote, signal.SIGKILL)
        await wait_for(lambda: "gone" in caplog.text, "the server to see the zygote gone")

        async with connect(server, client_key) as second_conn:
            second = await open_terminal(second_conn)
            await second.wait_for_text("MINUSMA")
            [spawned] = set(session_pids(server)) - {forked}
            assert parent_of(spawned) == os.getpid()
            assert re.search(rf"session start pid={spawned} spawned ", caplog.text)
            second.press("q")
            assert await second.closed() == 0

        # The first session's app never noticed.
        await first.press_until("2", is_bases_tab, "the Bases tab in the first session")
        first.press("q")
        assert await first.closed() == 1  # Its status went with the zygote: not claimed as 0.
        assert re.search(rf"session end pid={forked} after [\d.]+s status=unknown ", caplog.text)

        monkeypatch.setattr(launcher_module, "ZYGOTE_RESTART_DELAY", 0.0)
        await one_dashboard(server, client_key)  # spawned, and starts a new zygote
        new = zygote_pid(server)
        assert new != zygote
        assert await asyncio.wait_for(server.launcher.ready(), DEADLINE)
        async with connect(server, client_key) as third_conn:
            third = await open_terminal(third_conn)
            await third.wait_for_text("MINUSMA")
            [pid] = session_pids(server)
            assert parent_of(pid) == new
            third.press("q")
            assert await third.closed() == 0


async def test_the_zygote_loads_a_changed_dataset_again(
    tmp_path: Path, keys_file: Path, client_key
) -> None:
    data = tmp_path / "mission.toml"
    data.write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    options = make_options(tmp_path, keys_file, data_path=data)
    async with running(options) as server:
        async with connect(server, client_key) as conn:
            terminal = await open_terminal(conn)
            await terminal.wait_for_text("MINUSMA ·")
            terminal.press("q")
            assert await terminal.closed() == 0
        text = DATA.read_text(encoding="utf-8").replace('name = "MINUSMA"', 'name = "MINUZZMA"', 1)
        data.write_text(text, encoding="utf-8")
        async with connect(server, client_key) as conn:
            terminal = await open_terminal(conn)
            await terminal.wait_for_text("MINUZZMA ·")
            terminal.press("q")
            assert await terminal.closed() == 0


async def test_without_the_zygote_each_app_is_spawned(
    tmp_path: Path, keys_file: Path, client_key
) -> None:
    async with running(make_options(tmp_path, keys_file, zygote=False)) as server:
        assert server.launcher.zygote is None
        async with connect(server, client_key) as conn:
            terminal = await open_terminal(conn)
            await terminal.wait_for_text("MINUSMA")
            [pid] = session_pids(server)
            assert parent_of(pid) == os.getpid()
            terminal.press("q")
            assert await terminal.closed() == 0


def test_a_refused_host_key_ends_serve_without_a_traceback(tmp_path: Path) -> None:
    """The zygote starts before the host key is read; when serve then stops on a bad key, the
    zygote's "ready" finds the server gone: it ends quietly, not with a BrokenPipeError."""
    bad = tmp_path / "host_key"
    bad.write_text("not a key\n")
    bad.chmod(0o600)
    done = subprocess.run(
        [sys.executable, "-m", "tui", "serve", "--port", "0", "--open", "--host-key", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert "cannot read host key" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr
