"""Column widths for a table of a given width: the one fitter of every table the app draws.

The Bases table, the tabs' key tables and the export's sites table all start from what their
columns would like (`natural`), give way where the room is short (`Shrink`, in stages) and share
what is left over (`most`, by `weights` or to the column cut most). They differ only in those
settings, so a rule about widths (a floor, a tie, what fills the last cells) is written once.
Widths are in terminal cells; `gap` is the blank cells each column takes besides (padding,
rules). No Textual: the widgets and the export both call it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len


def cell_width(text: str) -> int:
    """Terminal cells `text` takes, as Rich counts them: a printable ASCII text (nearly every
    cell of a table) is one cell a character, without Rich's cached per-character look-up
    (half a million calls for a 10,000-site export)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return cell_len(text)


@dataclass(frozen=True, slots=True)
class Shrink:
    """A stage of giving way: these columns shrink, each down to its floor, one cell at a time
    from the one furthest above its floor (on a tie, the first listed), so they end up alike."""

    columns: Sequence[int]
    floors: Mapping[int, int]


@dataclass(frozen=True, slots=True)
class Fitted:
    """The widths, the gap they were fitted with, and whether the table fits its room (if not,
    it scrolls sideways, or its caller lays it out some other way)."""

    widths: list[int]
    gap: int
    fits: bool


def fit_columns(
    natural: Sequence[int],
    room: int,
    *,
    gap: int,
    tight_gap: int | None = None,
    shrink: Sequence[Shrink] = (),
    most: Sequence[int] | None = None,
    weights: Sequence[int] | None = None,
    fill: bool = False,
) -> Fitted:
    """Fit columns that would like `natural` widths into `room` cells.

    - `tight_gap`: the gap to use instead when even the first `shrink` stage at its floors does
      not fit with `gap` (the Bases table drops a blank between columns before cutting names).
    - `shrink`: the stages that give way, in turn, while the table is too wide.
    - `most`: with room to spare, columns grow up to these widths: by `weights` if given (in
      rounds, each column its share; weight 0 never grows), else one cell at a time to the
      column cut the least, so that as many as can be are whole.
    - `fill`: when the table is still too wide (it will scroll), the columns first on screen
      fill the room exactly, so none is cut in half at the right edge: the room left goes to
      the shrunk column that lost the most, else to the last column on screen.
    """
    widths = list(natural)
    count = len(widths)
    if tight_gap is not None and shrink:
        first = shrink[0]
        least = [first.floors[c] if c in first.columns else w for c, w in enumerate(widths)]
        if sum(least) + gap * count > room:
            gap = tight_gap
    excess = sum(widths) + gap * count - room
    for stage in shrink:
        excess = _shrink(widths, stage, excess)
    if excess < 0 and most is not None:
        if weights is not None:
            excess += _grow_by_weight(widths, most, weights, -excess)
        else:
            excess += _grow_least_cut(widths, most, -excess)
    if excess > 0 and fill:
        shrinkable = sorted({c for stage in shrink for c in stage.columns})
        _fill_screen(widths, natural, shrinkable, room, gap)
    return Fitted(widths, gap, excess <= 0)


def column_at(widths: Sequence[int], gap: int, x: int) -> int | None:
    """The column under cell `x` of a row drawn with these widths (None: past the last)."""
    edge = 0
    for column, width in enumerate(widths):
        edge += width + gap
        if x < edge:
            return column
    return None


def _shrink(widths: list[int], stage: Shrink, excess: int) -> int:
    """Take up to `excess` cells from the stage's columns; the excess left."""
    floors = stage.floors
    while excess > 0 and stage.columns:
        column = max(stage.columns, key=lambda c: widths[c] - floors[c])
        if widths[column] <= floors[column]:
            break
        widths[column] -= 1
        excess -= 1
    return excess


def _grow_least_cut(widths: list[int], most: Sequence[int], spare: int) -> int:
    """Give up to `spare` cells, one at a time, to the column least short of its most."""
    given = 0
    while given < spare:
        cut = [c for c in range(len(widths)) if widths[c] < most[c]]
        if not cut:
            break
        column = min(cut, key=lambda c: most[c] - widths[c])
        widths[column] += 1
        given += 1
    return given


def _grow_by_weight(
    widths: list[int], most: Sequence[int], weights: Sequence[int], spare: int
) -> int:
    """Share up to `spare` cells by weight, in rounds (a column's share is at least one cell,
    never past its most); the cells given."""
    room = spare
    while room > 0:
        growing = [c for c in range(len(widths)) if weights[c] and widths[c] < most[c]]
        if not growing:
            break
        total = sum(weights[c] for c in growing)
        given = 0
        for c in growing:
            share = min(max(room * weights[c] // total, 1), most[c] - widths[c], room - given)
            widths[c] += share
            given += share
        room -= given
        if given == 0:
            break
    return spare - room


def _fill_screen(
    widths: list[int], natural: Sequence[int], shrinkable: Sequence[int], room: int, gap: int
) -> None:
    """The columns that fit whole on the first screen take the room exactly (see `fill`)."""
    used, shown = 0, 0
    for width in widths:
        if used + width + gap > room:
            break
        used += width + gap
        shown += 1
    if shown:
        cut = [c for c in shrinkable if c < shown and widths[c] < natural[c]]
        target = max(cut, key=lambda c: natural[c] - widths[c]) if cut else shown - 1
        widths[target] += room - used
