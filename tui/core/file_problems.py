"""Pydantic's errors in the words of the person editing `withdrawal.toml`.

Every problem is worded as the loader always worded it: `Says` beside each kind of value
(`tui.core.value_kinds`) holds its words, and `validate()` turns pydantic's errors into them,
each at its place in the file (`("sites", 8, "contingents", 0, "figure")`) with "did you mean"
for an unknown key. `Names` writes a place as a path that names each record by its id
(`sites[ansongo].contingents[0].figure`); the loader adds the file, the line and the column.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from typing_extensions import NotRequired

from tui.core.dataset_file import DatasetFile, adapter, field_types
from tui.core.suggest import did_you_mean
from tui.core.value_kinds import SINCE_WORDS, SOURCE_ID_PATTERN, Says, shown, type_name

if TYPE_CHECKING:  # the scanner is imported only when a problem is placed
    from tui.core.toml_positions import Loc


@dataclass(frozen=True, slots=True)
class Found:
    """One problem: where it is and what is wrong. The loader adds the file, the line and the
    column, and writes `loc` as a path with the records' ids."""

    loc: Loc
    message: str
    at: Loc | None = None
    """The place to point at, if not `loc`: the table a missing key belongs in."""
    on_key: bool = False
    """Point at the key, not at its value (an unknown key)."""
    first: Loc | None = None
    """The earlier place a duplicate repeats: the loader says where it is."""

    @property
    def spot(self) -> Loc:
        return self.loc if self.at is None else self.at


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
    loc = tuple(error["loc"])
    if error["type"] == "missing":
        return Found(loc, _words(error), at=loc[:-1])  # points at the table it belongs in
    on_key = error["type"] in ("unexpected_keyword_argument", "extra_forbidden")
    return Found(loc, _words(error), on_key=on_key)


def _words(error: ErrorDetails) -> str:
    """One pydantic error in the words the loader has always used."""
    loc, kind, value = error["loc"], error["type"], error["input"]
    if kind == "dataset":
        return str(error.get("ctx", {})["message"])
    if kind == "missing" and loc[-1] == "since":
        return f"missing required key 'since': every fact needs {SINCE_WORDS}"
    if kind == "missing":
        return f"missing required key {shown(loc[-1])}"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        known = _fields_of(_locate(loc[:-1]))
        return f"unknown key {shown(loc[-1])}" + did_you_mean(str(loc[-1]), known or ())
    says = _says(_locate(loc))
    if kind in _TYPE_ERRORS:
        if says is not None and says.wrong_type is not None:
            return says.wrong_type(value)
        if says is not None and says.expected is not None:
            return f"expected {says.expected}, got {type_name(value)}"
        if kind == "tuple_type":
            header = ".".join(part for part in loc if isinstance(part, str))
            return f"expected a list of tables ([[{header}]]), got {type_name(value)}"
        return f"expected a table, got {type_name(value)}"
    if says is not None and says.invalid is not None:
        return says.invalid(error)
    return error["msg"]  # pragma: no cover - every kind of value has its words above


_DOTTED_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def loc_of(path: str) -> Loc:
    """`sites[8].contingents[0]` → `("sites", 8, "contingents", 0)`, for the paths the model
    writes (`Dataset.facts()`), whose keys are the schema's."""
    return tuple(int(index) if index else key for key, index in _DOTTED_PART.findall(path))


_NAMEABLE = re.compile(SOURCE_ID_PATTERN)


class Names:
    """Writes a place in the file as a path that names each record by its id where it has
    one: `sites[ansongo].states[0].state`, not `sites[8].states[0].state`.

    A record is named by its `id` when that is text an id may be and no other record of its
    list has it (a duplicate keeps its index, which tells the two apart); a record without an
    id (a state, a contingent, an event) keeps its index, counted from 0. `top` is the parsed
    file or the validated one: records are dicts in one and dataclasses in the other.
    """

    def __init__(self, top: Any) -> None:
        self.top = top
        self.unique: dict[int, set[str]] = {}
        """Per list (by id()), the ids its records have once only."""

    def path(self, loc: Loc) -> str:
        node: Any = self.top
        path = ""
        for part in loc:
            if isinstance(part, int):
                name = self._name(node, part)
                path += f"[{part if name is None else name}]"
                node = node[part] if _indexable(node, part) else None
            elif part:
                path += f".{part}" if path else part
                node = _child(node, part)
        return path or "(top level)"

    def _name(self, records: Any, index: int) -> str | None:
        if not _indexable(records, index):
            return None
        name = _id_of(records[index])
        if name is None:
            return None
        key = id(records)
        if key not in self.unique:
            seen: dict[str, int] = {}
            for record in records:
                other = _id_of(record)
                if other is not None:
                    seen[other] = seen.get(other, 0) + 1
            self.unique[key] = {other for other, count in seen.items() if count == 1}
        return name if name in self.unique[key] else None


def _indexable(node: Any, index: int) -> bool:
    return isinstance(node, (list, tuple)) and 0 <= index < len(node)


def _child(node: Any, key: str) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    return getattr(node, key, None) if dataclasses.is_dataclass(node) else None


def _id_of(record: Any) -> str | None:
    name = _child(record, "id")
    return name if isinstance(name, str) and _NAMEABLE.match(name) else None


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
