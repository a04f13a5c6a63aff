"""Open a dataset for a command, or say what is wrong with it: the one way every entry point
(the dashboard, `validate`, `export`, `serve`) opens the file, so they all report alike.

It lives in the core, below the CLI and the servers that use it, so that none of them has to
import another to open a file (no import cycles: see the contracts in pyproject.toml).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from tui.core.loader import DatasetError
from tui.core.model import Dataset


def load_or_report(path: Path) -> Dataset | None:
    """Load a dataset (through the parsed-dataset cache), printing every problem if it is broken."""
    from tui.core.cache import load_dataset_cached

    try:
        return load_dataset_cached(path)
    except DatasetError as exc:
        print(exc.summary(), file=sys.stderr)
        return None


def load_head_or_report(path: Path) -> tuple[Dataset, Callable[[], None]] | None:
    """`load_or_report` in two steps (`tui.core.cache.load_dataset_head`): the dataset with
    what its first frame does not need still to decode, and the call that decodes it."""
    from tui.core.cache import load_dataset_head

    try:
        return load_dataset_head(path)
    except DatasetError as exc:
        print(exc.summary(), file=sys.stderr)
        return None
