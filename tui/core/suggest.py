"""The one "did you mean" of the project: a misspelt key, id or site, and the name meant.

The loader (unknown keys and ids), the config (unknown keys) and the export (an unknown site)
all suggest through here, so a suggestion is found, and worded, the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like `word`, if one is close enough to be the one meant (difflib's 0.6).

    Between options difflib finds equally like it, the one fewest edits away: "S2e" is "S23"
    (one letter changed), not "S82" (two), which difflib would give for coming last.
    """
    import difflib  # only when something is misspelt: not on every start's path

    matcher = difflib.SequenceMatcher(b=word)
    scored = []
    for option in dict.fromkeys(options):
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            score = matcher.ratio()
            if score >= 0.6:
                scored.append((score, option))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    tied = [option for score, option in scored if score == best]
    return min(tied, key=lambda option: (_edits(word, option), option))


def _edits(a: str, b: str) -> int:
    """How many letters to insert, delete or change to turn `a` into `b` (Levenshtein)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` to end a message with, or "" when nothing is close."""
    match = closest(word, options)
    return f"; did you mean {match!r}?" if match is not None else ""
