"""`minusma-tui serve` against a hostile client: every resource a client can grow has a bound.

Each test attacks a real server on 127.0.0.1 (port 0, as in test_serve.py, whose helpers it uses)
with asyncssh or raw sockets, checks the bound, then checks that the server still serves a
legitimate user. Figures (RSS, fds) come from /proc; the thresholds are far from both the fixed
figures and the unfixed ones (see the README's Limits paragraph).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import fcntl
import logging
import os
import struct
import termios
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")

from tui.serve.ssh.server import (  # noqa: E402
    ConnectionInfo,
    DashboardServer,
    address_group,
    parse_expiry_time,
    pty_session_refusal,
)
from tui.serve.ssh.session import AppSession  # noqa: E402

from .test_serve import (  # noqa: E402
    DEADLINE,
    Terminal,
    connect,
    is_bases_tab,
    make_options,
    open_terminal,
    running,
)

MiB = 1024 * 1024


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def vm_kib(field: str, pid: int | str = "self") -> int:
    """A VmRSS/VmHWM figure of /proc/PID/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def pty_size(fd: int) -> tuple[int, int]:
    """The (columns, rows) the kernel holds for a pty: what the app really gets."""
    rows, cols, _x, _y = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    return cols, rows


async def wait_for(check: object, what: str) -> None:
    """Poll a condition of the server's state (no event to wait on), with the usual deadline."""
    loop = asyncio.get_running_loop()
    end = loop.time() + DEADLINE
    while not check():  # type: ignore[operator]
        if loop.time() > end:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def one_dashboard(server: DashboardServer, key: asyncssh.SSHKey, **extra: object) -> None:
    """A legitimate user: log in, see the first frame, quit with status 0."""
    async with connect(server, key, **extra) as conn:
        terminal = await open_terminal(conn)
        await terminal.wait_for_text("MINUSMA")
        terminal.press("q")
        assert await terminal.closed() == 0


# --- terminal size --------------------------------------------------------------------------------


async def test_an_oversize_terminal_is_clamped(
    tmp_path: Path, keys_file: Path, client_key: asyncssh.SSHKey
) -> None:
    fds_before = open_fds()
    options = make_options(tmp_path, keys_file)
    async with running(options) as server:
        async with connect(server, client_key) as conn:
            # Asks for 10000x10000; the screen model is what the server should give: 500x200.
            _chan, terminal = await conn.create_session(
                lambda: Terminal(500, 200),
                term_type="xterm-256color",
                term_size=(10000, 10000),
                encoding=None,
            )
            await terminal.wait_until(
                lambda screen: screen.rows()[199].startswith(" ? Help"), "the footer at 500x200"
            )
            [session] = list(server.sessions)
            assert session.master is not None and session.proc is not None
            assert pty_size(session.master) == (500, 200)
            app_peak = vm_kib("VmHWM", session.proc.pid)
            print(f"oversize: app peak {app_peak} KiB at 500x200 (asked 10000x10000)")
            assert app_peak < 200 * 1024, f"the app grew to {app_peak} KiB"
            limits = Path(f"/proc/{session.proc.pid}/limits").read_text()
            [data_limit] = [line for line in limits.splitlines() if line.startswith("Max data")]
            assert data_limit.split()[3:5] == [str(options.app_memory)] * 2

            # A window change beyond the pty's 16-bit fields (struct.error before the fix).
            terminal.screen.resize(500, 24)
            assert terminal.chan is not None
            terminal.chan.change_terminal_size(70000, 24)
            await terminal.wait_until(
                lambda screen: screen.rows()[23].startswith(" ? Help"), "the footer at 500x24"
            )
            assert pty_size(session.master) == (500, 24)
            await terminal.press_until("2", is_bases_tab, "the Bases tab after the resize")

            terminal.press("q")
            assert await terminal.closed() == 0
            # Told once, in one line, on the first clamp only.
            assert terminal.stderr.count(b"\n") == 1
            assert b"at most 500x200" in terminal.stderr
        await one_dashboard(server, client_key)  # and the server still serves
    print(f"oversize: fds before {fds_before}, after {open_fds()}")
    assert open_fds() == fds_before


# --- input flood ----------------------------------------------------------------------------------


