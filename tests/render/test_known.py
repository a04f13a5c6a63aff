"""As known then (`--known`, `K`): only facts a source published by the as-of date supports.

A small dataset of its own, so each rule is tested on a case built for it: a source dated to
the day, one dated to a month (it counts from the month's last day), one published after the
dates tested, one with no date (it never counts).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from rich.console import Console

from tui.app import MinusmaApp
from tui.cli import main
from tui.core.dates import published
from tui.core.loader import parse_dataset
from tui.core.model import NOT_REPORTED, Dataset
from tui.render import export, figures, rows, site_detail as details

KNOWN_TOML = """
schema_version = 2

[mission]
name = "MINI"
full_name = "A miniature mission"
country = "NER"
personnel_total = 100
sources = ["EARLY"]
personnel_counted = "personnel who have left the mission"
since = "reported"

[[mission.key_dates]]
id = "deadline"
date = 2023-12-31
label = "Withdrawal deadline"
sources = ["EARLY"]
since = "reported"

[[mission.key_dates]]
id = "wound-up"
date = 2024-03-01
label = "Mission wound up"
sources = ["LATE"]
since = "reported"

[[phases]]
id = "phase-1"
name = "Phase 1"
start = 2023-07-01
end = 2023-08-31
sources = ["EARLY"]

[[phases]]
id = "phase-2"
name = "Phase 2"
start = 2023-09-01
sources = ["LATE"]

[[sites]]
id = "north"
name = "North camp"
region = "North"
ordinal = 1
phase = "phase-1"
sources = ["EARLY", "LATE"]
kind = "camp"

[[sites.states]]
state = "handed_over"
since = 2023-08-01
to = "The governor"
sources = ["EARLY", "LATE"]

  [[sites.contingents]]
  country = "SEN"
  sources = ["EARLY"]
  since = "reported"

  [[sites.contingents]]
  country = "TGO"
  sources = ["LATE"]
  since = 2023-08-01

  [[sites.projects]]
  title = "Well"
  sources = ["LATE"]
  since = 2023-08-01

[[sites]]
id = "west"
name = "West post"
region = "West"
ordinal = 2
phase = "phase-1"
sources = ["UNDATED"]
kind = "camp"

[[sites.states]]
state = "handed_over"
since = 2023-08-10
sources = ["UNDATED"]
[[sites]]
id = "centre"
name = "Centre camp"
region = "Centre"
ordinal = 3
phase = "phase-2"
sources = ["LATE"]
kind = "camp"

[[sites.states]]
state = "vacated"
since = 2023-10-01
sources = ["LATE"]
[[sites]]
id = "south"
name = "South HQ"
region = "South"
ordinal = 4
phase = "phase-2"
planned = "late in the year"
planned_since = "reported"
sources = ["MONTH"]
kind = "headquarters"

[[sites.states]]
state = "handed_over"
since = 2023-12-20
to = "The prefect"
sources = ["MONTH"]
[[personnel]]
date = 2023-07-01
departed = 0
sources = ["EARLY"]

[[personnel]]
date = 2023-09-10
departed = 30
sources = ["MONTH"]

[[personnel]]
date = 2023-10-15
departed = 60
sources = ["LATE"]

[[events]]
date = 2023-08-01
title = "North camp handed over"
site = "north"
sources = ["EARLY", "LATE"]

[[events]]
date = 2023-09-05
title = "A convoy leaves"
sources = ["MONTH"]

[[events]]
date = 2023-10-01
title = "Centre camp vacated"
site = "centre"
sources = ["LATE"]

[[disputes]]
id = "north-date"
title = "North camp's date"
site = "north"
resolution = "1 Aug, as the first report"
since = "closure"
  [[disputes.claims]]
  claim = "On the 1st"
  sources = ["EARLY"]
  since = "reported"
  [[disputes.claims]]
  claim = "On the 2nd"
  sources = ["LATE"]
  since = "reported"

[[sources]]
id = "EARLY"
title = "An early report"
publisher = "Publisher E"
date = "2023-07-15"

[[sources]]
id = "MONTH"
title = "A report dated to its month"
publisher = "Publisher M"
date = "2023-09"

[[sources]]
id = "LATE"
title = "A later review"
publisher = "Publisher L"
date = "2024-01-10"

