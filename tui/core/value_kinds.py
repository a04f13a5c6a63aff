"""The kinds of value `withdrawal.toml` holds (text, ids, counts, dates, `since`, country codes),
each as a pydantic annotation with the words for a problem with it (`Says`).

What a Python type cannot say is said here: text is never empty, ids follow a pattern, counts
are not negative, a latitude is a latitude. `tui.core.dataset_file` gives each field of the
model its kind; `tui.core.file_problems` finds the `Says` beside a value's type to word an error.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict
from pydantic_core import ErrorDetails, PydanticCustomError

from tui.core.files import visible
from tui.core.model import SINCE_CLOSURE, SINCE_REPORTED
from tui.core.suggest import did_you_mean

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


def shown(value: Any) -> str:
    """A value as a message quotes it: text in quotes, a number as written, and either cut
    short when long (a 4,000-digit number is said, not printed whole)."""
    if isinstance(value, str):
        if len(value) <= 60:
            return repr(value)
        quoted = repr(value[:50])
        return f"{quoted[:-1]}…{quoted[-1]} ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        if len(digits) > 30:
            return f"{digits[:12]}… ({len(digits.lstrip('-')):,} digits)"
        return digits
    return str(value)


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
        return f"{shown(value)} is not a valid {what}: use {rule}"

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
        Says("a whole number", lambda e: f"must be at least {minimum}, got {shown(e['input'])}"),
    ]


def degrees(low: float, high: float) -> Any:
    """A number from `low` to `high` (a whole number will do; nan will not)."""
    return Annotated[
        float,
        Strict(),
        Field(ge=low, le=high, allow_inf_nan=False),
        Says(
            "a number",
            lambda e: f"must be between {low:g} and {high:g}, got {shown(e['input'])}",
        ),
    ]


def choice(options: Any) -> Any:
    """One of a `Literal`'s words."""
    words = [str(o) for o in typing.get_args(options)]
    wanted = ", ".join(repr(o) for o in words)

    def invalid(error: ErrorDetails) -> str:
        value = error["input"]
        if isinstance(value, str):
            return f"{shown(value)} is not one of {wanted}" + did_you_mean(value, words)
        return f"expected one of {wanted}, got {type_name(value)}"

    return Annotated[options, Says(invalid=invalid)]


Flag = Annotated[bool, Strict(), Says("true or false")]


def _date_wrong_type(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return "expected a date like 2023-11-18, got a date-time"
    if isinstance(value, str) and _partial(value.strip()):
        return f"expected a date without quotes, like 2023-11-18, got the text {shown(value)}"
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
            raise _custom(f"{shown(value)} is not a real date") from None
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
        raise _custom(
            f"{shown(value)} is not {SINCE_WORDS}"
            + did_you_mean(value, (SINCE_CLOSURE, SINCE_REPORTED))
        )
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
        invalid=lambda e: f"{shown(e['input'])} is not {SINCE_WORDS}",
    ),
]
"""When a fact holds from: a date, a month or year (from its first day), or how it inherits
one (`closure`, `reported`)."""


def _country_code(value: str) -> str:
    from tui.core.countries import is_country, suggest

    if not is_country(value):
        near = suggest(value)
        raise _custom(
            f'{shown(value)} is not an ISO 3166-1 alpha-3 country code ("MLI", "SEN")'
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
            f"{shown(e['input'])} is not an ISO 3166-1 alpha-3 country code "
            '(three capital letters: "MLI", "SEN")'
        ),
    ),
]
"""A country by its ISO 3166-1 alpha-3 code; its name comes from CLDR (`tui.core.countries`)."""
