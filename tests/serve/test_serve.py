"""`minusma-tui serve`: a real asyncssh client against the in-process server, on 127.0.0.1 only.

Each session runs the real app in its own pty, so these tests read the bytes a user's terminal
would get; `Screen` (a minimal terminal model: cursor moves and text) turns them into rows.
Everything waits for a marker with a deadline: no sleep is an assertion.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import stat
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")

from tests.conftest import DATA  # noqa: E402
from tui.core.config import SERVED_ENV, Config  # noqa: E402
from tui.serve.ssh.app_launch import app_args, child_env  # noqa: E402
from tui.serve.ssh.run import ServeOptions, run_serve, start_server  # noqa: E402
from tui.serve.ssh.server import DashboardServer  # noqa: E402
from tui.serve.ssh.session import TERMINAL_RESET  # noqa: E402

DEADLINE = 30.0
"""Seconds to wait for a marker: generous, for a loaded two-core CI machine."""


# --- a minimal terminal -----------------------------------------------------------------------

_TOKEN = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[^\[\]P]"  # two-byte escapes
    r"|[^\x1b]+",
    re.S,
)


class Screen:
    """Enough of a VT to read Textual's output: absolute moves, erases, and text."""

    def __init__(self, width: int, height: int) -> None:
        self.resize(width, height)
        self._pending = ""
        self.raw = bytearray()

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def feed(self, data: bytes) -> None:
        self.raw += data
        text = self._pending + data.decode("utf-8", "replace")
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:  # an escape sequence cut across two reads
                break
            token = match.group()
            if token.startswith("\x1b["):
                self._csi(token)
            elif not token.startswith("\x1b"):
                self._text(token)
            pos = match.end()
        self._pending = text[pos:]

    def _csi(self, token: str) -> None:
        final, params = token[-1], token[2:-1]
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        if final in "Hf":
            row = numbers[0] if numbers and numbers[0] else 1
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.y, self.x = row - 1, col - 1
        elif final == "J" and numbers[:1] == [2]:
            self.cells = [[" "] * self.width for _ in range(self.height)]
        elif final == "K" and 0 <= self.y < self.height:
            for x in range(self.x, self.width):
                self.cells[self.y][x] = " "

    def _text(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y += 1
            elif char >= " ":
                if 0 <= self.y < self.height and 0 <= self.x < self.width:
                    self.cells[self.y][self.x] = char
                self.x += 1

    def rows(self) -> list[str]:
        return ["".join(row) for row in self.cells]

    def text(self) -> str:
        return "\n".join(self.rows())


class Terminal(asyncssh.SSHClientSession):
    """The client side of one session: bytes into a Screen, waits for what a user would see."""

    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.screen = Screen(width, height)
        self.stderr = bytearray()
        self.changed = asyncio.Event()
        self.chan: asyncssh.SSHClientChannel | None = None

    def connection_made(self, chan: asyncssh.SSHClientChannel) -> None:
        self.chan = chan

    def data_received(self, data: bytes, datatype: int | None) -> None:
        if datatype == asyncssh.EXTENDED_DATA_STDERR:
            self.stderr += data
        else:
            self.screen.feed(data)
        self.changed.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.changed.set()

    async def wait_until(self, check: Callable[[Screen], bool], what: str) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + DEADLINE
        while not check(self.screen):
            self.changed.clear()
            remaining = end - loop.time()
            if remaining <= 0:
                pytest.fail(f"timed out waiting for {what}; the screen was:\n{self.screen.text()}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)

    async def wait_for_text(self, text: str) -> None:
        await self.wait_until(lambda screen: text in screen.text(), repr(text))

    async def press_until(self, keys: str, check: Callable[[Screen], bool], what: str) -> None:
        """Press an idempotent key until it shows. Keys sent in the app's first few tenths of a
        second can be dropped by the app itself (seen without SSH too), so retry; the deadline
        still fails the test."""
        loop = asyncio.get_running_loop()
        end = loop.time() + DEADLINE
        while not check(self.screen):
            if loop.time() > end:
                pytest.fail(f"timed out waiting for {what}; the screen was:\n{self.screen.text()}")
            self.press(keys)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wait_until(check, what), 2.0)

    def press(self, keys: str) -> None:
        assert self.chan is not None
        self.chan.write(keys.encode())

    def resize(self, width: int, height: int) -> None:
        assert self.chan is not None
        self.screen.resize(width, height)
        self.chan.change_terminal_size(width, height)

    async def closed(self) -> int | None:
        assert self.chan is not None
        await asyncio.wait_for(self.chan.wait_closed(), DEADLINE)
        return self.chan.get_exit_status()


# --- fixtures and helpers -----------------------------------------------------------------------


def make_options(tmp_path: Path, keys_file: Path | None, **changes: object) -> ServeOptions:
    values: dict[str, object] = {
        "data_path": DATA,
        "port": 0,
        "host_key": None,
        "authorized_keys": keys_file,
        "open": keys_file is None,
        "config_path": tmp_path / "no-config.toml",
        "operator_env": dict(os.environ),
    }
    values.update(changes)
    return ServeOptions(**values)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running(options: ServeOptions) -> AsyncIterator[DashboardServer]:
    server = await start_server(options)
    try:
        if options.zygote:  # Its sessions are forked by the zygote (spawned until it is ready).
            assert await asyncio.wait_for(server.launcher.ready(), DEADLINE)
        yield server
    finally:
        server.close()
        await asyncio.wait_for(server.wait_closed(), DEADLINE)


def connect(server: DashboardServer, key: asyncssh.SSHKey | None, **extra: object) -> object:
    """A client with nothing from the user's ~/.ssh; `extra` goes to asyncssh (e.g. local_addr)."""
    return asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="tester",
        known_hosts=None,
        client_keys=[key] if key is not None else None,
        agent_path=None,
        config=[],
        preferred_auth="publickey" if key is not None else "none,publickey",
        **extra,
    )


