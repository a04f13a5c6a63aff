"""A zygote whose "app" reports what it was given, for tests/serve/test_ssh_zygote.py.

`python -m tests.serve.zygote_probe FD DATA`, as the server starts `tui.serve_zygote`: the same
fork loop (`tui.serve.ssh.zygote.serve_forks`), with, instead of the CLI, a function that prints
one line `REPORT {json}` on its terminal (what a forked app finds: environment, session,
terminal, limits, descriptors), then returns the status its first argument says. `crash` ends it
by SIGSEGV instead, `raise` with an exception. `python -m tests.serve.zygote_probe FD stuck`
never gets ready; `... FD hang` gets ready, then never answers a fork.
"""

from __future__ import annotations

import fcntl
import json
import os
import resource
import signal
import socket
import struct
import sys
import termios
import time

from tui.serve.ssh.zygote import serve_forks


def _descriptors() -> dict[int, str]:
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            found[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            pass  # the listing's own descriptor, closed by now
    return found


def report(args: list[str]) -> int:
    if args[:1] == ["crash"]:
        os.kill(os.getpid(), signal.SIGSEGV)
    if args[:1] == ["raise"]:
        raise RuntimeError("injected failure in the app")
    rows, columns, _x, _y = struct.unpack("HHHH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))
    facts = {
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "sid": os.getsid(0),
        "pgrp": os.getpgrp(),
        "foreground": os.tcgetpgrp(0),
        "ttys": [stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)],
        "textual_streams": [sys.__stdin__.fileno(), sys.__stderr__.fileno()],  # type: ignore[union-attr]
        "encoding": sys.stdout.encoding,
        "size": [columns, rows],
        "env": dict(os.environ),
        "argv": sys.argv,
        "data_limit": list(resource.getrlimit(resource.RLIMIT_DATA)),
        "fds": _descriptors(),
        "sigchld_default": signal.getsignal(signal.SIGCHLD) == signal.SIG_DFL,
    }
    print("REPORT " + json.dumps(facts))
    return int(args[0]) if args and args[0].isdigit() else 0


def main(argv: list[str]) -> int:
    control = socket.socket(fileno=int(argv[0]))
    if argv[1:] == ["stuck"]:
        time.sleep(600)
        return 1
    refresh = (lambda: time.sleep(600)) if argv[1:] == ["hang"] else (lambda: None)
    return serve_forks(control, refresh=refresh, run=report)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
