"""As of a date, the state on that date and nothing after (issue 13, "4/6").

The rule lives in the model (`Snapshot`), so these tests read every rendering of a snapshot (the
exports in txt, md and html, the summary's renderables, every site's detail, the rows of the
Timeline, Contingents and Sources tabs) and look for a date later than the as-of date. The dates
are found by a parser of this file's own (ISO days and months, "8 Dec 2023", "December 8, 2023",
"December 2023", in English and French), not the model's, so the two can't share a blind spot.
The only later dates allowed are plans as announced (a site's `planned`) and the next key date,
a deadline announced in advance; the list of sources is checked on its own (the sources cited
by what is shown, whenever they were published).
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rich.console import Console

from tui.core.model import NOT_CLOSED, Dataset, Snapshot
from tui.render import export, figures, rows, site_detail as details, summary, tables, words

DATES = [dt.date(2023, 10, 25), dt.date(2023, 11, 20), dt.date(2023, 12, 1)]
WIDE = 1000
"""Wide enough that no table cell wraps, so a plan is found whole and taken out whole."""

_MONTH_NAMES = {
    "jan": 1, "janvier": 1, "january": 1, "feb": 2, "february": 2, "février": 2,
    "mar": 3, "march": 3, "mars": 3, "apr": 4, "april": 4, "avril": 4, "may": 5, "mai": 5,
    "jun": 6, "june": 6, "juin": 6, "jul": 7, "july": 7, "juillet": 7, "aug": 8,
    "august": 8, "août": 8, "sep": 9, "sept": 9, "september": 9, "septembre": 9,
    "oct": 10, "october": 10, "octobre": 10, "nov": 11, "november": 11, "novembre": 11,
    "dec": 12, "december": 12, "décembre": 12, "déc": 12, "janv": 1, "févr": 2, "avr": 4,
    "juil": 7,
}  # fmt: skip
_M = "(" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    (re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b"), lambda g: (int(g[0]), int(g[1]), int(g[2]))),
    (re.compile(r"\b(20\d\d)-(\d\d)\b(?!-)"), lambda g: (int(g[0]), int(g[1]), None)),
    (
        re.compile(rf"\b(\d{{1,2}})\s+{_M}\s+(20\d\d)\b", re.I),
        lambda g: (int(g[2]), _MONTH_NAMES[g[1].lower()], int(g[0])),
    ),
    (
        re.compile(rf"\b{_M}\s+(\d{{1,2}}),?\s+(20\d\d)\b", re.I),
        lambda g: (int(g[2]), _MONTH_NAMES[g[0].lower()], int(g[1])),
    ),
    (
        re.compile(rf"\b{_M}\s+(20\d\d)\b", re.I),
        lambda g: (int(g[1]), _MONTH_NAMES[g[0].lower()], None),
    ),
]


def later_dates(text: str, as_of: dt.date) -> list[str]:
    """Every date in `text` that is certainly after `as_of` (a month: once it has begun after
    it; a day-month-year: that day)."""
    found = []
    for pattern, parts in _PATTERNS:
        for match in pattern.finditer(text):
            year, month, day = parts(match.groups())
            try:
                first = dt.date(year, month, day or 1)
            except ValueError:
                continue
            if first > as_of:
                found.append(match.group(0))
    return found


def _text(renderable: object, width: int = WIDE) -> str:
    console = Console(width=width, record=True, color_system=None)
    with console.capture():
        console.print(renderable)
    return console.export_text()


def _allowed(snap: Snapshot, text: str) -> str:
    """`text` without what may name a later date: plans as announced, the next key date."""
    plans = sorted({s.planned for s in snap.dataset.sites if s.planned}, key=len, reverse=True)
    for plan in plans:  # the longest first: one plan can hold another
        text = text.replace(plan, "")
    step = snap.next_step
    if step is not None and step.site is None:
        text = text.replace(step.label, "").replace(words.fmt_date(step.date), "")
    return text


def _split_sources(text: str, heading: str) -> tuple[str, str]:
    """The document before its list of sources, and the list."""
    lines = text.split("\n")
    at = max((i for i, line in enumerate(lines) if line.strip() == heading), default=len(lines))
    return "\n".join(lines[:at]), "\n".join(lines[at:])


def renderings(snap: Snapshot) -> dict[str, str]:
    """Every rendering of a snapshot as text, by name (the lists of sources left out; see
    `source_lists`)."""
    ds, as_of, known = snap.dataset, snap.as_of, snap.known
    out: dict[str, str] = {}
    txt = export.render(ds, as_of, "txt", WIDE, known=known)
    out["txt"] = _split_sources(txt, "Sources")[0]
    md = export.render(ds, as_of, "md", WIDE, known=known)
    out["md"] = _split_sources(md, "## Sources")[0]
    page = export.render(ds, as_of, "html", WIDE, known=known)
    body = html.unescape(re.sub(r"<[^>]+>", "", page.split("<body>", 1)[1]))
    out["html"] = _split_sources(body, "Sources")[0]
    out["title"] = html.unescape(re.search(r"<title>(.*)</title>", page).group(1))  # type: ignore[union-attr]
    for name, part in (
        ("overview", figures.overview(snap)),
        ("phases", tables.phase_table(snap)),
        ("sites", tables.sites_table(snap)),
        ("events", tables.events_table(snap.latest_events(summary.SUMMARY_EVENTS))),
    ):
        out[name] = _text(part)
    out["headline"] = figures.as_of_label(snap) + " " + snap.phase_label
    for site in ds.sites:
        out[f"site {site.id}"] = _text(details.site_detail(ds, site, as_of, known))
        out[f"site row {site.id}"] = " | ".join(
            rows.site_row(site, snap.site_states[site.id], snap=snap)
        )
    out["timeline personnel"] = "\n".join(
        " | ".join(rows.personnel_row(p)) for p in snap.personnel_counts
    )
    out["timeline events"] = "\n".join(" | ".join(rows.event_row(e)) for e in snap.events)
    out["contingents"] = "\n".join(
        " | ".join(rows.contingent_row(snap, post)) for post in snap.contingent_statuses
    )
    out["citations"] = "\n".join(
        f"{c.label} ({c.path})" for cited in snap.citations.values() for c in cited
    )
    return out


def assert_nothing_later(snap: Snapshot) -> None:
    for name, text in renderings(snap).items():
        later = later_dates(_allowed(snap, text), snap.as_of)
        assert later == [], (snap.as_of, snap.known, name, later)


def source_lists(snap: Snapshot) -> dict[str, list[str]]:
    """The source ids each export lists, and the Sources tab's."""
    ds = snap.dataset
    txt = export.render(ds, snap.as_of, "txt", WIDE, known=snap.known)
    md = export.render(ds, snap.as_of, "md", WIDE, known=snap.known)
    ids = list(ds.sources)

    def listed(part: str, pattern: str) -> list[str]:
        """The ids listed, in the order the document lists them."""
        found = {i: re.search(pattern.format(re.escape(i)), part, re.M) for i in ids}
        return sorted((i for i, m in found.items() if m), key=lambda i: found[i].start())  # type: ignore[union-attr]

    return {
        "txt": listed(_split_sources(txt, "Sources")[1], r"^\s*{}\s"),
        "md": listed(_split_sources(md, "## Sources")[1], r"^\| {} \|"),
        "tab": list(snap.citations),
    }


