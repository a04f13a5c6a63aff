"""The dataset's schema, declared once: what each key of `withdrawal.toml` may hold, and the rules
that tie records together.

The shape (which keys a table has, which are optional, their Python types) is the model's own
dataclasses in `tui.core.model`; this module adds only what a Python type cannot say, as pydantic
annotations: text is never empty, ids follow a pattern, counts are not negative, a latitude is a
latitude, `status` is one of two words. From that one declaration come the validator (pydantic,
which builds the model's dataclasses directly), the JSON Schema that editors check the file
against (`minusma-tui schema`, shipped as `withdrawal.schema.json`) and `data/SCHEMA.md`.

What a single value cannot show (ids unique, references that resolve, sites in closure order,
totals that add up) are the RULES at the end, one function per rule, run once every value passed.

Every problem is worded as the loader always worded it: `Says` beside each kind of value holds
its words, and `problems()` turns pydantic's errors into them, with a dotted path
(`sites[8].contingents[0].figure`) and "did you mean" for an unknown key.

Run `python -m tui.core.schema --write` after changing a rule here or a field of the model: it
rewrites `data/withdrawal.schema.json` and `data/SCHEMA.md` (a test fails while they are stale).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    Strict,
    TypeAdapter,
    ValidationError,
    with_config,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreConfig, ErrorDetails, PydanticCustomError, core_schema
from typing_extensions import NotRequired, TypedDict

from tui.core.files import visible
from tui.core.model import (
    SCHEMA_VERSION,
    SINCE_CLOSURE,
    SINCE_REPORTED,
    ArmedGroup,
    Claim,
    Contingent,
    CountryName,
    Dataset,
    Dispute,
    Event,
    KeyDate,
    Mission,
    PersonnelSnapshot,
    Phase,
    Project,
    Site,
    Source,
    StateChange,
    since_date,
)
from tui.core.suggest import did_you_mean

SCHEMA_FILE = "withdrawal.schema.json"
"""The JSON Schema's file name, beside `withdrawal.toml` in `data/` and in the installed package."""

Found = tuple[str, str]
"""One problem: (dotted path, message). The loader adds the file."""


# --- the words --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Says:
    """How a problem with one kind of value is put to the person editing the file.

    Pydantic ignores this annotation; `problems()` finds it beside the value's type.
    """

    expected: str | None = None
    """What the value should be: "expected {expected}, got text". None: a table or tables."""
    invalid: Callable[[ErrorDetails], str] | None = None
    """The words when the value has the right type but is not allowed (a range, a pattern)."""
    wrong_type: Callable[[Any], str] | None = None
    """Words of its own for a value of the wrong type (a date given as quoted text)."""


def type_name(value: Any) -> str:
    """A TOML value's type, in the words of a person editing the file."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


EMPTY = "must not be empty (leave the key out if it is unknown)"


def _custom(message: str) -> PydanticCustomError:
    """An error raised by a validator below, its message already in the user's words."""
    return PydanticCustomError("dataset", "{message}", {"message": message})


# --- the kinds of value -----------------------------------------------------------------------
# Patterns are written for pydantic's regex engine and JSON Schema's alike: [0-9], never \d.

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"


def _pattern_says(what: str, rule: str) -> Callable[[ErrorDetails], str]:
    def invalid(error: ErrorDetails) -> str:
        value = error["input"]
        if isinstance(value, str) and not value.strip():
            return EMPTY
        return f"{value!r} is not a valid {what}: use {rule}"

    return invalid


Text = Annotated[
    str, Strict(), Field(pattern=r"\S"), AfterValidator(visible), Says("text", lambda e: EMPTY)
]
"""Text, not blank; control characters made visible (a value can never drive the terminal)."""

Id = Annotated[
    str,
    Strict(),
    Field(pattern=ID_PATTERN),
    Says("text", _pattern_says("id", "lower-case letters, digits and '-'")),
]
SourceId = Annotated[
    str,
    Strict(),
    Field(pattern=SOURCE_ID_PATTERN),
    Says("text", _pattern_says("source id", "letters, digits, '.', '_', '-'")),
]
SourceIds = Annotated[
    tuple[SourceId, ...],
    Field(min_length=1, description='ids from [[sources]], at least one: ["S01", "S02"]'),
    Says('a list of source ids like ["S01"]', lambda e: "every fact needs at least one source id"),
]