async def open_terminal(
    conn: asyncssh.SSHClientConnection,
    *,
    term: str = "xterm-256color",
    size: tuple[int, int] = (80, 24),
    env: dict[str, str] | None = None,
) -> Terminal:
    _chan, terminal = await conn.create_session(
        lambda: Terminal(*size), term_type=term, term_size=size, encoding=None, env=env or {}
    )
    return terminal


def is_bases_tab(screen: Screen) -> bool:
    """The Bases tab's table header (the Overview has no such row). Not Region: at 80 columns
    the table hides it a moment after it first draws it."""
    return any(re.search(r"\bSite\b.*\bDate\b.*\bStatus\b", row) for row in screen.rows())


def session_pids(server: DashboardServer) -> list[int]:
    return [s.proc.pid for s in server.sessions if s.proc is not None]


# --- sessions ------------------------------------------------------------------------------------


async def test_first_frame_keys_and_quit(tmp_path: Path, keys_file: Path, client_key) -> None:
    async with (
        running(make_options(tmp_path, keys_file)) as server,
        connect(server, client_key) as conn,
    ):
        terminal = await open_terminal(conn)
        await terminal.wait_for_text("MINUSMA")
        assert not is_bases_tab(terminal.screen)

        await terminal.press_until("2", is_bases_tab, "the Bases tab")
        terminal.press("n" * 8)  # from Ogossagou (1st) to Ansongo (9th)
        await terminal.wait_for_text("╭─ Ansongo")

        terminal.press("q")
        assert await terminal.closed() == 0


