"""A valid file never crashes the app: whatever `validate` accepts renders in every tab and every
export, or `validate` refuses it with a clear line.

Hypothesis draws datasets within the schema (data/SCHEMA.md, `tui.core.dataset_file`) and the
rules between records (`tui.core.dataset_rules`), extremes included: no sites, one site, empty
lists, every optional field absent, very long names, unicode, control characters and Rich
markup in text, dates at TOML's bounds (0001-01-01, 9999-12-31, "0000"), figures from zero to
past 64 bits, sites that never changed state. Each goes through the loader as the file's table
would (`build_dataset`), then through the app (`App.run_test`, every tab on the last date, then
on the first date as known then, the first site's detail) and through each export (txt, md,
csv of every table, json, the summary with a site in full).

For CI, 25 drawn datasets through the exports (2-3 s) and 8 through the app (each starts the
app and visits every tab twice: 2-6 s each on two busy cores), no shrinking of an app example
(that takes minutes: the failure is reported as drawn). The longer profile:
MINUSMA_TUI_PROPERTY_EXAMPLES=500 draws that many for both, and shrinks;
MINUSMA_TUI_PROPERTY_SEED replays a run. The extremes each crash was found with are kept as
plain cases at the end (`test_the_extremes_render_in_every_tab_and_export`).
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, seed, settings, strategies as st

from tests.conftest import FIXTURES, make_app
from tui.core.countries import codes
from tui.core.dates import published
from tui.core.loader import DatasetError, build_dataset
from tui.core.model import CLOSING, Dataset
from tui.core.tabs import TABS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LONG_RUN = os.environ.get("MINUSMA_TUI_PROPERTY_EXAMPLES")
SETTINGS = settings(
    max_examples=int(LONG_RUN or 25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
APP_SETTINGS = settings(
    SETTINGS,
    # Each example starts the app and visits every tab: 3 in CI (about 8 s on a quiet core).
    max_examples=int(LONG_RUN or 3),
    phases=list(Phase) if LONG_RUN else [Phase.explicit, Phase.reuse, Phase.generate],
)

REFUSED = re.compile(r"(?!)")
"""Problems `validate` gives a drawn dataset on purpose (a value within the schema that the
app cannot show, refused with a clear line instead): none yet."""

# --- the values ------------------------------------------------------------------------------

COUNTRIES = sorted(codes())
EXTREME_DATES = [dt.date.min, dt.date.max, dt.date(1970, 1, 1), dt.date(2000, 2, 29)]
ODD = [
    "x" * 3000,
    "Camp " + "très-long-nom " * 60,
    "W" * 200,
    "نام طولانی اردوگاه " * 20,
    "🇲🇱🏕️" * 80,
    "a\u0301" * 100,  # combining accents
    "\u202eRTL override",
    "line one\nline two\n\nline four",
    "tab\tand\u001b[31mESC\u0007",
    "中文名称" * 50,
    "\u200b",  # zero width: a name no cell shows
    "\u0301",  # a combining mark alone
    "\ufeff",
    "ｗｉｄｅ ｆｕｌｌｗｉｄｔｈ",
    "😀",
    "[/]",  # Rich markup, never read as markup
    "[bold red]x",
    "[link=https://example.org]x[/link]",
    ":warning: \\[",
    "%s %d {0} {name}",
    "-",
    "999",
]


def _visible(text: str) -> bool:
    return re.search(r"\S", text) is not None


texts = st.one_of(
    st.text(min_size=1, max_size=12).filter(_visible),
    st.text(min_size=1, max_size=60).filter(_visible),
    st.sampled_from(ODD),
)
dates = st.one_of(
    st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2024, 12, 31)),
    st.sampled_from(EXTREME_DATES),
    st.dates(),
)
counts = st.one_of(
    st.integers(0, 5),
    st.integers(0, 10**6),
    st.sampled_from([0, 1, 2**31 - 1, 2**53 + 1, 2**63 - 1, 10**30]),  # TOML has no bound
)


@st.composite
def partial_dates(draw: st.DrawFn) -> str | dt.date:
    """A date, or the text of a month or a year (year 0000 included: the pattern allows it)."""
    year = draw(st.one_of(st.integers(2023, 2024), st.integers(0, 9999)))
    kind = draw(st.sampled_from(["date", "month", "year"]))
    if kind == "date":
        return draw(dates)
    if kind == "month":
        return f"{year:04d}-{draw(st.integers(1, 12)):02d}"
    return f"{year:04d}"


def optional(values: dict[str, Any], key: str, draw: st.DrawFn, strategy: Any) -> None:
    """Set `key` from `strategy`, or leave it out (every optional field may be absent)."""
    if draw(st.booleans()):
        values[key] = draw(strategy)


class Sources:
    """The dataset's [[sources]]: their ids, and which of them have a date ("reported")."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.ids = [row["id"] for row in rows]
        self.dated = [row["id"] for row in rows if published(_text(row.get("date"))) is not None]


