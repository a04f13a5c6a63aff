"""What a list of sources owes to hindsight: the sources dated after the as-of date, marked
and counted in words. One place for the Sources tab, the whole-row view and the exports, so a
report read on its own says which of its sources were not published yet on its date."""

from __future__ import annotations

from tui.core.model import Snapshot
from tui.render.words import fmt_date

LATER_MARK = "+"
"""After a source's date: published after the as-of date (listed with hindsight)."""


def is_later(snap: Snapshot, source_id: str) -> bool:
    """Whether a source is dated after the as-of date (a month counts from its last day, as
    "as known then" counts it): listed with hindsight, hidden as known then."""
    date = snap.dataset.source_dates.get(source_id)
    return date is not None and date > snap.as_of


def hindsight_note(snap: Snapshot, hindsight: Snapshot, toggle: str = "K") -> str:
    """What the list owes to hindsight, in words: the sources dated after the as-of date (marked
    LATER_MARK) and the undated ones, which "as known then" leaves out. Empty: none.
    `hindsight`: the same date with hindsight (what "as known then" leaves out is the rest);
    `toggle`: what switches "as known then" where the note is read (`K` in the dashboard,
    `--known` for an export)."""
    date = fmt_date(snap.as_of)
    # The sources cited on the date: `citation_counts`' keys, the same as `citations`' without
    # a label made and checked for every fact (80,000 at 10,000 sites).
    cited, cited_then = snap.citation_counts, hindsight.citation_counts
    if snap.known:
        left_out = sum(1 for sid in cited_then if sid not in cited)
        if not left_out:
            return ""
        return (
            f"As known then: {left_out} source{'s' if left_out != 1 else ''} dated after "
            f"{date} or undated left out. Without {toggle}: all of them, with hindsight."
        )
    later = sum(1 for sid in cited if is_later(snap, sid))
    undated = sum(1 for sid in cited if snap.dataset.source_dates.get(sid) is None)
    if not later and not undated:
        return ""
    month = snap.as_of.strftime("%Y-%m")
    parts = [
        f"{later} source{'s' if later != 1 else ''} dated after {date} or just {month} "
        f"({LATER_MARK})"
    ] * bool(later)
    parts += [f"{undated} undated"] * bool(undated)
    return f"With hindsight: {', '.join(parts)}. {toggle} (as known then) hides them."
