"""Go to anything (`:`) and set the date (`d`): one small prompt, and the rules for what a
query names.

A query names a site (its id or name, case and accents ignored: `:menaka` is Ménaka), a source
cited on the as-of date (`:S03`), a date within the dataset (`:2023-11-20`), a tab (`:map`) or a
bundled mission (`:monusco`: the dashboard switches to it).
The same rules serve the prompt, its completion and the command palette (tui/commands.py), so
what `:` finds and what ctrl+p finds never differ. A query that names nothing gets the project's
one "did you mean" (tui/core/suggest.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.navigation import Kind, Target
from tui.core.sorting import fold
from tui.core.suggest import closest
from tui.core.tabs import TAB_TITLES, TABS
from tui.render.words import fmt_date

if TYPE_CHECKING:
    from tui.core.mission_files import MissionFile
    from tui.core.model import Snapshot

ALL_KINDS: tuple[Kind, ...] = ("site", "source", "date", "tab", "mission")
HINTS = 6
"""Matches listed under the prompt (enter opens the first)."""


def date_bounds(snap: Snapshot) -> tuple[dt.date, dt.date]:
    """The first and last dates the dataset has something on (the `[`/`]` stops' ends)."""
    steps = snap.dataset.steps
    if not steps:
        return snap.as_of, snap.as_of
    return steps[0], steps[-1]


UNPADDED = re.compile(r"(?<=[A-Za-z])0+(?=[0-9])")
"""The zeros that pad a source id's number (S03 → S3)."""


def mission_targets(missions: Sequence[MissionFile], shown: str) -> tuple[Target, ...]:
    """The bundled missions as places to go (the one whose file is `shown` says so)."""
    from tui.core.mission_files import same_file

    return tuple(
        Target(
            "mission",
            m.id,
            m.title,
            "shown now" if same_file(m.path, shown) else "switch the dashboard to it",
        )
        for m in missions
    )


def targets(
    snap: Snapshot, kinds: tuple[Kind, ...] = ALL_KINDS, missions: Sequence[Target] = ()
) -> list[Target]:
    """Every named place, sites first (in closure order), then sources, tabs, missions and
    dated steps (`missions`: `mission_targets`, which a snapshot does not know)."""
    found: list[Target] = []
    if "site" in kinds:
        found += [
            Target("site", s.id, s.name, f"{s.region} · {fmt_date(s.date)}")
            for s in snap.dataset.sites
        ]
    if "source" in kinds:
        sources = snap.dataset.sources
        found += [
            Target("source", sid, sid, f"{sources[sid].publisher} · {sources[sid].title}")
            for sid in snap.citations
            if sid in sources
        ]
    if "tab" in kinds:
        found += [
            Target("tab", tab, TAB_TITLES[tab].lower(), f"key {n}") for n, tab in enumerate(TABS, 1)
        ]
    if "mission" in kinds:
        found += missions
    if "date" in kinds:
        found += [Target("date", d.isoformat(), d.isoformat()) for d in snap.dataset.steps]
    return found


def _keys(target: Target) -> tuple[str, ...]:
    """What a query may match, folded: the label and the id (a source's also without the zeros
    before its number, as people type it: `s3` is S03, not S38)."""
    keys: tuple[str, ...] = (fold(target.label), fold(target.value))
    if target.kind == "source":
        keys += (fold(UNPADDED.sub("", target.value)),)
    if target.kind == "mission":  # its name alone, before " (South Kivu, ...)"
        keys += (fold(target.label.partition(" (")[0]),)
    return keys


def matches(
    snap: Snapshot,
    query: str,
    kinds: tuple[Kind, ...] = ALL_KINDS,
    missions: Sequence[Target] = (),
) -> list[Target]:
    """Targets the query names: exact matches first, then those starting with it, then those
    containing it (case and accents ignored). An empty query matches nothing."""
    q = fold(query.strip().removeprefix(":"))
    if not q:
        return []
    ranked: list[tuple[int, int, Target]] = []
    for index, target in enumerate(targets(snap, kinds, missions)):
        keys = _keys(target)
        if q in keys:
            rank = 0
        elif any(k.startswith(q) for k in keys):
            rank = 1
        elif any(q in k for k in keys):
            rank = 2
        else:
            continue
        ranked.append((rank, index, target))
    return [target for _, _, target in sorted(ranked, key=lambda r: (r[0], r[1]))]


def parse_date(snap: Snapshot, text: str) -> dt.date | str:
    """An ISO date within the dataset's bounds, or why it is not one (in the user's words)."""
    first, last = date_bounds(snap)
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return f"{text.strip()!r} is not a date: type it as YYYY-MM-DD (e.g. {last.isoformat()})."
    if day < first:
        return f"{day.isoformat()} is before the dataset's first date, {first.isoformat()}."
    if day > last:
        return f"{day.isoformat()} is after the dataset's last date, {last.isoformat()}."
    return day


def looks_like_date(text: str) -> bool:
    """Digits and dashes: meant as a date, so a bad one gets a date's error message."""
    text = text.strip()
    return bool(text) and text[0].isdigit() and set(text) <= set("0123456789-")


def resolve(
    snap: Snapshot,
    query: str,
    kinds: tuple[Kind, ...] = ALL_KINDS,
    missions: Sequence[Target] = (),
) -> Target | str:
    """Where the query goes, or a message saying why it goes nowhere (with "did you mean")."""
    text = query.strip().removeprefix(":").strip()
    if not text:
        offered = kinds if missions else tuple(k for k in kinds if k != "mission")
        return "Type " + _what(offered) + "."
    if kinds == ("date",) or ("date" in kinds and looks_like_date(text)):
        day = parse_date(snap, text)
        if isinstance(day, str):
            return day
        return Target("date", day.isoformat(), day.isoformat())
    found = matches(snap, text, kinds, missions)
    if found:
        return found[0]
    if "source" in kinds and text.upper() in snap.dataset.sources:
        return (
            f"{text.upper()} is cited by nothing shown on {snap.as_of.isoformat()}: "
            "a later date may show it."
        )
    names = {fold(t.label): t.label for t in targets(snap, kinds, missions) if t.kind != "date"}
    meant = closest(fold(text), names)
    if meant is None:
        return f"Nothing called {text!r}."
    return f"Nothing called {text!r}; did you mean {names[meant]!r}?"  # not "?."


def _what(kinds: tuple[Kind, ...]) -> str:
    words = {
        "site": "a site",
        "source": "a source id",
        "date": "a date",
        "tab": "a tab",
        "mission": "a mission",
    }
    parts = [words[k] for k in kinds]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def completion(
    snap: Snapshot,
    value: str,
    kinds: tuple[Kind, ...] = ALL_KINDS,
    missions: Sequence[Target] = (),
) -> str | None:
    """`value` completed to the first target whose label starts with it (as typed, so the
    input's case stays), or None."""
    q = fold(value)
    if not q:
        return None
    for target in matches(snap, value, kinds, missions):
        if fold(target.label).startswith(q) and len(target.label) > len(value):
            return value + target.label[len(value) :]
    return None


class GotoSuggester(Suggester):
    """The grey completion in the prompt (→ or tab takes it), from `completion`."""

    def __init__(self, screen: GotoScreen) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._screen = screen

    async def get_suggestion(self, value: str) -> str | None:
        screen = self._screen
        return completion(screen.snap, value, screen.kinds, screen.missions)


class GotoScreen(ModalScreen["Target | None"]):
    """A prompt for where to go; enter goes, esc cancels, a bad query keeps it open and says why.

    The matches so far are listed under the input (the first is where enter goes).
    """

    AUTO_FOCUS = "#goto-input"
    """The input has the keys as soon as the screen is up: keys typed ahead are not lost."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc", id="goto-cancel"),
        Binding("tab", "complete", "Complete", id="goto-complete"),
    ]

    def __init__(
        self,
        snap: Snapshot,
        kinds: tuple[Kind, ...] = ALL_KINDS,
        *,
        title: str = "Go to",
        initial: str = "",
        missions: Sequence[Target] = (),
    ) -> None:
        super().__init__()
        self.snap = snap
        self.kinds = kinds
        self.missions = tuple(missions)
        """The bundled missions to offer (`mission_targets`)."""
        self._title = title
        self._initial = initial

    def compose(self) -> ComposeResult:
        first, last = date_bounds(self.snap)
        bounds = f"{first.isoformat()} … {last.isoformat()}"
        if self.kinds == ("date",):
            placeholder = f"YYYY-MM-DD, {bounds}"
            intro = f"As-of date (now {self.snap.as_of.isoformat()}); the dataset runs {bounds}."
        else:
            placeholder = "ansongo, S03, 2023-11-20, map…"
            kinds = self.kinds if self.missions else tuple(k for k in self.kinds if k != "mission")
            intro = f"Go to {_what(kinds)} (dates {bounds}); tab completes."
        with Vertical(id="goto-dialog") as dialog:
            dialog.border_title = self._title
            dialog.border_subtitle = "enter go · esc cancel"
            yield Static(Text(intro), id="goto-intro")
            yield Input(
                self._initial,
                placeholder=placeholder,
                suggester=GotoSuggester(self),
                id="goto-input",
            )
            yield Static(id="goto-hints")
            yield Static(id="goto-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show_hints(self._initial)

    @on(Input.Changed, "#goto-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#goto-error", Static).update("")
        self._show_hints(event.value)

    def _show_hints(self, value: str) -> None:
        dates_only = self.kinds == ("date",)
        found = [] if dates_only else matches(self.snap, value, self.kinds, self.missions)[:HINTS]
        text = Text()
        for index, target in enumerate(found):
            text.append("→ " if index == 0 else "  ", style="bold")
            text.append(target.title, style="bold" if index == 0 else "")
            if target.help:
                text.append(f"  {target.help}", style="dim")
            text.append("\n")
        text.rstrip()
        hints = self.query_one("#goto-hints", Static)
        hints.update(text)
        hints.display = bool(found)

    def on_key(self, event: Key) -> None:
        """Keys that reach the screen before its input has the focus go into the input."""
        self.type_ahead(event)

    def type_ahead(self, event: Key) -> None:
        """A key typed before the prompt was up: into the input, and enter submits, as if the
        input had had the keys."""
        box = self.query_one(Input)
        if event.is_printable and event.character:
            event.stop()
            box.insert_text_at_cursor(event.character)
        elif event.key == "enter":
            event.stop()
            self._submit(box.value)

    @on(Input.Submitted, "#goto-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self._submit(event.value)

    def _submit(self, value: str) -> None:
        result = resolve(self.snap, value, self.kinds, self.missions)
        if isinstance(result, str):
            self.query_one("#goto-error", Static).update(Text(result, style="bold"))
            return
        self.dismiss(result)

    def action_complete(self) -> None:
        """Fill in the first match (what the grey suggestion shows)."""
        box = self.query_one(Input)
        done = completion(self.snap, box.value, self.kinds, self.missions)
        if done is not None:
            box.value = done
            box.cursor_position = len(done)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CitationPicker(ModalScreen["str | None"]):
    """The sources a detail cites, to open one on the Sources tab (`c` in the detail pane)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", key_display="esc", id="cite-cancel"),
    ]

    def __init__(self, snap: Snapshot, source_ids: tuple[str, ...], about: str) -> None:
        super().__init__()
        self.snap = snap
        self.source_ids = source_ids
        self.about = about

    def compose(self) -> ComposeResult:
        sources = self.snap.dataset.sources
        with Vertical(id="cite-dialog") as dialog:
            dialog.border_title = Text(f"Sources cited: {self.about}")
            dialog.border_subtitle = "enter open · esc cancel"
            yield OptionList(
                *(
                    Option(
                        Text.assemble((f"{sid:<8}", "bold"), " ", sources[sid].title),
                        id=sid,
                    )
                    for sid in self.source_ids
                    if sid in sources
                ),
                id="cite-list",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#cite-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
