"""How the server starts a session's app: forked by the zygote, or, as a fallback, spawned as a
process of its own (`python -m tui.serve.ssh.child`, then `python -m tui`).

The zygote (`tui.serve.ssh.zygote`, run as `python -m tui.serve_zygote`) has imported the app and
loaded the dataset once; an app forked from it starts in about a third of the CPU of a spawned
one, so sessions starting together wait far less for each other. Either way an app gets the same
thing: its own pty as controlling terminal and stdio, in a new session; the environment
`app_launch.child_env` built; the CLI's options; the memory limit.

A session's app is spawned, as before the zygote, when:
- the platform cannot fork one (no `fork`, `pidfd_open`, SOCK_SEQPACKET), or
  `ServeOptions.zygote` is off (logged once at start);
- the zygote is not ready yet (in the first second or so after the server's start, or after a
  new zygote's), or it never will be: it could not start, or its imports failed, or it was not
  ready within `ZYGOTE_READY_TIMEOUT` (it is then ended as stuck);
- the zygote refused or failed that fork, or did not answer within `FORK_TIMEOUT` (it is then
  ended as stuck);
- the zygote has died (logged); a new one is started at the first session `ZYGOTE_RESTART_DELAY`
  seconds after, so a zygote that dies at once costs a start every so often, not a loop.
Apps forked by a zygote that died keep running: the server sees them end through their pidfd,
but their exit status died with the zygote (logged as unknown; the client gets 1).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pty
import signal
import socket
import sys
from collections import deque
from dataclasses import dataclass
from typing import Protocol

from tui.serve.ssh.app_launch import DEFAULT_TERM, child_argv, child_env, set_size
from tui.serve.ssh.options import ServeOptions
from tui.serve.ssh.zygote import receive, send

log = logging.getLogger("minusma_tui.serve")

ZYGOTE_MODULE = "tui.serve_zygote"
ZYGOTE_READY_TIMEOUT = 60.0
"""Seconds the zygote has to get ready (import the app, load the dataset: ~0.3 s of CPU); one that
is not by then is ended as stuck. Sessions never wait for it: until it is ready, they spawn."""
FORK_TIMEOUT = 60.0
"""Seconds the zygote has to answer a fork; beyond, it is stuck: ended. A fork takes milliseconds,
but the first after an edit of the dataset waits for the zygote to load it again (seconds for the
largest files, which a spawned app would spend loading it too)."""
ZYGOTE_RESTART_DELAY = 30.0
"""Seconds after a zygote died before the next session starts a new one."""
ZYGOTE_STOP_TIMEOUT = 5.0
"""Seconds the zygote has to exit once the server closed its socket; then it is killed."""


class ZygoteUnavailable(Exception):
    """The zygote cannot fork this app: the session spawns it instead."""


@dataclass(frozen=True)
class AppRequest:
    """One session's app: the CLI's options, its whole environment, its limit and pty size."""

    args: list[str]
    env: dict[str, str]
    memory_limit: int
    size: tuple[int, int]


class AppProcess(Protocol):
    """A session's app, however it was started (`ForkedApp`, `SpawnedApp`)."""

    how: str
    """"forked" or "spawned", for the log."""

    @property
    def pid(self) -> int: ...
    @property
    def returncode(self) -> int | None:
        """The exit status (negative: the signal that ended it); None while it runs, or if it
        ended but its status is unknown (see `ended`)."""

    @property
    def ended(self) -> bool: ...
    async def wait(self) -> int | None: ...
    def send_signal(self, signum: int) -> None:
        """Signal the app itself (not its group); nothing once it has ended."""


class SpawnedApp:
    """An app started as a process of the server's own (asyncio's `Process`)."""

    how = "spawned"

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.returncode

    @property
    def ended(self) -> bool:
        return self._process.returncode is not None

    async def wait(self) -> int | None:
        return await self._process.wait()

    def send_signal(self, signum: int) -> None:
        if not self.ended:
            with contextlib.suppress(ProcessLookupError):
                self._process.send_signal(signum)


class ForkedApp:
    """An app the zygote forked: the zygote reports its end; its pidfd names it without a race
    on its pid, and tells its end if the zygote is gone."""

    how = "forked"

    def __init__(self, pid: int, pidfd: int, loop: asyncio.AbstractEventLoop) -> None:
        self._pid = pid
        self._pidfd: int | None = pidfd
        self._loop = loop
        self._watching = False
        self._returncode: int | None = None
        self._done: asyncio.Future[int | None] = loop.create_future()

    @property
    def pid(self) -> int:
        return self._pid

    @property
    def returncode(self) -> int | None:
        return self._returncode

    @property
    def ended(self) -> bool:
        return self._done.done()

    async def wait(self) -> int | None:
        return await asyncio.shield(self._done)

    def send_signal(self, signum: int) -> None:
        if self._pidfd is not None and not self.ended:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._pidfd, signum)

    def exited(self, status: int | None) -> None:
        """It ended with `status` (None: unknown); its pidfd is closed."""
        if self.ended:
            return
        self._returncode = status
        if self._pidfd is not None:
            if self._watching:
                self._loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        self._done.set_result(status)

    def watch_alone(self) -> None:
        """The zygote is gone: its end is seen on the pidfd (readable once it has ended); its
        status is lost with the zygote, which was its parent."""
        if self._pidfd is not None and not self.ended and not self._watching:
            self._watching = True
            self._loop.add_reader(self._pidfd, self.exited, None)


