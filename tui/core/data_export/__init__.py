"""The snapshot as data for analysts: `minusma-tui export --format csv` and `--format json`.

The state on a date (as known then, with `known`), table by table: sites, contingents, events,
disputes and the sources they cite, every row with the ids of its sources. Every column is
declared once (`columns.py`: `TABLES`): the CSV header, the JSON document (`rendering.py`), its
JSON Schema (`data/export.schema.json`, from `json_schema.py`) and the README's list of columns all
come from it. No Textual, no Rich: the same rules as every view (`tui.core.model.Snapshot`):
nothing after the date, a free text that names a later day withheld, an unknown value left empty
(CSV) or null (JSON), never 0 or "".

CSV: the standard `csv` module's dialect (RFC 4180: commas, double quotes where needed, CRLF line
ends), UTF-8 without a byte-order mark, one header row, ISO dates, plain numbers (no thousands
separators), `true`/`false`, lists (source ids) joined by ";": pandas' `read_csv` and the
tidyverse's `read_csv` read it without options. One CSV is one table: `--table` chooses it.

Run `python -m tui.core.data_export --write` after changing a column (`__main__.py`): it rewrites
`data/export.schema.json` (a test fails while it is stale). The names callers use are re-exported
here: `from tui.core.data_export import render_csv`.
"""

from tui.core.data_export.columns import (
    CLAIM_COLUMNS as CLAIM_COLUMNS,
    DEFAULT_TABLE as DEFAULT_TABLE,
    FORMAT_NAME as FORMAT_NAME,
    FORMAT_VERSION as FORMAT_VERSION,
    SCHEMA_FILE as SCHEMA_FILE,
    SOURCES_ABOUT as SOURCES_ABOUT,
    TABLE_NAMES as TABLE_NAMES,
    TABLES as TABLES,
    Column as Column,
)
from tui.core.data_export.json_schema import (
    columns_markdown as columns_markdown,
    json_schema as json_schema,
    json_schema_text as json_schema_text,
)
from tui.core.data_export.rendering import (
    Row as Row,
    Value as Value,
    contingent_rows as contingent_rows,
    csv_cell as csv_cell,
    dispute_rows as dispute_rows,
    document as document,
    event_rows as event_rows,
    render_csv as render_csv,
    render_json as render_json,
    site_rows as site_rows,
    source_rows as source_rows,
    tables as tables,
)
