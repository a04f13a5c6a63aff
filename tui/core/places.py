"""Where the app keeps its files: the names of the user's config, data and cache directories.

A module of its own so the cache and the config can both use it without importing each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

APP_NAME = "minusma-tui"

TabName = Literal["overview", "bases", "contingents", "timeline", "map", "sources"]
TABS: tuple[TabName, ...] = get_args(TabName)
"""Tab ids, in the order of their number keys."""


def cache_dir() -> Path:
    """The user's cache directory for minusma-tui (parsed datasets, checked configs)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)
