"""Helpers for the serve-web tests: the real server on 127.0.0.1 (port 0), and a websocket client
that speaks textual.js's protocol and keeps what it receives in a terminal model (pyte).

Everything waits for a condition with a deadline: no sleep is an assertion.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pyte
import pytest

from tests.conftest import DATA
from tui.serve.web.options import WebOptions
from tui.serve.web.run import start_web_server
from tui.serve.web.server import WebServer

DEADLINE = 30.0
"""Seconds to wait for a condition: generous, for a loaded two-core CI machine."""


def make_options(tmp_path: Path, **changes: Any) -> WebOptions:
    base = ("--data", str(DATA), "--config", str(tmp_path / "config.toml"), "--as-of", "2023-11-20")
    values: dict[str, Any] = {
        "base_args": base,
        "port": 0,
        "operator_env": dict(os.environ),  # the isolated HOME and XDG dirs of tests/conftest.py
    }
    values.update(changes)
    return WebOptions(**values)


@contextlib.asynccontextmanager
async def running(tmp_path: Path, **changes: Any) -> AsyncIterator[WebServer]:
    server = await start_web_server(make_options(tmp_path, **changes))
    try:
        yield server
    finally:
        await server.close()


def url(server: WebServer, path: str = "/") -> str:
    return f"http://127.0.0.1:{server.port}{path}"


async def poll(check: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """Wait until `check()` holds (state with no event to wait on), or fail naming `what`."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def app_pids(server: WebServer) -> list[int]:
    return [s.proc.pid for s in server.sessions if s.proc is not None]


class Browser:
    """One websocket session as textual.js drives it: messages out, frames into a screen."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, width: int, height: int) -> None:
        self.ws = ws
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.texts: list[Any] = []
        self.closed = False
        self.close_reason = ""
        """What the server said when it closed the socket (the page shows it)."""
        self.changed = asyncio.Event()
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            message = await self.ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw += message.data
                self.stream.feed(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
            else:
                if message.type == aiohttp.WSMsgType.CLOSE:
                    self.close_reason = message.extra or ""
                break
            self.changed.set()
        self.closed = True
        self.changed.set()

    async def send(self, *envelope: Any) -> None:
        await self.ws.send_str(json.dumps(list(envelope)))

    def rows(self) -> list[str]:
        return list(self.screen.display)

    async def wait_until(self, check: Callable[[Browser], bool], what: str) -> None:
        async def waiting() -> None:
            while not check(self):
                if self.closed:
                    pytest.fail(f"closed ({self.ws.close_code}) before {what}")
                self.changed.clear()
                await self.changed.wait()

        try:
            await asyncio.wait_for(waiting(), DEADLINE)
        except asyncio.TimeoutError:
            screen = "\n".join(self.rows())
            pytest.fail(f"timed out waiting for {what}; the screen was:\n{screen}")

    async def wait_closed(self, timeout: float = DEADLINE) -> int | None:
        await asyncio.wait_for(self._reader, timeout)
        return self.ws.close_code

    def drawn(self) -> bool:
        """The dashboard's first frame: its tabs are on screen."""
        return any("Overview" in row for row in self.rows())


@contextlib.asynccontextmanager
async def browser(
    server: WebServer,
    width: int = 80,
    height: int = 24,
    origin: str | None = "self",
    **kwargs: Any,
) -> AsyncIterator[Browser]:
    """A session from a page of the server's own origin (unless `origin` says another, or
    None: no Origin header, as from a script)."""
    headers = dict(kwargs.pop("headers", {}))
    if origin == "self":
        headers["Origin"] = f"http://127.0.0.1:{server.port}"
    elif origin is not None:
        headers["Origin"] = origin
    query = f"?width={width}&height={height}"
    async with (
        aiohttp.ClientSession(**kwargs) as http,
        http.ws_connect(url(server, "/ws") + query, headers=headers, max_msg_size=0) as ws,
    ):
        client = Browser(ws, min(width, 500), min(height, 200))
        try:
            yield client
        finally:
            await ws.close()
