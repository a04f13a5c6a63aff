"""Textual's private names that tui/compat.py relies on still exist (fails on an upgrade)."""

from __future__ import annotations

from tui.compat import PRIVATE_NAMES


def test_textual_still_has_the_private_names_we_use() -> None:
    missing = [
        f"{cls.__name__}.{name}"
        for cls, names in PRIVATE_NAMES.items()
        for name in names
        if not hasattr(cls, name)
    ]
    assert missing == []