async def test_resize_rerenders_at_the_new_size(tmp_path: Path, keys_file: Path, client_key):
    async with (
        running(make_options(tmp_path, keys_file)) as server,
        connect(server, client_key) as conn,
    ):
        terminal = await open_terminal(conn)
        await terminal.wait_until(
            lambda screen: screen.rows()[23].startswith(" ? Help"), "the footer at 80x24"
        )

        terminal.resize(110, 30)
        # The footer moves to the new last row, and the tab rule reaches the new right edge.
        await terminal.wait_until(
            lambda screen: (
                screen.rows()[29].startswith(" ? Help") and len(screen.rows()[2].rstrip()) == 110
            ),
            "the footer at 110x30",
        )
        terminal.press("q")
        assert await terminal.closed() == 0


async def test_two_sessions_are_independent(tmp_path: Path, keys_file: Path, client_key) -> None:
    async with (
        running(make_options(tmp_path, keys_file)) as server,
        connect(server, client_key) as first_conn,
        connect(server, client_key) as second_conn,
    ):
        first = await open_terminal(first_conn)
        second = await open_terminal(second_conn, term="xterm", size=(90, 26))
        await first.wait_for_text("MINUSMA")
        await second.wait_for_text("MINUSMA")
        assert len(set(session_pids(server))) == 2

        await first.press_until("2", is_bases_tab, "the Bases tab in the first session")
        assert not is_bases_tab(second.screen)
        # Timeline in the second session: its own choice, unaffected by the first session's.
        await second.press_until(
            "4",
            lambda screen: "MINUSMA ·" not in screen.text(),
            "the Timeline tab in the second session",
        )
        assert not is_bases_tab(second.screen)
        assert is_bases_tab(first.screen)

        first.press("q")
        assert await first.closed() == 0
        second.press("q")
        assert await second.closed() == 0


async def test_sessions_beyond_the_cap_are_refused(tmp_path: Path, keys_file: Path, client_key):
    options = make_options(tmp_path, keys_file, max_sessions=1)
    async with running(options) as server, connect(server, client_key) as conn:
        terminal = await open_terminal(conn)
        await terminal.wait_for_text("MINUSMA")
        with pytest.raises(asyncssh.ChannelOpenError, match="server is full"):
            await open_terminal(conn)
        async with connect(server, client_key) as other:
            with pytest.raises(asyncssh.ChannelOpenError, match="server is full"):
                await open_terminal(other)
        terminal.press("q")
        assert await terminal.closed() == 0


async def test_a_dropped_connection_ends_its_app(tmp_path: Path, keys_file: Path, client_key):
    async with running(make_options(tmp_path, keys_file)) as server:
        conn = await connect(server, client_key)
        terminal = await open_terminal(conn)
        await terminal.wait_for_text("MINUSMA")
        [session] = list(server.sessions)
        conn.abort()
        await asyncio.wait_for(session.child_done.wait(), DEADLINE)
        assert session.returncode is not None and session.returncode != 0
        assert not Path(f"/proc/{session.proc.pid}").exists()
        assert not server.sessions


async def test_idle_sessions_are_closed(tmp_path: Path, keys_file: Path, client_key) -> None:
    options = make_options(tmp_path, keys_file, idle_timeout=1.5)
    async with running(options) as server, connect(server, client_key) as conn:
        terminal = await open_terminal(conn)  # and never press a key
        assert await terminal.closed() == 0
        assert b"closed after 1.5 s without input" in terminal.screen.raw
        # The app was killed, so the server put the user's terminal back as the app would have.
        assert TERMINAL_RESET.encode() in terminal.screen.raw


async def test_open_server_needs_no_key(tmp_path: Path) -> None:
    async with running(make_options(tmp_path, None)) as server, connect(server, None) as conn:
        terminal = await open_terminal(conn, term="screen")
        await terminal.wait_for_text("MINUSMA")
        terminal.press("q")
        assert await terminal.closed() == 0


# --- refusals (no app starts) -------------------------------------------------------------------


async def test_a_wrong_key_is_refused(tmp_path: Path, keys_file: Path) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    async with running(make_options(tmp_path, keys_file)) as server:
        with pytest.raises(asyncssh.PermissionDenied):
            async with connect(server, stranger):
                pass
        with pytest.raises(asyncssh.PermissionDenied):
            async with connect(server, None):
                pass