class Zygote:
    """The server's end of one zygote process: start it, ask it for forks, hear of the ends."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.process: asyncio.subprocess.Process | None = None
        self._sock: socket.socket | None = None
        self.ready: asyncio.Future[bool] = loop.create_future()
        """True once it has imported the app and loaded the dataset; False if it never will."""
        self._ready_timer = loop.call_later(ZYGOTE_READY_TIMEOUT, self._check_ready)
        self._pending: deque[asyncio.Future[ForkedApp]] = deque()
        self._apps: dict[int, ForkedApp] = {}
        self.gone = False
        self.gone_at = 0.0
        self._closing = False
        self._exit_logged: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def start(self, module: str, args: list[str], env: dict[str, str]) -> None:
        """Start `python -m MODULE FD *ARGS` (FD: its end of the socket); `ready` says False if
        it cannot start."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                module,
                str(theirs.fileno()),
                *args,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                env=env,
                cwd="/",
                # Its own session: the operator's ^C reaches the server, which ends the zygote
                # once every app has ended (their statuses come through it).
                start_new_session=True,
                pass_fds=(theirs.fileno(),),
            )
        except OSError as exc:
            ours.close()
            self._gone(f"could not start: {exc}")
            return
        finally:
            theirs.close()
        ours.setblocking(False)
        self._sock = ours
        self._loop.add_reader(ours, self._readable)
        log.info("zygote pid=%d starting", self.process.pid)

    def _check_ready(self) -> None:
        if not self.ready.done():
            self.kill(f"not ready within {ZYGOTE_READY_TIMEOUT:g} s")

    async def fork(self, request: AppRequest, pty_slave: int) -> ForkedApp:
        if not self.ready.done() or not self.ready.result() or self._sock is None:
            raise ZygoteUnavailable("not ready")  # Sessions do not wait: they spawn meanwhile.
        answer: asyncio.Future[ForkedApp] = self._loop.create_future()
        message = {"args": request.args, "env": request.env, "memory_limit": request.memory_limit}
        try:
            send(self._sock, message, pty_slave)
        except OSError as exc:  # Gone, or so stuck that its socket is full.
            self.kill(f"cannot take a request: {exc}")
            raise ZygoteUnavailable(str(exc)) from None
        self._pending.append(answer)
        try:
            # Cancelled (timeout, or the session's task), `answer` is too: an app forked for it
            # anyway is killed as its pid arrives (`_answered`).
            return await asyncio.wait_for(answer, FORK_TIMEOUT)
        except asyncio.TimeoutError:
            self.kill(f"no answer to a fork within {FORK_TIMEOUT:g} s")
            raise ZygoteUnavailable("no answer") from None

    def kill(self, reason: str) -> None:
        """End a zygote that misbehaves; what it had forked runs on (see `ForkedApp`)."""
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        self._gone(reason)

    async def close(self) -> None:
        """Close its socket (it exits at once), and wait for it (killed if it lingers)."""
        self._closing = True
        self._gone("server stopping")
        if self.process is not None and self.process.returncode is None:
            try:
                await asyncio.wait_for(self.process.wait(), ZYGOTE_STOP_TIMEOUT)
            except asyncio.TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                await self.process.wait()

    # --- messages from the zygote -------------------------------------------------------------

    def _readable(self) -> None:
        while self._sock is not None:
            try:
                message, fds = receive(self._sock)
            except BlockingIOError:
                return
            except (OSError, ValueError) as exc:
                self.kill(f"unreadable message: {exc}")
                return
            if message is None:
                self._gone("its socket closed")
                return
            self._dispatch(message, fds)

    def _dispatch(self, message: dict[str, object], fds: list[int]) -> None:
        if "exited" in message:
            app = self._apps.pop(_int(message["exited"]), None)
            status = message.get("status")
            if app is not None:
                app.exited(status if isinstance(status, int) else None)
        elif "pid" in message or "error" in message:
            self._answered(message, fds)
            fds = []
        elif message.get("ready") is True and not self.ready.done():
            self.ready.set_result(True)
            log.info("zygote pid=%s ready", self.pid)
        for fd in fds:
            os.close(fd)

    def _answered(self, message: dict[str, object], fds: list[int]) -> None:
        """The answer to the oldest request still unanswered (the zygote answers in order)."""
        answer = self._pending.popleft() if self._pending else None
        if "pid" in message and len(fds) == 1:
            app = ForkedApp(_int(message["pid"]), fds[0], self._loop)
            self._apps[app.pid] = app
            if answer is None or answer.done():  # Nobody waits for it any more.
                app.send_signal(signal.SIGKILL)
            else:
                answer.set_result(app)
            return
        for fd in fds:
            os.close(fd)
        reason = str(message.get("error") or "an answer without its pidfd")
        log.warning("zygote pid=%s could not fork an app: %s", self.pid, reason[:200])
        if answer is not None and not answer.done():
            answer.set_exception(ZygoteUnavailable(reason))

    def _gone(self, reason: str) -> None:
        """From here on, no fork: what waits for one is told, the apps it forked are watched
        through their pidfds."""
        if self.gone:
            return
        self.gone = True
        self.gone_at = self._loop.time()
        self._ready_timer.cancel()
        if self._sock is not None:
            self._loop.remove_reader(self._sock)
            self._sock.close()
            self._sock = None
        if not self.ready.done():
            self.ready.set_result(False)
        while self._pending:
            answer = self._pending.popleft()
            if not answer.done():
                answer.set_exception(ZygoteUnavailable(reason))
        running = len(self._apps)
        for app in self._apps.values():
            app.watch_alone()
        self._apps.clear()
        if not self._closing:
            log.warning(
                "zygote pid=%s gone (%s): sessions spawn their apps; %d forked apps run on",
                self.pid,
                reason,
                running,
            )
            if self.process is not None:
                self._exit_logged = asyncio.ensure_future(self._log_exit(self.process))

    @staticmethod
    async def _log_exit(process: asyncio.subprocess.Process) -> None:
        status = await process.wait()
        log.warning("zygote pid=%d exited with status %s", process.pid, status)