def count(minimum: int = 0) -> Any:
    """A whole number, at least `minimum` (TOML's true and false are not numbers here)."""
    return Annotated[
        int,
        Strict(),
        Field(ge=minimum),
        Says("a whole number", lambda e: f"must be at least {minimum}, got {e['input']}"),
    ]


def degrees(low: float, high: float) -> Any:
    """A number from `low` to `high` (a whole number will do; nan will not)."""
    return Annotated[
        float,
        Strict(),
        Field(ge=low, le=high, allow_inf_nan=False),
        Says("a number", lambda e: f"must be between {low:g} and {high:g}, got {e['input']}"),
    ]


def choice(options: Any) -> Any:
    """One of a `Literal`'s words."""
    wanted = ", ".join(repr(o) for o in typing.get_args(options))

    def invalid(error: ErrorDetails) -> str:
        value = error["input"]
        if isinstance(value, str):
            return f"{value!r} is not one of {wanted}"
        return f"expected one of {wanted}, got {type_name(value)}"

    return Annotated[options, Says(invalid=invalid)]


Flag = Annotated[bool, Strict(), Says("true or false")]


def _date_wrong_type(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return "expected a date like 2023-11-18, got a date-time"
    if isinstance(value, str) and _partial(value.strip()):
        return f"expected a date without quotes, like 2023-11-18, got the text {value!r}"
    return f"expected a date like 2023-11-18, got {type_name(value)}"


Date = Annotated[dt.date, Strict(), Says(wrong_type=_date_wrong_type)]
"""A TOML local date, unquoted: `2023-11-18`."""


def _partial(value: str) -> bool:
    return re.match(PARTIAL_DATE_PATTERN, value) is not None


def _isoformat(value: Any) -> Any:
    """A full TOML date becomes its text, so a partial date is always "YYYY[-MM[-DD]]"."""
    return value.isoformat() if type(value) is dt.date else value


def _real_date(value: str) -> str:
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _custom(f"{value!r} is not a real date") from None
    return value


_NOT_PARTIAL = 'expected a date, "YYYY-MM" or "YYYY", got '


PartialDate = Annotated[
    str,
    Strict(),
    Field(pattern=PARTIAL_DATE_PATTERN),
    AfterValidator(_real_date),
    BeforeValidator(_isoformat),
    Says(
        invalid=lambda e: _NOT_PARTIAL + type_name(e["input"]),
        wrong_type=lambda v: (
            "expected a date, got a date-time"
            if isinstance(v, dt.datetime)
            else _NOT_PARTIAL + type_name(v)
        ),
    ),
]
"""A date, or only the year or month a source gives: `2023-11-18`, "2023-11", "2023"."""


SINCE_WORDS = (
    'the date it holds from: a date (2023-11-18), "YYYY-MM" or "YYYY" (from the first day), '
    '"closure" (its site\'s closure) or "reported" (its sources\' first publication)'
)


def _since_keyword_or_date(value: str) -> str:
    if value in (SINCE_CLOSURE, SINCE_REPORTED):
        return value
    if not _partial(value):
        raise _custom(f"{value!r} is not {SINCE_WORDS}")
    return _real_date(value)


Since = Annotated[
    str,
    Strict(),
    AfterValidator(_since_keyword_or_date),
    BeforeValidator(_isoformat),
    Field(
        description='a date, "YYYY-MM", "YYYY", "closure" or "reported"',
        json_schema_extra={
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                {"enum": [SINCE_CLOSURE, SINCE_REPORTED]},
            ]
        },
    ),
    Says(
        wrong_type=lambda v: f"expected {SINCE_WORDS}, got {type_name(v)}",
        invalid=lambda e: f"{e['input']!r} is not {SINCE_WORDS}",
    ),
]
"""When a fact holds from: a date, a month or year (from its first day), or how it inherits
one (`closure`, `reported`)."""


def _country_code(value: str) -> str:
    from tui.core.countries import is_country, suggest

    if not is_country(value):
        near = suggest(value)
        raise _custom(
            f'{value!r} is not an ISO 3166-1 alpha-3 country code ("MLI", "SEN")'
            + (f": did you mean {near!r}?" if near else "")
        )
    return value


CountryCode = Annotated[
    str,
    Strict(),
    Field(pattern=r"^[A-Z]{3}$", description='ISO 3166-1 alpha-3, shown by name: "MLI"'),
    AfterValidator(_country_code),
    Says(
        "text",
        lambda e: (
            f"{e['input']!r} is not an ISO 3166-1 alpha-3 country code "
            '(three capital letters: "MLI", "SEN")'
        ),
    ),
]
"""A country by its ISO 3166-1 alpha-3 code; its name comes from CLDR (`tui.core.countries`)."""


