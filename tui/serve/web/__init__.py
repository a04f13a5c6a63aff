"""`minusma-tui serve-web`: the dashboard in a browser, one app process per browser tab.

The browser runs textual-serve's terminal (`textual.js`, xterm.js; extra `[web]`); this server is
our own (aiohttp), as careful as `serve` over SSH and with its limits. Modules: `options` (what
the server was asked for), `page` (the HTML and the static files), `session` (one websocket = one
app process), `server` (origins, token, session cap, routes) and `run` (the CLI's command). Only
`run` is imported until the server starts, so the CLI starts without aiohttp.
"""

from tui.serve.web.run import run_serve_web, session_command

__all__ = ["run_serve_web", "session_command"]
