"""One browser session: one websocket and one app process, and the bytes between them.

The app runs Textual's web driver (`TEXTUAL_DRIVER`): it reads keys and sizes as packets on its
stdin and writes its frames as packets on its stdout (1 byte of kind, 4 of length, the payload).
The browser's messages are JSON lists from textual-serve's `textual.js`: `["stdin", text]`,
`["resize", {"width": w, "height": h}]`, `["ping", text]`, `["focus"]`, `["blur"]`.

Everything a browser can grow is bounded, as over SSH: one message is at most
`WebOptions.max_message` bytes; the app is fed at `input_rate` after `input_burst`, and while
the server waits it does not read the socket (TCP makes the browser wait); the terminal size is
clamped; the app runs under the SSH server's memory limit, in its own process group, and ends
when its socket closes (asked to quit, then SIGHUP, then SIGKILL). A malformed message costs one
log line and the session, never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import time
from collections.abc import Callable
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from tui.serve.ssh.app_launch import child_argv, child_env, clamp_size
from tui.serve.web.options import MESSAGE_FLOOR, WebOptions

log = logging.getLogger("minusma_tui.serve.web")

GANGLION = b"__GANGLION__\n"
"""The line the web driver writes before its first packet."""
PRELUDE_LINES = 10
"""Lines of other output the app may write before it (Python warnings...)."""
MAX_PACKET = 64 * 1024 * 1024
"""A frame larger than this from the app is a broken app, not a frame (500x200 is ~2 MB)."""
QUIT_GRACE = 2.0
"""Seconds an app asked to quit (its browser left) has before it gets SIGHUP."""
KILL_GRACE = 3.0
"""Seconds between SIGHUP and SIGKILL for an app that does not end."""
STDERR_TAIL = 4096
"""Bytes of the app's stderr kept, for the log line when it fails."""
CLOSE_TIMEOUT = 5.0
"""Seconds a closing handshake may take before the connection is cut."""
PING_MAX = 64
"""Characters of a ping's payload (textual.js sends a timestamp)."""
FRAME_MIN = 11
"""Bytes of the first output that is a frame, not one of the driver's set-up sequences (each
under 11 bytes; textual.js shows the terminal at its first message of 11 bytes or more)."""


class BadMessage(Exception):
    """A browser message that textual.js would never send: the reason, for one log line."""