# --- the three dates of the issue -------------------------------------------------------------


def test_no_rendering_shows_a_later_date_on_the_issue_dates(dataset: Dataset) -> None:
    for as_of in DATES:
        assert_nothing_later(dataset.on(as_of))


def test_the_parser_finds_the_dates_the_renderers_and_the_data_write() -> None:
    as_of = dt.date(2023, 11, 20)
    later = [
        "2023-12-08",
        "2023-12",
        "8 Dec 2023",
        "9 December 2023",
        "December 8, 2023",
        "first weeks of December 2023",
        "1 janvier 2024",
        "le 3 déc. 2023",
    ]
    for text in later:
        assert later_dates(text, as_of), text
    for text in ("2023-11-20", "19 Nov 2023", "Nov 2023", "November 20, 2023", "8 Nov"):
        assert later_dates(text, as_of) == [], text


def test_next_step_names_the_plan_not_the_real_date(dataset: Dataset) -> None:
    text = figures.next_step_text(dataset.on(dt.date(2023, 11, 20))).plain
    assert "Mopti–Sévaré" in text and "first weeks of December 2023" in text
    assert "2023-12-08" not in text and "handover" not in text


def test_open_sites_show_no_receiver(dataset: Dataset) -> None:
    snap = dataset.on(dt.date(2023, 11, 20))
    text = _text(tables.sites_table(snap))
    for name in ("Dembélé", "Kanté", "Traoré"):
        assert name not in text


