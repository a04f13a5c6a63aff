"""The loader names the file, the place and the problem, for every kind of mistake, all at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tui.core.loader import DatasetError, Problem, load_dataset, parse_dataset

MINI = (FIXTURES / "mini.toml").read_text(encoding="utf-8")


def problems_of(text: str, file: str = "test.toml") -> tuple[Problem, ...]:
    with pytest.raises(DatasetError) as info:
        parse_dataset(text, file)
    return info.value.problems


def one(text: str) -> Problem:
    found = problems_of(text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def edit(old: str, new: str, text: str = MINI) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_the_fixture_is_valid() -> None:
    dataset = parse_dataset(MINI, "mini.toml")
    assert [s.id for s in dataset.sites] == ["north", "centre", "south"]
    assert dataset.sites[0].contingents[0].figure == 150


def test_syntax_error_gives_line_and_column() -> None:
    problem = one(edit('name = "North camp"', 'name = "North camp'))
    assert problem.file == "test.toml"
    assert problem.line == MINI.splitlines().index('name = "North camp"') + 1
    assert problem.column is not None
    assert "TOML syntax error" in problem.message
    assert str(problem).startswith(f"test.toml:{problem.line}:{problem.column}: ")


def test_missing_required_key() -> None:
    problem = one(edit('region = "Centre"\n', ""))
    assert problem.path == "sites[centre].region"
    assert problem.message == "missing required key 'region'"


def test_unknown_key_suggests_the_right_one() -> None:
    problem = one(edit('to = "The governor"', 'too = "The governor"'))
    assert problem.path == "sites[north].states[0].too"
    assert "unknown key 'too'" in problem.message
    assert "did you mean 'to'?" in problem.message


def test_wrong_type() -> None:
    problem = one(edit("figure = 150", 'figure = "150"'))
    assert problem.path == "sites[north].contingents[0].figure"
    assert problem.message == "expected a whole number, got text"


def test_quoted_date_is_explained() -> None:
    problem = one(edit("since = 2023-10-01", 'since = "2023-10-01"'))
    assert problem.path == "sites[centre].states[0].since"
    assert "without quotes" in problem.message


def test_sites_out_of_closure_order() -> None:
    problem = one(edit("since = 2023-10-01", "since = 2023-07-15"))
    assert problem.path == "sites[centre].states"
    assert "before the previous site (2023-08-01)" in problem.message


def test_phase_ending_before_it_starts() -> None:
    problem = one(edit("end = 2023-08-31", "end = 2023-06-01"))
    assert problem.path == "phases[phase-1].end"
    assert "before it starts" in problem.message


def test_negative_count() -> None:
    problem = one(edit("departed = 60", "departed = -5"))
    assert problem.path == "personnel[1].departed"
    assert problem.message == "must be at least 0, got -5"


def test_departed_more_than_total() -> None:
    problem = one(edit("departed = 60", "departed = 160"))
    assert problem.path == "personnel[1].departed"
    assert problem.message == "160 departed is more than the total of 100"


def test_totals_that_do_not_add_up() -> None:
    problem = one(edit("civilian_total = 10", "civilian_total = 11"))
    assert problem.path == "mission.personnel_total"
    assert "90 + 11 = 101" in problem.message


def test_duplicate_ids() -> None:
    found = problems_of(edit('id = "centre"', 'id = "north"'))
    assert found[0].path == "sites[1].id"  # two sites are 'north': the index tells them apart
    assert found[0].message == "duplicate id 'north' (first at sites[0].id, line 37)"
    # the dispute that pointed at "centre" now points nowhere, and says so too
    assert found[1].path == "disputes[centre-date].site"


def test_unknown_source_reference() -> None:
    problem = one(
        edit(
            '  figure_date = "2023"\n  sources = ["B"]',
            '  figure_date = "2023"\n  sources = ["Bb"]',
        )
    )
    assert problem.path == "sites[north].contingents[0].sources[0]"
    assert problem.message == "unknown source 'Bb'; did you mean 'B'?"


def test_unknown_site_reference_with_suggestion() -> None:
    problem = one(edit('site = "north"', 'site = "nort"'))
    assert problem.path == "events[0].site"
    assert problem.message == "unknown site 'nort'; did you mean 'north'?"


def test_unknown_phase_reference() -> None:
    problem = one(edit('phase = "phase-1"', 'phase = "phase-9"'))
    assert problem.path == "sites[north].phase"
    assert problem.message.startswith("unknown phase 'phase-9'")


def test_fact_without_source() -> None:
    problem = one(
        edit(
            'title = "Water tower"\n  amount = 1000\n  currency = "FCFA"\n  sources = ["A"]',
            'title = "Water tower"\n  amount = 1000\n  currency = "FCFA"\n  sources = []',
        )
    )
    assert problem.path == "sites[north].projects[0].sources"
    assert "at least one source" in problem.message


def test_figure_needs_its_kind() -> None:
    problem = one(edit('  kind = "estimate"\n', ""))
    assert problem.path == "sites[north].contingents[0].kind"
    assert "'reported' or 'estimate'" in problem.message


def test_lat_without_lon() -> None:
    problem = one(edit("lon = 1.0\n", ""))
    assert problem.path == "sites[north].lon"
    assert "give both or neither" in problem.message


def test_every_problem_is_reported_at_once() -> None:
    text = edit("figure = 150", "figure = -1")
    text = edit('to = "The governor"', 'too = "x"', text)
    text = edit('site = "north"', 'site = "nowhere"', text)
    paths = {p.path for p in problems_of(text)}
    assert {"sites[north].contingents[0].figure", "sites[north].states[0].too"} <= paths


def test_wrong_schema_version() -> None:
    problem = one(edit("schema_version = 2", "schema_version = 3"))
    assert problem.path == "schema_version"
    assert "reads schema version 2, the file says 3" in problem.message


def test_schema_1_says_how_to_migrate() -> None:
    problem = one(edit("schema_version = 2", "schema_version = 1"))
    assert problem.path == "schema_version"
    assert "reads schema version 2, the file says 1" in problem.message
    assert "minusma-tui migrate test.toml" in problem.message


def test_table_where_a_list_was_expected() -> None:
    text = MINI.replace("[[sources]]", "[sourcez]", 1)
    paths = {p.path for p in problems_of(text)}
    assert "sourcez" in paths


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as info:
        load_dataset(tmp_path / "nope.toml")
    (problem,) = info.value.problems
    assert problem.file.endswith("nope.toml")
    assert problem.message == "no such file"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as info:
        load_dataset(tmp_path)
    assert info.value.problems[0].message == "is a directory, not a TOML file"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("  \n\n")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert info.value.problems[0].message == "the file is empty"


def test_non_utf8_file_names_the_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(MINI.replace("North camp", "Ménaka").encode("latin-1"))
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    (problem,) = info.value.problems
    assert problem.message == "is not UTF-8 text"
    assert problem.line == MINI.splitlines().index('name = "North camp"') + 1


def test_error_summary_lists_file_and_paths() -> None:
    with pytest.raises(DatasetError) as info:
        parse_dataset(edit("figure = 150", "figure = -1"), "mine.toml")
    assert "1 problem in the dataset" in str(info.value)
    line = MINI.splitlines().index("  figure = 150") + 1
    assert f"mine.toml:{line}:12: sites[north].contingents[0].figure: must be at least 0" in str(
        info.value
    )


def test_model_is_frozen() -> None:
    dataset = parse_dataset(MINI)
    with pytest.raises(AttributeError):
        dataset.sites[0].name = "x"  # type: ignore[misc]


def test_dates_become_dates() -> None:
    dataset = parse_dataset(MINI)
    assert dataset.sites[2].states[0].since == dt.date(2023, 11, 1)
    assert dataset.sites[2].date == dt.date(2023, 12, 20)
    assert dataset.sources["A"].date == "2023-08"


def test_control_characters_are_made_visible() -> None:
    """An escape sequence in the file must never reach the user's terminal as one."""
    text = edit('name = "North camp"', 'name = "North \\u001b[31mcamp\\u0007"')
    dataset = parse_dataset(text)
    assert dataset.sites[0].name == "North ␛[31mcamp␇"