def parse_message(text: str) -> tuple[str, Any]:
    """`(kind, value)` from a browser message, checked; BadMessage says what is wrong."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise BadMessage("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise BadMessage("not a list that starts with a type")
    kind, value = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin":
        if not isinstance(value, str):
            raise BadMessage("stdin without text")
    elif kind == "resize":
        if not isinstance(value, dict) or not all(
            _is_size(value.get(axis)) for axis in ("width", "height")
        ):
            raise BadMessage("resize without a whole width and height from 1 to 65535")
    elif kind == "ping":
        if not isinstance(value, str) or len(value) > PING_MAX:
            raise BadMessage("ping without a short text")
    elif kind not in ("focus", "blur"):
        raise BadMessage(f"unknown type {kind[:20]!r}")
    return kind, value


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 0xFFFF


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


async def close_or_cut(
    ws: web.WebSocketResponse, abort: Callable[[], None], code: int, message: str
) -> None:
    """Close with a reason the page shows (at most 123 bytes, as RFC 6455 allows); a browser
    that does not take the closing frame within CLOSE_TIMEOUT has its connection cut."""
    if ws.closed:
        return
    try:
        await asyncio.wait_for(ws.close(code=code, message=message.encode()[:123]), CLOSE_TIMEOUT)
    except (ConnectionError, RuntimeError):
        pass
    except asyncio.TimeoutError:
        abort()


def app_env(operator_env: dict[str, str], size: tuple[int, int]) -> dict[str, str]:
    """The app's whole environment: `serve`'s (built from scratch, the operator's allow-list),
    plus the web driver and the first size. A browser's terminal is xterm.js: true colour."""
    env = child_env("xterm-256color", {}, operator_env)
    env.setdefault("TEXTUAL_COLOR_SYSTEM", "truecolor")
    env["TEXTUAL_DRIVER"] = "textual.drivers.web_driver:WebDriver"
    env["COLUMNS"], env["ROWS"] = str(size[0]), str(size[1])
    return env


class WebSession:
    """A browser's websocket and the app it drives; `run()` returns when both have ended."""

    def __init__(
        self,
        options: WebOptions,
        ws: web.WebSocketResponse,
        peer: str,
        size: tuple[int, int],
        abort: Callable[[], None],
    ) -> None:
        self.options = options
        self.ws = ws
        self.peer = peer
        self._abort = abort
        """Cuts the connection at once (the transport's abort): for a browser that reads nothing."""
        self.loop = asyncio.get_running_loop()
        self._clamp_logged = False
        self.size = self.clamp(*size)
        self.proc: asyncio.subprocess.Process | None = None
        self.reason = ""
        self.started_at = time.monotonic()
        self.first_output_at: float | None = None
        self.bytes_out = 0
        self.bytes_in = 0
        self._tokens = float(options.input_burst)
        self._tokens_at = self.loop.time()
        self._last_input = self.loop.time()
        self._stderr = bytearray()
        self._drawn = False
        """The app has sent its first frame: it has taken its start-up "blur" (see `_dispatch`)."""
        self._held_focus: str | None = None

    # --- the whole session --------------------------------------------------------------------

    async def run(self) -> None:
        if not await self._start_app():
            await self.close(WSCloseCode.INTERNAL_ERROR, "The dashboard could not start.")
            return
        tasks = {
            asyncio.ensure_future(self._from_browser()),
            asyncio.ensure_future(self._from_app()),
            asyncio.ensure_future(self._idle_watch()),
        }
        stderr = asyncio.ensure_future(self._read_stderr())
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._end_app()
            await self._reap()
            try:  # EOF once the app has ended, unless something it started still holds the pipe
                await asyncio.wait_for(stderr, CLOSE_TIMEOUT)
            except asyncio.TimeoutError:
                pass
            await self.close(WSCloseCode.OK, "")
            self._log_end()

    async def close(self, code: int, message: str) -> None:
        """Close the socket with a reason the page shows (at most 123 bytes, as RFC 6455 says)."""
        await close_or_cut(self.ws, self._abort, code, message)

    def clamp(self, width: int, height: int) -> tuple[int, int]:
        size = clamp_size(width, height, self.options.max_columns, self.options.max_rows)
        if size != (width, height) and not self._clamp_logged:
            self._clamp_logged = True
            log.info("terminal %dx%d clamped to %dx%d: peer=%s", width, height, *size, self.peer)
        return size

    # --- the app process ----------------------------------------------------------------------

    async def _start_app(self) -> bool:
        argv = child_argv(list(self.options.base_args), memory_limit=self.options.app_memory)
        try:
            self.proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=app_env(self.options.operator_env, self.size),
                cwd="/",
                start_new_session=True,
            )
        except OSError as exc:
            log.error("cannot start the app: %s", exc)
            self.reason = "app failed to start"
            return False
        log.info("session start pid=%d size=%dx%d: peer=%s", self.proc.pid, *self.size, self.peer)
        return True

    async def _to_app(self, kind: bytes, payload: bytes) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        stdin = self.proc.stdin
        if stdin.is_closing():
            return
        stdin.write(packet(kind, payload))
        with contextlib.suppress(ConnectionError):
            await stdin.drain()  # An app that does not read makes this wait: so does the browser.

    async def _meta(self, meta: dict[str, object]) -> None:
        await self._to_app(b"M", json.dumps(meta).encode())

    async def _end_app(self) -> None:
        """Ask the app to quit; SIGHUP its process group if it has not, SIGKILL if it lingers."""
        proc = self.proc
        if proc is None or proc.returncode is not None:
            return
        self.reason = self.reason or "browser left"
        with contextlib.suppress(ConnectionError, AssertionError):
            await asyncio.wait_for(self._meta({"type": "quit"}), QUIT_GRACE)
        for signum, grace in (
            (None, QUIT_GRACE),
            (signal.SIGHUP, KILL_GRACE),
            (signal.SIGKILL, None),
        ):
            if signum is not None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signum)
            try:
                await asyncio.wait_for(proc.wait(), grace)
                return
            except asyncio.TimeoutError:
                continue

    async def _reap(self) -> None:
        """The app has ended: close its pipes, so that its transport finishes now (one left to
        the garbage collector ran after the event loop had closed, and raised there)."""
        proc = self.proc
        if proc is None or proc.returncode is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        if proc.stdout is not None:
            with contextlib.suppress(asyncio.TimeoutError, ConnectionError):
                while await asyncio.wait_for(proc.stdout.read(65536), CLOSE_TIMEOUT):
                    pass  # its last frame, for a browser that is gone

    async def _read_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while chunk := await self.proc.stderr.read(4096):
            self._stderr += chunk
            del self._stderr[:-STDERR_TAIL]

    def _log_end(self) -> None:
        proc = self.proc
        if proc is None:
            return
        log.info(
            "session end pid=%d after %.1fs status=%s%s sent=%dB received=%dB first-frame=%s: "
            "peer=%s",
            proc.pid,
            time.monotonic() - self.started_at,
            proc.returncode,
            f" ({self.reason})" if self.reason else "",
            self.bytes_out,
            self.bytes_in,
            f"{self.first_output_at - self.started_at:.2f}s" if self.first_output_at else "-",
            self.peer,
        )
        if proc.returncode not in (0, None, -signal.SIGHUP, -signal.SIGKILL) and self._stderr:
            last = self._stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            log.warning("app pid=%d said: %s", proc.pid, last[0][:300] if last else "")

    # --- frames from the app to the browser ---------------------------------------------------

    async def _from_app(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        stdout = self.proc.stdout
        try:
            for _ in range(PRELUDE_LINES):
                line = await stdout.readline()
                if not line or line == GANGLION:
                    break
            else:
                line = b""
            if line != GANGLION:
                self.reason = "app failed to start"
                await self.close(WSCloseCode.INTERNAL_ERROR, "The dashboard could not start.")
                return
            while True:
                header = await stdout.readexactly(5)
                size = int.from_bytes(header[1:], "big")
                if size > MAX_PACKET:
                    self.reason = f"app sent a {size} B packet"
                    return
                payload = await stdout.readexactly(size)
                if header[:1] == b"D":
                    await self._send_frame(payload)
                elif header[:1] == b"M":
                    await self._on_meta(payload)
                # b"P": file deliveries. A served app never delivers files (its exports are shown
                # or copied, MINUSMA_TUI_SERVED), so there is no download route to hand them to.
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # The app ended, or the browser left while a frame was on its way.
        self.reason = self.reason or "app ended"

    async def _send_frame(self, payload: bytes) -> None:
        if self.first_output_at is None and len(payload) >= FRAME_MIN:
            self.first_output_at = time.monotonic()
        self.bytes_out += len(payload)
        try:  # Waits while the browser does not read: the app then waits to write (back-pressure).
            await asyncio.wait_for(self.ws.send_bytes(payload), self.options.send_timeout)
        except asyncio.TimeoutError:
            self.reason = f"browser read nothing for {self.options.send_timeout:g} s"
            log.info("%s, session ended: peer=%s", self.reason, self.peer)
            self._abort()
            raise ConnectionError(self.reason) from None
        if not self._drawn and len(payload) >= FRAME_MIN:
            self._drawn = True
            if self._held_focus is not None:
                await self._meta({"type": self._held_focus})

    async def _on_meta(self, payload: bytes) -> None:
        try:
            meta = json.loads(payload)
        except ValueError:
            return
        kind = meta.get("type") if isinstance(meta, dict) else None
        if kind == "exit":
            self.reason = "quit"
            await self.close(WSCloseCode.OK, "")
        elif kind == "open_url":
            url = str(meta.get("url", ""))
            if url.startswith(("https://", "http://")):
                new_tab = bool(meta.get("new_tab", True))
                await self.ws.send_json(["open_url", {"url": url, "new_tab": new_tab}])

    # --- messages from the browser to the app -------------------------------------------------

    async def _from_browser(self) -> None:
        async for message in self.ws:
            if message.type == WSMsgType.ERROR:
                self.reason = f"websocket error: {message.data}"
                log.info("session closed, %s: peer=%s", message.data, self.peer)
                return
            if message.type != WSMsgType.TEXT:
                await self._bad(f"a {message.type.name.lower()} message")
                return
            await self._pace(max(len(message.data), MESSAGE_FLOOR))
            try:
                kind, value = parse_message(message.data)
            except BadMessage as exc:
                await self._bad(str(exc))
                return
            await self._dispatch(kind, value)
        self.reason = self.reason or "browser left"

    async def _bad(self, why: str) -> None:
        """One log line, and the session ends: textual.js never sends such a message."""
        self.reason = f"bad message: {why}"
        log.info("bad message (%s), session closed: peer=%s", why, self.peer)
        await self.close(WSCloseCode.UNSUPPORTED_DATA, "The browser sent a message it should not.")

    async def _dispatch(self, kind: str, value: Any) -> None:
        if kind == "stdin":
            data = value.encode("utf-8", "surrogatepass")
            self.bytes_in += len(data)
            self._last_input = self.loop.time()
            await self._to_app(b"D", data)
        elif kind == "resize":
            self._last_input = self.loop.time()
            self.size = self.clamp(value["width"], value["height"])
            await self._meta({"type": "resize", "width": self.size[0], "height": self.size[1]})
        elif kind == "ping":
            await self.ws.send_json(["pong", value])
        elif not self._drawn:
            # Textual's web driver tells its app, as it starts, that the page is in the
            # background, and the footer of an app in the background shows no keys. The page
            # says "focus" as soon as it connects, before that: passed on then, it came first
            # and was undone, and the footer stayed empty until a click. Held until the app's
            # first frame (by when it has taken its own "blur"), it is the last word.
            self._held_focus = kind
        else:
            await self._meta({"type": kind})

    async def _pace(self, cost: int) -> None:
        """A token bucket: `input_burst` at once, then `input_rate` bytes/s. While this waits the
        socket is not read, so the browser's sending waits too (aiohttp stops at 128 KiB)."""
        options = self.options
        now = self.loop.time()
        self._tokens = min(
            float(options.input_burst), self._tokens + (now - self._tokens_at) * options.input_rate
        )
        self._tokens_at = now
        self._tokens -= cost
        if self._tokens < 0:
            await asyncio.sleep(-self._tokens / options.input_rate)

    # --- idle timeout -------------------------------------------------------------------------

    async def _idle_watch(self) -> None:
        timeout = self.options.idle_timeout
        while (quiet := self.loop.time() - self._last_input) < timeout:
            await asyncio.sleep(timeout - quiet)
        self.reason = "idle timeout"
        await self.close(
            WSCloseCode.OK, f"Closed after {timeout:g} s without a key, click or resize."
        )
