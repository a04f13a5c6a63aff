"""`minusma-tui serve-web`: turn the CLI's arguments into `WebOptions` and serve until stopped.

aiohttp and textual-serve's terminal (`textual.js`) come with the optional `[web]` extra; they
are checked here first, with a clear error if missing. `start_web_server(options)` is the
in-process API the tests use.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.config import Config, resolve_data_path
from tui.serve.ssh.app_launch import child_argv
from tui.serve.stopping import until_stop_signal
from tui.serve.web.options import TOKEN_ENV, WebOptions, is_loopback

if TYPE_CHECKING:
    from tui.serve.web.server import WebServer

log = logging.getLogger("minusma_tui.serve.web")

INSTALL_HINT = "pip install 'minusma-tui[web]'"
PUBLIC_WARNING = (
    "warning: serve-web on {host} without a token: anyone who can reach {host}:{port} gets a "
    "dashboard (one process each). Set ${env} (or --token-file), or put it behind a reverse "
    "proxy with authentication and TLS, or keep it on 127.0.0.1."
)


class ServeWebError(Exception):
    """A reason not to start, worded for the operator."""


def base_args(args: argparse.Namespace, config: Config) -> tuple[str, ...]:
    """The `minusma-tui` options every session's app runs with: this dataset, this config.

    The dataset goes as `--data` with its resolved file, whichever way it was chosen (`--data`,
    `--mission`, which the CLI turns into its file, the environment or the config), so every
    session opens the file the operator served, whatever its own config says."""
    argv = ["--data", str(resolve_data_path(args.data, config).resolve())]
    if config.path is not None:  # None: no home to find a config in (said at start)
        argv += ["--config", str(config.path.resolve())]
    if args.as_of is not None:
        argv += ["--as-of", args.as_of.isoformat()]
    if getattr(args, "known", False):
        argv.append("--known")
    return tuple(argv)


def session_command(args: argparse.Namespace, config: Config) -> str:
    """The command line each browser session's app runs, as one string (for people and tests):
    `serve`'s child (the memory limit, then `python -m tui`) with `base_args`."""
    limit = WebOptions(base_args=()).app_memory
    return shlex.join(child_argv(list(base_args(args, config)), memory_limit=limit))


def read_token(args: argparse.Namespace) -> str | None:
    """The access token: `--token-file`'s first line, else $MINUSMA_TUI_WEB_TOKEN, else none.
    Never an option's value: every local user can read a command line."""
    path = getattr(args, "token_file", None)
    if path:
        try:
            lines = Path(path).expanduser().read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ServeWebError(f"cannot read the token file {path}: {exc}") from None
        token = lines[0].strip() if lines else ""
        if not token:
            raise ServeWebError(f"the token file {path} is empty")
        return token
    return os.environ.get(TOKEN_ENV) or None


def options_from_args(args: argparse.Namespace, config: Config) -> WebOptions:
    try:
        return WebOptions(
            base_args=base_args(args, config),
            host=args.host,
            port=args.port,
            public_url=getattr(args, "public_url", None),
            allowed_origins=tuple(getattr(args, "allow_origin", None) or ()),
            token=read_token(args),
            max_sessions=getattr(args, "max_sessions", 8),
            idle_timeout=float(getattr(args, "idle_timeout", 900)),
            operator_env=dict(os.environ),
        )
    except ValueError as exc:
        raise ServeWebError(str(exc)) from None


async def start_web_server(options: WebOptions, static_dir: Path | None = None) -> WebServer:
    """Start listening (port 0 picks a free port: see `.port`); stop with `await close()`."""
    from tui.serve.web.page import static_dir as find_static
    from tui.serve.web.server import WebServer

    static = static_dir or find_static()
    if static is None:
        raise ServeWebError(f"serve-web needs the optional [web] extra: {INSTALL_HINT}")
    server = WebServer(options, static)
    await server.start()
    return server


def run_serve_web(args: argparse.Namespace, config: Config) -> int:
    """Serve until Ctrl+C or SIGTERM. Returns 2 with an install hint if the extra is missing."""
    from tui.serve.web.page import static_dir

    try:
        import aiohttp  # noqa: F401
    except ImportError:
        static = None
    else:
        static = static_dir()
    if static is None:
        print(
            f"minusma-tui: serve-web needs the optional [web] extra: {INSTALL_HINT}",
            file=sys.stderr,
        )
        return 2
    try:
        options = options_from_args(args, config)
    except ServeWebError as exc:
        print(f"minusma-tui serve-web: {exc}", file=sys.stderr)
        return 2
    from tui.core.opening import load_or_report

    if load_or_report(Path(options.base_args[1])) is None:
        return 1  # Every session would fail: say so now, once.
    if not is_loopback(options.host) and options.token is None:
        print(
            PUBLIC_WARNING.format(host=options.host, port=options.port, env=TOKEN_ENV),
            file=sys.stderr,
        )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr
    )
    try:
        asyncio.run(_serve_until_stopped(options, static))
    except ServeWebError as exc:
        print(f"minusma-tui serve-web: {exc}", file=sys.stderr)
        return 1
    return 0


async def _serve_until_stopped(options: WebOptions, static: Path) -> None:
    try:
        server = await start_web_server(options, static)
    except OSError as exc:
        raise ServeWebError(
            f"cannot serve on {options.host}:{options.port}: {exc.strerror or exc}"
        ) from None
    log.info(
        "serving %s on http://%s:%d/ (%s); pages from %s may open sessions; up to %d sessions; "
        "terminals up to %dx%d; input %d B/s after %d B, messages up to %d B; "
        "each app up to %d MiB; closed after %g s without input",
        options.base_args[1],
        options.host,
        server.port,
        f"token required: ${TOKEN_ENV} or the token file" if options.token else "no token",
        ", ".join(sorted(options.origins(server.port))),
        options.max_sessions,
        options.max_columns,
        options.max_rows,
        options.input_rate,
        options.input_burst,
        options.max_message,
        options.app_memory // (1024 * 1024),
        options.idle_timeout,
    )
    try:
        await until_stop_signal()
    finally:
        log.info("stopping: ending %d session(s)", len(server.sessions))
        await server.close()
