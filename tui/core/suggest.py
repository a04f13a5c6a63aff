"""The one "did you mean" of the project: a misspelt key, id or site, and the name meant.

The loader (unknown keys and ids), the config (unknown keys) and the export (an unknown site)
all suggest through here, so a suggestion is found, and worded, the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like `word`, if one is close enough to be the one meant (difflib's 0.6)."""
    import difflib  # only when something is misspelt: not on every start's path

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` to end a message with, or "" when nothing is close."""
    match = closest(word, options)
    return f"; did you mean {match!r}?" if match is not None else ""
