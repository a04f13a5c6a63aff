"""The mission picker (`M`): the bundled missions, to show one instead of the mission shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.mission_files import same_file

if TYPE_CHECKING:
    from tui.core.mission_files import MissionFile


class MissionPicker(ModalScreen["str | None"]):
    """The bundled missions, the one shown marked; enter shows the one under the cursor."""

    DEFAULT_CSS = """
    MissionPicker {
        align: center middle;
    }
    #mission-dialog {
        width: 90%;
        max-width: 72;
        height: auto;
        border: round $accent;
        border-title-align: center;
        border-title-style: bold;
        border-subtitle-align: right;
        padding: 0 1;
        background: $surface;
    }
    #mission-list {
        height: auto;
        max-height: 12;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", key_display="esc", id="mission-cancel"),
    ]

    def __init__(self, missions: Sequence[MissionFile], shown: str) -> None:
        super().__init__()
        self.missions = tuple(missions)
        self.shown = shown
        """The file of the mission shown now."""

    def compose(self) -> ComposeResult:
        options = []
        for mission in self.missions:
            here = same_file(mission.path, self.shown)
            label = Text.assemble((mission.name, "bold"), f" ({mission.place})")
            if here:
                label.append("  shown now", style="dim")
            options.append(Option(label, id=mission.id))
        with Vertical(id="mission-dialog") as dialog:
            dialog.border_title = "Mission"
            dialog.border_subtitle = "enter show · esc cancel"
            yield OptionList(*options, id="mission-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#mission-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