# --- records: the model's dataclasses, refined ------------------------------------------------


class _Record:
    """Validates a TOML table into one of the model's dataclasses, with the FIELDS refinements.

    Pydantic builds the dataclass itself (no dict in between); a key the dataclass lacks is an
    error, not ignored.
    """

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        fields = []
        for field in dataclasses.fields(source):
            if not field.init:
                continue
            schema = handler.generate_schema(field_types(source)[field.name])
            if field.default is not dataclasses.MISSING:
                schema = core_schema.with_default_schema(schema, default=field.default)
            fields.append(core_schema.dataclass_field(field.name, schema))
        forbid = CoreConfig(title=source.__name__, extra_fields_behavior="forbid")
        return core_schema.dataclass_schema(
            source,
            core_schema.dataclass_args_schema(source.__name__, fields, extra_behavior="forbid"),
            [f["name"] for f in fields],
            slots=True,
            frozen=True,
            ref=f"{source.__module__}.{source.__qualname__}",
            config=forbid,
        )


RECORD = _Record()
T = TypeVar("T")
Record = Annotated[T, RECORD]
"""A table (`[mission]`) validated into the dataclass T."""
Records = tuple[Annotated[T, RECORD], ...]
"""An array of tables (`[[sites]]`) validated into a tuple of the dataclass T."""


def doc(text: str) -> Any:
    """A field's description in the JSON Schema and SCHEMA.md (its type stays the default one)."""
    return Field(description=text)


FIELDS: dict[type[Any], dict[str, Any]] = {
    Mission: {
        "country": CountryCode,
        "area": doc("the part of the country the drawdown covers (a province), if not all"),
        "personnel_counted": doc(
            'what the personnel series counts: "personnel who have left the mission"'
        ),
        "since": Annotated[Since, doc("the date the mission's totals describe")],
        "personnel_total": Annotated[count(1), doc("the withdrawal denominator")],
        "excludes": doc("what the count leaves out"),
        "sites_note": doc("how sources count the sites (12 camps + HQ / + TOB)"),
        "key_dates": doc("resolution, deadline, liquidation start and end"),
    },
    KeyDate: {
        "id": Annotated[Id, doc("unique, kebab-case")],
        "since": Annotated[Since, doc("when it was known (a deadline: when it was set)")],
        "headline": doc("true: once passed, the Overview leads with it, not the last count"),
    },
    Phase: {"id": Annotated[Id, doc('unique, kebab-case: "phase-1", "liquidation"')]},
    Site: {
        "id": Annotated[Id, doc("unique, kebab-case")],
        "lat": Annotated[degrees(-90, 90), doc("absent = not known (Ogossagou)")],
        "lon": Annotated[degrees(-180, 180), doc("only together with lat")],
        "ordinal": Annotated[count(1), doc("1..N, unique, increasing with date")],
        "ordinal_inferred": doc("true when no source states the ordinal"),
        "phase": Annotated[Id, doc("a [[phases]] id")],
        "kind": doc("camp, temporary_base (a TOB), office or headquarters"),
        "states": doc("its changes of state, in date order; the first closing one is its closure"),
        "planned": doc("the schedule as announced before"),
        "circumstances": doc("the story of its closure: needs circumstances_since"),
        "circumstances_since": Annotated[Since, doc('when they hold: usually "closure"')],
        "contingents": doc("the national contingents posted there"),
        "projects": doc("what the mission built or left behind"),
        "armed_groups": doc("armed groups that sources place near it"),
    },
    Contingent: {
        "figure": doc("only where a source gives one"),
        "kind": doc('with figure: "reported" (a headcount) or "estimate" (a unit size)'),
        "country": CountryCode,
        "since": Annotated[Since, doc("when it is known posted there")],
        "figure_date": Annotated[PartialDate, doc('a date, "YYYY-MM" or "YYYY"')],
        "left": doc("when this contingent left the site"),
    },
    Project: {
        "amount": doc("only together with currency"),
        "since": Annotated[Since, doc('when it holds: built, or "reported"')],
    },
    ArmedGroup: {"since": Annotated[Since, doc("when what is said of it holds")]},
    StateChange: {
        "since": doc("the day of the change"),
        "to": doc("who received it (a handover) or took it"),
        "note": doc('variants, "last troops left the next day"'),
    },
    PersonnelSnapshot: {
        "total": Annotated[count(1), doc("absent when the source gives none")],
        "qualifier": choice(Literal["more than", "almost", "about", "nearly", "at least"]),
        "uniformed_total": count(1),
        "civilian_total": count(1),
    },
    Event: {"site": Annotated[Id, doc("a [[sites]] id")]},
    Claim: {"since": Annotated[Since, doc('when it was made: usually "reported"')]},
    Dispute: {
        "id": Annotated[Id, doc("unique, kebab-case")],
        "since": Annotated[Since, doc('when the question arises ("closure" for one of it)')],
        "site": Annotated[Id, doc("a [[sites]] id")],
        "resolution": doc("what the dataset uses and why"),
        "claims": Annotated[
            Records[Claim],
            Field(min_length=2, description="two or more"),
            Says(invalid=lambda e: "a dispute needs at least two claims"),
        ],
    },
    Source: {
        "id": Annotated[SourceId, doc("unique")],
        "date": Annotated[PartialDate, doc('a date, "YYYY-MM" or "YYYY"')],
    },
}
"""What each field adds to its type in the model. A field not named here gets its type's kind:
text is `Text`, a whole number a `count()`, a date a `Date`, `sources` a `SourceIds`, a `Literal`
a `choice()`, a tuple of dataclasses their `Records`. A description alone keeps that kind."""


