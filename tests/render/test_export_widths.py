"""The txt export at any width from 60 to 200 keeps every token whole: a date, a figure, a name
without spaces, a URL's host is never split across lines (issue 23).

The export at 1000 columns, where nothing wraps, is the measure: each token it shows appears
as often, whole on a line, at the width under test. A cell cut mid-word ("2023-11-1" / "8",
"Mopti–Sév" / "aré") shows the token fewer times.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache

import pytest

from tests.conftest import ROOT
from tui.core.loader import load_dataset
from tui.core.model import Dataset
from tui.render import export

MISSIONS = {
    "minusma": (
        ROOT / "data" / "withdrawal.toml",
        (dt.date(2023, 6, 30), dt.date(2023, 11, 20), dt.date(2024, 1, 1)),
    ),
    "monusco": (
        ROOT / "data" / "missions" / "monusco-south-kivu.toml",
        (dt.date(2024, 2, 29), dt.date(2024, 6, 30), dt.date(2025, 3, 1)),
    ),
}
WIDTHS = (60, 80, 120, 200)
UNWRAPPED = 1000
"""Wide enough that nothing wraps: every token is whole there."""

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
URL = re.compile(r"https?://\S+")
HOST = re.compile(r"https?://([^/\s]+)")
FIGURE = re.compile(r"(?<![\w.,/:%-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?![\w/-]|[.,]\d)")
"""A standalone number (`8,817`, `63.6%`, `13`), not the digits of an id, a date or a path."""


@cache
def _dataset(mission: str) -> Dataset:
    return load_dataset(MISSIONS[mission][0])


@cache
def _render(
    mission: str, as_of: dt.date, width: int, site: str | None = None, fmt: str = "txt"
) -> list[str]:
    dataset = _dataset(mission)
    text = export.render(dataset, as_of, fmt, width, dataset.site(site) if site else None)
    return [line.rstrip() for line in ANSI.sub("", text).splitlines()]


def _names(dataset: Dataset) -> set[str]:
    """Every word of a site's name, its region and its countries' names."""
    words: set[str] = set()
    for site in dataset.sites:
        words.update(site.name.split())
        words.update(site.region.split())
        for contingent in site.contingents:
            words.update(dataset.country_name(contingent.country).split())
    return words


def _tokens(lines: list[str], names: set[str], hosts: set[str]) -> Counter[str]:
    """How many times each token shows, counting only whole ones on a line."""
    counted: Counter[str] = Counter()
    for line in lines:
        counted.update(f"date {d}" for d in DATE.findall(line))
        counted.update({f"host {h}": line.count(h) for h in hosts if h in line})
        counted.update(f"figure {f}" for f in FIGURE.findall(URL.sub(" ", line)))
        counted.update(f"name {w}" for w in line.split() if w in names)
    return counted


def _compare(
    mission: str, as_of: dt.date, width: int, site: str | None = None, fmt: str = "txt"
) -> None:
    names = _names(_dataset(mission))
    unwrapped = _render(mission, as_of, UNWRAPPED, site, fmt)
    hosts = {host for line in unwrapped for host in HOST.findall(line)}
    wanted = _tokens(unwrapped, names, hosts)
    lines = _render(mission, as_of, width, site, fmt)
    got = _tokens(lines, names, hosts)
    missing = {token: n - got[token] for token, n in wanted.items() if got[token] < n}
    assert not missing, (width, as_of, site, sorted(missing.items())[:12])
    assert max(map(len, lines)) <= width


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("mission", "as_of"),
    [(m, d) for m, (_path, dates) in MISSIONS.items() for d in dates],
    ids=str,
)
def test_every_date_figure_name_and_host_is_whole(mission: str, as_of: dt.date, width: int) -> None:
    _compare(mission, as_of, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mission", sorted(MISSIONS))
def test_every_site_in_full_keeps_its_tokens_whole(mission: str, width: int) -> None:
    as_of = MISSIONS[mission][1][1]
    for site in _dataset(mission).sites:
        _compare(mission, as_of, width, site.id)


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("mission", sorted(MISSIONS))
def test_the_coloured_export_and_its_map_keep_words_whole(mission: str, width: int) -> None:
    """The ansi export has the map too: at 60 columns its legend beside the map was cut into
    three-letter pieces ("Ogo" / "ssa" / "gou"); it goes under the map instead."""
    _compare(mission, MISSIONS[mission][1][1], width, fmt="ansi")


# --- what the report says without `--site` ----------------------------------------------------


def _left_behind(text: str) -> str:
    """The summary's list of what each site left behind, its lines joined as one text."""
    part = text.split("Projects and what is left behind", 1)[1].split("Latest events", 1)[0]
    return re.sub(r"\s+", " ", part)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_summary_says_what_ansongo_left_behind(width: int) -> None:
    """Ansongo's police station, water and electrification were only in `--site ansongo`."""
    dataset = _dataset("minusma")
    text = export.render(dataset, dt.date(2023, 11, 20), "txt", width)
    listed = _left_behind(text)
    entry = listed.split("Ansongo:", 1)[1].split("Nothing listed", 1)[0]
    for item in (
        "Police station built and equipped [S03, S01, S02]",
        "Water supply / drinking water [S03, S01, S02]",
        "Street electrification [S03, S01, S02]",
    ):
        assert item in entry, (width, item)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  Ansongo: "))
    assert all(line.startswith("    ") for line in lines[start + 1 : start + 3])  # one entry
    # Sites with no project on the date are named, so the list is not read as complete.
    assert "Nothing listed in the sources on this date for: Ber," in listed