def _int(value: object) -> int:
    return value if isinstance(value, int) else -1


def forking_supported() -> str | None:
    """Why this system cannot run the zygote, or None if it can."""
    for module, name in ((os, "fork"), (os, "pidfd_open"), (signal, "pidfd_send_signal")):
        if not hasattr(module, name):
            return f"no {module.__name__}.{name}"
    if not hasattr(socket, "SOCK_SEQPACKET"):
        return "no SOCK_SEQPACKET sockets"
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError as exc:
        return f"pidfd_open: {exc.strerror or exc}"
    return None


class AppLauncher:
    """Starts every session's app: through the zygote when it can, spawned when it cannot."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.zygote: Zygote | None = None
        self._enabled = False

    async def start_zygote(self) -> None:
        """Start the zygote (the server's start does not wait for it to be ready)."""
        if not self.options.zygote:
            log.info("zygote off: each session spawns its app")
            return
        why_not = forking_supported()
        if why_not is not None:
            log.warning("no zygote (%s): each session spawns its app", why_not)
            return
        self._enabled = True
        await self._new_zygote()

    async def _new_zygote(self) -> None:
        zygote = Zygote(asyncio.get_running_loop())
        self.zygote = zygote
        env = child_env(DEFAULT_TERM, {}, self.options.operator_env)
        await zygote.start(ZYGOTE_MODULE, [str(self.options.data_path)], env)

    async def start(self, request: AppRequest) -> tuple[AppProcess, int]:
        """Start the app on a new pty: the app and the pty's master (non-blocking).
        Raises OSError if it cannot start at all."""
        zygote = await self._current_zygote()
        if zygote is not None:
            master, slave = _open_pty(request.size)
            try:
                app = await zygote.fork(request, slave)
            except ZygoteUnavailable:
                os.close(master)  # An app forked all the same gets SIGHUP from its terminal.
            except BaseException:
                os.close(master)
                raise
            else:
                return app, master
            finally:
                os.close(slave)
        return await self._spawn(request)

    async def _current_zygote(self) -> Zygote | None:
        zygote = self.zygote
        if zygote is None or not self._enabled:
            return None
        if zygote.gone:
            if asyncio.get_running_loop().time() - zygote.gone_at >= ZYGOTE_RESTART_DELAY:
                await self._new_zygote()  # For the next sessions: this one does not wait.
            return None
        return zygote

    async def _spawn(self, request: AppRequest) -> tuple[AppProcess, int]:
        master, slave = _open_pty(request.size)
        try:
            process = await asyncio.create_subprocess_exec(
                *child_argv(request.args, request.memory_limit),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=request.env,
                cwd="/",
                start_new_session=True,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        return SpawnedApp(process), master

    async def ready(self) -> bool:
        """Wait until the zygote is ready: True, or False if there is none or it never will be
        (the tests wait for it, so that their sessions are forked)."""
        return self.zygote is not None and await asyncio.shield(self.zygote.ready)

    async def close(self) -> None:
        """After every app has ended: stop the zygote."""
        self._enabled = False
        if self.zygote is not None:
            await self.zygote.close()


def _open_pty(size: tuple[int, int]) -> tuple[int, int]:
    """A new pty of `size`: (master, non-blocking; slave)."""
    master, slave = pty.openpty()
    try:
        set_size(slave, *size)
        os.set_blocking(master, False)
    except BaseException:
        os.close(master)
        os.close(slave)
        raise
    return master, slave
