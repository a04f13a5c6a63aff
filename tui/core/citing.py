"""Which site a cited fact is about, from the dotted path the model gives it (no Textual).

`Dataset.fact_records` names each fact by where it sits: `sites[3].projects[1]` is about the
fourth site, `events[7]` about the event's site if it has one. The Sources tab uses it to open
the site of a fact that cites a source.
"""

from __future__ import annotations

import re

from tui.core.model import Dataset

_HEAD = re.compile(r"^(sites|events|disputes)\[(\d+)\]")


def site_of(dataset: Dataset, path: str) -> str | None:
    """The id of the site the fact at `path` is about, or None (the mission, a phase, a count)."""
    match = _HEAD.match(path)
    if match is None:
        return None
    kind, index = match.group(1), int(match.group(2))
    if kind == "sites":
        return dataset.sites[index].id if index < len(dataset.sites) else None
    records = dataset.events if kind == "events" else dataset.disputes
    if index >= len(records):
        return None
    site = records[index].site
    return site if site in dataset.site_index else None
