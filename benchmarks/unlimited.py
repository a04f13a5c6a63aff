"""Run minusma-tui's CLI with its dataset read limit lifted, for the 100,000-site benchmark only.

The app refuses a dataset over `DATASET_LIMIT` (64 MiB, tui/core/files.py: a bound on what one
read may take), and the generated 100,000-site file is about 93 MB. To measure the app at that
scale anyway, run.py starts it through this script, which raises the limit in every module that
copied it and then runs the CLI exactly as `python -m tui` does. `lift()` is also what
probe.py calls before loading a dataset in-process.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LIMIT = 1 << 30


def lift() -> None:
    from tui.core import cache, files, loader

    files.DATASET_LIMIT = loader.DATASET_LIMIT = cache.DATASET_LIMIT = LIMIT
    cache.ENTRY_LIMIT = 4 * LIMIT


if __name__ == "__main__":
    lift()
    from tui.cli import main

    raise SystemExit(main())
