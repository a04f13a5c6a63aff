"""The output backlog's parts and the gate that decides on it (tui/serve/ssh/backlog.py).

The server-level behaviour is in test_ssh_output.py; these pin the rules themselves: when the
gate holds, when it lets go, when a client counts as stalled, and what the kernel's part reads.
"""

from __future__ import annotations

import socket
import sys

import pytest

from tui.serve.ssh.backlog import OutputGate, kernel_unacknowledged, transport_buffered

KiB = 1024


def test_the_gate_holds_above_the_high_mark_and_lets_go_at_a_quarter() -> None:
    gate = OutputGate(256 * KiB, timeout=60.0)
    assert gate.update(256 * KiB, now=0.0) == "take"  # at the mark: still taken
    assert gate.update(256 * KiB + 1, now=0.0) == "hold"
    assert gate.update(100 * KiB, now=1.0) == "hold"  # going down, but not low enough yet
    assert gate.update(64 * KiB, now=2.0) == "take"
    assert not gate.held


def test_a_client_is_stalled_only_after_timeout_seconds_without_progress() -> None:
    gate = OutputGate(256 * KiB, timeout=60.0)
    gate.update(300 * KiB, now=0.0)
    assert gate.update(300 * KiB, now=59.0) == "hold"
    assert gate.update(299 * KiB, now=59.5) == "hold"  # it took 1 KiB: the clock restarts
    assert gate.update(299 * KiB, now=119.0) == "hold"
    # More queued (a note, a keepalive) is no progress: only a new lowest is.
    assert gate.update(310 * KiB, now=110.0) == "hold"
    assert gate.update(299 * KiB, now=119.5) == "stalled"


def test_input_counts_only_while_the_client_keeps_up() -> None:
    gate = OutputGate(256 * KiB, timeout=60.0)
    assert gate.keeping_up(0)
    assert gate.keeping_up(64 * KiB)
    assert not gate.keeping_up(64 * KiB + 1)


def test_transport_buffered_reads_nothing_it_does_not_find() -> None:
    assert transport_buffered(object()) == 0


class _Conn:
    def __init__(self, sock: socket.socket | None) -> None:
        self.sock = sock

    def get_extra_info(self, name: str, default: object = None) -> object:
        return self.sock if name == "socket" else default


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIOCOUTQ is Linux's")
def test_the_kernel_part_counts_what_the_peer_has_not_acknowledged() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    sender = socket.create_connection(listener.getsockname())
    receiver, _ = listener.accept()
    try:
        receiver.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        assert kernel_unacknowledged(_Conn(sender)) == 0
        sender.setblocking(False)
        sent = 0
        try:
            while True:  # until the peer's window and our buffer are full: it reads nothing
                sent += sender.send(b"x" * 65536)
        except BlockingIOError:
            pass
        queued = kernel_unacknowledged(_Conn(sender))
        assert 0 < queued <= sent
    finally:
        for sock in (sender, receiver, listener):
            sock.close()
    assert kernel_unacknowledged(_Conn(None)) == 0