def test_what_was_left_behind_holds_on_the_date() -> None:
    """Before Ansongo's sources reported them (2023-11-18), its projects are not listed."""
    dataset = _dataset("minusma")
    before = _left_behind(export.render(dataset, dt.date(2023, 11, 17), "txt", 100))
    assert "Ansongo:" not in before and "Police station" not in before
    assert "Ansongo" in before.split("Nothing listed", 1)[1]
    md = export.render(dataset, dt.date(2023, 11, 20), "md")
    assert "- **Ansongo:** Police station built and equipped \\[S03, S01, S02\\];" in md


def test_the_sources_are_listed_by_id() -> None:
    """In id order, numbers as numbers (S9 before S10), in both the md and the txt export."""
    from tui.core.sorting import reading_key

    dataset = _dataset("minusma")
    md = export.render(dataset, dt.date(2023, 11, 20), "md").split("## Sources", 1)[1]
    ids = re.findall(r"^\| (S[\w-]+) \|", md, re.M)
    assert len(ids) > 20 and ids == sorted(ids, key=reading_key)
    txt = export.render(dataset, dt.date(2023, 11, 20), "txt", 200).split("\nSources\n", 1)[1]
    assert re.findall(r"^  (S[\w-]+) ", txt, re.M) == ids


def test_a_phase_without_an_end_says_so_in_words() -> None:
    text = export.render(_dataset("minusma"), dt.date(2023, 11, 20), "md")
    assert "| Phase 2 | from 2023-09-01, no end date given | 5 of 6 |" in text
    assert "open-ended" not in text


def test_the_counting_note_says_why_it_is_not_shown() -> None:
    """MINUSMA's note quotes the UN's count of 11 Dec 2023: before then, the line says in words
    why it is not shown (it used to read "(not shown: it mentions a date after …)")."""
    dataset = _dataset("minusma")
    before = re.sub(r"\s+", " ", export.render(dataset, dt.date(2023, 11, 20), "txt", 80))
    assert (
        "How sites are counted: 13 sites in this dataset; how the sources count them is in a "
        "note written after 2023-11-20, not shown on this date." in before
    )
    assert "(not shown" not in before
    after = re.sub(r"\s+", " ", export.render(dataset, dt.date(2023, 12, 11), "txt", 80))
    assert "How sites are counted: 13 sites in total." in after


def test_the_countries_add_up_in_words() -> None:
    from tui.render.figures import countries_line

    snap = _dataset("minusma").on(dt.date(2023, 11, 20))
    line = countries_line(snap)
    assert line.startswith("27 countries on 2023-11-20: 1 known present, 23 more at sites")
    assert line.endswith(", 3 gone from all their sites")
    numbers = [int(n) for n in re.findall(r"(\d+) (?:known|more|gone)", line)]
    assert sum(numbers) == len(snap.countries) == 27
