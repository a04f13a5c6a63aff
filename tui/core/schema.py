"""The dataset's schema for people and editors: the JSON Schema of `withdrawal.toml` (shipped as
`withdrawal.schema.json`, printed by `minusma-tui schema`) and `data/SCHEMA.md`, both generated
from the one declaration of the file's shape.

Where the schema lives: the kinds of value and their words in `tui.core.value_kinds`, the shape of
the file (the model's dataclasses, refined) in `tui.core.dataset_file`, pydantic's errors in the
user's words in `tui.core.file_problems`, the rules between records in `tui.core.dataset_rules`.

Run `python -m tui.core.schema --write` after changing a rule or a field of the model: it
rewrites `data/withdrawal.schema.json` and `data/SCHEMA.md` (a test fails while they are stale).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from tui.core.dataset_file import adapter
from tui.core.model import SCHEMA_VERSION, SINCE_CLOSURE, SINCE_REPORTED
from tui.core.value_kinds import ID_PATTERN, PARTIAL_DATE_PATTERN, SOURCE_ID_PATTERN

SCHEMA_FILE = "withdrawal.schema.json"
"""The JSON Schema's file name, beside `withdrawal.toml` in `data/` and in the installed package."""


class _Generate(GenerateJsonSchema):
    """Pydantic's JSON Schema, without what only adds noise for an editor: a title on every key
    ("Ordinal Inferred") and `"default": null` (TOML has no null: absent means unknown)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        if schema.get("default") is None:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `withdrawal.toml`, for editors (taplo, Even Better TOML) and SCHEMA.md."""
    schema = adapter().json_schema(schema_generator=_Generate)
    defs = schema.get("$defs", {})
    schema["$defs"] = {name.rsplit(".", 1)[-1]: body for name, body in defs.items()}
    text = json.dumps(schema)
    for name in defs:
        text = text.replace(f'"#/$defs/{name}"', f'"#/$defs/{name.rsplit(".", 1)[-1]}"')
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **json.loads(text)}


def json_text() -> str:
    """The JSON Schema as the shipped file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _type_words(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"table ({prop['$ref'].rsplit('/', 1)[-1]})"
    kind = prop.get("type")
    if kind == "array":
        item = prop.get("items", {})
        if "$ref" in item:
            words = f"tables ({item['$ref'].rsplit('/', 1)[-1]})"
        else:
            words = _type_words(item, defs) + "s"
        if "minItems" in prop:
            words += f", at least {prop['minItems']}"
        return words
    if "enum" in prop or "const" in prop:
        return " or ".join(json.dumps(v) for v in prop.get("enum", [prop.get("const")]))
    if any(
        option.get("enum") == [SINCE_CLOSURE, SINCE_REPORTED] for option in prop.get("anyOf", [])
    ):
        return 'date, "YYYY-MM" / "YYYY", "closure" or "reported"'
    if kind == "string" and prop.get("pattern") == r"^[A-Z]{3}$":
        return "country code (ISO 3166-1 alpha-3)"
    if kind == "string":
        if prop.get("format") == "date":
            return "date"
        if prop.get("pattern") == PARTIAL_DATE_PATTERN:
            return 'date or "YYYY-MM" / "YYYY"'
        named = {ID_PATTERN: "id (a-z, 0-9, inner '-')", SOURCE_ID_PATTERN: "source id"}
        return named.get(prop.get("pattern", ""), "text")
    if kind == "integer":
        low, high = prop.get("minimum"), prop.get("maximum")
        if low is not None and high == low:
            return f"whole number, {low}"
        return "whole number" + (f" ≥ {low}" if low is not None else "")
    if kind == "number":
        return f"number, {prop.get('minimum'):g} to {prop.get('maximum'):g}"
    if kind == "boolean":
        return "true or false"
    return str(kind)


def _table(title: str, body: dict[str, Any], defs: dict[str, Any], about: str) -> list[str]:
    lines = [f"## {title}", "", *([*about.splitlines(), ""] if about else [])]
    lines += ["| key | type | required | notes |", "| --- | --- | --- | --- |"]
    required = set(body.get("required", ()))
    for key, prop in body.get("properties", {}).items():
        notes = prop.get("description", "")
        if prop.get("default") not in (None, []):
            notes = f"default {json.dumps(prop['default'])}" + (f"; {notes}" if notes else "")
        cells = (f"`{key}`", _type_words(prop, defs), "yes" if key in required else "", notes)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return [*lines, ""]


def markdown() -> str:
    """`data/SCHEMA.md`: the schema for people, a table per kind of TOML table."""
    schema = json_schema()
    defs: dict[str, Any] = schema["$defs"]
    description = schema.get("description", "").split("\n\n", 1)
    lines = [
        f"# `withdrawal.toml`, schema version {SCHEMA_VERSION}",
        "",
        "<!-- Generated from tui/core/schema.py by `python -m tui.core.schema --write`: do not",
        "     edit by hand (a test fails when this file is stale). -->",
        "",
        description[0],
        "",
        *(description[1:] or []),
        "",
        "Editors that read JSON Schema (taplo, Even Better TOML) check the file as it is typed",
        f"against `{SCHEMA_FILE}` beside it, named on the file's first line (`minusma-tui",
        "schema` prints it). The rules between records (ids unique, references that resolve,",
        "sites in closure order, totals that add up) are checked by `minusma-tui validate`.",
        "",
    ]
    lines += _table("The top level", schema, defs, "")
    where = {
        "Mission": "`[mission]`",
        "KeyDate": "`[[mission.key_dates]]`",
        "Phase": "`[[phases]]`",
        "Site": "`[[sites]]`",
        "StateChange": "`[[sites.states]]`",
        "Contingent": "`[[sites.contingents]]`",
        "Project": "`[[sites.projects]]`",
        "ArmedGroup": "`[[sites.armed_groups]]`",
        "PersonnelSnapshot": "`[[personnel]]`",
        "Event": "`[[events]]`",
        "Dispute": "`[[disputes]]`",
        "Claim": "`[[disputes.claims]]`",
        "Source": "`[[sources]]`",
    }
    for name in where:
        body = defs[name]
        lines += _table(f"{where[name]} ({name})", body, defs, body.get("description", ""))
    return "\n".join(lines).rstrip("\n") + "\n"


ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "data"


def main(argv: list[str] | None = None) -> int:
    """`python -m tui.core.schema [--markdown | --write]`: print the JSON Schema or SCHEMA.md, or
    rewrite both files in data/."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        (DATA / SCHEMA_FILE).write_text(json_text(), encoding="utf-8")
        (DATA / "SCHEMA.md").write_text(markdown(), encoding="utf-8")
        return 0
    if args == ["--markdown"]:
        sys.stdout.write(markdown())
        return 0
    if not args:
        sys.stdout.write(json_text())
        return 0
    print("usage: python -m tui.core.schema [--markdown | --write]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
