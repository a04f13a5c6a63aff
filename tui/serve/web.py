"""`minusma-tui serve-web`: the dashboard in a browser, through textual-serve (extra [web]).

Each browser tab gets its own `minusma-tui` process, driven over a websocket. textual-serve has no
authentication, so the server binds to loopback unless told otherwise; anything public belongs
behind a reverse proxy that authenticates (and terminates TLS). No Textual import here: the
sessions import it, this process only serves them.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys

from tui.core.config import SERVED_ENV, Config, resolve_data_path

INSTALL_HINT = "pip install 'minusma-tui[web]'"
PUBLIC_WARNING = (
    "warning: serve-web has no authentication. Anyone who can reach {host}:{port} gets a "
    "dashboard (one process each). Put it behind a reverse proxy with authentication and TLS, "
    "or keep it on 127.0.0.1."
)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def session_command(args: argparse.Namespace, config: Config) -> str:
    """The command each browser session runs: this Python, this dataset, this config.

    The dataset goes as `--data` with its resolved file, whichever way it was chosen (`--data`,
    `--mission`, which the CLI turns into its file, the environment or the config), so every
    session opens the file the operator served, whatever its own config says."""
    argv = [sys.executable, "-m", "tui", "--data", str(resolve_data_path(args.data, config))]
    if config.path is not None:  # None: no home to find a config in (said at start)
        argv += ["--config", str(config.path)]
    if args.as_of is not None:
        argv += ["--as-of", args.as_of.isoformat()]
    if getattr(args, "known", False):
        argv.append("--known")
    return shlex.join(argv)


def run_serve_web(args: argparse.Namespace, config: Config) -> int:
    """Serve until Ctrl+C. Returns 2 with an install hint if textual-serve is missing."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print(
            "minusma-tui: serve-web needs the optional [web] extra (textual-serve): "
            + INSTALL_HINT,
            file=sys.stderr,
        )
        return 2
    host, port = args.host, args.port
    if not is_loopback(host):
        print(PUBLIC_WARNING.format(host=host, port=port), file=sys.stderr)
    # Sessions inherit this: they show or copy exports instead of writing files on the server,
    # and never save a theme into the server's config.
    os.environ[SERVED_ENV] = "1"
    server = Server(
        session_command(args, config),
        host=host,
        port=port,
        title="minusma-tui",
        public_url=getattr(args, "public_url", None),
    )
    try:
        server.serve()
    except OSError as exc:  # port in use, address not available
        print(f"minusma-tui: cannot serve on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
