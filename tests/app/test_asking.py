"""A cursor's asks (tui/widgets/asking.py): the echo of an older ask never moves it back."""

from __future__ import annotations

from tui.widgets.asking import Asks


def test_an_older_echo_is_stale_the_latest_is_not() -> None:
    asks = Asks()
    asks.ask("a")
    asks.ask("b")
    assert asks.latest("x") == "b"
    assert asks.is_stale_echo("a")  # the cursor is on b already: leave it there
    assert not asks.is_stale_echo("b")  # caught up
    assert asks.latest("x") == "x"


def test_a_value_from_elsewhere_clears_the_asks() -> None:
    asks = Asks()
    asks.ask("a")
    assert not asks.is_stale_echo("n-key")  # `n` moved the selection: the cursor follows it
    assert asks.latest(None) is None
    assert not asks.is_stale_echo(None)
