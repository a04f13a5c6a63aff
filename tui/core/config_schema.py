"""What `config.toml` may hold, declared once with pydantic, and its problems in plain words.

The config is checked the way the dataset is: a pydantic model whose annotations are the rules
(types, the tab names, "no control characters", no unknown key), and every problem reported at
once with its dotted path (`keymap.quit`) and a "did you mean" for a misspelt key. A bad value
never costs the good ones: it is reported and left out, and the rest of the file still applies.

Imported only when a config file is new or changed: `tui.core.config` caches the verdict by the
file's bytes, so pydantic's import is not paid by every start.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from tui.core.files import has_controls
from tui.core.places import TABS, TabName
from tui.core.suggest import did_you_mean

KEYMAP_EXAMPLE = 'e.g. quit = "ctrl+q"'

_EXPECTED: dict[str, str] = {
    "theme": "expected a theme name",
    "default_tab": f"expected one of {', '.join(TABS)}",
    "data_path": "expected a path",
    "mission": 'expected a bundled mission\'s id, e.g. "monusco-south-kivu" '
    "(minusma-tui missions lists them)",
    "export_dir": "expected a path",
    "mouse": "expected true or false",
    "keymap": f'expected a table of binding id = "key", {KEYMAP_EXAMPLE}',
}
"""What a field wants, in today's words: said whenever its value has the wrong type or choice."""
_EXPECTED_KEY = f"expected a key name in quotes, {KEYMAP_EXAMPLE}"


def _rule(test: Any, message: str) -> AfterValidator:
    """A check on an already typed value; `message` is what the user reads when it fails."""

    def check(value: Any) -> Any:
        if not test(value):
            # passed as context, not as the template: a brace in it is not a placeholder
            raise PydanticCustomError("config", "{message}", {"message": message})
        return value

    return AfterValidator(check)


def _not_blank(value: str) -> bool:
    return bool(value.strip())


def _no_controls(value: str) -> bool:
    return not has_controls(value)


ThemeName = Annotated[
    StrictStr,
    _rule(_not_blank, _EXPECTED["theme"]),
    _rule(_no_controls, _EXPECTED["theme"]),
]
PathText = Annotated[
    StrictStr,
    _rule(_not_blank, "expected a path"),
    # it would be shown, raw, in the export dialog's path
    _rule(_no_controls, "a path with control characters is not supported"),
]
"""A path as written: `tui.core.config` expands `~` (the verdict is cached; a home may move)."""
BindingId = Annotated[
    StrictStr, _rule(_no_controls, "a binding id with control characters names no binding")
]


def _mission_id(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) is not None


MissionId = Annotated[StrictStr, _rule(_mission_id, _EXPECTED["mission"])]
"""A bundled mission's id as written; `tui.core.config` checks that one ships (not cached)."""
KeyName = Annotated[
    StrictStr,
    _rule(_not_blank, _EXPECTED_KEY),
    # a key name with a control character names no key, and the footer would print it raw
    _rule(_no_controls, "a key name with control characters names no key"),
]


class ConfigFile(BaseModel):
    """The keys of config.toml. Every one is optional; what is left out keeps its default."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    theme: ThemeName | None = Field(None, description="A Textual theme, e.g. nord.")
    default_tab: TabName = Field("overview", description="The tab shown at start.")
    data_path: PathText | None = Field(None, description="The dataset to open.")
    mission: MissionId | None = Field(
        None, description="The bundled mission to open (the last chosen): an id."
    )
    export_dir: PathText | None = Field(None, description="Where exports go.")
    mouse: StrictBool = Field(True, description="Whether the mouse is used.")
    keymap: dict[BindingId, KeyName] = Field(
        default_factory=dict, description='Binding id = "key", e.g. quit = "ctrl+q".'
    )


def validate(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The usable settings in `raw`, and each problem as (dotted path, message), in file order.

    Each bad value (a top-level key, or one `[keymap]` entry) is left out and the rest checked
    again, so the good values still apply.
    """
    data = dict(raw)
    found: list[tuple[str, str]] = []
    for _attempt in range(3):  # a second pass sees only good values; a third is a safeguard
        try:
            parsed = ConfigFile.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            found += [(_where(error["loc"]), _message(error)) for error in errors]
            for error in errors:
                _drop(data, error["loc"])
            continue
        order = {key: i for i, key in enumerate(raw)}
        found.sort(key=lambda problem: order.get(problem[0].split(".", 1)[0], len(order)))
        return {name: getattr(parsed, name) for name in parsed.model_fields_set}, found
    return {}, found


def _where(loc: tuple[int | str, ...]) -> str:
    """`keymap.quit` for ("keymap", "quit") and for the key error ("keymap", "quit", "[key]")."""
    return ".".join(str(part) for part in loc[:2])


def _message(error: ErrorDetails) -> str:
    loc = error["loc"]
    if error["type"] == "config":  # our own rule: its message is already in the user's words
        return error["msg"]
    if error["type"] == "extra_forbidden":
        key = str(loc[0])
        return f"unknown key {key!r}" + did_you_mean(key, ConfigFile.model_fields)
    if loc[0] == "keymap" and len(loc) > 1:
        return _EXPECTED_KEY
    return _EXPECTED.get(str(loc[0]), error["msg"])


def _drop(data: dict[str, Any], loc: tuple[int | str, ...]) -> None:
    """Leave out the value at `loc`: one entry of a table, or the whole top-level key."""
    top = str(loc[0])
    inner = data.get(top)
    if len(loc) > 1 and isinstance(inner, dict):
        data[top] = {key: value for key, value in inner.items() if key != loc[1]}
    else:
        data.pop(top, None)
