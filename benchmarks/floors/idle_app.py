# Vendored from the team's reference floors (shared/bench/idle_app.py), unchanged but for
# ruff formatting. The project is measured as a ratio to these, in the same run.
"""An app that does nothing on a key press: the Pilot's own overhead per press."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Idle(App):
    def compose(self) -> ComposeResult:
        yield Static("IDLE-READY")
