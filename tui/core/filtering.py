"""Filtering and sorting table rows as a reader expects (no Textual: every table shares it).

A filter is what the user types after `/`: each word must appear somewhere in the row, accents
and case folded ("menaka" finds "Ménaka"). A sort key reads a cell as what it means: a date as a
date, a number as a number, a name as people read it (`reading_key`), an unknown value last.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from tui.core.sorting import fold, reading_key

UNKNOWN_CELLS = frozenset({"", "unknown", "—", "-", "?", "n/a"})
"""Cells that say nothing: sorted last whichever the direction."""

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?\*?$")
_NUMBER = re.compile(r"^[~≈<>]?\s*(\d[\d,]*(?:\.\d+)?)\s*%?\*?$")

Row = TypeVar("Row")


def filter_terms(query: str) -> tuple[str, ...]:
    """The words of a filter, folded; an empty tuple is "no filter"."""
    return tuple(fold(query).split())


def row_haystack(cells: Iterable[str]) -> str:
    """A row's text, folded once, for `matches` (cells joined so no word spans two cells)."""
    return "\x00".join(fold(cell) for cell in cells)


def matches(terms: Sequence[str], haystack: str) -> bool:
    """Whether every term appears in the row's folded text."""
    return all(term in haystack for term in terms)


def is_unknown(cell: str) -> bool:
    return cell.strip().casefold() in UNKNOWN_CELLS


def cell_sort_key(cell: str) -> tuple[int, object]:
    """A key ordering one column's cells by meaning: numbers, then dates, then text.

    The kind comes first, so a key never compares a number with a text; `sort_rows` puts the
    unknown cells after all of them.
    """
    text = cell.strip()
    number = _NUMBER.match(text)
    if number:
        return (0, float(number.group(1).replace(",", "")))
    date = _DATE.match(text)
    if date:
        year, month, day = date.groups()
        return (1, (int(year), int(month), int(day or 0)))
    return (2, reading_key(text))


def sort_rows(rows: Iterable[Row], cell: Callable[[Row], str], *, reverse: bool) -> list[Row]:
    """`rows` ordered by the text `cell` gives for each, unknown values last in both directions
    (ties keep their order: a second sort refines the first)."""
    known: list[tuple[tuple[int, object], Row]] = []
    unknown: list[Row] = []
    for row in rows:
        text = cell(row)
        if is_unknown(text):
            unknown.append(row)
        else:
            known.append((cell_sort_key(text), row))
    known.sort(key=lambda pair: pair[0], reverse=reverse)
    return [row for _key, row in known] + unknown
