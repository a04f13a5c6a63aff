"""Which columns a table hides when it is too narrow to show them at a useful width.

A column cut to four letters ("Regi…", "Mali…") tells the reader nothing and takes room from
the columns that still say something. Like k9s, a table gives each column a floor (the width
below which its cut values stop telling rows apart) and, when the row does not fit with every
column at its floor, hides columns in a stated order (the least needed first) instead of cutting
them further; it says which (the widgets draw that line). The Bases table and the tabs' key
tables both ask here, then fit what is left with `tui.render.column_widths`. No Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hiding:
    """The columns hidden (in hiding order) and the gap the rest fit with."""

    hidden: tuple[int, ...]
    gap: int

    def shown(self, count: int) -> list[int]:
        """The columns left, in their order."""
        return [column for column in range(count) if column not in self.hidden]


def hide_columns(
    floors: Sequence[int], room: int, order: Sequence[int], gaps: Sequence[int] = (0,)
) -> Hiding:
    """Hide columns, in `order`, until the others fit `room` at their `floors`.

    `gaps`: the blank cells each column takes besides, widest first: with the same columns,
    the widest gap that fits wins; a narrower gap is tried before hiding one more column (two
    columns close together say more than one with air around it). If even with every column
    in `order` hidden the rest do not fit, they are all hidden and the table shrinks or
    scrolls what is left.
    """
    hidden: list[int] = []
    for next_column in [*order, None]:
        for gap in gaps:
            needed = sum(w + gap for c, w in enumerate(floors) if c not in hidden)
            if needed <= room:
                return Hiding(tuple(hidden), gap)
        if next_column is not None:
            hidden.append(next_column)
    return Hiding(tuple(hidden), gaps[-1])
