"""Dates as the dataset writes them: in its free text, and in its sources' publication dates.

The as-of rule ("as of D, nothing from after D") needs both. A note, a claim or a title can
mention a later date ("the annexes were handed over on 22 Nov 2023"); shown as of an earlier
day it would tell the future, so the model withholds it (`Snapshot.text`). A source's date can be
a day, a month or a year; "as known then" counts it from the last day it could mean.
No Textual, no Rich: the model's helper.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "janvier", "janv"),
        ("february", "feb", "février", "fevrier", "févr", "fév"),
        ("march", "mar", "mars"),
        ("april", "apr", "avril", "avr"),
        ("may", "mai"),
        ("june", "jun", "juin"),
        ("july", "jul", "juillet", "juil"),
        ("august", "aug", "août", "aout"),
        ("september", "sep", "sept", "septembre"),
        ("october", "oct", "octobre"),
        ("november", "nov", "novembre"),
        ("december", "dec", "décembre", "decembre", "déc"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_MONTH = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|er)?"
_YEAR = r"(?:19|20)\d\d"
_ENGLISH = "January February March April May June July August September October November December"
_FRENCH = (
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre"
    " décembre decembre"
)
_BARE_MONTH = r"\b(?:(?-i:" + "|".join(_ENGLISH.split()) + ")|" + "|".join(_FRENCH.split()) + r")\b"
"""A month named alone ("MONUSCO's April list", "fin avril"), in full: English names as written
(capitalised, so "may" the verb is none), French ones in any case."""

MENTION = re.compile(
    # Every form starts with a digit or a month's first letter: the look-ahead lets the
    # expression give up at once everywhere else (2.5x faster on a typical label).
    r"(?=[\dJFMASONDjfmasond])(?:"
    rf"(?P<iso>\b{_YEAR}-[01]\d(?:-[0-3]\d)?\b)"
    # "8 Dec 2023", "31 Oct–4 Nov 2023", "8 or 9 December 2023": the last day-month names it
    rf"|(?P<dmy>\b(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:,)?\s+(?P<y1>{_YEAR})\b)"
    rf"|(?P<mdy>\b(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})\b)"
    rf"|(?P<my>\b(?P<m3>{_MONTH})\s+(?P<y3>{_YEAR})\b)"
    rf"|(?P<dm>\b(?P<d4>{_DAY})\s+(?P<m4>{_MONTH})\b)"
    rf"|(?P<md>\b(?P<m5>{_MONTH})\s+(?P<d5>{_DAY})\b)"
    rf"|(?P<m>{_BARE_MONTH})"
    rf"|(?P<y>\b{_YEAR}\b))",
    re.IGNORECASE,
)
"""A date written in the data or by the renderers: ISO (`2023-12-08`, `2023-12`), day-month-year
(`8 Dec 2023`, `8 December 2023`, French too), month-day-year (`December 8, 2023`), month-year
(`December 2023`), a day and month without year (`8 Nov`), a month alone (`April`, `avril`) or a
bare year (`2024`)."""


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _span(year: int, month: int | None = None, day: int | None = None) -> dt.date | None:
    """The earliest day a mention can mean (a month: its first day), or None if not a date."""
    try:
        return dt.date(year, month or 1, day or 1)
    except ValueError:
        return None


_MAY_MENTION = re.compile(
    # The look-ahead, as MENTION's: without it the month names cost a label twice as long.
    rf"(?=[\dJFMASONDjfmasond])(?:(?<!\d)(?:\d{{1,2}}|(?:19|20)\d\d)(?!\d)|{_BARE_MONTH})",
    re.IGNORECASE,
)
"""A whole run of digits (not part of a longer one) of one or two digits, or 19xx / 20xx, or a
month named in full."""


@lru_cache(maxsize=4096)  # a receiver, a region, a unit: the texts of many records repeat
def _may_mention(text: str) -> bool:
    """Whether `text` has a run of digits a mention could be made of: a day (one or two digits)
    or a year (four, 19xx or 20xx), or a month named alone. Every form MENTION matches has one
    (the day or the year bounded by non-digits, or the month); a text without (most labels:
    "Ansongo: Chad", "Base 00412") skips the full expression, a few times slower than this.
    One search in C: at 10,000 sites the export asks about 80,000 labels."""
    return _MAY_MENTION.search(text) is not None


def mentions(text: str, context_year: int) -> list[tuple[str, dt.date]]:
    """Every date mentioned in `text`, as (the words, the earliest day they can mean).

    A day and month without a year ("the UN note of 8 Nov") takes the year written last before
    it in the same text, else `context_year`: the text is the dataset's, about 2023-2024.
    """
    found: list[tuple[str, dt.date]] = []
    if not _may_mention(text):
        return found
    year = context_year
    for match in MENTION.finditer(text):
        words = match.group(0)
        date: dt.date | None = None
        if match.group("iso"):
            parts = [int(p) for p in words.split("-")]
            date = _span(*parts)
        elif match.group("dmy"):
            month = _month(match.group("m1"))
            year = int(match.group("y1"))
            date = _span(year, month, _day(match.group("d1"))) if month else None
        elif match.group("mdy"):
            month = _month(match.group("m2"))
            year = int(match.group("y2"))
            date = _span(year, month, _day(match.group("d2"))) if month else None
        elif match.group("my"):
            month = _month(match.group("m3"))
            year = int(match.group("y3"))
            date = _span(year, month) if month else None
        elif match.group("m"):
            date = _span(year, _month(words))
        elif match.group("dm") or match.group("md"):
            month = _month(match.group("m4") or match.group("m5"))
            day = _day(match.group("d4") or match.group("d5"))
            if month and 1 <= day <= 31:
                date = _span(year, month, day)
        else:
            date = _span(int(words))
            year = int(words)
        if date is not None:
            found.append((words, date))
    return found


_ISO_MONTH = re.compile(rf"{_YEAR}-[01]\d")
_MONTH_YEAR = re.compile(rf"{_MONTH}\s+{_YEAR}", re.IGNORECASE)
_MONTH_ALONE = re.compile(_BARE_MONTH, re.IGNORECASE)


def _month_days(year: int, month: int) -> int:
    """Days in a month (calendar, imported only when asked: not on the way to a first frame)."""
    import calendar

    return calendar.monthrange(year, month)[1]


def _last_day(words: str, earliest: dt.date) -> dt.date:
    """The day a mention is compared with: a month's last day (so "early Dec 2023" is not
    shown on 1 December), but a bare year's first (so "the 2023 maps" is not withheld all year:
    a year is too coarse to tell the future by)."""
    month = (_ISO_MONTH, _MONTH_YEAR, _MONTH_ALONE)
    if any(m.fullmatch(words) for m in month) and MENTION.fullmatch(words):
        return earliest.replace(day=_month_days(earliest.year, earliest.month))
    return earliest


def mentions_after(
    text: str,
    as_of: dt.date,
    context_year: int | None = None,
    announced: frozenset[dt.date] = frozenset(),
) -> bool:
    """Whether `text` mentions a day that may be after `as_of` (a month counts as after as soon
    as its last day is, a year once it has begun): such a text is not shown as of that date.

    A day without a year ("11 Dec") is of `context_year`: the year the text's fact holds from,
    which the writer meant (a dispute settled from a 2023 closure speaks of 11 Dec 2023, also
    when read as of 2024). Without one (a text of no dated fact), the as-of date's year.
    `announced`: later days a plan shown on the date already names (a deadline set before):
    naming them again tells nothing learnt later."""
    if not _may_mention(text):
        return False
    year = as_of.year if context_year is None else context_year
    return any(day not in announced for day in _later_days(text, as_of, year))


@lru_cache(maxsize=16384)  # a view redrawn on every key asks about the same texts again
def _later_days(text: str, as_of: dt.date, context_year: int) -> tuple[dt.date, ...]:
    """The days `text` mentions that may be after `as_of` (each as the earliest it can mean)."""
    found = mentions(text, context_year)
    return tuple(day for words, day in found if _last_day(words, day) > as_of)


def published(value: str | None) -> dt.date | None:
    """A source's date as the day it counts from: `2023-11-20`; `2023-11` → 30 November;
    `2023` → 31 December. None when it has none or it is not a date: such a source never
    counts as published by a date."""
    if not value:
        return None
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            return dt.date(year, month, _month_days(year, month))
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 12, 31)
    except ValueError:
        return None
    return None
