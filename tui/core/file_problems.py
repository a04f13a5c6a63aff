"""Pydantic's errors in the words of the person editing `withdrawal.toml`.

Every problem is worded as the loader always worded it: `Says` beside each kind of value
(`tui.core.value_kinds`) holds its words, and `validate()` turns pydantic's errors into them,
with a dotted path (`sites[8].contingents[0].figure`) and "did you mean" for an unknown key.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Annotated, Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from typing_extensions import NotRequired

from tui.core.dataset_file import DatasetFile, adapter, field_types
from tui.core.suggest import did_you_mean
from tui.core.value_kinds import SINCE_WORDS, Says, type_name

Found = tuple[str, str]
"""One problem: (dotted path, message). The loader adds the file."""


_TYPE_ERRORS = {
    "string_type",
    "int_type",
    "float_type",
    "bool_type",
    "date_type",
    "tuple_type",
    "dataclass_type",
    "dict_type",
}


def validate(raw: Any) -> tuple[DatasetFile | None, list[Found]]:
    """The validated file, or every problem with its values (in the order pydantic finds them)."""
    try:
        return adapter().validate_python(raw), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    deeper = {e["loc"][:n] for e in errors for n in range(len(e["loc"]))}
    found = [
        _found(e)
        for e in errors
        # "needs at least one" is no news when an item in it is wrong: that item is reported
        if not (e["type"] == "too_short" and e["loc"] in deeper)
    ]
    return None, list(dict.fromkeys(found))


def _found(error: ErrorDetails) -> Found:
    loc = error["loc"]
    if len(loc) >= 3 and isinstance(loc[-1], int) and loc[-2] == "sources":
        # one source id of a record's list (not one of the top level's [[sources]] tables):
        # said of the list, as "item 2: ..."
        return dotted(loc[:-1]), f"item {loc[-1]}: {_words(error)}"
    return dotted(loc) or "(top level)", _words(error)


def _words(error: ErrorDetails) -> str:
    """One pydantic error in the words the loader has always used."""
    loc, kind, value = error["loc"], error["type"], error["input"]
    if kind == "dataset":
        return str(error.get("ctx", {})["message"])
    if kind == "missing" and loc[-1] == "since":
        return f"missing required key 'since': every fact needs {SINCE_WORDS}"
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        known = _fields_of(_locate(loc[:-1]))
        return f"unknown key {loc[-1]!r}" + did_you_mean(str(loc[-1]), known or ())
    says = _says(_locate(loc))
    if kind in _TYPE_ERRORS:
        if says is not None and says.wrong_type is not None:
            return says.wrong_type(value)
        if says is not None and says.expected is not None:
            return f"expected {says.expected}, got {type_name(value)}"
        if kind == "tuple_type":
            return f"expected a list of tables ([[{dotted(loc)}]]), got {type_name(value)}"
        return f"expected a table, got {type_name(value)}"
    if says is not None and says.invalid is not None:
        return says.invalid(error)
    return error["msg"]  # pragma: no cover - every kind of value has its words above


def dotted(loc: tuple[int | str, ...]) -> str:
    """`("sites", 8, "contingents", 0, "figure")` → `sites[8].contingents[0].figure`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part:
            path += f".{part}" if path else part
    return path


def _strip(tp: Any) -> Any:
    """The type under `Annotated[...]` and `NotRequired[...]`."""
    while typing.get_origin(tp) in (Annotated, NotRequired):
        tp = typing.get_args(tp)[0]
    return tp


def _fields_of(tp: Any) -> dict[str, Any] | None:
    tp = _strip(tp)
    if tp is DatasetFile:
        return typing.get_type_hints(DatasetFile, include_extras=True)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return field_types(tp)
    return None


def _locate(loc: tuple[int | str, ...]) -> Any:
    """The refined type at a place in the file (None past what the schema knows)."""
    tp: Any = DatasetFile
    for part in loc:
        if isinstance(part, int):
            args = typing.get_args(_strip(tp))
            tp = args[0] if args else None
        else:
            tp = (_fields_of(tp) or {}).get(part)
        if tp is None:
            return None
    return tp


def _says(tp: Any) -> Says | None:
    while typing.get_origin(tp) in (Annotated, NotRequired):
        for meta in reversed(typing.get_args(tp)[1:]):
            if isinstance(meta, Says):
                return meta
        tp = typing.get_args(tp)[0]
    return None
