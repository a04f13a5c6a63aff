"""The zygote: one process that has imported the dashboard and loaded its dataset, and forks a
session's app from that state, so each app skips the ~0.2 s of CPU those take (of ~0.3 s to its
first frame), and five sessions starting at once share the work instead of doing it five times.

This module is the zygote's side: its loop (`serve_forks`) and what a forked child does before it
runs the app (`_become_app`). The server's side is `tui.serve.ssh.launcher`; the process's entry
point, which imports the app and hands its CLI in as `run`, is `tui.serve_zygote` (this package
never imports the app: see the import contracts in pyproject.toml).

Why a process of its own, started by `exec`, rather than forks of the server: it never holds what
the server holds, so no app can inherit it: no host key in memory, no listening socket, no
client's connection, no asyncssh state. It has one thread (a fork of a threaded process can
deadlock), so forking it is safe; it refuses to serve if it ever has more.

The wire: one AF_UNIX SOCK_SEQPACKET socket (one message per send, file descriptors beside it),
JSON messages:
- zygote -> server, once: `{"ready": true}` once the app is imported and the dataset loaded;
- server -> zygote: `{"args": [...], "env": {...}, "memory_limit": N}` with the session's pty
  slave; answered, in order, by `{"pid": N}` with a pidfd of the app (so the server can tell the
  app has ended even if the zygote is gone), or `{"error": "..."}`;
- zygote -> server: `{"exited": PID, "status": S}` when an app ends (S as `Popen.returncode`:
  negative for a signal).
The server holds the only other end: an app closes its copy before anything else.

What every app shares with the zygote, and so with the other apps: its address-space layout (ASLR
is per exec, not per fork) and Python's string-hash seed; `random` is reseeded in each (Python
does it at fork). `serve --no-zygote` gives each app its own. `/proc/PID/environ` of an app shows
the zygote's start-up environment (the operator's allowed variables, no client's); the app's own
environment is the session's alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import locale
import os
import select
import signal
import socket
import sys
import termios
import threading
import traceback
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from tui.serve.ssh.child import limit_memory

_DROPPED_STREAMS: list[object] = []
"""The zygote's sys.std* objects, kept alive in a forked app: collected, they would close fds 0-2,
which are then the app's pty."""
MESSAGE_LIMIT = 64 * 1024
"""The largest message either side reads (a request is a few KB: the CLI's options and ~12
variables)."""


# --- the wire, shared with the server's side --------------------------------------------------


def send(sock: socket.socket, message: Mapping[str, Any], fd: int | None = None) -> None:
    """One message, with at most one file descriptor beside it."""
    data = json.dumps(message).encode()
    fds = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array("i", [fd]))] if fd is not None else []
    sock.sendmsg([data], fds)


