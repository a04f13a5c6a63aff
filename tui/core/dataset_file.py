"""The shape of `withdrawal.toml`, declared once: the model's own dataclasses (`tui.core.model`),
each field refined with its kind of value (`FIELDS`), under the file's top level (`DatasetFile`).

From this one declaration come the validator (`adapter()`: pydantic, which builds the model's
dataclasses directly), the JSON Schema and SCHEMA.md (`tui.core.schema`), and the words for
every problem (`tui.core.file_problems`, which reads the kinds back from here).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import ConfigDict, Field, GetCoreSchemaHandler, Strict, TypeAdapter, with_config
from pydantic.fields import FieldInfo
from pydantic_core import CoreConfig, core_schema
from typing_extensions import NotRequired, TypedDict

from tui.core.model import (
    SCHEMA_VERSION,
    ArmedGroup,
    Claim,
    Contingent,
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
)
from tui.core.value_kinds import (
    CountryCode,
    Date,
    Flag,
    Id,
    PartialDate,
    Says,
    Since,
    SourceId,
    SourceIds,
    Text,
    choice,
    count,
    degrees,
)


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
        "planned": doc("the schedule as announced before: needs planned_since"),
        "planned_since": Annotated[Since, doc("when it was announced")],
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
