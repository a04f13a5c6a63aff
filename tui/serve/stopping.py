"""Waiting for the operator's stop: SIGINT (Ctrl+C), SIGTERM (systemd) or SIGHUP."""

from __future__ import annotations

import asyncio
import signal

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


async def until_stop_signal() -> None:
    """Return when one of STOP_SIGNALS arrives (the server then ends its sessions cleanly)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)
