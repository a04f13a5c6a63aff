"""A headless Chromium driven over its DevTools protocol (CDP), for the serve-web browser tests.

Just enough of CDP for them: open a page, watch its requests and websocket frames (Network
domain), read values from it (Runtime.evaluate). No new dependency: aiohttp (textual-serve's)
speaks the websocket. `find_chromium()` returns None when no browser is installed, and the tests
skip saying so (Debian: `apt-get install chromium`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SKIP_REASON = (
    "no headless Chromium on this machine (Debian: apt-get install -y chromium; "
    "or set MINUSMA_TUI_CHROMIUM to its path)"
)
FLAGS = (
    "--headless",
    "--no-sandbox",  # as root in a container, Chromium refuses to start with its sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--window-size=1024,640",
    "--remote-debugging-port=0",
)
_LISTENING = re.compile(rb"DevTools listening on (ws://\S+)")


def find_chromium() -> str | None:
    chosen = os.environ.get("MINUSMA_TUI_CHROMIUM")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


@dataclass
class Frame:
    """A websocket frame as the page saw it: when (monotonic, s), which way, what."""

    at: float
    sent: bool
    data: bytes
    text: bool


@dataclass
class Page:
    """One tab, attached with a flat session; events gathered as they arrive."""

    browser: Browser
    session: str
    frames: list[Frame] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    """Every URL the page asked for (documents, scripts, fonts, images, websockets)."""
    console: list[str] = field(default_factory=list)
    navigated_at: float = 0.0

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await self.browser.send(method, session=self.session, **params)

    async def goto(self, url: str) -> None:
        self.navigated_at = time.monotonic()
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply.get("result", {}).get("value")

    async def wait_for(self, expression: str, what: str, timeout: float = 30.0) -> Any:
        """Poll `expression` in the page until it is truthy; fail naming `what`."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never showed {what} in {timeout:g} s")
            await asyncio.sleep(0.05)

    def received(self) -> list[Frame]:
        return [frame for frame in self.frames if not frame.sent]

    def _on_event(self, method: str, params: dict[str, Any]) -> None:
        now = time.monotonic()
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(params["url"])
        elif method in ("Network.webSocketFrameReceived", "Network.webSocketFrameSent"):
            response = params["response"]
            text = response["opcode"] == 1
            payload = response["payloadData"]
            data = payload.encode() if text else base64.b64decode(payload)
            self.frames.append(Frame(now, method.endswith("Sent"), data, text))
        elif method == "Runtime.consoleAPICalled":
            self.console.append(" ".join(str(a.get("value", "")) for a in params["args"]))


class Browser:
    """The browser process and its one CDP connection."""

    def __init__(self, process: asyncio.subprocess.Process, ws: aiohttp.ClientWebSocketResponse):
        self.process = process
        self.ws = ws
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._pages: dict[str, Page] = {}
        self._reader = asyncio.ensure_future(self._read())

    async def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[ident] = future
        await self.ws.send_str(json.dumps(message))
        return await asyncio.wait_for(future, 30)

    async def new_page(self) -> Page:
        target = await self.send("Target.createTarget", url="about:blank")
        attached = await self.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        page = Page(self, attached["sessionId"])
        self._pages[page.session] = page
        for domain in ("Network", "Page", "Runtime"):
            await page.send(f"{domain}.enable")
        return page

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(RuntimeError(str(data["error"])))
                    else:
                        future.set_result(data.get("result", {}))
            elif (page := self._pages.get(data.get("sessionId", ""))) is not None:
                page._on_event(data["method"], data.get("params", {}))


@contextlib.asynccontextmanager
async def chromium(binary: str, *extra_flags: str) -> AsyncIterator[Browser]:
    """A fresh headless browser with its own empty profile, ended (process group) on exit."""
    with tempfile.TemporaryDirectory(prefix="minusma-chromium-") as profile:
        process = await asyncio.create_subprocess_exec(
            binary,
            *FLAGS,
            *extra_flags,
            f"--user-data-dir={profile}",
            "about:blank",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
        assert process.stderr is not None
        drain: asyncio.Future[bytes] | None = None
        try:
            url = await asyncio.wait_for(_devtools_url(process.stderr), 60)
            drain = asyncio.ensure_future(process.stderr.read())  # a full pipe would stall it
            async with aiohttp.ClientSession() as http, http.ws_connect(url, max_msg_size=0) as ws:
                yield Browser(process, ws)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
            if drain is not None:  # EOF, unless a helper it started (crashpad) holds the pipe
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(drain, 5)


async def _devtools_url(stderr: asyncio.StreamReader) -> str:
    while line := await stderr.readline():
        if match := _LISTENING.search(line):
            return match.group(1).decode()
    raise RuntimeError("Chromium ended before it listened for DevTools")