[[sources]]
id = "UNDATED"
title = "A report with no date"
publisher = "Publisher U"
"""

NOV_1 = dt.date(2023, 11, 1)


@pytest.fixture(scope="module")
def mini() -> Dataset:
    return parse_dataset(KNOWN_TOML, "known.toml")


def _text(renderable: object) -> str:
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


# --- the rules --------------------------------------------------------------------------------


def test_source_dates_count_from_the_last_day_they_can_mean() -> None:
    assert published("2023-09-05") == dt.date(2023, 9, 5)
    assert published("2023-09") == dt.date(2023, 9, 30)
    assert published("2024-02") == dt.date(2024, 2, 29)
    assert published("2023") == dt.date(2023, 12, 31)
    assert published(None) is None and published("autumn") is None


def test_a_month_only_source_counts_from_the_months_last_day(mini: Dataset) -> None:
    before, on = mini.on(dt.date(2023, 9, 29), known=True), mini.on(dt.date(2023, 9, 30), True)
    assert [e.title for e in before.events] == ["North camp handed over"]
    assert "A convoy leaves" in [e.title for e in on.events]
    assert before.personnel is not None and before.personnel.departed == 0
    assert on.personnel is not None and on.personnel.departed == 30
    # The state on the date is not the question: as of D alone, the count of 10 Sep is there.
    assert mini.on(dt.date(2023, 9, 29)).personnel.departed == 30  # type: ignore[union-attr]


def test_a_fact_whose_sources_are_all_later_is_not_yet_reported(mini: Dataset) -> None:
    snap = mini.on(NOV_1, known=True)
    centre = mini.site("centre")
    assert snap.unreported_sites == {"centre", "west"}  # LATE; UNDATED never counts
    row = rows.site_row(centre, snap.site_states["centre"], snap=snap)
    assert row[2] == row[3] == row[5] == NOT_REPORTED
    assert "vacated" not in " ".join(row)
    assert "2 not yet reported" in figures.sites_line(snap)
    detail = _text(details.site_detail(mini, centre, NOV_1, known=True))
    assert NOT_REPORTED in detail and "2023-10-01" not in detail
    # As of the date alone, the whole dataset knows it: vacated on 1 October.
    plain = mini.on(NOV_1)
    assert rows.site_row(centre, plain.site_states["centre"], snap=plain)[3] == (
        "vacated, no handover"
    )


def test_counts_follow_the_sources_published_by_then(mini: Dataset) -> None:
    snap = mini.on(NOV_1, known=True)
    assert [p.departed for p in snap.personnel_counts] == [0, 30]  # not the LATE count of 60
    assert "30" in figures.personnel_line(snap) and "60" not in figures.personnel_line(snap)
    assert snap.sites_closed == 1  # North; Centre and West are unreported


def test_contingents_and_items_only_later_are_left_out_and_counted(mini: Dataset) -> None:
    snap = mini.on(NOV_1, known=True)
    north = mini.site("north")
    assert [p.contingent.country for p in snap.contingent_statuses] == ["SEN"]
    assert [c.country for c in snap.site_contingents(north)] == ["SEN"]
    detail = _text(details.site_detail(mini, north, NOV_1, known=True))
    assert "Togo" not in detail and "Well" not in detail
    assert detail.count(f"1 more {NOT_REPORTED}") == 2  # a contingent and a project


def test_disputes_show_only_the_sides_reported_by_then(mini: Dataset) -> None:
    (dispute,) = mini.on(NOV_1, known=True).disputes
    assert [c.claim for c in dispute.claims] == ["On the 1st"]
    assert dispute.resolution is None  # the choice between sides not all known yet
    # Schema 2: a claim holds from when it was made (`since = "reported"`), so as of the
    # date, with hindsight too, a side made later is not there yet; once it is, both are.
    (whole,) = mini.on(NOV_1).disputes
    assert [c.claim for c in whole.claims] == ["On the 1st"]
    (later,) = mini.on(dt.date(2030, 1, 1)).disputes
    assert len(later.claims) == 2 and later.resolution


def test_phases_and_key_dates_follow_their_sources(mini: Dataset) -> None:
    snap = mini.on(NOV_1, known=True)
    spans = {row[0]: row[1] for row in rows.phase_rows(snap)}
    assert spans["Phase 2"] == NOT_REPORTED
    assert snap.phase_label == "after Phase 1 (ended 2023-08-31)"
    # A key date counts as announced only if a source said so by then (in both modes).
    after = mini.on(dt.date(2024, 1, 1))
    assert [k.id for k in after.next_key_dates] == []
    assert [k.id for k in mini.on(dt.date(2024, 1, 11)).next_key_dates] == ["wound-up"]


def test_only_sources_published_by_then_are_cited_or_listed(mini: Dataset) -> None:
    snap = mini.on(NOV_1, known=True)
    assert list(snap.citations) == ["EARLY", "MONTH"]
    (north_event, _convoy) = snap.events
    assert north_event.sources == ("EARLY",)  # LATE is not cited, though the event is shown
    for fmt in ("txt", "md"):
        text = export.render(mini, NOV_1, fmt, known=True)
        assert "LATE" not in text and "UNDATED" not in text and "2024" not in text
        assert "as known then" in text
    assert "LATE" in export.render(mini, NOV_1, "txt")  # as of the date alone, it is listed


def test_snapshots_are_cached_per_date_and_mode(mini: Dataset) -> None:
    plain, known = mini.on(NOV_1), mini.on(NOV_1, known=True)
    assert plain is not known and not plain.known and known.known
    assert mini.on(NOV_1) is plain and mini.on(NOV_1, True) is known
    assert len(plain.events) != len(known.events)


def test_the_header_and_titles_say_the_mode(mini: Dataset) -> None:
    assert figures.as_of_label(mini.on(NOV_1, True)) == "as of 2023-11-01 · as known then"
    assert figures.as_of_label(mini.on(NOV_1)) == "as of 2023-11-01"
    assert export.title(mini, NOV_1, known=True).endswith("2023-11-01, as known then")
    page = export.render(mini, NOV_1, "html", known=True)
    assert "<title>MINI withdrawal: the state on 2023-11-01, as known then</title>" in page


def test_the_shipped_data_as_known_then(dataset: Dataset) -> None:
    """On 20 Nov 2023, the seed article's day: its figure (S01, S02) is reported; nothing
    cited was published later."""
    as_of = dt.date(2023, 11, 20)
    snap = dataset.on(as_of, known=True)
    assert snap.personnel is not None and snap.personnel.departed == 8817
    for sid in snap.citations:
        assert dataset.source_dates[sid] is not None
        assert dataset.source_dates[sid] <= as_of  # type: ignore[operator]
    assert len(snap.citations) < len(dataset.on(as_of).citations)


# --- the command line -------------------------------------------------------------------------


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "known.toml"
    path.write_text(KNOWN_TOML, encoding="utf-8")
    return path


def test_cli_export_known(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(_write(tmp_path))
    assert main(["export", "--data", data, "--as-of", "2023-11-01", "--known"]) == 0
    known = capsys.readouterr().out
    assert main(["export", "--data", data, "--as-of", "2023-11-01"]) == 0
    plain = capsys.readouterr().out
    assert "as known then" in known and "as known then" not in plain
    assert "vacated" in plain and "vacated" not in known
    assert "LATE" in plain and "LATE" not in known
    # before the command's name too, like --as-of
    assert main(["--known", "export", "--data", data, "--as-of", "2023-11-01"]) == 0
    assert capsys.readouterr().out == known


def test_cli_summary_without_a_terminal_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(_write(tmp_path))
    assert main(["--data", data, "--as-of", "2023-11-01", "--known", "--no-watch"]) == 0
    out = capsys.readouterr().out
    assert "as known then" in out and "vacated" not in out and "LATE" not in out


# --- the app ----------------------------------------------------------------------------------


async def test_k_toggles_as_known_then(dataset: Dataset) -> None:
    from tests.conftest import screen_lines, screen_text

    app = MinusmaApp(dataset, as_of=dt.date(2023, 11, 20), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "as known then" not in screen_lines(app)[0]
        assert "K Known" in screen_lines(app)[-1]  # the key is in the footer
        await pilot.press("6")  # Sources: the list follows the mode
        await pilot.pause()
        table = app.screen.query_one("#sources-table")
        every = table.row_count  # type: ignore[attr-defined]
        await pilot.press("K")
        await pilot.pause()
        assert app.known
        assert "as of 2023-11-20 · as known then" in screen_lines(app)[0]
        assert table.row_count < every  # type: ignore[attr-defined]
        await pilot.press("1")
        await pilot.pause()
        assert "as known then" in screen_text(app)  # the headline says it too
        await pilot.press("K")
        await pilot.pause()
        assert not app.known and "as known then" not in screen_lines(app)[0]


async def test_known_is_in_the_help_and_the_palette(dataset: Dataset) -> None:
    from textual.command import CommandPalette

    from tui.screens.help import HelpScreen

    app = MinusmaApp(dataset, as_of=dt.date(2023, 11, 20), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "As known then: on" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = _text(app.screen.query_one("#help-keys").content)  # type: ignore[attr-defined]
        assert "As known then" in help_text
        await pilot.press("escape")
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause()
        assert CommandPalette.is_open(app)


def test_served_sessions_get_the_mode(mini: Dataset) -> None:
    """`serve-web --known`: every browser session's app starts as known then."""
    import argparse

    from tui.core.config import Config
    from tui.serve.web import session_command

    args = argparse.Namespace(data=None, config=None, as_of=NOV_1, known=True)
    assert session_command(args, Config()).endswith("--as-of 2023-11-01 --known")
    args.known = False
    assert "--known" not in session_command(args, Config())


def test_the_export_dialog_names_the_mode(mini: Dataset) -> None:
    from tui.screens.export import default_name

    app = MinusmaApp(mini, as_of=NOV_1, known=True, animations=False)
    assert default_name(app, "md", None) == "minusma-2023-11-01-known.md"
    assert default_name(app, "txt", mini.site("north")) == "minusma-2023-11-01-known-north.txt"