async def test_an_input_flood_is_held_back(
    tmp_path: Path, keys_file: Path, client_key: asyncssh.SSHKey
) -> None:
    options = make_options(tmp_path, keys_file)
    total, budget = 20 * MiB, 3.0
    async with running(options) as server:
        async with connect(server, client_key) as conn:
            stdin, stdout, _stderr = await conn.open_session(
                term_type="xterm", term_size=(80, 24), encoding=None
            )
            seen = b""
            while b"MINUSMA" not in seen:
                seen = seen[-16:] + await asyncio.wait_for(stdout.read(65536), DEADLINE)

            async def sink() -> None:
                while await stdout.read(65536):
                    pass

            draining = asyncio.ensure_future(sink())
            [session] = list(server.sessions)
            assert session.proc is not None
            rss_before = vm_kib("VmRSS")
            loop = asyncio.get_running_loop()
            end = loop.time() + budget
            chunk = b"a" * 65536
            sent = held = 0
            while sent < total and loop.time() < end:
                stdin.write(chunk)
                sent += len(chunk)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stdin.drain(), max(end - loop.time(), 0.01))
                held = max(held, session.input_pending)
            growth = vm_kib("VmRSS") - rss_before
            app_peak = vm_kib("VmHWM", session.proc.pid)
            print(
                f"flood: sent {sent} B in {budget} s; held at most {held} B; "
                f"server RSS +{growth} KiB; app peak {app_peak} KiB"
            )
            # SSH flow control held the client back: nowhere near 20 MB got in.
            assert sent < total / 4
            # At most the buffer plus one SSH packet (asyncssh delivers packets whole).
            assert held <= options.input_buffer + 64 * 1024
            assert growth < 16 * 1024, f"the server grew by {growth} KiB"
            assert app_peak < 150 * 1024, f"the app grew to {app_peak} KiB"
            conn.abort()
            draining.cancel()
            await asyncio.wait_for(session.child_done.wait(), DEADLINE)
        await one_dashboard(server, client_key)


# --- authorized_keys options ---------------------------------------------------------------------

REFUSED_OPTIONS = {
    "no-pty": "no-pty",
    "expired": 'expiry-time="20200101"',
    "restrict": "restrict",
    "command": 'command="uptime"',
    "elsewhere": 'from="10.1.2.3"',
    "unknown": "frobnicate",
}
ACCEPTED_OPTIONS = {
    "plain": "",
    "restrict,pty": "restrict,pty",
    "not yet expired": 'expiry-time="29991231",no-port-forwarding',
    "from here": 'from="127.0.0.1"',
}


async def test_key_options_that_forbid_a_terminal_are_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    keys = {
        name: asyncssh.generate_private_key("ssh-ed25519")
        for name in [*REFUSED_OPTIONS, *ACCEPTED_OPTIONS]
    }
    lines = []
    for name, options in {**REFUSED_OPTIONS, **ACCEPTED_OPTIONS}.items():
        public = keys[name].export_public_key().decode().strip()
        lines.append(f"{options} {public}".strip())
    path = tmp_path / "authorized_keys"
    path.write_text("\n".join(lines) + "\n")
    async with running(make_options(tmp_path, path)) as server:
        for name in REFUSED_OPTIONS:
            with pytest.raises(asyncssh.PermissionDenied):
                async with connect(server, keys[name]):
                    pytest.fail(f"the {name!r} key logged in")
        for name in ACCEPTED_OPTIONS:
            await one_dashboard(server, keys[name])
    for reason in ("no-pty", "expired", "restrict", "command=", "frobnicate"):
        assert reason in caplog.text
    assert caplog.text.count("key refused") == len(REFUSED_OPTIONS) - 1  # from= just does not match


@pytest.mark.parametrize(
    ("options", "refused"),
    [
        ({}, None),
        ({"no-pty": True}, "no-pty"),
        ({"NO-PTY": True}, "no-pty"),  # sshd's option names are case-insensitive
        ({"restrict": True}, "restrict (without pty)"),
        ({"restrict": True, "pty": True}, None),
        ({"command": "uptime"}, "command="),
        ({"expiry-time": ["20200101"]}, "expired"),
        ({"expiry-time": ["202001011200Z"]}, "expired"),
        ({"expiry-time": ["29991231235959"]}, None),
        ({"expiry-time": ["2020-01-01"]}, "bad expiry-time"),
        ({"expiry-time": ["29991231", "20200101"]}, "expired"),  # every one must hold
        ({"verify-required": True}, "verify-required"),
        ({"frobnicate": True}, "unknown option frobnicate"),
        ({"from": ["127.0.0.1"], "environment": {"A": "b"}, "no-port-forwarding": True}, None),
    ],
)
def test_which_key_options_allow_a_dashboard(options: dict[str, object], refused: str | None):
    reason = pty_session_refusal(options)
    if refused is None:
        assert reason is None
    else:
        assert reason is not None and reason.startswith(refused)