def test_events_after_the_date_are_absent(dataset: Dataset) -> None:
    for as_of in DATES:
        snap = dataset.on(as_of)
        assert snap.events and all(e.date <= as_of for e in snap.events)
        assert any(e.date > as_of for e in dataset.events)  # there were later ones to drop
        for site in dataset.sites:
            assert all(e.date <= as_of for e in snap.site_events(site))


def test_counts_and_departures_follow_the_date(dataset: Dataset) -> None:
    as_of = dt.date(2023, 11, 20)
    snap = dataset.on(as_of)
    assert all(p.date <= as_of for p in snap.personnel_counts)
    assert len(snap.personnel_counts) < len(dataset.personnel)
    for post in snap.contingent_statuses:
        assert post.left_known is None or post.left_known <= as_of
        row = rows.contingent_row(snap, post)
        assert later_dates(" ".join(row), as_of) == []


def test_phases_not_over_show_no_end(dataset: Dataset) -> None:
    spans = {row[0]: row[1] for row in rows.phase_rows(dataset.on(dt.date(2023, 12, 1)))}
    assert spans["Liquidation"] == "not started"
    assert "2024" not in " ".join(spans.values())


def test_a_text_that_mentions_a_later_date_is_withheld(dataset: Dataset) -> None:
    """Mopti–Sévaré's annexes "were handed over on 22 Nov 2023": not said on 20 November."""
    mopti = dataset.site("mopti-sevare")
    project = next(p for p in mopti.projects if p.detail and "22 Nov 2023" in p.detail)
    before, after = dataset.on(dt.date(2023, 11, 20)), dataset.on(dt.date(2023, 11, 22))
    assert "22 Nov 2023" not in _text(details.site_detail(dataset, mopti, before.as_of))
    assert before.text(project.detail) != project.detail
    assert after.text(project.detail) == project.detail


def test_a_dispute_about_a_later_day_is_absent(dataset: Dataset) -> None:
    mopti = dataset.site("mopti-sevare")
    assert dataset.disputes_for(mopti.id)
    titles = [d.title for d in dataset.on(dt.date(2023, 11, 20)).site_disputes(mopti)]
    assert not any("December 2023" in t for t in titles)


def test_sources_listed_are_those_cited_by_what_is_shown(dataset: Dataset) -> None:
    for as_of in DATES:
        snap = dataset.on(as_of)
        cited = {sid for _label, _path, sources in snap.facts for sid in sources}
        lists = source_lists(snap)
        assert lists["txt"] == lists["md"] == summary.cited_in(snap, None)
        assert set(lists["tab"]) == cited
        assert set(lists["txt"]) <= cited
    # The summary lists what it shows: the sites table names each site's contingents, the list
    # of what was left behind its projects, not its armed groups, so a source only they cite
    # is not in the summary's list.
    snap = dataset.on(DATES[1])
    listed = set(summary.cited_in(snap, None))
    per_site = [
        f"sites[{i}].{part}" for i in range(len(dataset.sites)) for part in summary.PER_SITE
    ]
    detail_only = set(snap.sources_shown(under=["sites"])) - set(
        snap.sources_shown(exact=[f"sites[{i}]" for i in range(len(dataset.sites))])
        + snap.sources_shown(under=per_site)
        + snap.sources_shown(under=["mission", "phases", "events", "personnel"])
    )
    assert detail_only and not detail_only & listed


def test_an_event_cites_only_the_facts_shown(dataset: Dataset) -> None:
    """A source cited only by an event after the date is in no list of sources on the date."""
    as_of = dt.date(2023, 8, 20)
    snap = dataset.on(as_of)
    shown = {path for _label, path, _sources in snap.facts}
    for i, event in enumerate(dataset.events):
        assert (f"events[{i}]" in shown) == (event.date <= as_of and not snap.later(event.title))


