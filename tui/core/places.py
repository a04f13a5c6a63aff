"""Where the app keeps its files: the names of the user's config, data and cache directories.

A module of its own so the cache and the config can both use it without importing each other.

There may be no such directories: a process with no HOME whose uid has no passwd entry (a bare
`docker run --user 4242`) has no home to put them in, and unless the XDG variables name them,
`user_dir` raises NoHome. Every command then runs without them: no config read, nothing cached
(`tui.core.config.load_user_config` says so once), exports offered in the working directory.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.core.tabs import TABS as TABS

APP_NAME = "minusma-tui"

if TYPE_CHECKING:
    TabName = str
else:
    TabName = Literal[TABS]
"""A tab id (the config's `default_tab`): one of tui/core/tabs.py's, which declares them."""


class NoHome(OSError):
    """No home directory to keep the user's files in: HOME unset (or not absolute), no passwd
    entry for the uid, and no XDG variable naming the directory. An OSError, so every caller
    that copes with an unwritable directory copes with this one the same way."""

    def __init__(self) -> None:
        super().__init__(errno.ENOENT, no_home_reason())


def no_home_reason() -> str:
    """Why there is no home directory, in words: what is unset, and for which uid."""
    home = os.environ.get("HOME")
    told = "HOME is not set" if not home else f"HOME ({home}) is not an absolute path"
    uid = os.getuid() if hasattr(os, "getuid") else None
    return f"{told} and user id {uid} has no passwd entry" if uid is not None else told


Kind = Literal["config", "data", "cache"]


def user_dir(kind: Kind) -> Path:
    """The user's config, data or cache directory for minusma-tui (platformdirs: the XDG
    variable, else under the home directory). Raises NoHome if there is no home to put it in."""
    import platformdirs

    where = {
        "config": platformdirs.user_config_path,
        "data": platformdirs.user_data_path,
        "cache": platformdirs.user_cache_path,
    }[kind]
    try:
        path = where(APP_NAME, appauthor=False)
    except (RuntimeError, KeyError, OSError):  # platformdirs: "could not determine the home"
        raise NoHome() from None
    if not path.is_absolute():  # an older platformdirs left "~" in: never relative to the cwd
        raise NoHome()
    return path


def cache_dir() -> Path:
    """The user's cache directory for minusma-tui (parsed datasets, checked configs); NoHome
    if there is none."""
    return user_dir("cache")
