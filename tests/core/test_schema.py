"""The schema is declared once: the JSON Schema, SCHEMA.md and the loader all come from it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import DATA, ROOT
from tui.core import dataset_file, dataset_rules, loader, schema, value_kinds

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA_DIR = DATA.parent


def test_the_committed_json_schema_is_the_generated_one() -> None:
    committed = (DATA_DIR / schema.SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema.json_text(), "stale: run `python -m tui.core.schema --write`"


def test_the_committed_schema_md_is_the_generated_one() -> None:
    committed = (DATA_DIR / "SCHEMA.md").read_text(encoding="utf-8")
    assert committed == schema.markdown(), "stale: run `python -m tui.core.schema --write`"


def test_the_dataset_names_its_schema_on_its_first_line() -> None:
    """What taplo and Even Better TOML read to check the file as it is typed."""
    first = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"#:schema ./{schema.SCHEMA_FILE}"
    assert (DATA.parent / schema.SCHEMA_FILE).is_file()


def test_the_schema_ships_in_the_wheel_beside_the_dataset() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped[f"data/{schema.SCHEMA_FILE}"] == f"tui/data/{schema.SCHEMA_FILE}"
    assert shipped["data/withdrawal.toml"] == "tui/data/withdrawal.toml"  # the same folder


def test_the_cli_prints_the_schema() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tui.cli", "schema"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == schema.json_schema()
    assert out == schema.json_text()


def test_the_schema_says_what_the_loader_checks() -> None:
    """Unknown keys, required keys, ranges, patterns and choices are in the JSON Schema too."""
    js = schema.json_schema()
    site = js["$defs"]["Site"]
    assert site["additionalProperties"] is False
    assert {"id", "name", "kind", "sources"} <= set(site["required"])
    assert "lat" not in site["required"]
    assert "states" not in site["required"]  # a site may never have closed
    assert site["properties"]["lat"]["minimum"] == -90
    change = js["$defs"]["StateChange"]
    assert {"state", "since", "sources"} <= set(change["required"])
    assert "taken" in change["properties"]["state"]["enum"]
    assert "since" in js["$defs"]["Contingent"]["required"]
    assert "since" in js["$defs"]["Claim"]["required"]
    assert site["properties"]["id"]["pattern"] == value_kinds.ID_PATTERN
    assert site["properties"]["sources"]["minItems"] == 1
    assert js["$defs"]["Dispute"]["properties"]["claims"]["minItems"] == 2
    assert js["properties"]["schema_version"]["maximum"] == loader.SCHEMA_VERSION
    assert js["additionalProperties"] is False


def test_every_refined_field_is_a_field_of_the_model() -> None:
    for cls, refined in dataset_file.FIELDS.items():
        assert set(refined) <= set(dataset_file.field_types(cls)), cls.__name__


def test_every_rule_is_one_function() -> None:
    names = [rule.__name__ for rule in dataset_rules.RULES]
    assert len(set(names)) == len(names)
    assert all(callable(rule) for rule in dataset_rules.RULES)


def test_pydantic_is_not_imported_by_the_loader_until_a_file_is_validated() -> None:
    """A start from the parsed-dataset cache never pays for building the validator."""
    code = (
        "import sys; import tui.core.loader, tui.core.cache; "
        "assert 'pydantic' not in sys.modules, 'pydantic imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_one_did_you_mean_helper() -> None:
    """Only tui/core/suggest.py uses difflib: every suggestion is found and worded one way."""
    users = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "tui").rglob("*.py")
        if "difflib" in path.read_text(encoding="utf-8")
    )
    assert users == ["tui/core/suggest.py"]


MINI = (DATA_DIR.parent / "tests" / "fixtures" / "mini.toml").read_text(encoding="utf-8")


def _problems(raw: dict[str, object]) -> list[str]:
    try:
        loader.build_dataset(raw, "f")
    except loader.DatasetError as exc:
        return [f"{p.path}: {p.message}" for p in exc.problems]
    return []


def test_a_broken_item_is_not_also_a_missing_one() -> None:
    """Pydantic counts a list's valid items: one bad claim of two is not "fewer than two"."""
    raw = tomllib.loads(MINI)
    raw["disputes"][0]["claims"][0]["claim"] = 1
    assert _problems(raw) == [
        "disputes[centre-date].claims[0].claim: expected text, got a whole number"
    ]
    raw = tomllib.loads(MINI)
    raw["sites"][0]["sources"] = [1]
    assert _problems(raw) == ["sites[north].sources[0]: expected text, got a whole number"]


def test_the_top_level_sources_are_tables_not_source_ids() -> None:
    raw = tomllib.loads(MINI)
    raw["sources"][0] = 1
    assert _problems(raw) == ["sources[0]: expected a table, got a whole number"]
