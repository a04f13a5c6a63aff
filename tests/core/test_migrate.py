"""`minusma-tui migrate`: schema 1 → schema 2, comments and layout kept, nothing lost.

`tests/fixtures/schema1/` keeps the shipped dataset and the mini fixture as they were in schema 1
(the dataset as of the second fact-check, before the hand edits of data/withdrawal.toml that the
migration notes ask for)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomllib

from tests.conftest import FIXTURES
from tui.cli import main
from tui.core.loader import DatasetError, parse_dataset
from tui.core.migrate import MigrationError, migrate_text

V1 = FIXTURES / "schema1"
SHIPPED_V1 = (V1 / "withdrawal.toml").read_text(encoding="utf-8")
MINI_V1 = (
    (V1 / "mini.toml")
    .read_text(encoding="utf-8")
    .replace('"Testland"', '"NER"')
    .replace('"Alpha"', '"SEN"')
)


def problems(text: str) -> list[str]:
    try:
        parse_dataset(text, "migrated.toml")
    except DatasetError as exc:
        return [f"{p.path}: {p.message}" for p in exc.problems]
    return []


def test_the_shipped_file_migrates_with_only_what_the_notes_flag() -> None:
    result = migrate_text(SHIPPED_V1)
    flagged = [n.split(".since")[0] for n in result.notes if "give the date" in n]
    found = problems(result.text)
    assert len(found) == len(flagged) == 1  # a claim whose only source has no date
    assert "none of its sources has a date" in found[0]


def test_comments_and_layout_are_kept() -> None:
    result = migrate_text(SHIPPED_V1)
    before = [line for line in SHIPPED_V1.splitlines() if line.lstrip().startswith("#")]
    after = {line for line in result.text.splitlines() if line.lstrip().startswith("#")}
    missing = [line for line in before if line not in after]
    assert missing == ["# Schema: version 1, documented in data/SCHEMA.md (TOML 1.0, UTF-8)."]
    assert "# Schema: version 2, documented in data/SCHEMA.md (TOML 1.0, UTF-8)." in after
    assert result.text.splitlines()[0] == "#:schema ./withdrawal.schema.json"


def test_every_closure_is_kept_as_a_dated_state() -> None:
    """Each site's date, status, receiver and partial handover become its states, unchanged."""
    old = tomllib.loads(SHIPPED_V1)
    new = tomllib.loads(migrate_text(SHIPPED_V1).text)
    for before, after in zip(old["sites"], new["sites"], strict=True):
        closure = after["states"][-1]
        assert closure["since"] == before["date"]
        assert closure["state"] == before["status"]
        assert closure.get("to") == before.get("handed_to")
        assert closure.get("note") == before.get("date_note")
        if "partial_date" in before:
            assert after["states"][0] == {
                "state": "partial",
                "since": before["partial_date"],
                "note": before["partial_note"],
                "sources": before["sources"],
            }
        for key in ("date", "status", "handed_to", "date_note", "partial_date"):
            assert key not in after


def test_countries_become_codes_and_contingents_keep_their_figures() -> None:
    old = tomllib.loads(SHIPPED_V1)
    new = tomllib.loads(migrate_text(SHIPPED_V1).text)
    assert new["mission"]["country"] == "MLI"
    pairs = [
        (b, a)
        for s_old, s_new in zip(old["sites"], new["sites"], strict=True)
        for b, a in zip(s_old.get("contingents", []), s_new.get("contingents", []), strict=True)
    ]
    assert pairs
    names = {b["country"]: a["country"] for b, a in pairs}
    assert names["Senegal"] == "SEN" and names["Côte d'Ivoire"] == "CIV"
    assert names["Burkina Faso"] == "BFA" and names["Germany"] == "DEU"
    for before, after in pairs:
        assert {k: v for k, v in after.items() if k not in ("country", "since")} == {
            k: v for k, v in before.items() if k != "country"
        }
        if "figure_date" in before:  # a Geo-PKO "2023" estimate holds from 2023
            assert after["since"] == before["figure_date"]


def test_the_mini_fixture_migrates() -> None:
    result = migrate_text(MINI_V1)
    dataset_problems = problems(result.text)
    flagged = [n for n in result.notes if "give the date" in n]
    assert len(dataset_problems) == len(flagged)
    assert 'kind = "headquarters"' in result.text  # "South HQ"


def test_a_country_without_a_code_is_named() -> None:
    with pytest.raises(MigrationError, match=r"mission\.country: no ISO 3166-1 alpha-3 code"):
        migrate_text((V1 / "mini.toml").read_text(encoding="utf-8"))


def test_schema_2_is_left_alone() -> None:
    with pytest.raises(MigrationError, match="already schema version 2"):
        migrate_text(migrate_text(MINI_V1).text)


def test_the_command_rewrites_in_place_and_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "data.toml"
    target.write_text(SHIPPED_V1, encoding="utf-8")
    assert main(["migrate", str(target)]) == 1  # rewritten, and one date left to give
    err = capsys.readouterr().err
    assert "rewritten in schema 2" in err
    assert "give the date it holds from" in err
    assert "schema_version = 2" in target.read_text(encoding="utf-8")
    assert main(["migrate", str(target)]) == 1
    assert "already schema version 2" in capsys.readouterr().err


def test_the_command_writes_to_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "mini.toml"
    source.write_text(MINI_V1, encoding="utf-8")
    assert main(["migrate", str(source), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# A small valid dataset")
    assert source.read_text(encoding="utf-8") == MINI_V1  # untouched


def test_the_shipped_dataset_is_schema_2_and_dated() -> None:
    """The file the app ships was migrated: every fact has its `since`, the closure facts hold
    from the closure (the case the issue was filed for)."""
    from tests.conftest import DATA

    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    ansongo = next(s for s in data["sites"] if s["id"] == "ansongo")
    assert ansongo["circumstances_since"] == "closure"
    assert ansongo["states"][-1]["since"] == dt.date(2023, 11, 18)
    convoy = [g for g in ansongo["armed_groups"] if "last convoy" in g.get("note", "")]
    assert convoy and all(g["since"] == "closure" for g in convoy)
    end = next(d for d in data["disputes"] if d["id"] == "ansongo-contingents")
    assert end["since"] == "closure"
