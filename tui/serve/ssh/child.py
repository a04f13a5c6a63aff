"""Entry point of a served session's app: take the pty as controlling terminal, then run the CLI.

It runs the CLI as `python -m tui` in the same process (`os.execv`: the controlling terminal and
the memory limit survive it) rather than importing it: the server is started by the CLI, so an
import of the CLI from here would be a cycle (see the import contracts in pyproject.toml), and
this module imports nothing of the app's.

The server starts this with `start_new_session=True` (a new session, no controlling terminal) and
the pty slave on fds 0-2. Making the pty the controlling terminal here, rather than in a
`preexec_fn`, keeps Python code out of the fork of a process that has threads. With it, the kernel
sends SIGHUP when the pty's master closes (the server died), and SIGWINCH on every resize.

The memory limit is applied here too, before the app imports anything: an app that a client makes
grow (its input is queued whole) then fails alone instead of taking the machine's memory.
"""

from __future__ import annotations

import fcntl
import os
import resource
import sys
import termios
from typing import NoReturn

MEMORY_LIMIT_ARG = "--memory-limit="
"""The first argument when the operator set a memory limit for each app (`child_argv` adds it)."""


def limit_memory(limit: int) -> None:
    """RLIMIT_DATA: the app's heap and private mappings (what Python allocates), in bytes.

    Not RLIMIT_AS: that also counts the address space threads and shared libraries reserve
    without using, so a limit low enough to matter would stop the app from starting.
    """
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):
        pass  # Above a hard limit set by the operator's service manager: that one applies.


def main(argv: list[str] | None = None) -> NoReturn:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0].startswith(MEMORY_LIMIT_ARG):
        limit_memory(int(args.pop(0).removeprefix(MEMORY_LIMIT_ARG)))
    try:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    except OSError:
        pass  # Not a session leader or not a tty: the app still runs, resize comes in-band.
    os.execv(sys.executable, [sys.executable, "-m", "tui", *args])


if __name__ == "__main__":
    main()
