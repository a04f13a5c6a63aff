"""`minusma-tui serve`: share the dashboard over SSH (`ssh -p 2222 host`), nothing to install.

asyncssh is an optional extra (`minusma-tui[ssh]`), imported only here, after a check that gives a
clear error if it is missing. The work is in `tui/serve/ssh/`; this module turns the CLI's arguments
into `ServeOptions` and runs the server until SIGINT/SIGTERM. `start_server(options)` is the
in-process API the tests use.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.config import Config, config_path, resolve_data_path
from tui.core.places import NoHome
from tui.serve.ssh.options import ServeOptions

if TYPE_CHECKING:
    from tui.serve.ssh.server import DashboardServer

__all__ = ["ServeOptions", "run_serve", "start_server"]

log = logging.getLogger("minusma_tui.serve")

INSTALL_HINT = "minusma-tui serve needs the [ssh] extra: pip install 'minusma-tui[ssh]'"
NO_AUTH_HINT = (
    "minusma-tui serve: say who may log in: --authorized-keys PATH (an OpenSSH authorized_keys "
    "file), or --open for a public dashboard with no authentication. "
    "(~/.ssh/authorized_keys is used when it exists; it does not here.)"
)


class ServeError(Exception):
    """A reason not to start, worded for the operator."""


async def start_server(options: ServeOptions) -> DashboardServer:
    """Start listening (port 0 picks a free port: see `.port`); stop: close(), wait_closed()."""
    from tui.serve.ssh.server import DashboardServer

    server = DashboardServer(options)
    await server.start()
    return server


def run_serve(args: argparse.Namespace, config: Config) -> int:
    """The CLI's `serve` command: check, then serve until interrupted. Returns the exit status."""
    try:
        import asyncssh  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    if os.name != "posix":
        print(
            "minusma-tui serve needs a POSIX system (it runs each session in a pty)",
            file=sys.stderr,
        )
        return 1
    try:
        options = options_from_args(args, config)
    except ServeError as exc:
        print(exc, file=sys.stderr)
        return 2
    from tui.core.opening import load_or_report

    if load_or_report(options.data_path) is None:
        return 1  # Every session would fail: say so now, once.
    _setup_logging()
    try:
        asyncio.run(_serve_until_stopped(options))
    except ServeError as exc:
        print(f"minusma-tui serve: {exc}", file=sys.stderr)
        return 1
    return 0


def _config_file(args: argparse.Namespace) -> Path | None:
    """The config file sessions read; None with no home to find it in (`--config` not given)."""
    try:
        return config_path(args.config).resolve()
    except NoHome:
        return None


def options_from_args(args: argparse.Namespace, config: Config) -> ServeOptions:
    authorized: Path | None = None
    if args.authorized_keys:
        authorized = Path(args.authorized_keys).expanduser()
        if not authorized.is_file():
            raise ServeError(f"minusma-tui serve: no authorized keys file at {authorized}")
    elif not args.open:
        # The keys that may already log into this account; running the dashboard for them is no
        # wider than what they have.
        try:
            default = Path.home() / ".ssh" / "authorized_keys"
        except RuntimeError:  # no home directory (no HOME, no passwd entry): no default
            raise ServeError(NO_AUTH_HINT) from None
        if not default.is_file():
            raise ServeError(NO_AUTH_HINT)
        authorized = default
    app_args: list[str] = []
    if getattr(args, "theme", None):
        app_args += ["--theme", args.theme]
    if getattr(args, "no_mouse", False):
        app_args.append("--no-mouse")
    if getattr(args, "no_watch", False):
        app_args.append("--no-watch")
    if getattr(args, "known", False):
        app_args.append("--known")
    try:
        return ServeOptions(
            data_path=resolve_data_path(args.data, config).resolve(),
            host=args.host,
            port=args.port,
            host_key=Path(args.host_key).expanduser() if args.host_key else None,
            authorized_keys=authorized,
            open=bool(args.open),
            max_sessions=args.max_sessions,
            max_unauthenticated=getattr(args, "max_unauthenticated", 10),
            max_per_address=getattr(args, "max_per_address", 4),
            max_sessionless=getattr(args, "max_sessionless", ServeOptions.max_sessionless),
            idle_timeout=float(args.idle_timeout),
            login_timeout=float(args.login_timeout),
            sessionless_timeout=float(
                getattr(args, "sessionless_timeout", ServeOptions.sessionless_timeout)
            ),
            config_path=_config_file(args),
            as_of=args.as_of,
            app_args=tuple(app_args),
            operator_env=dict(os.environ),
            zygote=not getattr(args, "no_zygote", False),
        )
    except ValueError as exc:
        raise ServeError(f"minusma-tui serve: {exc}") from None


def _setup_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr
    )
    logging.getLogger("asyncssh").setLevel(logging.WARNING)


async def _serve_until_stopped(options: ServeOptions) -> None:
    from tui.serve.ssh.hostkey import HostKeyError

    try:
        server = await start_server(options)
    except HostKeyError as exc:
        raise ServeError(str(exc)) from None
    except OSError as exc:
        raise ServeError(
            f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}"
        ) from None
    auth = "OPEN (no authentication)" if options.open else f"keys in {options.authorized_keys}"
    log.info(
        "listening on %s:%d; host key %s; auth: %s; up to %d sessions, %d logging in, "
        "%d without a session, %d per address; terminals up to %dx%d",
        options.host,
        server.port,
        server.fingerprint,
        auth,
        options.max_sessions,
        options.max_unauthenticated,
        options.max_sessionless,
        options.max_per_address,
        options.max_columns,
        options.max_rows,
    )
    if options.open and options.host not in ("127.0.0.1", "::1", "localhost"):
        log.warning("--open on %s: anyone who can reach this port sees the dashboard", options.host)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("stopping: ending %d session(s)", len(server.sessions))
        server.close()
        await server.wait_closed()