def _text(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value  # type: ignore[return-value]


@st.composite
def sources(draw: st.DrawFn) -> Sources:
    count = draw(st.integers(1, 4))
    odd = draw(st.sampled_from(["S", "src.", "A_b-", "x" * 120]))
    rows = []
    for i in range(count):
        row: dict[str, Any] = {
            "id": f"{odd}{i}",
            "title": draw(texts),
            "publisher": draw(texts),
        }
        optional(row, "date", draw, partial_dates())
        optional(row, "url", draw, texts)
        optional(row, "note", draw, texts)
        rows.append(row)
    return Sources(rows)


def fact(
    draw: st.DrawFn, found: Sources, *, closed: bool = False, dated: bool = True
) -> dict[str, Any]:
    """`sources` and `since` for a fact: a date, a month or year, "closure" (only where a site
    closed), "reported" (only with a dated source among its own)."""
    cited = draw(st.lists(st.sampled_from(found.ids), min_size=1, max_size=3))
    ways = ["date"] + (["closure"] if closed else []) + (["reported"] if found.dated else [])
    way = draw(st.sampled_from(ways)) if dated else "date"
    if way == "closure":
        return {"sources": cited, "since": "closure"}
    if way == "reported":
        return {"sources": [*cited, draw(st.sampled_from(found.dated))], "since": "reported"}
    return {"sources": cited, "since": draw(partial_dates())}


def cited(draw: st.DrawFn, found: Sources) -> list[str]:
    return draw(st.lists(st.sampled_from(found.ids), min_size=1, max_size=3))


# --- the records -------------------------------------------------------------------------------


@st.composite
def missions(draw: st.DrawFn, found: Sources) -> dict[str, Any]:
    total = draw(counts.filter(lambda n: n >= 1))
    mission: dict[str, Any] = {
        "name": draw(texts),
        "full_name": draw(texts),
        "country": draw(st.sampled_from(COUNTRIES)),
        "personnel_total": total,
        "personnel_counted": draw(texts),
        **fact(draw, found),
    }
    optional(mission, "area", draw, texts)
    split = draw(st.sampled_from(["both", "uniformed", "civilian", "none"]))
    uniformed = draw(st.integers(0, total))
    if split in ("both", "uniformed"):
        mission["uniformed_total"] = uniformed
    if split in ("both", "civilian"):
        mission["civilian_total"] = total - uniformed
    optional(mission, "excludes", draw, texts)
    optional(mission, "sites_note", draw, texts)
    key_dates = []
    for i in range(draw(st.integers(0, 3))):
        key: dict[str, Any] = {
            "id": f"key-{i}",
            "date": draw(dates),
            "label": draw(texts),
            **fact(draw, found),
        }
        optional(key, "note", draw, texts)
        optional(key, "headline", draw, st.booleans())
        key_dates.append(key)
    if key_dates or draw(st.booleans()):
        mission["key_dates"] = key_dates
    return mission


@st.composite
def phases(draw: st.DrawFn, found: Sources, at_least: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(draw(st.integers(at_least, 3))):
        start = draw(dates)
        phase: dict[str, Any] = {
            "id": f"phase-{i + 1}" if i else draw(st.sampled_from(["p", "a" * 150])),
            "name": draw(texts),
            "start": start,
            "sources": cited(draw, found),
        }
        if draw(st.booleans()):
            phase["end"] = draw(st.dates(min_value=start))
        optional(phase, "note", draw, texts)
        rows.append(phase)
    return rows


STATES = ["partial", "handed_over", "vacated", "closed", "returned", "stopped", "taken"]


@st.composite
def sites(draw: st.DrawFn, found: Sources, phase_ids: list[str]) -> list[dict[str, Any]]:
    """0 to 4 sites, in closure order (those that never closed last), ordinals 1..N."""
    rows = []
    for i in range(draw(st.integers(0, 4))):
        changes = sorted(
            draw(st.lists(st.tuples(dates, st.sampled_from(STATES)), max_size=3)),
            key=lambda change: change[0],
        )
        closure = next((day for day, state in changes if state in CLOSING), None)
        site: dict[str, Any] = {
            "id": f"site-{i}" if draw(st.booleans()) else f"{'b' * 90}-{i}",
            "name": draw(texts),
            "region": draw(texts),
            "kind": draw(st.sampled_from(["camp", "temporary_base", "office", "headquarters"])),
            "ordinal": 0,
            "phase": draw(st.sampled_from(phase_ids)),
            "sources": cited(draw, found),
        }
        states = []
        for day, state in changes:
            change: dict[str, Any] = {"state": state, "since": day, "sources": cited(draw, found)}
            optional(change, "to", draw, texts)
            optional(change, "note", draw, texts)
            states.append(change)
        if states or draw(st.booleans()):
            site["states"] = states
        if draw(st.booleans()):
            site["lat"] = draw(
                st.one_of(st.sampled_from([-90, 90, 0, -90.0, 89.999999]), st.floats(-90, 90))
            )
            site["lon"] = draw(
                st.one_of(st.sampled_from([-180, 180, 0, 179.5]), st.floats(-180, 180))
            )
        optional(site, "ordinal_inferred", draw, st.booleans())
        for key in ("planned", "circumstances"):  # each a text with the day it holds from
            if draw(st.booleans()):
                site[key] = draw(texts)
                site[f"{key}_since"] = fact(draw, found, closed=closure is not None)["since"]
                if site[f"{key}_since"] == "reported":
                    site["sources"] = [*site["sources"], draw(st.sampled_from(found.dated))]
        closed = closure is not None
        site["contingents"] = [
            contingent(draw, found, closed) for _ in range(draw(st.integers(0, 3)))
        ]
        site["projects"] = [project(draw, found, closed) for _ in range(draw(st.integers(0, 2)))]
        site["armed_groups"] = [
            {**{"name": draw(texts)}, **fact(draw, found, closed=closed), **_note(draw)}
            for _ in range(draw(st.integers(0, 2)))
        ]
        for key in ("contingents", "projects", "armed_groups"):
            if not site[key] and draw(st.booleans()):
                del site[key]  # absent, or an empty list: both are "none"
        rows.append((closure, site))
    rows.sort(key=lambda pair: (pair[0] is None, pair[0] or dt.date.min))
    for ordinal, (_closure, site) in enumerate(rows, start=1):
        site["ordinal"] = ordinal
    return [site for _closure, site in rows]


def _note(draw: st.DrawFn) -> dict[str, Any]:
    return {"note": draw(texts)} if draw(st.booleans()) else {}


def contingent(draw: st.DrawFn, found: Sources, closed: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "country": draw(st.sampled_from(COUNTRIES)),
        **fact(draw, found, closed=closed),
    }
    optional(row, "unit", draw, texts)
    if draw(st.booleans()):
        row["figure"] = draw(counts)
        row["kind"] = draw(st.sampled_from(["reported", "estimate"]))
    optional(row, "figure_date", draw, partial_dates())
    optional(row, "left", draw, dates)
    optional(row, "note", draw, texts)
    return row


def project(draw: st.DrawFn, found: Sources, closed: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"title": draw(texts), **fact(draw, found, closed=closed)}
    optional(row, "detail", draw, texts)
    if draw(st.booleans()):
        row["amount"] = draw(counts)
        row["currency"] = draw(texts)
    return row


@st.composite
def personnel(draw: st.DrawFn, found: Sources, mission_total: int) -> list[dict[str, Any]]:
    days = sorted(draw(st.lists(dates, max_size=4)))
    rows = []
    for day in days:
        total = draw(st.one_of(st.none(), counts.filter(lambda n: n >= 1)))
        row: dict[str, Any] = {
            "date": day,
            "departed": draw(st.integers(0, total if total is not None else mission_total)),
            "sources": cited(draw, found),
        }
        if total is not None:
            row["total"] = total
        optional(row, "qualifier", draw, st.sampled_from(["more than", "almost", "about"]))
        for part in ("uniformed", "civilian"):
            if draw(st.booleans()):
                of = draw(counts.filter(lambda n: n >= 1))
                row[f"{part}_total"] = of
                row[f"{part}_departed"] = draw(st.integers(0, of))
            elif draw(st.booleans()):
                row[f"{part}_departed"] = draw(counts)
        optional(row, "note", draw, texts)
        rows.append(row)
    return rows


@st.composite
def events(draw: st.DrawFn, found: Sources, site_ids: list[str]) -> list[dict[str, Any]]:
    rows = []
    for day in sorted(draw(st.lists(dates, max_size=4))):
        row: dict[str, Any] = {"date": day, "title": draw(texts), "sources": cited(draw, found)}
        if site_ids and draw(st.booleans()):
            row["site"] = draw(st.sampled_from(site_ids))
        rows.append(row)
    return rows


@st.composite
def disputes(
    draw: st.DrawFn, found: Sources, closed_by_id: dict[str, bool]
) -> list[dict[str, Any]]:
    rows = []
    for i in range(draw(st.integers(0, 2))):
        site = draw(st.sampled_from([None, *closed_by_id])) if closed_by_id else None
        closed = site is not None and closed_by_id[site]
        claims = [
            {"claim": draw(texts), **fact(draw, found, closed=closed)}
            for _ in range(draw(st.integers(2, 3)))
        ]
        row: dict[str, Any] = {
            "id": f"dispute-{i}",
            "title": draw(texts),
            "since": fact(draw, found, closed=closed)["since"],
            "claims": claims,
        }
        if row["since"] == "reported" and not any(
            sid in found.dated for claim in claims for sid in claim["sources"]
        ):
            row["since"] = draw(partial_dates())
        if site is not None:
            row["site"] = site
        optional(row, "resolution", draw, texts)
        rows.append(row)
    return rows


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:
    """The table of a dataset file, as tomllib would give it."""
    found = draw(sources())
    mission = draw(missions(found))
    site_rows = draw(sites(found, ["placeholder"]))
    phase_rows = draw(phases(found, 1 if site_rows else 0))
    phase_ids = [p["id"] for p in phase_rows]
    for site in site_rows:
        site["phase"] = draw(st.sampled_from(phase_ids))
    closed_by_id = {
        s["id"]: any(c["state"] in CLOSING for c in s.get("states", [])) for s in site_rows
    }
    raw: dict[str, Any] = {
        "schema_version": 2,
        "mission": mission,
        "phases": phase_rows,
        "sites": site_rows,
        "sources": found.rows,
    }
    optional(raw, "personnel", draw, personnel(found, mission["personnel_total"]))
    optional(raw, "events", draw, events(found, list(closed_by_id)))
    optional(raw, "disputes", draw, disputes(found, closed_by_id))
    return raw


# --- the property ------------------------------------------------------------------------------


def _load(raw: dict[str, Any]) -> Dataset | None:
    """The model, or None if `validate` refuses the file with a clear line (one of REFUSED)."""
    try:
        return build_dataset(raw, "drawn.toml")
    except DatasetError as exc:
        unexpected = [p for p in exc.problems if not REFUSED.search(p.message)]
        assert not unexpected, f"the generator drew an invalid dataset: {unexpected}"
        note(f"refused: {exc.problems}")
        return None


def _exports(dataset: Dataset, as_of: dt.date, known: bool) -> None:
    from tui.core import data_export
    from tui.render.export import render

    site = dataset.sites[0] if dataset.sites else None
    for fmt in ("txt", "md"):
        assert render(dataset, as_of, fmt, 80, None, known=known)
        assert render(dataset, as_of, fmt, 80, site, known=known)
    for table in data_export.TABLES:
        data_export.render_csv(dataset, as_of, table, known=known)
    data_export.render_json(dataset, as_of, known=known)
    if site is not None:
        data_export.render_json(dataset, as_of, known=known, site=site)


async def _every_tab(dataset: Dataset) -> None:
    """Every tab on the last date, then on the first "as known then", the first site's detail
    on Bases, a step back and forth; the app re-raises whatever crashed it when it ends."""
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in (str(n) for n in range(1, len(TABS) + 1)):
            await pilot.press(key)
        app.as_of = _both_dates(dataset)[1]
        app.known = True
        for key in (str(n) for n in range(len(TABS), 0, -1)):
            await pilot.press(key)
        await pilot.press("2", "enter")
        await pilot.press("left_square_bracket", "right_square_bracket", "r")


def _both_dates(dataset: Dataset) -> tuple[dt.date, dt.date]:
    """The last date (the app's default) and the first step (stepped back to its start)."""
    return dataset.latest_date, dataset.steps[0] if dataset.steps else dataset.latest_date


@SETTINGS
@given(raw=datasets())
def test_a_valid_file_never_crashes_an_export(raw: dict[str, Any]) -> None:
    dataset = _load(raw)
    if dataset is not None:
        last, first = _both_dates(dataset)
        _exports(dataset, last, known=False)
        _exports(dataset, first, known=True)


@APP_SETTINGS
@given(raw=datasets())
def test_a_valid_file_never_crashes_the_app(raw: dict[str, Any]) -> None:
    dataset = _load(raw)
    if dataset is not None:
        asyncio.run(_every_tab(dataset))


if os.environ.get("MINUSMA_TUI_PROPERTY_SEED"):
    _SEED = seed(int(os.environ["MINUSMA_TUI_PROPERTY_SEED"]))
    test_a_valid_file_never_crashes_an_export = _SEED(test_a_valid_file_never_crashes_an_export)
    test_a_valid_file_never_crashes_the_app = _SEED(test_a_valid_file_never_crashes_the_app)


def test_the_generator_draws_valid_datasets() -> None:
    """The property is not vacuous: what the generator draws loads (none refused yet)."""

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(raw=datasets())
    def loads(raw: dict[str, Any]) -> None:
        assert isinstance(_load(raw), Dataset)

    loads()


# --- the extremes each crash was found with, kept as plain cases --------------------------------

MINI = tomllib.loads((FIXTURES / "mini.toml").read_text(encoding="utf-8"))


def _count_on(day: dt.date) -> Callable[[dict[str, Any]], None]:
    def edit(raw: dict[str, Any]) -> None:
        raw["personnel"].append({"date": day, "departed": 1, "sources": ["A"]})

    return edit


def _huge_totals(raw: dict[str, Any]) -> None:
    mission = raw["mission"]
    mission["personnel_total"] = 2**63 - 1
    mission["uniformed_total"], mission["civilian_total"] = 2**63 - 2, 1
    raw["personnel"][-1].update(departed=2**62, total=2**63 - 1)


EXTREMES: dict[str, Callable[[dict[str, Any]], None]] = {
    # The Overview's chart named the month after December 9999: ValueError, the app gone.
    "count-on-9999-12-31": _count_on(dt.date.max),
    # Its y axis put a label every 50,000 up to the total: 2**63 / 50,000 of them, for ever.
    "64-bit-totals": _huge_totals,
}
"""Hand-made cases of the crashes the property found (tui/render/chart.py), on mini.toml."""


@pytest.mark.parametrize("edit", list(EXTREMES.values()), ids=list(EXTREMES))
def test_the_extremes_render_in_every_tab_and_export(
    edit: Callable[[dict[str, Any]], None],
) -> None:
    raw = copy.deepcopy(MINI)
    edit(raw)
    dataset = _load(raw)
    assert dataset is not None
    last, first = _both_dates(dataset)
    _exports(dataset, last, known=False)
    _exports(dataset, first, known=True)
    asyncio.run(_every_tab(dataset))
