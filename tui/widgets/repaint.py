"""Partial repaints that cannot be lost.

The line-API widgets (the site table, the detail pane) repaint only the lines that changed: on
an SSH link that is most of the bytes a key costs. But Textual keeps each widget's painted lines
and repaints only the regions marked dirty, clipped to the widget's size, and a widget in a
hidden tab has no size: a partial repaint marked while it is hidden is dropped, and the widget
shows its old lines when it comes back (a detail pane titled Goundam with Ber's body). So a
partial repaint is only asked for when the widget is on screen; otherwise all of it is.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def repaint_window_lines(widget: Widget, top: int, count: int = 1) -> None:
    """Repaint `count` lines from `top` in the widget's window (0 is its first visible line),
    or the whole widget when it is not laid out on screen."""
    if not widget.size.area:
        widget.refresh()
        return
    if count <= 0 or top >= widget.size.height or top + count <= 0:
        return
    widget.refresh(Region(0, top, widget.size.width, count))


def repaint_all_unless_shown(widget: Widget) -> bool:
    """Repaint the whole widget if it has no size on screen; True if it did (nothing else to
    mark). For partial repaints that are computed from the visible window."""
    if widget.size.area:
        return False
    widget.refresh()
    return True
