"""Coalesce an expensive repaint while its trigger repeats: a held key updates it once, not per key.

A held Down key in the Bases table moves the cursor 25-40 times a second. The cursor row is two
lines, but the detail pane beside it is the whole site (about 30 changed lines, ~5 KB on the
wire per key): redrawn for every site passed over, it made a held key write several times what a
bare table does, for panes nobody can read at that speed. So the cursor moves at once and the
pane catches up when the keys stop.

The rule: a request that comes alone (none in the last `burst` seconds) runs at once, so a single
key, a palette jump or a new date shows its result in the same frame as before. A request that
follows another within `burst` is held back, and only the latest one runs, `delay` seconds after
the last request. With `delay` 0 every request runs at once (the app under `run_test`, where
Pilot waits for the app to be idle between keys and tests read the pane straight after).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

PANE_DELAY = 0.08
"""Seconds after the last of a burst of requests until the latest one runs."""
BURST = 0.12
"""Requests closer together than this are a burst (a held key repeats every 25-40 ms)."""


class Coalescer:
    """Run the latest of a burst of requests once the burst is over; a lone request at once."""

    def __init__(
        self,
        owner: MessagePump,
        *,
        delay: float = PANE_DELAY,
        burst: float = BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.owner = owner
        self.delay = delay
        self.burst = burst
        self._clock = clock
        self._last = float("-inf")
        self._pending: Callable[[], None] | None = None
        self._timer: Timer | None = None
        self.runs = 0
        """How many requests have run (tests count repaints with it)."""

    @property
    def pending(self) -> bool:
        """A request is waiting for its burst to end."""
        return self._pending is not None

    def request(self, update: Callable[[], None]) -> None:
        """Run `update` now, or (in a burst) later in place of any request still waiting."""
        now = self._clock()
        in_burst = now - self._last < self.burst
        self._last = now
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.delay <= 0 or not in_burst:
            self._pending = None
            self._run(update)
            return
        self._pending = update
        self._timer = self.owner.set_timer(self.delay, self.flush, name="coalesce")

    def flush(self) -> None:
        """Run the request that is waiting, if any, now."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        update, self._pending = self._pending, None
        if update is not None:
            self._run(update)

    def _run(self, update: Callable[[], None]) -> None:
        self.runs += 1
        update()
