"""Read `withdrawal.toml` into the model, or say exactly what is wrong with it.

Every problem found is collected, not just the first: a user fixing a file by hand wants the whole
list at once. Each problem names the file, a dotted path (`sites[8].contingents[0].country`) and a
plain message, and whatever the input (binary junk, a directory, a TOML table where a list was
expected) the result is a `Dataset` or a `DatasetError`, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.files import (
    DATASET_LIMIT,
    FileRefused,
    read_regular,
    reason,
    visible,
    visible_line,
)
from tui.core.model import (
    ArmedGroup,
    Claim,
    Contingent,
    Dataset,
    Dispute,
    Event,
    KeyDate,
    Mission,
    PersonnelSnapshot,
    Phase,
    Project,
    Site,
    Source,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a dataset, in words a person editing the file can act on."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        """Every part made visible and kept on one line, once, for every place that shows it.

        The path holds the file's own keys (`mission."x\\u001b]0;title\\u0007"`), the file name
        comes from the command line, a message may quote either: printed raw, any of them could
        drive the user's terminal.
        """
        for name in ("file", "path", "message"):
            object.__setattr__(self, name, visible_line(getattr(self, name)))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DatasetError(Exception):
    """A dataset that cannot be used, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the dataset"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)


# --- field types -----------------------------------------------------------------------------
# A checker takes a raw TOML value and returns (converted value, error message or None).

Checker = Callable[[Any], tuple[Any, str | None]]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def text(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, f"expected text, got {_type_name(value)}"
    if not value.strip():
        return None, "must not be empty (leave the key out if it is unknown)"
    return visible(value), None


def identifier(value: Any) -> tuple[Any, str | None]:
    value, error = text(value)
    if error is None and not _ID.match(value):
        return None, f"{value!r} is not a valid id: use lower-case letters, digits and '-'"
    return value, error


def source_id(value: Any) -> tuple[Any, str | None]:
    value, error = text(value)
    if error is None and not _SOURCE_ID.match(value):
        return None, f"{value!r} is not a valid source id: use letters, digits, '.', '_', '-'"
    return value, error


def whole(minimum: int = 0, maximum: int | None = None) -> Checker:
    def check(value: Any) -> tuple[Any, str | None]:
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"expected a whole number, got {_type_name(value)}"
        if value < minimum:
            return None, f"must be at least {minimum}, got {value}"
        if maximum is not None and value > maximum:
            return None, f"must be at most {maximum}, got {value}"
        return value, None

    return check


def number(low: float, high: float) -> Checker:
    def check(value: Any) -> tuple[Any, str | None]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None, f"expected a number, got {_type_name(value)}"
        if not low <= value <= high:  # also rejects nan
            return None, f"must be between {low:g} and {high:g}, got {value}"
        return float(value), None

    return check


def boolean(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return None, f"expected true or false, got {_type_name(value)}"
    return value, None


def date(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, dt.datetime):
        return None, "expected a date like 2023-11-18, got a date-time"
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str) and _PARTIAL_DATE.match(value.strip()):
        return None, f"expected a date without quotes, like 2023-11-18, got the text {value!r}"
    return None, f"expected a date like 2023-11-18, got {_type_name(value)}"


def partial_date(value: Any) -> tuple[Any, str | None]:
    """A full date, or a string "YYYY" / "YYYY-MM" / "YYYY-MM-DD" when that is all a source says."""
    if isinstance(value, dt.datetime):
        return None, "expected a date, got a date-time"
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, str) and _PARTIAL_DATE.match(value):
        if len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return None, f"{value!r} is not a real date"
        return value, None
    return None, f'expected a date, "YYYY-MM" or "YYYY", got {_type_name(value)}'


def choice(*options: str) -> Checker:
    def check(value: Any) -> tuple[Any, str | None]:
        if value in options:
            return value, None
        wanted = ", ".join(repr(o) for o in options)
        if isinstance(value, str):
            return None, f"{value!r} is not one of {wanted}"
        return None, f"expected one of {wanted}, got {_type_name(value)}"

    return check


