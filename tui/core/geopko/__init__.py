"""Geo-PKO, the UN deployment maps as data: draft a dataset from it, or check one against it.

Geo-PKO (Department of Peace and Conflict Research, Uppsala University; Cil, Fjelde, Hultman &
Nilsson 2020, "Mapping blue helmets", Journal of Peace Research 57(2)) codes every location of a
mission's deployment maps, year by year, with its troop contributors' standard unit sizes.

- `rows.py` reads its TCCMap and FrontMap CSV files (`read_tcc`, `read_front`) and folds names;
- `places.py` is where a draft looks: `--bbox`, a known `--area`, the country by its outlines;
- `draft.py`: `draft()` writes a schema-2 dataset that validates, and lists what a person must
  still add;
- `check.py`: `compare()` checks an existing dataset's coordinates and estimates against the rows.

The names callers use are re-exported here: `from tui.core.geopko import draft, read_tcc`.
No Textual, no Rich.
"""

from tui.core.geopko.check import (
    TOLERANCE as TOLERANCE,
    Comparison as Comparison,
    compare as compare,
    reference_year as reference_year,
)
from tui.core.geopko.draft import (
    CITATION as CITATION,
    PUBLISHER as PUBLISHER,
    SOURCE_ID as SOURCE_ID,
    URL as URL,
    Draft as Draft,
    draft as draft,
)
from tui.core.geopko.places import (
    AREAS as AREAS,
    BBox as BBox,
    area_box as area_box,
    country_at as country_at,
    parse_bbox as parse_bbox,
)
from tui.core.geopko.rows import (
    FRONT_COLUMNS as FRONT_COLUMNS,
    GEOPKO_SPELLINGS as GEOPKO_SPELLINGS,
    MISSION_HQ as MISSION_HQ,
    TCC_COLUMNS as TCC_COLUMNS,
    Contributor as Contributor,
    FrontRow as FrontRow,
    GeoPkoError as GeoPkoError,
    Location as Location,
    country_code as country_code,
    name_keys as name_keys,
    parse_overview as parse_overview,
    read_front as read_front,
    read_tcc as read_tcc,
    slug as slug,
)
