"""`minusma-tui serve`: output to a client that does not read is bounded, and idle means unread.

The attack: a client announces a huge SSH window (so SSH flow control never holds the server
back), stops reading its socket, and keeps typing and resizing, so its app keeps drawing. Before
the fix the server queued every frame for it (~1 MB/s of growth, without end) and its own input
kept the idle timer from firing. Here the client talks to the real server on 127.0.0.1 through
`StallingLink`, a relay that can stop delivering the server's bytes, as a client that stops
reading does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")

from tui.serve.ssh.server import DashboardServer  # noqa: E402

from .test_serve import DEADLINE, Terminal, connect, make_options, running  # noqa: E402
from .test_ssh_limits import one_dashboard, vm_kib, wait_for  # noqa: E402

BIG = (500, 200)
"""The largest terminal the server allows (`max_columns`, `max_rows`): the most output per frame."""
HUGE_WINDOW = 2**31
"""What the attacking client announces: the server may send it 2 GiB before waiting."""
KiB = 1024


class StallingLink:
    """A TCP relay from a client to the server that can stop delivering the server's bytes.

    A client that stops reading: the relay stops reading the server's socket (its own buffer
    holds at most asyncio's stream limit), and goes on forwarding what the client sends.
    """

    def __init__(self, server_port: int) -> None:
        self.server_port = server_port
        self.delivering = asyncio.Event()
        self.delivering.set()
        self.delivered = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._writers: list[asyncio.StreamWriter] = []
        self._listener: asyncio.Server | None = None

    async def __aenter__(self) -> StallingLink:
        self._listener = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        for writer in self._writers:
            writer.close()
        assert self._listener is not None
        self._listener.close()
        await self._listener.wait_closed()

    @property
    def port(self) -> int:
        assert self._listener is not None
        return int(self._listener.sockets[0].getsockname()[1])

    def stall(self) -> None:
        self.delivering.clear()

    async def _relay(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter):
        # Small buffers on the server's side, so that a stall shows at once on the server: the
        # kernel's receive buffer and asyncio's stream buffer would otherwise take ~0.5 MB.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", self.server_port))
        server_in, server_out = await asyncio.open_connection(sock=sock, limit=4096)
        self._writers += [client_out, server_out]
        self._tasks += [
            asyncio.ensure_future(self._pipe(client_in, server_out, stalls=False)),
            asyncio.ensure_future(self._pipe(server_in, client_out, stalls=True)),
        ]

    async def _pipe(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, stalls: bool
    ) -> None:
        with contextlib.suppress(OSError):
            while True:
                if stalls:
                    await self.delivering.wait()
                data = await source.read(65536)
                if not data:
                    break
                if stalls:
                    self.delivered += len(data)
                sink.write(data)
                await sink.drain()
        sink.close()


async def open_through(link: StallingLink, key: asyncssh.SSHKey, size: tuple[int, int]):
    conn = await asyncssh.connect(
        "127.0.0.1",
        link.port,
        username="tester",
        known_hosts=None,
        client_keys=[key],
        agent_path=None,
        config=[],
        preferred_auth="publickey",
    )
    _chan, terminal = await conn.create_session(
        lambda: Terminal(*size),
        term_type="xterm-256color",
        term_size=size,
        encoding=None,
        window=HUGE_WINDOW,
    )
    await terminal.wait_for_text("MINUSMA")
    return conn, terminal


async def _keep_drawing(terminal: Terminal, size: tuple[int, int], every: float = 0.02) -> None:
    """Type (tab keys: each one redraws the screen) and resize by a column, every `every`
    seconds, until cancelled."""
    assert terminal.chan is not None
    width, height = size
    step = 0
    with contextlib.suppress(OSError, asyncssh.Error):
        while True:
            terminal.chan.write(b"2" if step % 2 else b"1")
            terminal.chan.change_terminal_size(width - step % 2, height)
            step += 1
            await asyncio.sleep(every)


async def _until_flat(read: Callable[[], int], *, flat_for: float, give_up_above: int) -> float:
    """Wait until `read()` has not changed for `flat_for` seconds; fail if it passes
    `give_up_above` or the deadline comes first. Returns the seconds it took."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    value, since = read(), start
    while loop.time() - since < flat_for:
        await asyncio.sleep(0.05)
        now = read()
        if now != value:
            value, since = now, loop.time()
        if now > give_up_above or loop.time() - start > DEADLINE:
            pytest.fail(f"the server kept taking output: {now} B after {loop.time() - start:.1f} s")
    return since - start


