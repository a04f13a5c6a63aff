"""The web server: who may open a session, how many at once, and which files it serves.

Three routes: the page (`/`), its websocket (`/ws`) and a fixed list of static files. A session
needs, in this order: a page from an allowed origin (a browser always says which page opened a
websocket; another site's page is refused, so no page on the internet can drive a dashboard on
127.0.0.1), the token if one is set, and a free place (`max_sessions`). Each refusal is a short
page or a close reason the page shows, and a log line (at most one a second, with a count).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from pathlib import Path

from aiohttp import WSCloseCode, web

from tui.serve.web.options import WebOptions
from tui.serve.web.page import STATIC_FILES, dashboard_page, notice_page
from tui.serve.web.session import (
    CLOSE_TIMEOUT,
    KILL_GRACE,
    QUIT_GRACE,
    WebSession,
    close_or_cut,
)

log = logging.getLogger("minusma_tui.serve.web")

TITLE = "minusma-tui"
COOKIE = "minusma_tui_token"
HEARTBEAT = 30.0
"""Seconds between websocket pings: a browser gone without closing is noticed in ~45 s."""
SHUTDOWN_GRACE = QUIT_GRACE + KILL_GRACE + 3 * CLOSE_TIMEOUT
"""Seconds the server waits, when stopping, for its sessions to end their apps."""
REFUSAL_LOG_INTERVAL = 1.0
"""Seconds between two log lines about one kind of refusal (a flood must not flood the log)."""


class _RefusalLog:
    """One line per kind of refusal at most every REFUSAL_LOG_INTERVAL, with the count since."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._count: dict[str, int] = {}

    def note(self, kind: str, detail: str) -> None:
        self._count[kind] = self._count.get(kind, 0) + 1
        now = time.monotonic()
        if now - self._last.get(kind, -REFUSAL_LOG_INTERVAL) < REFUSAL_LOG_INTERVAL:
            return
        count = self._count.pop(kind)
        self._last[kind] = now
        more = f" ({count} since the last line)" if count > 1 else ""
        log.info("refused (%s)%s: %s", kind, more, detail)


class WebServer:
    """The listening server and its live sessions."""

    def __init__(self, options: WebOptions, static_dir: Path) -> None:
        self.options = options
        self.static_dir = static_dir
        self.sessions: set[WebSession] = set()
        self.port = options.port
        self._origins: frozenset[str] = frozenset()
        self._refused = _RefusalLog()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self.handle_page)
        app.router.add_get("/ws", self.handle_websocket)
        app.router.add_get("/static/{path:.+}", self.handle_static)
        app.on_shutdown.append(self._on_shutdown)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.options.host, self.options.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._origins = self.options.origins(self.port)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_shutdown(self, app: web.Application) -> None:
        sessions = list(self.sessions)
        for session in sessions:
            session.reason = "server stopping"
            await session.close(WSCloseCode.GOING_AWAY, "The server is stopping.")
        deadline = time.monotonic() + SHUTDOWN_GRACE
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)  # each session ends its app (a few seconds at most)

    # --- checks -------------------------------------------------------------------------------

    def _peer(self, request: web.Request) -> str:
        return str(request.remote or "?")

    def _origin_refused(self, request: web.Request) -> bool:
        """Another site's page (its Origin not allowed). Without an Origin it is not a browser
        page (curl, a script): the token, if set, is what keeps those out."""
        origin = request.headers.get("Origin")
        if origin is None or origin.lower() in self._origins:
            return False
        self._refused.note("origin", f"{origin[:80]!r} peer={self._peer(request)}")
        return True

    def _token_refused(self, request: web.Request) -> bool:
        token = self.options.token
        if token is None:
            return False
        offered = [request.cookies.get(COOKIE), request.query.get("token")]
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            offered.append(authorization.removeprefix("Bearer "))
        if any(hmac.compare_digest(value.encode(), token.encode()) for value in offered if value):
            return False
        self._refused.note("token", f"peer={self._peer(request)}")
        return True

    def _full(self) -> bool:
        return len(self.sessions) >= self.options.max_sessions

    def _full_text(self) -> str:
        count = self.options.max_sessions
        sessions = "1 session is" if count == 1 else f"{count} sessions are"
        return (
            f"The dashboard is full: {sessions} open, the most this server runs at once. "
            "Try again in a few minutes."
        )

    # --- routes -------------------------------------------------------------------------------

    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        if self._token_refused(request):
            return _notice(
                401,
                "This dashboard needs its link",
                "Open the dashboard with the link you were given (it ends with ?token=...).",
            )
        if "token" in request.query and self.options.token is not None:
            # Keep the token out of the address bar, the history and any Referer: a cookie
            # that only this site's own pages and top-level links send (SameSite=Lax).
            query = {key: value for key, value in request.query.items() if key != "token"}
            redirect = web.HTTPSeeOther(request.rel_url.with_query(query))
            redirect.set_cookie(
                COOKIE,
                self.options.token,
                httponly=True,
                samesite="Lax",
                secure=(self.options.public_url or "").startswith("https://"),
                path="/",
            )
            raise redirect
        if self._full():
            self._refused.note("full", f"page, peer={self._peer(request)}")
            response = _notice(503, "The dashboard is full", self._full_text())
            response.headers["Retry-After"] = "60"
            return response
        base = (self.options.public_url or f"http://{request.host}").rstrip("/")
        websocket = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1]
        try:
            font_size = min(max(int(request.query.get("fontsize", "16")), 6), 64)
        except ValueError:
            font_size = 16
        page = dashboard_page(TITLE, f"{base}/static/", f"{websocket}/ws", font_size)
        return web.Response(
            text=page,
            content_type="text/html",
            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
        )

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        kind = STATIC_FILES.get(path)
        if kind is None:
            raise web.HTTPNotFound()
        return web.FileResponse(
            self.static_dir / path,
            headers={"Content-Type": kind, "Cache-Control": "max-age=86400"},
        )

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if self._origin_refused(request):
            raise web.HTTPForbidden(text="This page may not open a dashboard session.")
        if self._token_refused(request):
            raise web.HTTPUnauthorized(text="This dashboard needs its link with ?token=.")
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=self.options.max_message)
        await ws.prepare(request)
        peer = self._peer(request)
        transport = request.transport

        def abort() -> None:
            if transport is not None:
                transport.abort()

        if self._full():
            self._refused.note("full", f"websocket, peer={peer}")
            await close_or_cut(ws, abort, WSCloseCode.TRY_AGAIN_LATER, self._full_text())
            return ws
        size = (_size(request, "width", 80), _size(request, "height", 24))
        session = WebSession(self.options, ws, peer, size, abort)
        self.sessions.add(session)
        try:
            await session.run()
        finally:
            self.sessions.discard(session)
        return ws


def _size(request: web.Request, name: str, default: int) -> int:
    try:
        return min(max(int(request.query.get(name, default)), 1), 0xFFFF)
    except ValueError:
        return default


def _notice(status: int, title: str, text: str) -> web.Response:
    return web.Response(
        status=status,
        text=notice_page(title, text),
        content_type="text/html",
        headers={"Cache-Control": "no-store"},
    )
