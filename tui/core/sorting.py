"""Sorting text as people read it (no Textual: tables and exports share it).

Python sorts by code point: "Mopti–Sévaré" before "Ménaka" ("o" < "é"), "Z" before "a",
"S10" before "S9". A reader expects accents folded, case ignored and numbers as numbers.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = re.compile(r"(\d+)")


def fold(text: str) -> str:
    """`text` without accents and case: "Ménaka" → "menaka", "ÉTAT" → "etat"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def reading_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key for `text` as a reader orders it: accents folded, case-insensitive, runs of
    digits compared as numbers ("S9" < "S10"), ties broken by the text itself (stable)."""
    parts: list[tuple[int, int | str]] = []
    for index, part in enumerate(_NUMBER.split(fold(text))):
        if index % 2:
            parts.append((0, int(part)))
        elif part:
            parts.append((1, part))
    parts.append((-1, text))  # after the parts: "S03" before "S03-fr", ties by the text
    return tuple(parts)
