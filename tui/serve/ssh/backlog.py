"""How much of a session's output its client has not taken yet: the measure of a client that does
not read, for back pressure, the stall timeout and the idle timeout (`tui.serve.ssh.session`).

SSH flow control alone does not bound it: a client may announce a window of 4 GiB and then stop
reading its socket, and asyncssh, which ignores its transport's `pause_writing`, queues whatever
the session writes. So the backlog counts the bytes wherever they wait on this side:

- in the channel, for the client's SSH window (`get_write_buffer_size`, public);
- in asyncio's transport, for the socket (only reachable as asyncssh's `_transport`; read here
  alone, and a missing attribute counts 0, which test_ssh_output.py would catch);
- in the kernel's send queue, sent but not yet acknowledged by the client's TCP (`SIOCOUTQ`,
  Linux; 0 where the ioctl does not exist).

Once the backlog is back to zero, everything the server sent has reached the client.
"""

from __future__ import annotations

import contextlib
import fcntl
import struct
import termios
from typing import Literal, Protocol

SIOCOUTQ = getattr(termios, "TIOCOUTQ", None)
"""Linux's SIOCOUTQ (bytes in a socket's send queue) has the number of TIOCOUTQ."""


class _Connection(Protocol):
    def get_extra_info(self, name: str, default: object = None) -> object: ...


class Channel(Protocol):
    """What the backlog needs of an asyncssh channel."""

    def get_write_buffer_size(self) -> int: ...
    def get_connection(self) -> _Connection: ...


def output_backlog(chan: Channel) -> int:
    """Bytes written to `chan` (and to its connection) that its client has not acknowledged."""
    conn = chan.get_connection()
    return chan.get_write_buffer_size() + transport_buffered(conn) + kernel_unacknowledged(conn)


def transport_buffered(conn: object) -> int:
    """Bytes asyncio holds for the connection's socket (the socket's buffer was full)."""
    transport = getattr(conn, "_transport", None)
    size = getattr(transport, "get_write_buffer_size", None)
    return int(size()) if callable(size) else 0


def kernel_unacknowledged(conn: _Connection) -> int:
    """Bytes in the kernel's send queue of the connection's socket: not yet acknowledged."""
    sock = conn.get_extra_info("socket")
    if SIOCOUTQ is None or sock is None:
        return 0
    with contextlib.suppress(OSError, ValueError):
        fd = sock.fileno()  # type: ignore[attr-defined]
        if fd >= 0:
            return int(struct.unpack("i", fcntl.ioctl(fd, SIOCOUTQ, b"\0\0\0\0"))[0])
    return 0


Verdict = Literal["take", "hold", "stalled"]


class OutputGate:
    """When a session stops taking its app's output, takes it again, or gives up on the client.

    Above `high` bytes of backlog the session holds the app's output (it stops reading the pty,
    so the app blocks on its next write and grows no queue) and its input (an app that cannot
    draw gets no keys). At `high // 4` or less it takes them again. A client that, while held,
    acknowledges nothing for `timeout` seconds (the backlog never goes below its lowest since
    the hold began) is stalled: it gets disconnected. Plain numbers in, a verdict out.
    """

    def __init__(self, high: int, timeout: float) -> None:
        self.high = high
        self.low = high // 4
        self.timeout = timeout
        self.held = False
        self._lowest = 0
        self._progress_at = 0.0

    def keeping_up(self, backlog: int) -> bool:
        """The client has taken (nearly) all the output: at most `low` bytes wait for it."""
        return backlog <= self.low

    def update(self, backlog: int, now: float) -> Verdict:
        if not self.held:
            if backlog <= self.high:
                return "take"
            self.held = True
            self._lowest, self._progress_at = backlog, now
            return "hold"
        if backlog <= self.low:
            self.held = False
            return "take"
        if backlog < self._lowest:
            self._lowest, self._progress_at = backlog, now
        return "stalled" if now - self._progress_at >= self.timeout else "hold"
