"""Textual bindings made from the action declarations (tui/core/actions.py).

A class's `BINDINGS` is `bindings_for("bases")` (plus any keys that are not actions of ours):
the key, footer word, tooltip, id and priority all come from the one declaration, which the
palette, the help and the README read too.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.core.actions import Action, Where, actions_for


def binding(entry: Action) -> Binding:
    """One declaration as a Textual binding (its help as the tooltip the help screen reads)."""
    return Binding(
        entry.key,
        entry.action,
        entry.footer,
        show=entry.show,
        key_display=entry.key_display,
        priority=entry.priority,
        tooltip=entry.help,
        id=entry.id,
    )


def bindings_for(where: Where) -> list[BindingType]:
    """The bindings of every action declared for one place, in their declared order."""
    return [binding(entry) for entry in actions_for(where)]