async def test_exec_and_no_pty_sessions_are_refused_with_a_message(
    tmp_path: Path, keys_file: Path, client_key, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="minusma_tui.serve")
    async with (
        running(make_options(tmp_path, keys_file)) as server,
        connect(server, client_key) as conn,
    ):
        result = await conn.run("ls /", encoding="utf-8")
        assert result.exit_status == 1
        assert "runs no commands" in result.stderr
        assert result.stderr.count("\n") == 1
        assert result.stdout == ""

        with_pty = await conn.run("ls /", term_type="xterm", encoding="utf-8")
        assert with_pty.exit_status == 1
        assert "runs no commands" in with_pty.stderr + with_pty.stdout

        shell = await conn.run(encoding="utf-8")  # a shell request without a pty (ssh -T)
        assert shell.exit_status == 1
        assert "needs a terminal" in shell.stderr
        assert f"-p {server.port}" in shell.stderr
    assert "session start" not in caplog.text
    assert "session refused (exec request" in caplog.text


async def test_sftp_and_forwarding_are_refused(tmp_path: Path, keys_file: Path, client_key):
    async with (
        running(make_options(tmp_path, keys_file)) as server,
        connect(server, client_key) as conn,
    ):
        with pytest.raises((asyncssh.SFTPError, asyncssh.ChannelOpenError)):
            await conn.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9)
        assert not session_pids(server)


# --- host key, environment, start-up checks -------------------------------------------------------


async def test_host_key_is_created_once_with_mode_0600(tmp_path: Path, keys_file: Path) -> None:
    from tui.serve.ssh.hostkey import default_host_key_path

    path = default_host_key_path()
    assert str(path).startswith(os.environ["XDG_DATA_HOME"])  # the isolated data dir
    assert not path.exists()
    async with running(make_options(tmp_path, keys_file)) as server:
        first = server.fingerprint
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    async with running(make_options(tmp_path, keys_file)) as server:
        assert server.fingerprint == first


def test_child_env_is_built_from_scratch() -> None:
    client = {
        "COLORTERM": "truecolor",
        "NO_COLOR": "1",
        "LANG": "fr_FR.UTF-8",
        "TEXTUAL_DRIVER": "evil:Driver",
        "COLUMNS": "40",
        "LINES": "10",
        "LD_PRELOAD": "/tmp/x.so",
        "PATH": "/tmp/evil",
    }
    operator = {"HOME": "/srv/dash", "AWS_SECRET_ACCESS_KEY": "s3cret", "TEXTUAL_FPS": "30"}
    env = child_env("tmux-256color", client, operator)
    assert env["TERM"] == "tmux-256color"
    assert env["COLORTERM"] == "truecolor"
    assert env["NO_COLOR"] == "1"
    assert env["LANG"] == "fr_FR.UTF-8"
    assert env[SERVED_ENV] == "1"
    assert env["HOME"] == "/srv/dash"
    assert env["TEXTUAL_FPS"] == "30"
    for name in ("TEXTUAL_DRIVER", "COLUMNS", "LINES", "LD_PRELOAD", "AWS_SECRET_ACCESS_KEY"):
        assert name not in env
    assert "/tmp/evil" not in env["PATH"]


def test_child_env_defaults_and_rejects_odd_values() -> None:
    env = child_env("xterm\x1b]0;x", {"LANG": "$(reboot)", "COLORTERM": "a b"}, {})
    assert env["TERM"] == "xterm-256color"
    assert env["LANG"] == "C.UTF-8"
    assert "COLORTERM" not in env


def test_a_client_can_turn_the_mouse_off() -> None:
    assert "--no-mouse" in app_args(["--data", "x"], {"MINUSMA_TUI_MOUSE": "off"})
    assert "--no-mouse" not in app_args(["--data", "x"], {})


