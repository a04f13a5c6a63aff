"""The short commands that work on a dataset file: validate, migrate, import geopko, missions.

Apart from `tui.cli` (which parses the command line and starts the dashboard or a server) so
each reads as what it prints and returns. They print to stdout and stderr and return the exit
status; each imports what it needs when it runs, so none of them loads Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.core.config import Config, resolve_data_path
from tui.core.files import visible_line
from tui.core.opening import load_or_report


def list_missions(config: Config, args: argparse.Namespace) -> int:
    """`minusma-tui missions`: one line per bundled mission, * on the one opened by default."""
    from tui.core.cache import load_dataset_cached
    from tui.core.loader import DatasetError
    from tui.core.missions import bundled, describe

    opened = resolve_data_path(args.data, config).resolve()
    rows: list[tuple[str, ...]] = []
    failed = 0
    marked = False
    for mission in bundled():
        mark = "*" if mission.path.resolve() == opened else ""
        marked = marked or bool(mark)
        try:
            summary = describe(load_dataset_cached(mission.path))
        except DatasetError:
            failed += 1
            problem = f"does not load: minusma-tui validate --mission {mission.id}"
            rows.append((mission.id + mark, problem, "", ""))
            continue
        rows.append((mission.id + mark, summary.title, summary.span, summary.counts))
    table: list[tuple[str, ...]] = [("ID", "MISSION", "WITHDRAWAL", "SITES")]
    table += [tuple(visible_line(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print()
    if marked:
        print("* opened when no --data or --mission says otherwise.", end=" ")
    else:
        print(f"Opened by default: {visible_line(opened)} (not a bundled mission).", end=" ")
    print("Open another: minusma-tui --mission ID")
    return 1 if failed else 0


def refused(exc: OSError) -> str:
    """What to add to a write's error: how to replace a read-only file anyway."""
    from tui.core.files import ReadOnlyFile

    return " (--force replaces it)" if isinstance(exc, ReadOnlyFile) else ""


def migrate(path: str, output: str | None, *, force: bool = False) -> int:
    """`minusma-tui migrate PATH`: rewrite, say what was chosen, then validate the result;
    a read-only file is replaced only with `force` (--force)."""
    from tui.core.files import read_regular, reason, write_atomic
    from tui.core.migrate import MigrationError, migrate_text

    shown = visible_line(path)
    try:
        text = read_regular(path).decode("utf-8")
    except OSError as exc:
        print(f"minusma-tui: {shown}: {reason(exc, path)}", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"minusma-tui: {shown}: not UTF-8 text", file=sys.stderr)
        return 1
    try:
        result = migrate_text(text)
    except MigrationError as exc:
        print(f"minusma-tui: {shown}: {visible_line(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # tomlkit's parse errors: the file is not TOML
        print(f"minusma-tui: {shown}: not valid TOML: {visible_line(str(exc))}", file=sys.stderr)
        return 1
    if output == "-":
        sys.stdout.write(result.text)
        return 0
    target = Path(output or path)
    try:
        write_atomic(target, result.text, replace_read_only=force)
    except OSError as exc:
        shown = f"{visible_line(target)}: {reason(exc, target)}{refused(exc)}"
        print(f"minusma-tui: {shown}", file=sys.stderr)
        return 1
    print(f"{visible_line(target)}: rewritten in schema 2; check what was chosen:", file=sys.stderr)
    for note in result.notes:
        print(f"  {visible_line(note)}", file=sys.stderr)
    return validate(str(target))


def check_geopko(path: str, tccmap: str, year: int | None) -> int:
    """`validate --geopko FILE`: each difference with Geo-PKO, then the summary line."""
    from tui.core.files import reason
    from tui.core.geopko import GeoPkoError, compare, read_tcc

    dataset = load_or_report(Path(path))
    if dataset is None:
        return 1
    try:
        result = compare(dataset, read_tcc(tccmap), year)
    except OSError as exc:
        print(f"minusma-tui: {visible_line(tccmap)}: {reason(exc, tccmap)}", file=sys.stderr)
        return 1
    except GeoPkoError as exc:
        print(f"minusma-tui: {visible_line(str(exc))}", file=sys.stderr)
        return 1
    if result.differences:
        print(f"Differs from Geo-PKO ({result.mission}, {result.year}):")
        for line in result.differences:
            print(f"  {visible_line(line)}")
    if result.not_in_dataset:
        print(f"Geo-PKO contributors not in the dataset ({len(result.not_in_dataset)}):")
        for line in result.not_in_dataset:
            print(f"  {visible_line(line)}")
    print(result.summary)
    return 0


def import_geopko(args: argparse.Namespace) -> int:
    """`import geopko`: draft, write, validate, and say what is left to add."""
    from tui.core.files import reason, write_atomic
    from tui.core.geopko import GeoPkoError, draft, parse_bbox, read_front, read_tcc
    from tui.core.loader import DatasetError, parse_dataset

    try:
        box = parse_bbox(args.bbox) if args.bbox else None
        front = read_front(args.front) if args.front else []
        result = draft(
            read_tcc(args.tccmap),
            mission=args.geopko_mission,
            year=args.year,
            area=args.area,
            bbox=box,
            front=front,
            country=args.country.upper() if args.country else None,
            tcc_file=Path(args.tccmap).name,
            front_file=Path(args.front).name if args.front else None,
        )
    except OSError as exc:
        shown = exc.filename or args.tccmap
        print(f"minusma-tui: {visible_line(shown)}: {reason(exc, shown)}", file=sys.stderr)
        return 1
    except GeoPkoError as exc:
        print(f"minusma-tui import: {visible_line(str(exc))}", file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.write(result.text)
        try:
            parse_dataset(result.text, "<draft>")
        except DatasetError as exc:  # pragma: no cover - a draft that does not validate: a bug
            print(exc.summary(), file=sys.stderr)
            return 1
        print("minusma-tui import: the draft validates (schema 2)", file=sys.stderr)
    else:
        target = Path(args.output)
        try:
            write_atomic(target, result.text, replace_read_only=args.force)
        except OSError as exc:
            shown = f"{visible_line(target)}: {reason(exc, target)}{refused(exc)}"
            print(f"minusma-tui: {shown}", file=sys.stderr)
            return 1
        if validate(str(target)) != 0:  # pragma: no cover - a bug
            return 1
    err = sys.stderr
    print(
        f"Drafted {result.sites} sites, {result.contingents} contingents "
        f"({result.estimates} with a unit-size estimate), all citing Geo-PKO. Still to add:",
        file=err,
    )
    for item in result.todo:
        print(f"  - {visible_line(item)}", file=err)
    return 0


def validate(path: str) -> int:
    dataset = load_or_report(Path(path))
    if dataset is None:
        return 1
    facts = len(dataset.facts())
    print(
        f"{visible_line(path)}: valid (schema {dataset.schema_version}): "
        f"{len(dataset.sites)} sites, {len(dataset.personnel)} personnel counts, "
        f"{len(dataset.events)} events, "
        f"{len(dataset.disputes)} disputes, {facts} sourced facts, {len(dataset.sources)} sources"
    )
    return 0
