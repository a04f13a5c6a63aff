"""One SSH session: one pty and one app process, and the bytes between them and the channel.

Each session runs its own `minusma-tui` process (forked by the zygote, or spawned: see
`tui.serve.ssh.launcher`), so one user's crash, state or slow terminal never touches another's.
The process sees only a pty: TERM from the client's pty request, a handful of allow-listed
variables, and the operator's options. Nothing the client sends chooses a path, a
command or a module to import.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from typing import Protocol

import asyncssh

from tui.serve.ssh.app_launch import app_args, child_env, clamp_size, set_size
from tui.serve.ssh.backlog import OutputGate, output_backlog
from tui.serve.ssh.launcher import AppLauncher, AppProcess, AppRequest
from tui.serve.ssh.options import ServeOptions

log = logging.getLogger("minusma_tui.serve")

KILL_GRACE = 3.0
"""Seconds between SIGHUP and SIGKILL for an app that does not end."""
OUTPUT_POLL = 0.1
"""Seconds between two looks at a held session's backlog (no event says the client read)."""
TERMINAL_RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # mouse reporting off
    "\x1b[?1004l\x1b[?2004l\x1b[?2048l\x1b[<u"  # focus, paste, in-band resize, kitty keys
    "\x1b[0m\x1b[?25h\x1b[?1049l"  # plain colours, cursor back, main screen
)
"""What the app would have sent on a clean exit; sent for it when it had to be killed."""


class Host(Protocol):
    """What a session needs of the server that accepted it (`DashboardServer`). A protocol: the
    server imports this module, so naming the server here, even for an annotation, would make
    the two import each other."""

    @property
    def options(self) -> ServeOptions: ...
    @property
    def port(self) -> int: ...
    @property
    def base_args(self) -> list[str]: ...
    @property
    def launcher(self) -> AppLauncher: ...
    def release(self, session: AppSession) -> None: ...


class Peer(Protocol):
    """Who is on the other end (`ConnectionInfo`), as the log names them."""

    def describe(self) -> str: ...