def _kind(hint: Any) -> Any:
    """The refined type of a model field that FIELDS does not refine."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return _kind(args[0])  # `X | None = None`: optional means the key may be left out
    if typing.get_origin(hint) is Literal:
        return choice(hint)
    if typing.get_origin(hint) is tuple:
        records: Any = Records  # subscripted at run time, with a dataclass known only then
        return SourceIds if args[0] is str else records[args[0]]
    if dataclasses.is_dataclass(hint):
        record: Any = Record
        return record[hint]
    kinds: dict[Any, Any] = {str: Text, int: count(), bool: Flag, dt.date: Date}
    if hint not in kinds:
        raise TypeError(f"no kind of value for {hint!r}: refine the field in FIELDS")
    return kinds[hint]


_FIELD_TYPES: dict[type[Any], dict[str, Any]] = {}


def field_types(cls: type[Any]) -> dict[str, Any]:
    """Each init field of a model dataclass, with its refined type (worked out once)."""
    if cls in _FIELD_TYPES:
        return _FIELD_TYPES[cls]
    hints = typing.get_type_hints(cls)
    refined = FIELDS.get(cls, {})
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    if set(refined) - names:
        raise TypeError(f"FIELDS refines what {cls.__name__} lacks: {set(refined) - names}")
    out = {}
    for name in hints:
        if name not in names:
            continue
        extra = refined.get(name)
        if extra is None:
            out[name] = _kind(hints[name])
        elif isinstance(extra, FieldInfo):
            out[name] = Annotated[_kind(hints[name]), extra]
        else:
            out[name] = extra
    _FIELD_TYPES[cls] = out
    return out


@with_config(ConfigDict(extra="forbid", title="withdrawal.toml"))
class DatasetFile(TypedDict):
    """The sourced dataset of one UN peacekeeping mission's withdrawal (TOML 1.0, UTF-8).

    Every record that states a fact has `sources = ["S01", ...]`: a non-empty list of ids from
    [[sources]], and the date from which it holds: `since = 2023-11-18`, or how it inherits one
    (`since = "closure"`: its site's closure; `"reported"`: its sources' first publication);
    events, counts, phases and changes of state hold from their own date. As of a date, a fact
    is shown only once it holds. A value that no source gives is left out (never 0, never "").
    Dates are TOML local dates (2023-11-18, unquoted); where only a month or a year is known,
    the fields that allow it (sources[].date, contingents[].figure_date, since) take the text
    "2023-11" or "2023". Countries are ISO 3166-1 alpha-3 codes ("MLI"), shown by their names.
    """

    schema_version: Annotated[
        int,
        Strict(),
        Field(ge=1, le=SCHEMA_VERSION, description=f"{SCHEMA_VERSION}: the version this reads"),
        Says("a whole number", lambda e: f"must be at least 1, got {e['input']}"),
    ]
    mission: Record[Mission]
    phases: Annotated[Records[Phase], doc("in order; a site names its phase by id")]
    sites: Annotated[Records[Site], doc("every site, in closure order")]
    personnel: NotRequired[Annotated[Records[PersonnelSnapshot], doc("in date order")]]
    events: NotRequired[Annotated[Records[Event], doc("the timeline, in date order")]]
    disputes: NotRequired[Annotated[Records[Dispute], doc("where sources disagree")]]
    sources: Records[Source]


@cache
def adapter() -> TypeAdapter[DatasetFile]:
    """The validator, built once per process on first use (some tens of milliseconds)."""
    return TypeAdapter(DatasetFile)


# --- pydantic's errors in the user's words ----------------------------------------------------

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


# --- the rules between records ----------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What the field checks let through: the model, and the sources as the file lists them (the
    model keeps one source per id, so a duplicate id shows only here)."""

    dataset: Dataset
    sources: tuple[Source, ...]


