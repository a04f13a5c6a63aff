"""One SSH session: one pty and one app process, and the bytes between them and the channel.

Each session runs its own `minusma-tui` process, so one user's crash, state or slow terminal never
touches another's. The process sees only a pty: TERM from the client's pty request, a handful of
allow-listed variables, and the operator's options. Nothing the client sends chooses a path, a
command or a module to import.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import pty
import re
import signal
import struct
import sys
import termios
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import asyncssh

from tui.config import SERVED_ENV

if TYPE_CHECKING:
    from tui.ssh.server import ConnectionInfo, DashboardServer

log = logging.getLogger("minusma_tui.serve")

CLIENT_ENV_ALLOWED = ("COLORTERM", "NO_COLOR", "LANG")
"""The only variables a client's `SendEnv`/`SetEnv` can set in its app (values are checked too)."""
MOUSE_ENV = "MINUSMA_TUI_MOUSE"
"""A client sending MINUSMA_TUI_MOUSE=off gets `--no-mouse` (a served user has no command line)."""
OPERATOR_ENV_ALLOWED = (
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "TEXTUAL_COLOR_SYSTEM",
    "TEXTUAL_FPS",
    "ESCDELAY",
)
"""Server-side variables the apps inherit: where the operator's files are, and Textual tuning."""
DEFAULT_LANG = "C.UTF-8"
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
_VALUE = re.compile(r"[A-Za-z0-9_.@:+-]{1,64}")
_TERM = re.compile(r"[A-Za-z0-9_.+-]{1,64}")

KILL_GRACE = 3.0
"""Seconds between SIGHUP and SIGKILL for an app that does not end."""
TERMINAL_RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # mouse reporting off
    "\x1b[?1004l\x1b[?2004l\x1b[?2048l\x1b[<u"  # focus, paste, in-band resize, kitty keys
    "\x1b[0m\x1b[?25h\x1b[?1049l"  # plain colours, cursor back, main screen
)
"""What the app would have sent on a clean exit; sent for it when it had to be killed."""


def child_env(
    term: str, client_env: Mapping[str, str], operator_env: Mapping[str, str]
) -> dict[str, str]:
    """The app's whole environment, built from scratch.

    Never COLUMNS/LINES (Textual would believe them over the pty and stop resizing), never the
    client's TEXTUAL_* (TEXTUAL_DRIVER names a module to import), never the server's secrets.
    """
    env = {key: value for key, value in operator_env.items() if key in OPERATOR_ENV_ALLOWED}
    env.update(
        PATH=SAFE_PATH,
        TERM=term if _TERM.fullmatch(term) else "xterm-256color",
        LANG=DEFAULT_LANG,
        PYTHONPATH=str(Path(__file__).resolve().parent.parent.parent),
        PYTHONIOENCODING="utf-8",
    )
    env.setdefault("HOME", "/")
    env[SERVED_ENV] = "1"
    for key in CLIENT_ENV_ALLOWED:
        value = client_env.get(key)
        if value is not None and _VALUE.fullmatch(value):
            env[key] = value
    return env


def child_argv(base_args: list[str], client_env: Mapping[str, str]) -> list[str]:
    """`python -m tui.ssh.child` (the CLI, with the pty as controlling tty) and its options."""
    argv = [sys.executable, "-m", "tui.ssh.child", *base_args]
    if client_env.get(MOUSE_ENV, "").lower() in ("0", "off", "no", "false") and (
        "--no-mouse" not in argv
    ):
        argv.append("--no-mouse")
    return argv


