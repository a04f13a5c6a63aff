"""`minusma-tui export --format csv|json`: the snapshot as data for analysts, every row with its
source ids, its JSON Schema (published, not stale, and the documents valid against it)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, FIXTURES, ROOT
from tui import cli, cli_args
from tui.core import data_export
from tui.core.loader import load_dataset
from tui.core.model import Dataset

MONUSCO = ROOT / "data" / "missions" / "monusco-south-kivu.toml"
AS_OF = dt.date(2023, 11, 20)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_cli_tables_are_the_data_exports() -> None:
    assert cli_args.EXPORT_TABLES == data_export.TABLE_NAMES


@pytest.mark.parametrize("table", data_export.TABLE_NAMES)
def test_each_csv_is_one_plain_table(dataset: Dataset, table: str) -> None:
    text = data_export.render_csv(dataset, AS_OF, table)
    assert not text.startswith("\ufeff")  # no byte-order mark
    lines = text.split("\r\n")
    names = [c.name for c in data_export.TABLES[table]]
    assert lines[0] == ",".join(names)  # one header row, the declared columns
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows and all(len(row) == len(names) for row in rows)
    for row in _read(text):
        if "sources" in row:
            assert row["sources"] and all(
                re.fullmatch(r"[\w.-]+", s) for s in row["sources"].split(";")
            )
        for column in data_export.TABLES[table]:
            value = row[column.name]
            if column.kind == "date" and value:
                assert ISO_DATE.match(value), (column.name, value)
            if column.kind in ("integer", "number") and value:
                float(value)  # plain numbers: no thousands separators
                assert "," not in value
            if column.kind == "boolean":
                assert value in ("true", "false")
            if not column.optional and column.kind != "ids":
                assert value != "", (table, column.name)


def test_the_sites_table_on_a_date(dataset: Dataset) -> None:
    rows = {row["id"]: row for row in _read(data_export.render_csv(dataset, AS_OF))}
    assert len(rows) == 13
    ogossagou, ansongo, gao = rows["ogossagou"], rows["ansongo"], rows["gao"]
    assert (ogossagou["lat"], ogossagou["lon"]) == ("", "")  # unknown: empty, never 0
    assert ansongo["state"] == ansongo["closure"] == "handed_over"
    assert ansongo["closure_date"] == "2023-11-18" and ansongo["handed_to"]
    assert ansongo["lat"] == "15.6597"
    # not closed yet on the date: no closure, no receiver (they came later)
    assert gao["closure_date"] == gao["closure"] == gao["handed_to"] == ""
    assert gao["state"] in ("open", "partial")
    assert set(ansongo["state_sources"].split(";")) <= set(
        ";".join(r["sources"] + ";" + r["state_sources"] for r in rows.values()).split(";")
    )


def test_contingent_figures_keep_their_kind_and_nothing_after_the_date(dataset: Dataset) -> None:
    early = _read(data_export.render_csv(dataset, dt.date(2023, 8, 1), "contingents"))
    late = _read(data_export.render_csv(dataset, dataset.latest_date, "contingents"))
    assert len(early) <= len(late)
    for row in late:
        assert (row["figure"] == "") == (row["figure_kind"] == "")
    ber = [r for r in late if r["site"] == "ber" and r["figure_kind"] == "estimate"]
    assert ber and ber[0]["figure"] == "150" and ber[0]["figure_date"] == "2023"
    for row in early:
        assert not row["left"] or row["left"] <= "2023-08-01"


def test_known_then_leaves_unreported_sites_empty(dataset: Dataset) -> None:
    first = min(d for d in dataset.source_dates.values() if d is not None)
    day = first - dt.timedelta(days=1)
    rows = _read(data_export.render_csv(dataset, day, "sites", known=True))
    assert rows and all(r["reported"] == "false" and r["state"] == "" for r in rows)
    assert all(r["sources"] == "" for r in rows)  # none published yet
    events = _read(data_export.render_csv(dataset, AS_OF, "events", known=True))
    for row in events:
        for sid in row["sources"].split(";"):
            published = dataset.source_dates[sid]
            assert published is not None and published <= AS_OF


def test_disputes_are_one_row_per_side(dataset: Dataset) -> None:
    rows = _read(data_export.render_csv(dataset, dataset.latest_date, "disputes"))
    shown = dataset.on(dataset.latest_date).disputes
    assert len(rows) == sum(len(d.claims) for d in shown)
    assert {r["id"] for r in rows} == {d.id for d in shown}


def test_a_text_that_names_a_later_day_is_left_empty(dataset: Dataset) -> None:
    doc = data_export.document(dataset, AS_OF)
    for dispute in doc["disputes"]:
        assert dispute["resolution"] is None or "not shown" not in dispute["resolution"]
    assert "(not shown:" not in data_export.render_csv(dataset, AS_OF, "disputes")


def test_site_option_keeps_one_sites_rows(dataset: Dataset) -> None:
    ansongo = dataset.site("ansongo")
    doc = data_export.document(dataset, AS_OF, site=ansongo)
    assert doc["site"] == "ansongo" and [s["id"] for s in doc["sites"]] == ["ansongo"]
    assert {c["site"] for c in doc["contingents"]} == {"ansongo"}
    assert all(e["site"] == "ansongo" for e in doc["events"])
    cited = {
        sid
        for table in ("sites", "contingents", "events")
        for r in doc[table]
        for sid in r["sources"]
    }
    assert cited <= {s["id"] for s in doc["sources"]}


def test_the_json_document_holds_every_table(dataset: Dataset) -> None:
    doc = json.loads(data_export.render_json(dataset, AS_OF, known=True))
    assert list(doc) == [
        "format",
        "format_version",
        "mission",
        "as_of",
        "known",
        "site",
        "sites",
        "contingents",
        "events",
        "disputes",
        "sources",
    ]
    assert doc["mission"]["name"] == "MINUSMA" and doc["as_of"] == "2023-11-20" and doc["known"]
    every = {s["id"] for s in doc["sources"]}
    for table in ("sites", "contingents", "events"):
        for row in doc[table]:
            assert set(row["sources"]) <= every
    for dispute in doc["disputes"]:
        for claim in dispute["claims"]:
            assert set(claim["sources"]) <= every


def test_the_published_json_schema_is_the_generated_one() -> None:
    committed = (ROOT / "data" / data_export.SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == data_export.json_schema_text(), (
        "stale: run `python -m tui.core.data_export --write`"
    )


@pytest.mark.parametrize(
    "path, as_of, known",
    [
        (DATA, None, False),
        (DATA, AS_OF, True),
        (DATA, dt.date(2023, 7, 1), True),
        (MONUSCO, None, False),
        (MONUSCO, dt.date(2024, 5, 1), True),
        (FIXTURES / "mini.toml", None, False),
        (FIXTURES / "hostile.toml", None, False),
    ],
)
def test_the_json_validates_against_its_schema(
    path: Path, as_of: dt.date | None, known: bool
) -> None:
    # jsonschema is in the `test` extra for this test alone (pyproject.toml)
    jsonschema = pytest.importorskip("jsonschema")
    dataset = load_dataset(path)
    doc = json.loads(data_export.render_json(dataset, as_of or dataset.latest_date, known=known))
    jsonschema.validate(doc, data_export.json_schema(), format_checker=jsonschema.FormatChecker())


def test_the_readme_lists_every_csv_column() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert data_export.columns_markdown() in readme, (
        "stale: paste `python -m tui.core.data_export --columns` into the README"
    )


def test_export_command_writes_csv_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "contingents.csv"
    argv = [
        "export",
        "-f",
        "csv",
        "--table",
        "contingents",
        "--as-of",
        "2023-11-20",
        "-o",
        str(target),
    ]
    assert cli.main(argv) == 0
    assert _read(target.read_text(encoding="utf-8"))[0]["site"] == "ogossagou"
    capsys.readouterr()
    assert (
        cli.main(["export", "--mission", "monusco-south-kivu", "-f", "json", "--site", "sange"])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["mission"]["name"] == "MONUSCO" and [s["id"] for s in doc["sites"]] == ["sange"]
    assert cli.main(["export", "-f", "csv"]) == 0
    assert capsys.readouterr().out.startswith("id,ordinal,")  # sites by default


def test_table_is_only_for_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", "-f", "json", "--table", "events"]) == 2
    assert "--table is for --format csv" in capsys.readouterr().err
