"""Entry point of a served session's app: take the pty as controlling terminal, then run the CLI.

The server starts this with `start_new_session=True` (a new session, no controlling terminal) and
the pty slave on fds 0-2. Making the pty the controlling terminal here, rather than in a
`preexec_fn`, keeps Python code out of the fork of a process that has threads. With it, the kernel
sends SIGHUP when the pty's master closes (the server died), and SIGWINCH on every resize.
"""

from __future__ import annotations

import fcntl
import sys
import termios


def main() -> int:
    try:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    except OSError:
        pass  # Not a session leader or not a tty: the app still runs, resize comes in-band.
    from tui.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
