"""serve-web against the attacks of issue 24, each on the real server on 127.0.0.1.

Each test is an attack that held against textual-serve's server (the figures in the README's
security section): another site's page opening sessions, sessions without end, a 3 MB message,
a flood, a 10000x10000 terminal, a malformed message, a directory listing, an outside font.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import logging
import os
import re
import signal
import socket
import time
from pathlib import Path

import aiohttp
import pytest

from tests.serve.webclient import DEADLINE, alive, app_pids, browser, poll, running, url
from tui.serve.web.options import WebOptions
from tui.serve.web.session import KILL_GRACE, QUIT_GRACE

TOKEN = "correct-horse-battery-staple"


async def test_a_session_shows_the_dashboard_and_quits(tmp_path: Path) -> None:
    async with running(tmp_path) as server, browser(server) as page:
        await page.wait_until(lambda p: p.drawn(), "the first frame")
        await page.send("stdin", "q")
        assert await page.wait_closed() == aiohttp.WSCloseCode.OK
    assert not server.sessions


async def test_another_sites_page_cannot_open_a_session(tmp_path: Path) -> None:
    async with running(tmp_path, public_url="https://mali.example.org/") as server:
        for origin in ("http://evil.example", f"http://127.0.0.1.evil.example:{server.port}"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with browser(server, origin=origin):
                    pass
            assert refused.value.status == 403
        assert not server.sessions
        # The bound host (and its loopback names), the public URL, and scripts (no Origin).
        for origin in (
            f"http://localhost:{server.port}",
            "https://mali.example.org",
            None,
        ):
            async with browser(server, origin=origin) as page:
                await page.wait_until(lambda p: p.drawn(), f"a session from {origin}")


async def test_sessions_beyond_the_cap_get_a_clear_refusal(tmp_path: Path) -> None:
    async with running(tmp_path, max_sessions=2) as server:
        async with browser(server) as first, browser(server) as second:
            for page in (first, second):
                await page.wait_until(lambda p: p.drawn(), "a first frame")
            async with aiohttp.ClientSession() as http, http.get(url(server)) as response:
                assert response.status == 503
                assert "The dashboard is full: 2 sessions" in await response.text()
            async with browser(server) as third:
                assert await third.wait_closed() == aiohttp.WSCloseCode.TRY_AGAIN_LATER
            assert len(server.sessions) == 2
        await poll(lambda: not server.sessions, "the sessions to end")
        async with browser(server) as again:  # no lockout: a freed place is taken at once
            await again.wait_until(lambda p: p.drawn(), "a session after the others left")


async def test_a_3_mb_message_closes_its_session_and_its_app(tmp_path: Path) -> None:
    async with running(tmp_path) as server, browser(server) as page:
        await page.wait_until(lambda p: p.drawn(), "the first frame")
        (pid,) = app_pids(server)
        await page.ws.send_str('["stdin", "' + "j" * 3_000_000 + '"]')
        assert await page.wait_closed() == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
        await poll(lambda: not alive(pid), "the app to end")


async def test_an_input_flood_is_fed_at_the_stated_rate(tmp_path: Path) -> None:
    """24 KiB of keys in 1 KiB messages, then a ping: the pong waits until the flood has been
    fed at 2 KiB/s after the 16 KiB burst (the server does not read on meanwhile)."""
    options = WebOptions(base_args=())
    async with running(tmp_path) as server, browser(server) as page:
        await page.wait_until(lambda p: p.drawn(), "the first frame")
        started = time.monotonic()
        for _ in range(24):
            await page.send("stdin", "x" * 1024)
        await page.send("ping", "after-the-flood")
        await page.wait_until(lambda p: ["pong", "after-the-flood"] in p.texts, "the pong")
        waited = time.monotonic() - started
        sent = 24 * (1024 + len('["stdin", ""]')) + len('["ping", "after-the-flood"]')
        assert waited >= 0.9 * (sent - options.input_burst) / options.input_rate
        (session,) = server.sessions
        assert session.bytes_in == 24 * 1024


async def test_an_oversize_terminal_is_clamped(tmp_path: Path) -> None:
    async with running(tmp_path) as server, browser(server, 10_000, 10_000) as page:
        await page.wait_until(lambda p: p.drawn(), "the first frame")
        await page.send("resize", {"width": 60_000, "height": 60_000})
        await page.send("stdin", "2")  # Bases: a new frame after the resize
        await page.wait_until(lambda p: "Region" in "".join(p.rows()), "the Bases tab")
        moves = [(int(y), int(x)) for y, x in re.findall(rb"\x1b\[(\d+);(\d+)H", page.raw)]
        assert max(y for y, _ in moves) <= 200 and max(x for _, x in moves) <= 500
        (session,) = server.sessions
        assert session.size == (500, 200)


async def test_each_app_runs_under_the_memory_limit(tmp_path: Path) -> None:
    async with running(tmp_path) as server, browser(server) as page:
        await page.wait_until(lambda p: p.drawn(), "the first frame")
        (pid,) = app_pids(server)
        limits = Path(f"/proc/{pid}/limits").read_text()
        data = next(line for line in limits.splitlines() if line.startswith("Max data size"))
        assert data.split()[3:5] == [str(512 * 1024 * 1024)] * 2


async def test_an_app_that_does_not_quit_ends_with_its_socket(tmp_path: Path) -> None:
    async with running(tmp_path) as server:
        async with browser(server) as page:
            await page.wait_until(lambda p: p.drawn(), "the first frame")
            (pid,) = app_pids(server)
            os.kill(pid, signal.SIGSTOP)  # stuck: it cannot read the request to quit
        closed = time.monotonic()
        await poll(lambda: not alive(pid), "the stuck app to be killed")
        assert time.monotonic() - closed < QUIT_GRACE + KILL_GRACE + 5
        await poll(lambda: not server.sessions, "the session to end")


@pytest.mark.parametrize(
    "message",
    [
        "not json",
        '{"stdin": "x"}',
        '["resize", {"width": "wide", "height": 24}]',
        '["resize", {"width": 80}]',
        '["stdin", 42]',
        '["ping", "' + "9" * 1000 + '"]',
        '["exec", "rm -rf /"]',
        "[" * 60_000,
    ],
    ids=["text", "object", "width", "height", "stdin", "ping", "type", "deep"],
)
async def test_a_malformed_message_is_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, message: str
) -> None:
    caplog.set_level(logging.INFO, logger="minusma_tui.serve.web")
    async with running(tmp_path) as server, browser(server) as page:
        await page.wait_until(lambda p: p.drawn(), "the first frame")
        (pid,) = app_pids(server)
        await page.ws.send_str(message)
        assert await page.wait_closed() == aiohttp.WSCloseCode.UNSUPPORTED_DATA
        await poll(lambda: not alive(pid), "the app to end")
    bad = [r for r in caplog.records if r.getMessage().startswith("bad message")]
    assert len(bad) == 1, [r.getMessage() for r in caplog.records]
    assert not any(r.exc_info for r in caplog.records)


async def test_no_directory_is_listed(tmp_path: Path) -> None:
    async with running(tmp_path) as server, aiohttp.ClientSession() as http:
        for path in ("/static/", "/static/js/", "/static/fonts", "/static/images/background.png"):
            async with http.get(url(server, path)) as response:
                assert response.status == 404, path
                assert "Index of" not in await response.text()
        async with http.get(url(server, "/static/js/textual.js")) as response:
            assert response.status == 200


async def test_the_page_asks_nothing_of_another_server(tmp_path: Path) -> None:
    async with running(tmp_path) as server, aiohttp.ClientSession() as http:
        async with http.get(url(server)) as response:
            page = await response.text()
        addresses = re.findall(r"""(?:src="|href="|url\(")([^"]+)""", page)
        assert addresses, page
        for address in addresses:
            assert address.startswith(("data:", f"http://127.0.0.1:{server.port}/")), address
            if not address.startswith("data:"):
                async with http.get(address) as response:
                    assert response.status == 200, address
        assert "googleapis" not in page and "https://" not in page


async def test_a_token_guards_the_page_and_the_websocket(tmp_path: Path) -> None:
    async with running(tmp_path, token=TOKEN) as server:
        # unsafe: keep cookies from an IP address (127.0.0.1), as browsers do
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            for query in ("", "?token=wrong-horse-battery-staple"):
                async with http.get(url(server, "/" + query)) as response:
                    assert response.status == 401
                    assert "needs its link" in await response.text()
            async with http.get(url(server, f"/?token={TOKEN}"), allow_redirects=False) as resp:
                assert resp.status == 303 and "token" not in resp.headers["Location"]
                cookie = resp.cookies["minusma_tui_token"]
                assert cookie["httponly"] and cookie["samesite"] == "Lax"
            async with http.get(url(server)) as response:  # the cookie, from now on
                assert response.status == 200
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with browser(server):
                pass
        assert refused.value.status == 401
        async with browser(server, cookies={"minusma_tui_token": TOKEN}) as page:
            await page.wait_until(lambda p: p.drawn(), "a session with the token")
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        async with browser(server, origin=None, headers=bearer) as page:
            await page.wait_until(lambda p: p.drawn(), "a script's session with the token")


async def test_an_idle_session_is_closed_with_a_reason(tmp_path: Path) -> None:
    async with running(tmp_path, idle_timeout=2.0) as server, browser(server) as page:
        await poll(lambda: app_pids(server), "the app to start")
        (pid,) = app_pids(server)  # no input at all: it may idle out before its first frame
        assert await page.wait_closed() == aiohttp.WSCloseCode.OK
        assert page.close_reason == "Closed after 2 s without a key, click or resize."
        await poll(lambda: not alive(pid), "the app to end")


async def test_stopping_the_server_ends_every_app(tmp_path: Path) -> None:
    async with running(tmp_path) as server, browser(server) as page:
        await page.wait_until(lambda p: p.drawn(), "the first frame")
        (pid,) = app_pids(server)
        await asyncio.wait_for(server.close(), 20)
        assert await page.wait_closed() == aiohttp.WSCloseCode.GOING_AWAY
        await poll(lambda: not alive(pid), "the app to end")


def _client_frame(text: str) -> bytes:
    """A masked websocket text frame, as a browser sends it (RFC 6455, section 5.2)."""
    payload, mask = text.encode(), os.urandom(4)
    size = len(payload)
    length = bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + size.to_bytes(2, "big")
    return b"\x81" + length + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


@pytest.mark.skipif(
    "PYTEST_XDIST_WORKER" in os.environ,
    reason="load-sensitive: the app must draw ~4 MB (the loopback socket's buffers) before the "
    "server can see a browser that reads nothing, and in a parallel run on 2 cores it may not "
    "within the test's time; run it alone: pytest tests/serve/test_web_limits.py -k reads_nothing",
)
async def test_a_browser_that_reads_nothing_is_cut_off(tmp_path: Path) -> None:
    """It asks for frames (resizes redraw everything) and never reads one: the server holds what
    its socket holds, then ends the session after `send_timeout`, app and all."""
    async with running(tmp_path, send_timeout=2.0) as server:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", server.port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=1024)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            f"GET /ws?width=200&height=60 HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        assert b" 101 " in await reader.readuntil(b"\r\n\r\n")
        await poll(lambda: app_pids(server), "the app to start")
        (pid,) = app_pids(server)
        sizes = itertools.cycle([(200, 60), (199, 59)])
        end = time.monotonic() + DEADLINE
        with contextlib.suppress(ConnectionError):
            while alive(pid) and time.monotonic() < end:
                width, height = next(sizes)
                writer.write(
                    _client_frame(json.dumps(["resize", {"width": width, "height": height}]))
                )
                await asyncio.wait_for(writer.drain(), DEADLINE)
                await asyncio.sleep(0.05)  # the attack's pace, not a wait for a result
        await poll(lambda: not alive(pid) and not server.sessions, "the session to end")
        writer.close()
