"""What a cursor asked the app to select and the app has not yet echoed back.

A table's cursor moves at once; the selection it asks for (`SelectSite`) reaches the app a few
messages later, and comes back down as the app's new `selected_site`. In a burst of keys the
cursor has moved on by then: moving it back to that older value would undo a key. `Asks`
remembers the values asked for, so the echo of an older one is recognised and left alone.
"""

from __future__ import annotations


class Asks:
    """The values asked for, oldest first, not yet seen come back."""

    def __init__(self) -> None:
        self._pending: list[str] = []

    def ask(self, value: str) -> None:
        self._pending.append(value)

    def latest(self, default: str | None) -> str | None:
        """The value last asked for (where the cursor is), else `default` (the app's)."""
        return self._pending[-1] if self._pending else default

    def is_stale_echo(self, value: str | None) -> bool:
        """Whether the app's new `value` is the echo of an ask a later one has overtaken (the
        cursor should stay where it is). Any other value clears what was pending: it came from
        elsewhere (`n`, a drill-down), and the cursor follows it."""
        if value is None or value not in self._pending:
            self._pending.clear()
            return False
        del self._pending[: self._pending.index(value) + 1]
        return bool(self._pending)
