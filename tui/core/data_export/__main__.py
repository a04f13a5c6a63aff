"""`python -m tui.core.data_export [--write | --columns]`: regenerate what the columns make.

Run `--write` after changing a column: it rewrites `data/export.schema.json` (a test fails while it
is stale); `--columns` prints the README's list of columns to paste.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.core.data_export.columns import SCHEMA_FILE
from tui.core.data_export.json_schema import columns_markdown, json_schema_text


def main(argv: list[str] | None = None) -> int:
    """`python -m tui.core.data_export [--write | --columns]`: print the JSON Schema, rewrite
    data/export.schema.json, or print the README's list of columns."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        target = Path(__file__).resolve().parents[3] / "data" / SCHEMA_FILE
        target.write_text(json_schema_text(), encoding="utf-8")
        return 0
    if args == ["--columns"]:
        sys.stdout.write(columns_markdown())
        return 0
    sys.stdout.write(json_schema_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