def test_a_fact_without_its_date_is_named() -> None:
    """Schema 2: a fact with no `since` is an error that names it, never shown or hidden."""
    problem = one(edit("  since = 2023-11-01\n", ""))
    assert problem.path == "sites[south].armed_groups[0].since"
    assert "missing required key 'since': every fact needs the date it holds from" in (
        problem.message
    )


def test_closure_of_a_fact_with_no_site_is_refused() -> None:
    text = edit(
        'label = "Withdrawal deadline"\nsources = ["A"]\nsince = "reported"',
        'label = "Withdrawal deadline"\nsources = ["A"]\nsince = "closure"',
    )
    problem = one(text)
    assert problem.path == "mission.key_dates[deadline].since"
    assert "this fact names no site" in problem.message


def test_an_unknown_country_code_is_one_clear_line() -> None:
    problem = one(edit('country = "SEN"', 'country = "SNE"'))
    assert problem.path == "sites[north].contingents[0].country"
    assert "'SNE' is not an ISO 3166-1 alpha-3 country code" in problem.message
    assert "did you mean 'SEN'?" in problem.message
    named = one(edit('country = "NER"', 'country = "Niger"'))
    assert named.path == "mission.country"


def test_an_unknown_state_is_one_clear_line() -> None:
    problem = one(edit('state = "vacated"', 'state = "handed_ovr"'))
    assert problem.path == "sites[centre].states[0].state"
    assert "'handed_ovr' is not one of 'partial', 'handed_over'" in problem.message
    assert problem.message.endswith("; did you mean 'handed_over'?")


def test_states_out_of_order_are_refused() -> None:
    problem = one(edit("since = 2023-11-01\nnote", "since = 2024-01-01\nnote"))
    assert problem.path == "sites[south].states[1].since"
    assert "keep states in date order" in problem.message


def test_a_plan_needs_the_day_it_was_announced() -> None:
    problem = one(edit("planned_since = 2023-10-01\n", ""))
    assert problem.path == "sites[south].planned_since"
    assert "planned and planned_since go together" in problem.message
