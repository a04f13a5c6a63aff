"""The one place that touches Textual's private names (checked by tests/app/test_compat.py).

Each wrapper says what it needs and why no public API does it. A Textual upgrade that removes
one fails that test loudly instead of a user's session quietly.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.app import App
from textual.notifications import Notification, Notify
from textual.widgets._footer import FooterKey

__all__ = ["PRIVATE_NAMES", "FooterKey", "notify_replacing"]
"""`FooterKey`: one key of Textual's Footer, not exported by `textual.widgets`; the footer
(tui/widgets/footer.py) draws keys the focused text field has but Textual's Input shows none
of. A Textual that moves it fails this import, loudly."""

PRIVATE_NAMES = {
    App: ("_unnotify",),
}
"""Textual names used here, by class (the test checks each still exists)."""

_last: WeakKeyDictionary[App[object], dict[str, Notification]] = WeakKeyDictionary()


def notify_replacing(
    app: App[object], key: str, message: str, *, timeout: float = 2.0, markup: bool = False
) -> None:
    """A toast that replaces the previous one with the same `key`: seven quick `s` presses
    show one "Sorted by …" toast, not seven stacked over the pane. (`App.notify` returns no
    handle, and Textual has no public way to withdraw one notification.)"""
    shown = _last.setdefault(app, {})
    previous = shown.get(key)
    if previous is not None:
        app._unnotify(previous)
    notification = Notification(message, "", "information", timeout, markup=markup)
    shown[key] = notification
    app.post_message(Notify(notification))