class AppSession(asyncssh.SSHServerSession):
    """An SSH session channel that shows the dashboard, or says in one line why it will not."""

    def __init__(self, server: Host, info: Peer) -> None:
        self.server = server
        self.info = info
        self.loop = asyncio.get_running_loop()
        self.chan: asyncssh.SSHServerChannel | None = None
        self.term: str | None = None
        self.size = (80, 24)
        self.command: str | None = None
        self.proc: AppProcess | None = None
        self.master: int | None = None
        self.returncode: int | None = None
        self.reason = ""
        self.started_at = time.monotonic()
        self.first_output_at: float | None = None
        self.bytes_out = 0
        options = server.options
        self._pending = bytearray()
        """The client's input that the app has not taken yet (bounded: see `_pump`)."""
        self._input_paused = False
        self._tokens = float(options.input_burst)
        self._tokens_at = self.loop.time()
        self._waiting_writable = False
        self._pump_handle: asyncio.TimerHandle | None = None
        self._clamp_told = False
        self._clamp_note: bytes | None = None
        self._reading = False
        self._gate = OutputGate(options.output_buffer, options.output_timeout)
        self._resize_held = False
        self._poll_handle: asyncio.TimerHandle | None = None
        self._close_handle: asyncio.TimerHandle | None = None
        self._channel_open = True
        self._last_input = self.loop.time()
        self._idle_handle: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._ending = False
        """The app must end (client left, idle, server stopping): ended as soon as it starts."""
        self._released = False
        self.child_done = asyncio.Event()
        self.child_done.set()  # No app; cleared while one starts and runs.

    @property
    def input_pending(self) -> int:
        """Bytes of the client's input held for the app (bounded by `ServeOptions.input_buffer`)."""
        return len(self._pending)

    # --- requests from the client -------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self.chan = chan
        # asyncssh's pause_writing/resume_writing then come at the gate's own marks.
        chan.set_write_buffer_limits(high=self._gate.high, low=self._gate.low)

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes):
        self.term = term_type or "xterm-256color"
        if term_size[0] > 0 and term_size[1] > 0:
            self.size = self._clamp(term_size[0], term_size[1])
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
        if self.command is None and self.term is not None and self._clamp_note is not None:
            self._tell(self._clamp_note)  # Before the app's first frame, which covers it.
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
        self.child_done.clear()  # From here on the server waits for this app to end.
        self._task = asyncio.ensure_future(self._run_child())

    def data_received(self, data: bytes, datatype: int | None) -> None:
        # Idle is measured on output the client took, not on input: a client that types but
        # reads nothing would otherwise hold its session (and its app) forever.
        if self.chan is not None and self._gate.keeping_up(output_backlog(self.chan)):
            self._last_input = self.loop.time()
        if self.master is None:
            return  # Not started yet, or ended: there is no app to type into.
        self._pending += data
        self._pump()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if width <= 0 or height <= 0:
            return
        self.size = self._clamp(width, height)
        if self._clamp_note is not None and self._task is not None:  # The app runs.
            self._tell(self._clamp_note)
        if self._gate.held:
            # Each resize makes the app queue a redraw, even while it is blocked on its output:
            # held, only the last size counts, given when the client reads again.
            self._resize_held = True
        else:
            self._apply_size()

    def _apply_size(self) -> None:
        self._resize_held = False
        if self.master is not None:
            with contextlib.suppress(OSError):
                set_size(self.master, *self.size)

    def _clamp(self, width: int, height: int) -> tuple[int, int]:
        """The limited size; the first time it differs, a one-line note for the user is queued."""
        options = self.server.options
        size = clamp_size(width, height, options.max_columns, options.max_rows)
        if size != (width, height) and not self._clamp_told:
            self._clamp_told = True
            self._clamp_note = (
                f"minusma-tui: your terminal is {width}x{height}; the dashboard uses at most "
                f"{options.max_columns}x{options.max_rows}.\r\n"
            ).encode()
            log.info(
                "terminal %dx%d clamped to %dx%d: %s", width, height, *size, self.info.describe()
            )
        return size

    def _tell(self, note: bytes) -> None:
        """One line on the client's stderr (its terminal, with a pty), if it is still there."""
        self._clamp_note = None
        if self._channel_open and self.chan is not None:
            try:
                self.chan.write_stderr(note)
            except (BrokenPipeError, ConnectionResetError):
                self._client_gone()

    def pause_writing(self) -> None:
        self._check_output()  # The channel's part of the backlog passed the gate's high mark.

    def resume_writing(self) -> None:
        self._check_output()

    def connection_lost(self, exc: Exception | None) -> None:
        self._channel_open = False
        self._drop_input()
        self._cancel_timers()
        if self.child_running:
            self.reason = self.reason or "client left"
            self.terminate()
        self._maybe_release()

    @property
    def child_running(self) -> bool:
        """An app is starting or running (the session has not logged its end yet)."""
        return not self.child_done.is_set()

    def _maybe_release(self) -> None:
        """Leave the server's count once the channel is closed and the app has ended (so the
        server waits for every app, and `max_sessions` counts every process)."""
        if not self._released and not self._channel_open and not self.child_running:
            self._released = True
            self.server.release(self)

    def _cancel_timers(self) -> None:
        for handle in (self._idle_handle, self._poll_handle, self._close_handle):
            if handle is not None:
                handle.cancel()
        self._idle_handle = self._poll_handle = self._close_handle = None

    def _expect_close(self) -> None:
        """The server has said its last word: the client has `output_timeout` to take it and
        close its channel. One that does not (it stopped reading, or ignores the close) would
        hold a slot of `max_sessions` for as long as it keeps its connection alive."""
        if self._channel_open and self._close_handle is None:
            self._close_handle = self.loop.call_later(
                self.server.options.output_timeout, self._close_overdue
            )

    def _close_overdue(self) -> None:
        self._close_handle = None
        if not self._channel_open or self.chan is None:
            return
        log.warning(
            "client did not close its channel within %g s of the end: disconnected: %s",
            self.server.options.output_timeout,
            self.info.describe(),
        )
        self._channel_open = False
        self.chan.get_connection().abort()
        self._maybe_release()

    # --- the app process ----------------------------------------------------------------------

    def refuse(self, message: str, reason: str) -> None:
        """One line on stderr, exit status 1, nothing started."""
        assert self.chan is not None
        port = self.server.port
        text = f"minusma-tui: {message.replace('PORT', str(port))}"
        end = "\r\n" if self.term is not None else "\n"
        self.reason = f"refused: {reason}"
        log.info("session refused (%s): %s", reason, self.info.describe())
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # It left already.
            self.chan.write_stderr((text + end).encode())
            self.chan.exit(1)
        self._expect_close()

    async def _run_child(self) -> None:
        """Start the app, pass bytes until it ends, tell the client; whatever happens meanwhile
        (the client leaves, the server stops, an error), a started app logs its end."""
        try:
            if await self._start_child():
                assert self.proc is not None
                self.returncode = await self.proc.wait()
                self._finish()
        except asyncio.CancelledError:
            self.reason = self.reason or "server stopping"
            self.terminate()
            raise
        except Exception:
            log.exception("session error: %s", self.info.describe())
            self.reason = self.reason or "server error"
            self._hang_up()
            if self.proc is not None and not self.proc.ended:
                self.terminate()
                self.returncode = await self.proc.wait()
        finally:
            self._close_master()
            self._log_end()
            self.child_done.set()
            self._expect_close()
            self._maybe_release()

    async def _start_child(self) -> bool:
        """Start the app in a new pty; False (and the client told) if it could not start."""
        assert self.chan is not None and self.term is not None
        client_env = dict(self.chan.get_environment())
        options = self.server.options
        request = AppRequest(
            args=app_args(self.server.base_args, client_env),
            env=child_env(self.term, client_env, options.operator_env),
            memory_limit=options.app_memory,
            size=self.size,
        )
        try:
            self.proc, master = await self.server.launcher.start(request)
        except OSError as exc:
            log.error("cannot start the app: %s", exc)
            self.reason = "app failed to start"
            if self._channel_open:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.chan.write_stderr(b"minusma-tui: the dashboard could not start.\r\n")
                    self.chan.exit(1)
            return False
        self.master = master
        log.info(
            "session start pid=%d %s term=%s size=%dx%d: %s",
            self.proc.pid,
            self.proc.how,
            request.env["TERM"],
            *self.size,
            self.info.describe(),
        )
        if self._ending or not self._channel_open:  # Ended while the app was starting.
            self.reason = self.reason or "client left"
            self.terminate()
        else:
            self._start_reading()
            self._schedule_idle_check(self.server.options.idle_timeout)
        return True

    def terminate(self) -> None:
        """SIGHUP the app's process group (what a closing terminal sends), SIGKILL if it lingers.
        An app still starting is ended as soon as it has started."""
        self._ending = True
        if self.proc is None or self.proc.ended:
            return
        self._signal(signal.SIGHUP)
        self.loop.call_later(KILL_GRACE, self._signal, signal.SIGKILL)

    def _signal(self, signum: int) -> None:
        if self.proc is None or self.proc.ended:
            return
        try:
            os.killpg(self.proc.pid, signum)
        except (ProcessLookupError, PermissionError):
            self.proc.send_signal(signum)

    def _finish(self) -> None:
        """The app ended: pass on its last bytes and its exit status, then close the channel."""
        self._drain()
        self._close_master()
        code = self.returncode if self.returncode is not None else 1
        try:
            self._tell_end(code)
        except (BrokenPipeError, ConnectionResetError):
            self._client_gone()

    def _close_master(self) -> None:
        self._stop_reading()
        self._cancel_timers()
        if self.master is not None:
            self._drop_input()
            os.close(self.master)
            self.master = None

    def _hang_up(self) -> None:
        """Close the channel without more output (after an error), so the client is not left
        waiting for an end that will not come."""
        if self._channel_open and self.chan is not None:
            self._channel_open = False
            with contextlib.suppress(Exception):
                self.chan.abort()

    def _tell_end(self, code: int) -> None:
        """The app's exit status to the client, with a line saying why if the server ended it."""
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

    def _log_end(self) -> None:
        """The "session end" line of a session whose app started: once, when the app has ended
        (not when the channel closes: a client may never close it)."""
        if self.proc is None:
            return  # Refused or never started: logged when it happened.
        log.info(
            "session end pid=%d after %.1fs status=%s%s sent=%dB first-frame=%s: %s",
            self.proc.pid,
            time.monotonic() - self.started_at,
            "unknown" if self.returncode is None else self.returncode,
            f" ({self.reason})" if self.reason else "",
            self.bytes_out,
            f"{self.first_output_at - self.started_at:.2f}s" if self.first_output_at else "-",
            self.info.describe(),
        )

    # --- bytes between pty and channel: taken only as fast as the client reads ----------------

    def _start_reading(self) -> None:
        if self.master is not None and not self._reading and not self._gate.held:
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
        self._check_output()

    def _check_output(self) -> None:
        """Hold the app's output and input while the client has not taken what it was sent
        (`OutputGate`); take them again once it has; disconnect a client that takes nothing.

        Without it, a client that announced a huge window and stopped reading made the server
        queue every frame its app drew (~1 MB/s, without end)."""
        if self.chan is None or not self._channel_open or self.master is None:
            return
        was_held = self._gate.held
        verdict = self._gate.update(output_backlog(self.chan), self.loop.time())
        if verdict == "stalled":
            self._stalled()
        elif verdict == "hold":
            if not was_held:
                self._stop_reading()
                self._cancel_pump()
            if self._poll_handle is None:  # No event says the client read: look again soon.
                self._poll_handle = self.loop.call_later(OUTPUT_POLL, self._poll_output)
        elif was_held:
            if self._resize_held:
                self._apply_size()
            self._start_reading()
            self._pump()

    def _poll_output(self) -> None:
        self._poll_handle = None
        self._check_output()

    def _stalled(self) -> None:
        """The client took nothing of its output for `output_timeout`: end its app, drop its
        connection (it reads nothing, so nothing can be said to it, and its queue goes too)."""
        timeout = self.server.options.output_timeout
        self.reason = f"client not reading for {timeout:g} s"
        log.warning("client not reading for %g s: disconnected: %s", timeout, self.info.describe())
        self.terminate()
        self._channel_open = False
        assert self.chan is not None
        self.chan.get_connection().abort()

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
            try:
                self.chan.write(data)
            except (BrokenPipeError, ConnectionResetError):
                # The client closed its side between two frames; asyncssh tells the session a
                # moment later (connection_lost). Not an error: one line, no traceback.
                self._client_gone()

    def _client_gone(self) -> None:
        """The client can no longer be written to: stop, log it once, end the app."""
        if not self._channel_open:
            return
        self._channel_open = False
        self._stop_reading()
        self.reason = self.reason or "client left"
        log.info("client left mid-output: %s", self.info.describe())
        self.terminate()

    # --- keys from the channel to the app: bounded buffer, paced, with back-pressure ----------

    def _pump(self) -> None:
        """Give the app what it can take of the pending input, at the paced rate.

        Three bounds, so a client flooding its session grows neither the server nor the app
        (and none is fed while its output is held: see `_check_output`):
        - the app is fed at most `input_rate` bytes/s after an `input_burst` (it queues every key
          it reads: fed at full speed, a flood grew an app by ~25 MB/s);
        - above `input_buffer` pending bytes the channel stops being read, so SSH flow control
          makes the client wait (asyncssh holds at most one receive window more);
        - bytes leave the front of the bytearray (amortised O(1)), never a copy of the whole.
        """
        if self.master is None:
            return
        self._cancel_pump()
        options = self.server.options
        if self._gate.held:  # An app that cannot draw gets no keys: they wait, bounded as above.
            if len(self._pending) > options.input_buffer:
                self._pause_input()
            return
        now = self.loop.time()
        self._tokens = min(
            float(options.input_burst), self._tokens + (now - self._tokens_at) * options.input_rate
        )
        self._tokens_at = now
        allowed = min(len(self._pending), int(self._tokens))
        written = 0
        if allowed:
            try:
                written = os.write(self.master, memoryview(self._pending)[:allowed])
            except BlockingIOError:
                written = 0
            except OSError:  # EIO: the app is gone; `_finish` follows.
                self._drop_input()
                return
            del self._pending[:written]
            self._tokens -= written
        if self._pending:
            if written < allowed:  # The pty is full: wait until the app reads.
                self._waiting_writable = True
                self.loop.add_writer(self.master, self._pump)
            else:  # Paced: wait for enough allowance (at least a small write's worth).
                need = min(len(self._pending), 256) - self._tokens
                self._pump_handle = self.loop.call_later(
                    max(need, 1) / options.input_rate, self._pump
                )
        if len(self._pending) > options.input_buffer:
            self._pause_input()
        elif len(self._pending) <= options.input_buffer // 2:
            self._resume_input()  # Last: asyncssh may deliver queued data (and re-enter) here.

    def _cancel_pump(self) -> None:
        if self._waiting_writable and self.master is not None:
            self.loop.remove_writer(self.master)
        self._waiting_writable = False
        if self._pump_handle is not None:
            self._pump_handle.cancel()
            self._pump_handle = None

    def _pause_input(self) -> None:
        if not self._input_paused and self.chan is not None and self._channel_open:
            self._input_paused = True
            self.chan.pause_reading()

    def _resume_input(self) -> None:
        if self._input_paused and self.chan is not None and self._channel_open:
            self._input_paused = False
            self.chan.resume_reading()

    def _drop_input(self) -> None:
        """No app to type into any more: forget its input and stop waiting to write it."""
        self._cancel_pump()
        self._pending.clear()

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