# --- any date ---------------------------------------------------------------------------------


def _span(dataset: Dataset) -> tuple[dt.date, dt.date]:
    return dataset.steps[0], dataset.steps[-1]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(offset=st.floats(min_value=0.0, max_value=1.0), known=st.booleans())
def test_no_rendering_shows_a_later_date_on_any_date(
    dataset: Dataset, offset: float, known: bool
) -> None:
    first, last = _span(dataset)
    as_of = first + dt.timedelta(days=round((last - first).days * offset))
    assert_nothing_later(dataset.on(as_of, known))


# --- the app: what each tab draws -------------------------------------------------------------


@pytest.mark.parametrize("as_of", DATES, ids=str)
async def test_no_tab_draws_a_later_date(dataset: Dataset, as_of: dt.date) -> None:
    """Every tab, read off the screen (a wide one, so no plan wraps), as of the issue's dates,
    in both modes; the Bases detail shows a site still open on the date. (A date per test:
    they run side by side.)"""
    from tests.conftest import active_tab, screen_text, wait_until
    from tui.app import MinusmaApp

    names = ("overview", "bases", "contingents", "timeline", "map", "sources")
    tabs = dict(zip("123456", names, strict=True))
    app = MinusmaApp(dataset, as_of=as_of, animations=False)
    async with app.run_test(size=(240, 70)) as pilot:
        await pilot.pause()
        app.selected_site = "mopti-sevare"
        for known in (False, True):
            app.known = known
            for key in "123456":
                await pilot.press(key)
                await wait_until(pilot, lambda: active_tab(app) == tabs[key])  # noqa: B023
                await pilot.pause()  # its first frame
                text = screen_text(app)
                if key == "6" and not known:
                    # As of the date alone, a fact cites what reports it, whenever that
                    # was published: the Sources tab's dates are the sources' own (and
                    # so are the titles naming them, shown whole on a wide screen).
                    for sid in app.snapshot.citations:
                        source = dataset.sources[sid]
                        text = text.replace(source.title, "")
                        text = text.replace(source.date or "-", "")
                later = later_dates(_allowed(app.snapshot, text), as_of)
                assert later == [], (as_of, known, key, later)


def test_a_dispute_no_report_had_raised_is_absent(dataset: Dataset) -> None:
    """Which governor received Mopti–Sévaré (closed 8 Dec) is no question on 20 November."""
    mopti = dataset.site("mopti-sevare")
    receiver = next(d for d in dataset.disputes_for(mopti.id) if "governor" in d.title)
    assert receiver not in dataset.on(dt.date(2023, 11, 20)).site_disputes(mopti)
    text = _text(details.site_detail(dataset, mopti, dt.date(2023, 11, 20)))
    assert "Dembélé" not in text and "Coulibaly" not in text
    later = dataset.on(dt.date(2023, 12, 31))
    assert receiver.id in [d.id for d in later.site_disputes(mopti)]


def test_no_rendering_names_the_receiver_or_circumstances_of_a_site_not_closed(
    dataset: Dataset,
) -> None:
    for as_of in DATES:
        snap = dataset.on(as_of)
        texts = renderings(snap)
        for site in dataset.sites:
            if snap.site_states[site.id] in NOT_CLOSED:
                closure = site.closure
                for value in (site.handed_to, site.circumstances, closure and closure.note):
                    if value:
                        found = [name for name, text in texts.items() if value in text]
                        assert found == [], (as_of, site.id, value[:40], found)


def test_sorting_by_date_does_not_use_a_date_still_to_come(dataset: Dataset) -> None:
    """Sorted by Date, a site not closed on the date sorts as "not yet", whatever its real
    closure date: the order tells nothing the table does not show."""
    from tui.widgets.site_table import _sort_key

    snap = dataset.on(dt.date(2023, 11, 20))
    keys = {
        site.id: _sort_key(site, rows.DATE_COLUMN, snap, rows.site_row(site, site.final_state))
        for site in dataset.sites
    }
    mopti, ansongo = dataset.site("mopti-sevare"), dataset.site("ansongo")
    assert keys["mopti-sevare"] == (True, dt.date.max, mopti.ordinal)
    assert keys["ansongo"] == (False, ansongo.date, ansongo.ordinal)