Rule = Callable[[Checked], Iterable[Found]]


def _unknown_ref(kind: str, value: str, known: Iterable[str]) -> str:
    return f"unknown {kind} {value!r}" + did_you_mean(value, sorted(known))


def ids_are_unique(c: Checked) -> Iterator[Found]:
    d = c.dataset
    groups: tuple[tuple[str, Sequence[Source | Phase | Site | Dispute | KeyDate]], ...] = (
        ("sources", c.sources),
        ("phases", d.phases),
        ("sites", d.sites),
        ("disputes", d.disputes),
        ("mission.key_dates", d.mission.key_dates),
    )
    for path, records in groups:
        seen: dict[str, int] = {}
        for i, record in enumerate(records):
            first = seen.setdefault(record.id, i)
            if first != i:
                yield f"{path}[{i}].id", f"duplicate id {record.id!r} (first at {path}[{first}])"


def sources_exist(c: Checked) -> Iterator[Found]:
    """Every fact is sourced: each source id it cites is one of [[sources]]."""
    known = c.dataset.sources
    if known.keys() >= set(chain.from_iterable(c.dataset.cited())):
        return  # nothing to report: no label or path made for each fact
    for _label, path, cited in c.dataset.facts():
        for i, sid in enumerate(cited):
            if sid not in known:
                yield f"{path}.sources[{i}]", _unknown_ref("source", sid, known)


def totals_add_up(c: Checked) -> Iterator[Found]:
    m = c.dataset.mission
    if m.uniformed_total is None or m.civilian_total is None:
        return
    both = m.uniformed_total + m.civilian_total
    if both != m.personnel_total:
        yield (
            "mission.personnel_total",
            f"{m.personnel_total:,} is not uniformed_total + civilian_total "
            f"({m.uniformed_total:,} + {m.civilian_total:,} = {both:,})",
        )


def phases_end_after_start(c: Checked) -> Iterator[Found]:
    for i, phase in enumerate(c.dataset.phases):
        if phase.end is not None and phase.end < phase.start:
            yield f"phases[{i}].end", f"ends ({phase.end}) before it starts ({phase.start})"


def sites_name_a_phase(c: Checked) -> Iterator[Found]:
    phases = c.dataset.phase_index
    for i, site in enumerate(c.dataset.sites):
        if site.phase not in phases:
            yield f"sites[{i}].phase", _unknown_ref("phase", site.phase, phases)


def lat_lon_together(c: Checked) -> Iterator[Found]:
    for i, site in enumerate(c.dataset.sites):
        if (site.lat is None) != (site.lon is None):
            missing = "lon" if site.lon is None else "lat"
            yield f"sites[{i}].{missing}", "lat and lon go together: give both or neither"


def states_in_date_order(c: Checked) -> Iterator[Found]:
    """A site's changes of state are a history: in date order."""
    for i, site in enumerate(c.dataset.sites):
        for j in range(1, len(site.states)):
            before, now = site.states[j - 1].since, site.states[j].since
            if now < before:
                yield (
                    f"sites[{i}].states[{j}].since",
                    f"{now} is before the previous change ({before}): keep states in date order",
                )


def sites_in_closure_order(c: Checked) -> Iterator[Found]:
    """Sites are listed by closure date (those that never closed last), and their ordinals
    increase with it."""
    sites = c.dataset.sites
    for i in range(1, len(sites)):
        before, site = sites[i - 1], sites[i]
        if site.date is not None and before.date is None:
            yield (
                f"sites[{i}].states",
                f"closed on {site.date}, after a site that never closed ({before.id}): "
                "list sites in closure order, those that never closed last",
            )
        elif site.date is not None and before.date is not None and site.date < before.date:
            yield (
                f"sites[{i}].states",
                f"closed on {site.date}, before the previous site ({before.date}): "
                "list sites in closure order",
            )
        elif site.ordinal < before.ordinal:
            yield f"sites[{i}].ordinal", "ordinals must increase in closure order"


