"""Where the app keeps its files: the names of the user's config, data and cache directories.

A module of its own so the cache and the config can both use it without importing each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.core.tabs import TABS as TABS

APP_NAME = "minusma-tui"

if TYPE_CHECKING:
    TabName = str
else:
    TabName = Literal[TABS]
"""A tab id (the config's `default_tab`): one of tui/core/tabs.py's, which declares them."""


def cache_dir() -> Path:
    """The user's cache directory for minusma-tui (parsed datasets, checked configs)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)