def source_list(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return None, f'expected a list of source ids like ["S01"], got {_type_name(value)}'
    if not value:
        return None, "every fact needs at least one source id"
    ids = []
    for i, item in enumerate(value):
        checked, error = source_id(item)
        if error:
            return None, f"item {i}: {error}"
        ids.append(checked)
    return tuple(ids), None


@dataclass(frozen=True, slots=True)
class Field:
    check: Checker
    required: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A nested table (`[mission]`)."""

    spec: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class Tables:
    """An array of tables (`[[sites]]`)."""

    spec: str
    required: bool = False


Spec = dict[str, Field | Table | Tables]

SPECS: dict[str, Spec] = {
    "root": {
        "schema_version": Field(whole(1), True),
        "mission": Table("mission", True),
        "phases": Tables("phase", True),
        "sites": Tables("site", True),
        "personnel": Tables("personnel"),
        "events": Tables("event"),
        "disputes": Tables("dispute"),
        "sources": Tables("source", True),
    },
    "mission": {
        "name": Field(text, True),
        "full_name": Field(text, True),
        "country": Field(text, True),
        "personnel_total": Field(whole(1), True),
        "uniformed_total": Field(whole()),
        "civilian_total": Field(whole()),
        "excludes": Field(text),
        "sites_note": Field(text),
        "sources": Field(source_list, True),
        "key_dates": Tables("key_date"),
    },
    "key_date": {
        "id": Field(identifier, True),
        "date": Field(date, True),
        "label": Field(text, True),
        "sources": Field(source_list, True),
    },
    "phase": {
        "id": Field(identifier, True),
        "name": Field(text, True),
        "start": Field(date, True),
        "end": Field(date),
        "note": Field(text),
        "sources": Field(source_list, True),
    },
    "site": {
        "id": Field(identifier, True),
        "name": Field(text, True),
        "region": Field(text, True),
        "lat": Field(number(-90, 90)),
        "lon": Field(number(-180, 180)),
        "ordinal": Field(whole(1), True),
        "ordinal_inferred": Field(boolean),
        "phase": Field(identifier, True),
        "date": Field(date, True),
        "date_note": Field(text),
        "planned": Field(text),
        "status": Field(choice("handed_over", "vacated"), True),
        "partial_date": Field(date),
        "partial_note": Field(text),
        "handed_to": Field(text),
        "circumstances": Field(text),
        "sources": Field(source_list, True),
        "contingents": Tables("contingent"),
        "projects": Tables("project"),
        "armed_groups": Tables("armed_group"),
    },
    "contingent": {
        "country": Field(text, True),
        "unit": Field(text),
        "figure": Field(whole()),
        "kind": Field(choice("reported", "estimate")),
        "figure_date": Field(partial_date),
        "left": Field(date),
        "note": Field(text),
        "sources": Field(source_list, True),
    },
    "project": {
        "title": Field(text, True),
        "detail": Field(text),
        "amount": Field(whole()),
        "currency": Field(text),
        "sources": Field(source_list, True),
    },
    "armed_group": {
        "name": Field(text, True),
        "note": Field(text),
        "sources": Field(source_list, True),
    },
    "personnel": {
        "date": Field(date, True),
        "departed": Field(whole(), True),
        "total": Field(whole(1)),
        "qualifier": Field(choice("more than", "almost", "about", "nearly", "at least")),
        "uniformed_departed": Field(whole()),
        "uniformed_total": Field(whole(1)),
        "civilian_departed": Field(whole()),
        "civilian_total": Field(whole(1)),
        "note": Field(text),
        "sources": Field(source_list, True),
    },
    "event": {
        "date": Field(date, True),
        "title": Field(text, True),
        "site": Field(identifier),
        "sources": Field(source_list, True),
    },
    "dispute": {
        "id": Field(identifier, True),
        "title": Field(text, True),
        "site": Field(identifier),
        "resolution": Field(text),
        "claims": Tables("claim", True),
    },
    "claim": {
        "claim": Field(text, True),
        "sources": Field(source_list, True),
    },
    "source": {
        "id": Field(source_id, True),
        "title": Field(text, True),
        "publisher": Field(text, True),
        "date": Field(partial_date),
        "url": Field(text),
        "note": Field(text),
    },
}

Record = dict[str, Any]


class _Validator:
    """Walks the raw TOML against SPECS, converting values and collecting problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def table(self, raw: Any, spec_name: str, path: str) -> Record | None:
        spec = SPECS[spec_name]
        if not isinstance(raw, dict):
            self.problem(path or "(top level)", f"expected a table, got {_type_name(raw)}")
            return None
        out: Record = {}
        for key, value in raw.items():
            where = f"{path}.{key}" if path else key
            rule = spec.get(key)
            if rule is None:
                self.problem(where, _unknown_key(key, spec))
            elif isinstance(rule, Field):
                converted, error = rule.check(value)
                if error:
                    self.problem(where, error)
                else:
                    out[key] = converted
            elif isinstance(rule, Table):
                record = self.table(value, rule.spec, where)
                if record is not None:
                    out[key] = record
            else:
                records = self.tables(value, rule.spec, where)
                if records is not None:
                    out[key] = records
        for key, rule in spec.items():
            if rule.required and key not in raw:
                where = f"{path}.{key}" if path else key
                self.problem(where, f"missing required key {key!r}")
        return out

    def tables(self, raw: Any, spec_name: str, path: str) -> list[Record] | None:
        if not isinstance(raw, list):
            self.problem(path, f"expected a list of tables ([[{path}]]), got {_type_name(raw)}")
            return None
        records = []
        for i, item in enumerate(raw):
            record = self.table(item, spec_name, f"{path}[{i}]")
            if record is not None:
                records.append(record)
            else:
                records.append({})  # keep indexes aligned with the file for later messages
        return records


def _unknown_key(key: str, spec: Spec) -> str:
    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {key!r}{hint}"


# --- reading the file ------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read and parse a TOML file; every way that can fail becomes one Problem."""
    try:
        data = read_regular(path, DATASET_LIMIT)
    except OSError as exc:
        return None, [unreadable(path, exc)]
    return parse_toml(data, str(path))


def unreadable(path: Path, exc: OSError) -> Problem:
    """The one Problem a file that cannot be read at all gives (the dataset's or the config's)."""
    file = str(path)
    if isinstance(exc, FileNotFoundError):
        return Problem(file, "", "no such file")
    if isinstance(exc, IsADirectoryError):
        return Problem(file, "", "is a directory, not a TOML file")
    if isinstance(exc, FileRefused):  # already says what it is: "is a FIFO, not a regular file"
        return Problem(file, "", reason(exc))
    if isinstance(exc, PermissionError):
        return Problem(file, "", "cannot be read: permission denied")
    return Problem(file, "", f"cannot be read: {reason(exc, path)}")


def parse_toml(data: bytes, file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    if not data.strip():
        return None, [Problem(file, "", "the file is empty")]
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(file, "", "is not UTF-8 text", line, column)]
    content = content.removeprefix("\ufeff")
    try:
        return tomllib.loads(content), []
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = column = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = _TOML_POSITION.sub("", message).strip()
        return None, [Problem(file, "", f"TOML syntax error: {message}", line, column)]
    except (ValueError, RecursionError) as exc:  # pathological input the parser rejects
        return None, [Problem(file, "", f"TOML syntax error: {exc}")]


# --- building the model ----------------------------------------------------------------------


def load_dataset(path: str | Path) -> Dataset:
    """Load and validate a dataset file. Raises DatasetError listing every problem."""
    path = Path(path)
    raw, problems = read_toml(path)
    if raw is None:
        raise DatasetError(problems)
    return build_dataset(raw, str(path))


def parse_dataset(content: str | bytes, file: str = "<string>") -> Dataset:
    """Validate TOML text (for tests and tools that already hold the text)."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    raw, problems = parse_toml(data, file)
    if raw is None:
        raise DatasetError(problems)
    return build_dataset(raw, file)


def build_dataset(raw: dict[str, Any], file: str) -> Dataset:
    """Validate parsed TOML and build the model."""
    v = _Validator(file)
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        raise DatasetError(
            [
                Problem(
                    file,
                    "schema_version",
                    f"this version of minusma-tui reads schema version {SCHEMA_VERSION}, "
                    f"the file says {version}",
                )
            ]
        )
    root = v.table(raw, "root", "")
    if root is None or v.problems:
        raise DatasetError(v.problems)
    _cross_check(v, root)
    if v.problems:
        raise DatasetError(v.problems)
    return _to_model(root, file)


def _cross_check(v: _Validator, root: Record) -> None:
    """What single fields cannot show: duplicates, references, order and impossible counts."""
    sources = {s["id"] for s in root["sources"] if "id" in s}
    _unique(v, root["sources"], "sources", "id")
    _unique(v, root["phases"], "phases", "id")
    _unique(v, root["sites"], "sites", "id")
    _unique(v, root.get("disputes", []), "disputes", "id")
    _unique(v, root["mission"].get("key_dates", []), "mission.key_dates", "id")
    site_ids = {s["id"] for s in root["sites"] if "id" in s}
    phase_ids = {p["id"] for p in root["phases"] if "id" in p}

    for path, cited in _cited(root):
        for i, sid in enumerate(cited):
            if sid not in sources:
                v.problem(f"{path}.sources[{i}]", _unknown_ref("source", sid, sources))

    mission = root["mission"]
    parts = (mission.get("uniformed_total"), mission.get("civilian_total"))
    if (
        None not in parts
        and "personnel_total" in mission
        and sum(parts) != mission["personnel_total"]  # type: ignore[arg-type]
    ):
        v.problem(
            "mission.personnel_total",
            f"{mission['personnel_total']:,} is not uniformed_total + civilian_total "
            f"({parts[0]:,} + {parts[1]:,} = {sum(parts):,})",  # type: ignore[arg-type]
        )

    for i, phase in enumerate(root["phases"]):
        if "start" in phase and "end" in phase and phase["end"] < phase["start"]:
            v.problem(
                f"phases[{i}].end", f"ends ({phase['end']}) before it starts ({phase['start']})"
            )

    previous: Record | None = None
    ordinals: dict[int, int] = {}
    for i, site in enumerate(root["sites"]):
        where = f"sites[{i}]"
        if "phase" in site and site["phase"] not in phase_ids:
            v.problem(f"{where}.phase", _unknown_ref("phase", site["phase"], phase_ids))
        if ("lat" in site) != ("lon" in site):
            missing = "lon" if "lat" in site else "lat"
            v.problem(f"{where}.{missing}", "lat and lon go together: give both or neither")
        if "partial_date" in site and "date" in site and site["partial_date"] > site["date"]:
            v.problem(f"{where}.partial_date", f"is after the site's date ({site['date']})")
        if "partial_note" in site and "partial_date" not in site:
            v.problem(f"{where}.partial_note", "needs a partial_date")
        if "ordinal" in site:
            if site["ordinal"] in ordinals:
                v.problem(
                    f"{where}.ordinal",
                    f"ordinal {site['ordinal']} is already used by "
                    f"sites[{ordinals[site['ordinal']]}]",
                )
            ordinals.setdefault(site["ordinal"], i)
        if previous is not None and "date" in site and "date" in previous:
            if site["date"] < previous["date"]:
                v.problem(
                    f"{where}.date",
                    f"{site['date']} is before the previous site's date ({previous['date']}): "
                    "list sites in closure order",
                )
            elif (
                "ordinal" in site
                and "ordinal" in previous
                and site["ordinal"] < previous["ordinal"]
            ):
                v.problem(f"{where}.ordinal", "ordinals must increase in closure order")
        previous = site
        for j, contingent in enumerate(site.get("contingents", [])):
            cw = f"{where}.contingents[{j}]"
            if "figure" in contingent and "kind" not in contingent:
                v.problem(f"{cw}.kind", "a figure needs its kind: 'reported' or 'estimate'")
            if "kind" in contingent and "figure" not in contingent:
                v.problem(f"{cw}.kind", "kind describes a figure, but there is no figure")
        for j, project in enumerate(site.get("projects", [])):
            if ("amount" in project) != ("currency" in project):
                v.problem(f"{where}.projects[{j}]", "amount and currency go together")

    if (
        len(ordinals) == len(root["sites"])
        and ordinals
        and sorted(ordinals) != list(range(1, len(ordinals) + 1))
    ):
        v.problem("sites", f"ordinals must run 1 to {len(ordinals)} without gaps")

    _in_order(v, root.get("personnel", []), "personnel")
    _in_order(v, root.get("events", []), "events")
    for i, snap in enumerate(root.get("personnel", [])):
        for part in ("", "uniformed_", "civilian_"):
            done, of = snap.get(f"{part}departed"), snap.get(f"{part}total")
            if done is not None and of is not None and done > of:
                v.problem(
                    f"personnel[{i}].{part}departed",
                    f"{done:,} departed is more than the total of {of:,}",
                )
        if (
            "total" not in snap
            and "departed" in snap
            and "personnel_total" in mission
            and snap["departed"] > mission["personnel_total"]
        ):
            v.problem(
                f"personnel[{i}].departed",
                f"{snap['departed']:,} departed is more than the mission's "
                f"personnel_total of {mission['personnel_total']:,}",
            )
    for i, event in enumerate(root.get("events", [])):
        if "site" in event and event["site"] not in site_ids:
            v.problem(f"events[{i}].site", _unknown_ref("site", event["site"], site_ids))
    for i, dispute in enumerate(root.get("disputes", [])):
        if "site" in dispute and dispute["site"] not in site_ids:
            v.problem(f"disputes[{i}].site", _unknown_ref("site", dispute["site"], site_ids))
        if "claims" in dispute and len(dispute["claims"]) < 2:
            v.problem(f"disputes[{i}].claims", "a dispute needs at least two claims")


def _cited(root: Record) -> Iterable[tuple[str, tuple[str, ...]]]:
    """Every (path, source ids) pair in the validated tree."""

    def walk(node: Any, path: str) -> Iterable[tuple[str, tuple[str, ...]]]:
        if isinstance(node, dict):
            if "sources" in node and isinstance(node["sources"], tuple):
                yield path, node["sources"]
            for key, value in node.items():
                if isinstance(value, list):
                    for i, item in enumerate(value):
                        yield from walk(item, f"{path}.{key}[{i}]" if path else f"{key}[{i}]")
                elif isinstance(value, dict):
                    yield from walk(value, f"{path}.{key}" if path else key)

    return walk(root, "")


def _unique(v: _Validator, records: list[Record], path: str, key: str) -> None:
    seen: dict[Any, int] = {}
    for i, record in enumerate(records):
        value = record.get(key)
        if value is None:
            continue
        if value in seen:
            v.problem(
                f"{path}[{i}].{key}", f"duplicate {key} {value!r} (first at {path}[{seen[value]}])"
            )
        else:
            seen[value] = i


def _in_order(v: _Validator, records: list[Record], path: str) -> None:
    for i in range(1, len(records)):
        before, now = records[i - 1].get("date"), records[i].get("date")
        if before is not None and now is not None and now < before:
            v.problem(
                f"{path}[{i}].date",
                f"{now} is before the previous entry ({before}): keep {path} in date order",
            )


def _unknown_ref(kind: str, value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind} {value!r}{hint}"


def _to_model(root: Record, file: str) -> Dataset:
    mission = dict(root["mission"])
    mission["key_dates"] = tuple(KeyDate(**k) for k in mission.get("key_dates", []))
    sites = []
    for raw in root["sites"]:
        site = dict(raw)
        site["contingents"] = tuple(Contingent(**c) for c in site.get("contingents", []))
        site["projects"] = tuple(Project(**p) for p in site.get("projects", []))
        site["armed_groups"] = tuple(ArmedGroup(**g) for g in site.get("armed_groups", []))
        sites.append(Site(**site))
    disputes = []
    for raw in root.get("disputes", []):
        dispute = dict(raw)
        dispute["claims"] = tuple(Claim(**c) for c in dispute["claims"])
        disputes.append(Dispute(**dispute))
    return Dataset(
        schema_version=root["schema_version"],
        mission=Mission(**mission),
        phases=tuple(Phase(**p) for p in root["phases"]),
        sites=tuple(sites),
        personnel=tuple(PersonnelSnapshot(**p) for p in root.get("personnel", [])),
        events=tuple(Event(**e) for e in root.get("events", [])),
        disputes=tuple(disputes),
        sources={s["id"]: Source(**s) for s in root["sources"]},
        path=file,
    )