def set_size(fd: int, width: int, height: int) -> None:
    """TIOCSWINSZ: on the master, the kernel also sends SIGWINCH to the app."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


class AppSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """An SSH session channel that shows the dashboard, or says in one line why it will not."""

    def __init__(self, server: DashboardServer, info: ConnectionInfo) -> None:
        self.server = server
        self.info = info
        self.loop = asyncio.get_running_loop()
        self.chan: asyncssh.SSHServerChannel | None = None  # type: ignore[type-arg]
        self.term: str | None = None
        self.size = (80, 24)
        self.command: str | None = None
        self.proc: asyncio.subprocess.Process | None = None
        self.master: int | None = None
        self.returncode: int | None = None
        self.reason = ""
        self.started_at = time.monotonic()
        self.first_output_at: float | None = None
        self.bytes_out = 0
        self._pending = bytearray()
        self._reading = False
        self._paused = False
        self._channel_open = True
        self._last_input = self.loop.time()
        self._idle_handle: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._logged_end = False
        self.child_done = asyncio.Event()
        self.child_done.set()  # No child yet; cleared when one starts.

    # --- requests from the client -------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:  # type: ignore[type-arg]
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes):
        self.term = term_type or "xterm-256color"
        if term_size[0] > 0 and term_size[1] > 0:
            self.size = (term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        # Accepted only to say, in one line, why nothing will run (a bare refusal reads as a bug).
        self.command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        log.info("refused subsystem %r: %s", subsystem[:40], self.info.describe())
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def eof_received(self) -> bool:
        return True  # Keep the channel: the app decides when the session ends.

    def session_started(self) -> None:
        assert self.chan is not None
        if self.command is not None:
            self.refuse(
                "this server shows only the dashboard and runs no commands; "
                "connect without one: ssh -t -p PORT HOST",
                f"exec request {self.command[:40]!r}",
            )
            return
        if self.term is None:
            self.refuse(
                "the dashboard needs a terminal; connect with: ssh -t -p PORT HOST",
                "no pty",
            )
            return
        self._task = asyncio.ensure_future(self._run_child())

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self._last_input = self.loop.time()
        if self.master is None:
            return
        if self._pending:
            self._pending += data
            return
        self._write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if width <= 0 or height <= 0:
            return
        self.size = (width, height)
        if self.master is not None:
            with contextlib.suppress(OSError):
                set_size(self.master, width, height)

    def pause_writing(self) -> None:
        self._paused = True
        self._stop_reading()

    def resume_writing(self) -> None:
        self._paused = False
        self._start_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self._channel_open = False
        if self._idle_handle is not None:
            self._idle_handle.cancel()
        if self.proc is not None and self.proc.returncode is None:
            self.reason = self.reason or "client left"
            self.terminate()
        self.server.release(self)
        self._maybe_log_end()

    # --- the app process ----------------------------------------------------------------------

    def refuse(self, message: str, reason: str) -> None:
        """One line on stderr, exit status 1, nothing started."""
        assert self.chan is not None
        port = self.server.port
        text = f"minusma-tui: {message.replace('PORT', str(port))}"
        end = "\r\n" if self.term is not None else "\n"
        self.reason = f"refused: {reason}"
        log.info("session refused (%s): %s", reason, self.info.describe())
        self.chan.write_stderr((text + end).encode())
        self.chan.exit(1)

    async def _run_child(self) -> None:
        assert self.chan is not None and self.term is not None
        client_env = dict(self.chan.get_environment())
        env = child_env(self.term, client_env, self.server.options.operator_env)
        argv = child_argv(self.server.base_args, client_env)
        master, slave = pty.openpty()
        try:
            set_size(slave, *self.size)
            os.set_blocking(master, False)
            self.proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd="/",
                start_new_session=True,
                close_fds=True,
            )
        except OSError as exc:
            os.close(master)
            log.error("cannot start the app: %s", exc)
            self.reason = "app failed to start"
            if self._channel_open:
                self.chan.write_stderr(b"minusma-tui: the dashboard could not start.\r\n")
                self.chan.exit(1)
            return
        finally:
            os.close(slave)
        self.master = master
        self.child_done.clear()
        log.info(
            "session start pid=%d term=%s size=%dx%d: %s",
            self.proc.pid,
            env["TERM"],
            *self.size,
            self.info.describe(),
        )
        if not self._channel_open:  # The client left while the app was starting.
            self.terminate()
        else:
            self._start_reading()
            self._schedule_idle_check(self.server.options.idle_timeout)
        self.returncode = await self.proc.wait()
        self._finish()

    def terminate(self) -> None:
        """SIGHUP the app's process group (what a closing terminal sends), SIGKILL if it lingers."""
        if self.proc is None or self.proc.returncode is not None:
            return
        self._signal(signal.SIGHUP)
        self.loop.call_later(KILL_GRACE, self._signal, signal.SIGKILL)

    def _signal(self, signum: int) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        try:
            os.killpg(self.proc.pid, signum)
        except (ProcessLookupError, PermissionError):
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signum)

    def _finish(self) -> None:
        """The app ended: pass on its last bytes and its exit status, then close the channel."""
        self._drain()
        self._stop_reading()
        if self.master is not None:
            if self._pending:
                self.loop.remove_writer(self.master)
                self._pending.clear()
            os.close(self.master)
            self.master = None
        code = self.returncode if self.returncode is not None else 1
        if self._channel_open and self.chan is not None:
            if code < 0:
                self.chan.write(TERMINAL_RESET.encode())
            if self.reason == "idle timeout":
                seconds = self.server.options.idle_timeout
                self.chan.write(
                    f"minusma-tui: closed after {seconds:g} s without input.\r\n".encode()
                )
                self.chan.exit(0)
            elif self.reason == "server stopping":
                self.chan.write(b"minusma-tui: the server is stopping.\r\n")
                self.chan.exit(0)
            elif code < 0:
                name = signal.Signals(-code).name.removeprefix("SIG")
                self.chan.exit_with_signal(name)
            else:
                self.chan.exit(code)
        self.child_done.set()
        self._maybe_log_end()

    def _maybe_log_end(self) -> None:
        if self._logged_end or self._channel_open or not self.child_done.is_set():
            return
        self._logged_end = True
        if self.proc is None:
            return  # Refused or never started: logged when it happened.
        log.info(
            "session end pid=%d after %.1fs status=%s%s sent=%dB first-frame=%s: %s",
            self.proc.pid,
            time.monotonic() - self.started_at,
            self.returncode,
            f" ({self.reason})" if self.reason else "",
            self.bytes_out,
            f"{self.first_output_at - self.started_at:.2f}s" if self.first_output_at else "-",
            self.info.describe(),
        )

    # --- bytes between pty and channel --------------------------------------------------------

    def _start_reading(self) -> None:
        if self.master is not None and not self._reading and not self._paused:
            self.loop.add_reader(self.master, self._read)
            self._reading = True

    def _stop_reading(self) -> None:
        if self.master is not None and self._reading:
            self.loop.remove_reader(self.master)
        self._reading = False

    def _read(self) -> None:
        assert self.master is not None
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the app and every copy of the pty slave are gone.
            data = b""
        if not data:
            self._stop_reading()
            return
        self._send(data)

    def _drain(self) -> None:
        while self.master is not None:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self._send(data)

    def _send(self, data: bytes) -> None:
        if self.first_output_at is None:
            self.first_output_at = time.monotonic()
        self.bytes_out += len(data)
        if self._channel_open and self.chan is not None:
            self.chan.write(data)

    def _write(self, data: bytes) -> None:
        """Keys to the app; what the pty cannot take now waits for it (a large paste)."""
        assert self.master is not None
        try:
            written = os.write(self.master, data)
        except BlockingIOError:
            written = 0
        except OSError:
            return
        if written < len(data):
            self._pending += data[written:]
            self.loop.add_writer(self.master, self._flush)

    def _flush(self) -> None:
        if self.master is None:
            return
        data = bytes(self._pending)
        self._pending.clear()
        self.loop.remove_writer(self.master)
        self._write(data)

    # --- idle timeout -------------------------------------------------------------------------

    def _schedule_idle_check(self, delay: float) -> None:
        self._idle_handle = self.loop.call_later(max(delay, 0.05), self._check_idle)

    def _check_idle(self) -> None:
        timeout = self.server.options.idle_timeout
        quiet = self.loop.time() - self._last_input
        if quiet < timeout:
            self._schedule_idle_check(timeout - quiet)
            return
        self.reason = "idle timeout"
        self.terminate()