def test_expiry_time_is_local_unless_it_says_utc() -> None:
    local = parse_expiry_time("203001021530")
    assert (
        local is not None and local.utcoffset() == dt.datetime(2030, 1, 2).astimezone().utcoffset()
    )
    utc = parse_expiry_time("20300102Z")
    assert utc == dt.datetime(2030, 1, 2, tzinfo=dt.timezone.utc)
    assert parse_expiry_time("20301341") is None


def test_connections_are_counted_per_ipv4_address_and_ipv6_64() -> None:
    assert address_group("192.0.2.7") == "192.0.2.7"
    assert address_group("::ffff:192.0.2.7") == "192.0.2.7"
    assert address_group("2001:db8:1:2::1") == address_group("2001:db8:1:2:ffff::9")
    assert address_group("2001:db8:1:2::1") != address_group("2001:db8:1:3::1")


# --- unauthenticated connections -----------------------------------------------------------------


async def _raw_connect(port: int, source: str) -> tuple[asyncio.StreamWriter, asyncio.Task[bytes]]:
    """A TCP connection that never sends a banner; the task ends when the server hangs up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    return writer, asyncio.ensure_future(reader.read())


async def _hang_up(raws: list[tuple[asyncio.StreamWriter, asyncio.Task[bytes]]]) -> None:
    for writer, task in raws:
        writer.close()
        task.cancel()
    for writer, _task in raws:
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def test_a_burst_of_unauthenticated_connections_is_capped(
    tmp_path: Path,
    keys_file: Path,
    client_key: asyncssh.SSHKey,
) -> None:
    options = make_options(tmp_path, keys_file, max_unauthenticated=10, max_per_address=4)
    fds_before = open_fds()
    async with running(options) as server:
        # 50 from one address: all but max_per_address are dropped at once.
        raws = [await _raw_connect(server.port, "127.0.0.1") for _ in range(50)]
        await wait_for(
            lambda: sum(task.done() for _w, task in raws) == 46, "46 connections dropped"
        )
        assert len(server.connections) == 4
        # Another address still gets in while those hold their slots.
        await one_dashboard(server, client_key, local_addr=("127.0.0.2", 0))
        await _hang_up(raws)
        await wait_for(lambda: not server.connections, "the held connections to close")

        # 50 from 50 addresses: all but max_unauthenticated are dropped at once.
        raws = [await _raw_connect(server.port, f"127.0.1.{i}") for i in range(1, 51)]
        await wait_for(
            lambda: sum(task.done() for _w, task in raws) == 40, "40 connections dropped"
        )
        assert len(server.connections) == 10
        await _hang_up(raws)
        await wait_for(lambda: not server.connections, "the held connections to close")
        await one_dashboard(server, client_key)
    print(f"burst: fds before {fds_before}, after {open_fds()}")
    assert open_fds() == fds_before


# --- a client leaving mid-output ------------------------------------------------------------------


class _GoneChannel:
    """What asyncssh's channel does once the client has closed it: every write raises."""

    def write(self, data: bytes) -> None:
        raise BrokenPipeError("Channel not open for sending")

    write_stderr = write

    def exit(self, status: int) -> None:
        raise BrokenPipeError("Channel not open for sending")

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        pass


async def test_a_client_leaving_mid_output_is_one_quiet_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = DashboardServer(make_options(tmp_path, None))  # never started: no socket
    session = AppSession(server, ConnectionInfo(peer="127.0.0.1:1"))
    session.connection_made(_GoneChannel())  # type: ignore[arg-type]
    for _ in range(3):  # the app's next frames, after the client left
        session._send(b"\x1b[H frame")
    [record] = [r for r in caplog.records if "mid-output" in r.getMessage()]
    assert record.exc_info is None
    assert not any(r.exc_info for r in caplog.records)