def receive(sock: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    """One message and the descriptors beside it; (None, []) at the end of the stream.

    Every descriptor received is the caller's to close, even when the message is unusable.
    Raises ValueError for a message that is not a JSON object (the descriptors closed first).
    """
    data, ancillary, _flags, _address = sock.recvmsg(
        MESSAGE_LIMIT, socket.CMSG_SPACE(4 * array("i").itemsize)
    )
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            numbers = array("i")
            numbers.frombytes(payload[: len(payload) - len(payload) % numbers.itemsize])
            fds += numbers.tolist()
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    try:
        message = json.loads(data)
        if not isinstance(message, dict):
            raise ValueError("not an object")
    except ValueError:
        for fd in fds:
            os.close(fd)
        raise
    return message, fds


# --- the zygote's loop -------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What one session's app gets: the CLI's options, its whole environment, its memory limit."""

    args: list[str]
    env: dict[str, str]
    memory_limit: int

    @classmethod
    def parse(cls, message: Mapping[str, Any]) -> Request:
        args, env, limit = message.get("args"), message.get("env"), message.get("memory_limit")
        if not (isinstance(args, list) and all(isinstance(a, str) for a in args)):
            raise ValueError("args: not a list of strings")
        if not (
            isinstance(env, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
        ):
            raise ValueError("env: not a mapping of strings")
        if not isinstance(limit, int) or limit < 0:
            raise ValueError("memory_limit: not a byte count")
        return cls(args, env, limit)


@dataclass
class _Zygote:
    control: socket.socket
    wake_read: int
    wake_write: int
    refresh: Callable[[], None]
    run: Callable[[list[str]], int]


def serve_forks(
    control: socket.socket, refresh: Callable[[], None], run: Callable[[list[str]], int]
) -> int:
    """Fork an app per request until the server closes its end; returns the exit status.

    `refresh` runs before each fork (the entry point reloads a dataset whose file changed);
    `run(args)` is the CLI, run in the forked child with the session's pty as its terminal.
    """
    if threading.active_count() > 1:
        print("minusma-tui zygote: more than one thread; not forking", file=sys.stderr)
        return 1
    wake_read, wake_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    # SIGCHLD wakes the loop (through the pipe) to collect the apps that ended.
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
    signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    zygote = _Zygote(control, wake_read, wake_write, refresh, run)
    control.setblocking(True)
    try:
        send(control, {"ready": True})
    except (BrokenPipeError, ConnectionResetError):
        return 0  # the server stopped before the zygote was ready (a refused host key, say)
    poller = select.poll()
    poller.register(control, select.POLLIN)
    poller.register(wake_read, select.POLLIN)
    while True:
        ready = {fd for fd, _event in poller.poll()}
        if wake_read in ready:
            with contextlib.suppress(BlockingIOError):
                while os.read(wake_read, 512):
                    pass
        _collect(zygote)
        if control.fileno() in ready:
            try:
                message, fds = receive(control)
            except ValueError as exc:
                with contextlib.suppress(OSError):
                    send(control, {"error": f"unreadable request: {exc}"})
                continue
            except ConnectionResetError:
                message, fds = None, []
            if message is None:
                return 0  # The server closed its end (it stopped, or died): nothing more to fork.
            try:
                _fork(zygote, message, fds)
            except OSError:  # The answer could not be sent: the server is gone.
                return 0


def _collect(zygote: _Zygote) -> None:
    """Tell the server of every app that ended."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        with contextlib.suppress(OSError):  # The server is gone: the loop sees the end next.
            send(zygote.control, {"exited": pid, "status": os.waitstatus_to_exitcode(status)})


def _fork(zygote: _Zygote, message: Mapping[str, Any], fds: list[int]) -> None:
    try:
        if len(fds) != 1:
            raise ValueError(f"expected the session's pty with the request, got {len(fds)} fds")
        request = Request.parse(message)
        zygote.refresh()
        pid = os.fork()
    except Exception as exc:
        for fd in fds:
            os.close(fd)
        send(zygote.control, {"error": f"{type(exc).__name__}: {exc}"})
        return
    if pid == 0:
        _become_app(zygote, fds[0], request)
    os.close(fds[0])  # The zygote holds no session's pty beyond its fork.
    try:
        pidfd = os.pidfd_open(pid)
    except OSError as exc:
        os.kill(pid, signal.SIGKILL)  # No app without its pidfd; collected as it ends.
        send(zygote.control, {"error": f"pidfd_open: {exc}"})
        return
    try:
        send(zygote.control, {"pid": pid}, pidfd)
    finally:
        os.close(pidfd)


# --- in the forked child -----------------------------------------------------------------------


def _become_app(zygote: _Zygote, pty: int, request: Request) -> NoReturn:
    """Turn the fresh fork into the session's app, run it, and exit: never returns into the
    zygote's loop, whatever happens (an exception would run the loop's code in the child)."""
    code = 1
    try:
        _leave_the_zygote(zygote)
        _take_terminal(pty)
        os.environ.clear()
        os.environ.update(request.env)
        with contextlib.suppress(locale.Error):  # What Python does at start-up, for `LANG`.
            locale.setlocale(locale.LC_CTYPE, "")
        if request.memory_limit > 0:
            limit_memory(request.memory_limit)
        _open_standard_streams()
        sys.argv = ["minusma-tui", *request.args]
        code = zygote.run(request.args)
    except SystemExit as exc:
        code = _exit_status(exc)
    except BaseException:
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code & 0xFF)


def _leave_the_zygote(zygote: _Zygote) -> None:
    """First thing: drop the zygote's socket (an app must never be able to ask for forks or
    read another app's news) and its signal plumbing."""
    zygote.control.close()
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.close(zygote.wake_read)
    os.close(zygote.wake_write)


def _take_terminal(pty: int) -> None:
    """A new session with the pty as controlling terminal (the kernel then sends SIGHUP when the
    server closes the master, and SIGWINCH on a resize), on fds 0-2, and no other descriptor."""
    os.setsid()
    with contextlib.suppress(OSError):
        fcntl.ioctl(pty, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(pty, fd)
    if pty > 2:
        os.close(pty)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))


def _open_standard_streams() -> None:
    """New sys.std* on the pty, as Python makes them at start-up for a terminal (UTF-8, as
    PYTHONIOENCODING says; line-buffered output). Textual draws on `sys.__stderr__` and reads
    `sys.__stdin__`, so the originals are replaced too; the zygote's are kept, never closed
    (their descriptors are now the pty's)."""
    stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
    stdout = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8", line_buffering=True
    )
    stderr = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
        encoding="utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )
    _DROPPED_STREAMS.extend(
        (sys.stdin, sys.stdout, sys.stderr, sys.__stdin__, sys.__stdout__, sys.__stderr__)
    )
    sys.stdin = sys.__stdin__ = stdin  # type: ignore[misc]
    sys.stdout = sys.__stdout__ = stdout  # type: ignore[misc]
    sys.stderr = sys.__stderr__ = stderr  # type: ignore[misc]


def _exit_status(exc: SystemExit) -> int:
    """What Python's own exit makes of a SystemExit's code."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    with contextlib.suppress(BaseException):
        print(exc.code, file=sys.stderr)
    return 1