def facts_have_a_date(c: Checked) -> Iterator[Found]:
    """Every `since` can be told: "closure" only of a site that closed, "reported" only of a
    fact with a dated source; and circumstances hold from a date like any fact."""
    d = c.dataset

    def check(
        path: str, since: str, sources: tuple[str, ...], site: Site | None
    ) -> Iterator[Found]:
        if since == SINCE_CLOSURE and site is None:
            yield f"{path}.since", '"closure" is a site\'s: this fact names no site'
        elif since == SINCE_CLOSURE and site is not None and site.date is None:
            yield f"{path}.since", f'"closure": site {site.id!r} never closed (no closing state)'
        elif since == SINCE_REPORTED and d.holds_from(since, sources, site) is None:
            yield f"{path}.since", '"reported": none of its sources has a date'

    m = d.mission
    yield from check("mission", m.since, m.sources, None)
    for i, k in enumerate(m.key_dates):
        yield from check(f"mission.key_dates[{i}]", k.since, k.sources, None)
    for i, site in enumerate(d.sites):
        at = f"sites[{i}]"
        if (site.circumstances is None) != (site.circumstances_since is None):
            missing = "circumstances_since" if site.circumstances_since is None else "circumstances"
            yield f"{at}.{missing}", "circumstances and circumstances_since go together"
        if site.circumstances_since is not None:
            for path, message in check(at, site.circumstances_since, site.sources, site):
                yield path.replace(".since", ".circumstances_since"), message
        for j, contingent in enumerate(site.contingents):
            start = d.holds_from(contingent.since, contingent.sources, site)
            counted = since_date(contingent.figure_date) if contingent.figure_date else None
            if start is not None and counted is not None and counted > start:
                yield (
                    f"{at}.contingents[{j}].figure_date",
                    f"{contingent.figure_date} is after the day the record holds from ({start}):"
                    " the figure would be shown before it was counted",
                )
        groups: tuple[tuple[str, Sequence[Any]], ...] = (
            ("contingents", site.contingents),
            ("projects", site.projects),
            ("armed_groups", site.armed_groups),
        )
        for name, records in groups:
            for j, record in enumerate(records):
                yield from check(f"{at}.{name}[{j}]", record.since, record.sources, site)
    index = d.site_index
    for i, dispute in enumerate(d.disputes):
        about = index.get(dispute.site) if dispute.site is not None else None
        cited = tuple(sid for claim in dispute.claims for sid in claim.sources)
        yield from check(f"disputes[{i}]", dispute.since, cited, about)
        for j, claim in enumerate(dispute.claims):
            yield from check(f"disputes[{i}].claims[{j}]", claim.since, claim.sources, about)


def ordinals_run_one_to_n(c: Checked) -> Iterator[Found]:
    """Each ordinal once, and together 1 to N without gaps."""
    first: dict[int, int] = {}
    for i, site in enumerate(c.dataset.sites):
        if site.ordinal in first:
            yield (
                f"sites[{i}].ordinal",
                f"ordinal {site.ordinal} is already used by sites[{first[site.ordinal]}]",
            )
        first.setdefault(site.ordinal, i)
    if len(first) == len(c.dataset.sites) and sorted(first) != list(range(1, len(first) + 1)):
        yield "sites", f"ordinals must run 1 to {len(first)} without gaps"


def figures_have_a_kind(c: Checked) -> Iterator[Found]:
    for i, site in enumerate(c.dataset.sites):
        for j, contingent in enumerate(site.contingents):
            where = f"sites[{i}].contingents[{j}].kind"
            if contingent.figure is not None and contingent.kind is None:
                yield where, "a figure needs its kind: 'reported' or 'estimate'"
            if contingent.kind is not None and contingent.figure is None:
                yield where, "kind describes a figure, but there is no figure"


def amounts_have_a_currency(c: Checked) -> Iterator[Found]:
    for i, site in enumerate(c.dataset.sites):
        for j, project in enumerate(site.projects):
            if (project.amount is None) != (project.currency is None):
                yield f"sites[{i}].projects[{j}]", "amount and currency go together"