def _serve_args(**changes: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": 0,
        "host_key": None,
        "authorized_keys": None,
        "open": False,
        "max_sessions": 8,
        "idle_timeout": 900,
        "login_timeout": 30,
        "data": str(DATA),
        "config": None,
        "as_of": None,
    }
    values.update(changes)
    return argparse.Namespace(**values)


def test_serve_refuses_to_start_without_an_auth_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.ssh/authorized_keys here
    assert run_serve(_serve_args(), Config()) == 2
    assert "--authorized-keys PATH" in capsys.readouterr().err


def test_serve_defaults_to_the_accounts_authorized_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.serve.ssh.run import options_from_args

    (tmp_path / ".ssh").mkdir()
    keys = tmp_path / ".ssh" / "authorized_keys"
    keys.write_text("")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert options_from_args(_serve_args(), Config()).authorized_keys == keys


def test_serve_without_asyncssh_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "asyncssh", None)
    assert run_serve(_serve_args(open=True), Config()) == 1
    assert "pip install 'minusma-tui[ssh]'" in capsys.readouterr().err


def test_serve_reports_a_broken_dataset_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("this is = = not toml")
    assert run_serve(_serve_args(open=True, data=str(broken)), Config()) == 1
    assert "broken.toml" in capsys.readouterr().err


async def test_stopping_the_server_tells_each_user_and_ends_their_app(
    tmp_path: Path, keys_file: Path, client_key
) -> None:
    server = await start_server(make_options(tmp_path, keys_file))
    async with connect(server, client_key) as conn:
        terminal = await open_terminal(conn)
        await terminal.wait_for_text("MINUSMA")
        [pid] = session_pids(server)
        server.close()
        await asyncio.wait_for(server.wait_closed(), DEADLINE)
        assert await terminal.closed() == 0
    assert b"the server is stopping" in terminal.screen.raw
    assert TERMINAL_RESET.encode() in terminal.screen.raw
    assert not Path(f"/proc/{pid}").exists()


def test_serve_help_states_the_limits_it_applies(capsys: pytest.CaptureFixture[str]) -> None:
    """`serve --help` repeats ServeOptions' defaults: this keeps the two from drifting apart."""
    from tui.cli import build_parser

    defaults = ServeOptions(data_path=DATA, open=True)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"larger than {defaults.max_columns}x{defaults.max_rows}" in text
    assert f"{defaults.input_rate // 1024} KiB/s after a {defaults.input_burst // 1024} KiB" in text
    assert f"at most {defaults.input_buffer // 1024} KiB waiting" in text
    assert f"{defaults.app_memory // 1024 // 1024} MiB (RLIMIT_DATA)" in text
    assert f"more are dropped (default {defaults.max_unauthenticated})" in text
    assert f"more are dropped (default {defaults.max_per_address})" in text
    assert f"at most {defaults.output_buffer // 1024} KiB of output may wait" in text
    assert f"read all but {defaults.output_buffer // 4 // 1024} KiB" in text
    assert f"none of it for {defaults.output_timeout:g} s" in text
    assert f"within {defaults.output_timeout:g} s of its end) is disconnected" in text


def test_serve_passes_the_connection_caps_on(tmp_path: Path) -> None:
    from tui.cli import build_parser
    from tui.serve.ssh.run import options_from_args

    args = build_parser().parse_args(
        ["serve", "--open", "--max-unauthenticated", "3", "--max-per-address", "2"]
    )
    args.data = str(DATA)
    options = options_from_args(args, Config())
    assert (options.max_unauthenticated, options.max_per_address) == (3, 2)
    assert options.zygote


def test_serve_can_start_each_app_from_scratch(tmp_path: Path) -> None:
    from tui.cli import build_parser
    from tui.serve.ssh.run import options_from_args

    args = build_parser().parse_args(["serve", "--open", "--no-zygote"])
    args.data = str(DATA)
    assert not options_from_args(args, Config()).zygote