def _the_session(server: DashboardServer) -> object:
    [session] = list(server.sessions)
    return session


async def test_output_to_a_client_that_does_not_read_is_bounded(
    tmp_path: Path,
    keys_file: Path,
    client_key: asyncssh.SSHKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    stall_after = 8.0
    options = make_options(tmp_path, keys_file, output_timeout=stall_after)
    loop = asyncio.get_running_loop()
    async with running(options) as server, StallingLink(server.port) as link:
        conn, terminal = await open_through(link, client_key, BIG)
        session = _the_session(server)
        pid = session.proc.pid  # type: ignore[attr-defined]
        taken_before = session.bytes_out  # type: ignore[attr-defined]
        link.stall()
        drawing = asyncio.ensure_future(_keep_drawing(terminal, BIG))
        # The kernel's buffers on both sides fill first (they are not the server's memory), then
        # the server must stop taking the app's output: it waits for the client to read.
        took = await _until_flat(
            lambda: session.bytes_out,  # type: ignore[attr-defined]
            flat_for=1.5,
            give_up_above=taken_before + 8 * 1024 * KiB,
        )
        held = session.bytes_out - taken_before  # type: ignore[attr-defined]
        print(
            f"not reading: the server stopped taking output after {took:.1f} s, {held // KiB} KiB"
        )
        rss_before, app_before = vm_kib("VmRSS"), vm_kib("VmRSS", pid)
        sent_before = session.bytes_out  # type: ignore[attr-defined]
        started = loop.time()
        await asyncio.sleep(2.5)  # the attack goes on: does anything grow meanwhile?
        elapsed = loop.time() - started
        rss_growth = vm_kib("VmRSS") - rss_before
        app_growth = vm_kib("VmRSS", pid) - app_before
        taken = session.bytes_out - sent_before  # type: ignore[attr-defined]
        print(
            f"not reading: then over {elapsed:.1f} s the server took {taken} B more from the app; "
            f"server RSS {rss_growth / elapsed:+.0f} KiB/s, "
            f"app RSS {app_growth / elapsed:+.0f} KiB/s"
        )
        # Back pressure: the server stopped reading the app, so neither grows.
        assert taken == 0, f"the server took {taken} B more from the app"
        assert rss_growth < 4 * 1024, f"the server grew by {rss_growth} KiB"
        assert app_growth < 2 * 1024, f"the app grew by {app_growth} KiB"

        # Then, acknowledging nothing for `output_timeout`, the client is disconnected.
        await asyncio.wait_for(session.child_done.wait(), stall_after + DEADLINE)  # type: ignore[attr-defined]
        ended = loop.time() - started
        print(f"not reading: session ended {ended:.1f} s after the attack began")
        drawing.cancel()
        assert "client not reading" in caplog.text
        await wait_for(lambda: not server.connections, "the stalled connection to be closed")
        conn.abort()
        await one_dashboard(server, client_key)  # the server still serves


async def test_a_slow_reader_is_paced_not_cut(
    tmp_path: Path, keys_file: Path, client_key: asyncssh.SSHKey
) -> None:
    """A client that reads only now and then is held back while it does not read, gets its
    output again once it reads, and is not cut for pauses shorter than `output_timeout`."""
    options = make_options(tmp_path, keys_file, output_buffer=16 * KiB, output_timeout=3.0)
    size = (100, 30)
    async with running(options) as server, StallingLink(server.port) as link:
        conn, terminal = await open_through(link, client_key, size)
        session = _the_session(server)
        for _ in range(3):
            link.stall()
            # A few keys a second: the app can catch up with them once the client reads.
            drawing = asyncio.ensure_future(_keep_drawing(terminal, size, every=0.2))
            try:  # held back: the server stops taking the app's output
                await _until_flat(
                    lambda: session.bytes_out,  # type: ignore[attr-defined]
                    flat_for=0.5,
                    give_up_above=session.bytes_out + 8 * 1024 * KiB,  # type: ignore[attr-defined]
                )
            finally:
                drawing.cancel()
            held_at = session.bytes_out  # type: ignore[attr-defined]
            link.delivering.set()  # reads again: the server takes the app's output again
            await wait_for(
                lambda held_at=held_at: session.bytes_out > held_at,  # type: ignore[attr-defined, misc]
                "the output to flow again",
            )
        assert server.sessions, "a client that reads was disconnected"
        terminal.press("q")
        assert await terminal.closed() == 0
        conn.close()


async def test_idle_is_measured_on_output_the_client_acknowledged(
    tmp_path: Path,
    keys_file: Path,
    client_key: asyncssh.SSHKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    idle = 4.0  # longer than an app takes to show its first frame on a loaded machine
    # The stall timeout far away: only the idle timeout can end the session here.
    options = make_options(tmp_path, keys_file, idle_timeout=idle, output_timeout=600.0)
    loop = asyncio.get_running_loop()
    async with running(options) as server:
        # A user who types and reads is never idle, however long it goes on.
        async with connect(server, client_key) as conn:
            _chan, reader = await conn.create_session(
                lambda: Terminal(80, 24), term_type="xterm", term_size=(80, 24), encoding=None
            )
            await reader.wait_for_text("MINUSMA")
            end = loop.time() + 2 * idle
            step = 0
            while loop.time() < end:
                reader.press("2" if step % 2 else "1")
                step += 1
                await asyncio.sleep(0.3)
            assert server.sessions, "a user who types and reads was closed as idle"
            reader.press("q")
            assert await reader.closed() == 0

        # A client that types without reading is idle: its input no longer counts.
        async with StallingLink(server.port) as link:
            conn, terminal = await open_through(link, client_key, BIG)
            session = _the_session(server)
            link.stall()
            started = loop.time()
            drawing = asyncio.ensure_future(_keep_drawing(terminal, BIG))
            try:
                await asyncio.wait_for(session.child_done.wait(), 4 * idle + DEADLINE)  # type: ignore[attr-defined]
            finally:
                drawing.cancel()
            waited = loop.time() - started
            print(f"idle: a typing client that reads nothing was closed after {waited:.1f} s")
            assert "idle timeout" in caplog.text
            conn.abort()


async def test_a_client_that_stops_reading_as_its_app_ends_frees_its_slot(
    tmp_path: Path,
    keys_file: Path,
    client_key: asyncssh.SSHKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The app ended, but the client never takes the end (nor closes its channel) and keeps its
    connection alive by typing: its session must not hold a slot of `max_sessions` forever."""
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    grace = 2.0
    options = make_options(tmp_path, keys_file, output_timeout=grace, max_sessions=1)
    loop = asyncio.get_running_loop()
    async with running(options) as server, StallingLink(server.port) as link:
        conn, terminal = await open_through(link, client_key, (80, 24))
        session = _the_session(server)
        terminal.press("q")
        link.stall()  # the exit status and the channel's close never reach the client
        await asyncio.wait_for(session.child_done.wait(), DEADLINE)  # type: ignore[attr-defined]
        ended = loop.time()
        assert "session end" in caplog.text
        typing = asyncio.ensure_future(_keep_drawing(terminal, (80, 24)))
        try:
            await wait_for(lambda: not server.sessions, "the session's slot to be freed")
        finally:
            typing.cancel()
        print(f"zombie: the slot was freed {loop.time() - ended:.1f} s after the app ended")
        assert "did not close its channel" in caplog.text
        conn.abort()
        await one_dashboard(server, client_key)  # the one slot is free again