def series_in_date_order(c: Checked) -> Iterator[Found]:
    """The personnel counts and the events, each in date order."""
    d = c.dataset
    series: tuple[tuple[str, tuple[PersonnelSnapshot, ...] | tuple[Event, ...]], ...] = (
        ("personnel", d.personnel),
        ("events", d.events),
    )
    for path, records in series:
        for i in range(1, len(records)):
            before, now = records[i - 1].date, records[i].date
            if now < before:
                yield (
                    f"{path}[{i}].date",
                    f"{now} is before the previous entry ({before}): keep {path} in date order",
                )


def departures_within_totals(c: Checked) -> Iterator[Found]:
    mission_total = c.dataset.mission.personnel_total
    for i, snap in enumerate(c.dataset.personnel):
        for part in ("", "uniformed_", "civilian_"):
            done, of = getattr(snap, f"{part}departed"), getattr(snap, f"{part}total")
            if done is not None and of is not None and done > of:
                yield (
                    f"personnel[{i}].{part}departed",
                    f"{done:,} departed is more than the total of {of:,}",
                )
        if snap.total is None and snap.departed > mission_total:
            yield (
                f"personnel[{i}].departed",
                f"{snap.departed:,} departed is more than the mission's "
                f"personnel_total of {mission_total:,}",
            )


def sites_referred_to_exist(c: Checked) -> Iterator[Found]:
    sites = c.dataset.site_index
    records: tuple[tuple[str, Sequence[Event | Dispute]], ...] = (
        ("events", c.dataset.events),
        ("disputes", c.dataset.disputes),
    )
    for path, rows in records:
        for i, row in enumerate(rows):
            if row.site is not None and row.site not in sites:
                yield f"{path}[{i}].site", _unknown_ref("site", row.site, sites)


RULES: tuple[Rule, ...] = (
    ids_are_unique,
    sources_exist,
    totals_add_up,
    phases_end_after_start,
    sites_name_a_phase,
    lat_lon_together,
    states_in_date_order,
    ordinals_run_one_to_n,
    sites_in_closure_order,
    figures_have_a_kind,
    amounts_have_a_currency,
    series_in_date_order,
    departures_within_totals,
    sites_referred_to_exist,
    facts_have_a_date,
)
"""Every rule between records, in the order their problems are listed."""


def dataset_of(root: DatasetFile, path: str) -> Dataset:
    """The model of a validated file (its sources by id, its countries' names)."""
    from tui.core.countries import country_name

    codes = [root["mission"].country]
    codes += [c.country for site in root["sites"] for c in site.contingents]
    return Dataset(
        country_names={
            code: CountryName(code, country_name(code)) for code in dict.fromkeys(codes)
        },
        schema_version=root["schema_version"],
        mission=root["mission"],
        phases=root["phases"],
        sites=root["sites"],
        personnel=root.get("personnel", ()),
        events=root.get("events", ()),
        disputes=root.get("disputes", ()),
        sources={s.id: s for s in root["sources"]},
        path=path,
    )


def check(root: DatasetFile, path: str) -> tuple[Dataset, list[Found]]:
    """The model, and what every rule finds wrong with it (nothing: the model can be used)."""
    dataset = dataset_of(root, path)
    checked = Checked(dataset, root["sources"])
    return dataset, [found for rule in RULES for found in rule(checked)]


# --- the JSON Schema and SCHEMA.md ------------------------------------------------------------


class _Generate(GenerateJsonSchema):
    """Pydantic's JSON Schema, without what only adds noise for an editor: a title on every key
    ("Ordinal Inferred") and `"default": null` (TOML has no null: absent means unknown)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        if schema.get("default") is None:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `withdrawal.toml`, for editors (taplo, Even Better TOML) and SCHEMA.md."""
    schema = adapter().json_schema(schema_generator=_Generate)
    defs = schema.get("$defs", {})
    schema["$defs"] = {name.rsplit(".", 1)[-1]: body for name, body in defs.items()}
    text = json.dumps(schema)
    for name in defs:
        text = text.replace(f'"#/$defs/{name}"', f'"#/$defs/{name.rsplit(".", 1)[-1]}"')
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **json.loads(text)}


def json_text() -> str:
    """The JSON Schema as the shipped file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _type_words(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"table ({prop['$ref'].rsplit('/', 1)[-1]})"
    kind = prop.get("type")
    if kind == "array":
        item = prop.get("items", {})
        if "$ref" in item:
            words = f"tables ({item['$ref'].rsplit('/', 1)[-1]})"
        else:
            words = _type_words(item, defs) + "s"
        if "minItems" in prop:
            words += f", at least {prop['minItems']}"
        return words
    if "enum" in prop or "const" in prop:
        return " or ".join(json.dumps(v) for v in prop.get("enum", [prop.get("const")]))
    if any(
        option.get("enum") == [SINCE_CLOSURE, SINCE_REPORTED] for option in prop.get("anyOf", [])
    ):
        return 'date, "YYYY-MM" / "YYYY", "closure" or "reported"'
    if kind == "string" and prop.get("pattern") == r"^[A-Z]{3}$":
        return "country code (ISO 3166-1 alpha-3)"
    if kind == "string":
        if prop.get("format") == "date":
            return "date"
        if prop.get("pattern") == PARTIAL_DATE_PATTERN:
            return 'date or "YYYY-MM" / "YYYY"'
        named = {ID_PATTERN: "id (a-z, 0-9, inner '-')", SOURCE_ID_PATTERN: "source id"}
        return named.get(prop.get("pattern", ""), "text")
    if kind == "integer":
        low, high = prop.get("minimum"), prop.get("maximum")
        if low is not None and high == low:
            return f"whole number, {low}"
        return "whole number" + (f" ≥ {low}" if low is not None else "")
    if kind == "number":
        return f"number, {prop.get('minimum'):g} to {prop.get('maximum'):g}"
    if kind == "boolean":
        return "true or false"
    return str(kind)


def _table(title: str, body: dict[str, Any], defs: dict[str, Any], about: str) -> list[str]:
    lines = [f"## {title}", "", *([*about.splitlines(), ""] if about else [])]
    lines += ["| key | type | required | notes |", "| --- | --- | --- | --- |"]
    required = set(body.get("required", ()))
    for key, prop in body.get("properties", {}).items():
        notes = prop.get("description", "")
        if prop.get("default") not in (None, []):
            notes = f"default {json.dumps(prop['default'])}" + (f"; {notes}" if notes else "")
        cells = (f"`{key}`", _type_words(prop, defs), "yes" if key in required else "", notes)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return [*lines, ""]


def markdown() -> str:
    """`data/SCHEMA.md`: the schema for people, a table per kind of TOML table."""
    schema = json_schema()
    defs: dict[str, Any] = schema["$defs"]
    description = schema.get("description", "").split("\n\n", 1)
    lines = [
        f"# `withdrawal.toml`, schema version {SCHEMA_VERSION}",
        "",
        "<!-- Generated from tui/core/schema.py by `python -m tui.core.schema --write`: do not",
        "     edit by hand (a test fails when this file is stale). -->",
        "",
        description[0],
        "",
        *(description[1:] or []),
        "",
        "Editors that read JSON Schema (taplo, Even Better TOML) check the file as it is typed",
        f"against `{SCHEMA_FILE}` beside it, named on the file's first line (`minusma-tui",
        "schema` prints it). The rules between records (ids unique, references that resolve,",
        "sites in closure order, totals that add up) are checked by `minusma-tui validate`.",
        "",
    ]
    lines += _table("The top level", schema, defs, "")
    where = {
        "Mission": "`[mission]`",
        "KeyDate": "`[[mission.key_dates]]`",
        "Phase": "`[[phases]]`",
        "Site": "`[[sites]]`",
        "StateChange": "`[[sites.states]]`",
        "Contingent": "`[[sites.contingents]]`",
        "Project": "`[[sites.projects]]`",
        "ArmedGroup": "`[[sites.armed_groups]]`",
        "PersonnelSnapshot": "`[[personnel]]`",
        "Event": "`[[events]]`",
        "Dispute": "`[[disputes]]`",
        "Claim": "`[[disputes.claims]]`",
        "Source": "`[[sources]]`",
    }
    for name in where:
        body = defs[name]
        lines += _table(f"{where[name]} ({name})", body, defs, body.get("description", ""))
    return "\n".join(lines).rstrip("\n") + "\n"


ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "data"


def main(argv: list[str] | None = None) -> int:
    """`python -m tui.core.schema [--markdown | --write]`: print the JSON Schema or SCHEMA.md, or
    rewrite both files in data/."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        (DATA / SCHEMA_FILE).write_text(json_text(), encoding="utf-8")
        (DATA / "SCHEMA.md").write_text(markdown(), encoding="utf-8")
        return 0
    if args == ["--markdown"]:
        sys.stdout.write(markdown())
        return 0
    if not args:
        sys.stdout.write(json_text())
        return 0
    print("usage: python -m tui.core.schema [--markdown | --write]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
