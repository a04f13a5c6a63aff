"""The `minusma-tui` command: the dashboard by default, plus validate, export, serve and config.

Only what a command needs is imported, and only when it runs: `validate` and `export` never import
Textual, so they start in a fraction of the TUI's time (a subprocess test checks it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.core.config import Config, config_path, load_config, resolve_data_path
from tui.core.files import visible_line
from tui.core.loader import Problem
from tui.core.opening import load_head_or_report, load_or_report

EXPORT_FORMATS = ("txt", "ansi", "html", "svg", "md", "csv", "json")
"""The summary's formats (`tui.render.export.FORMATS`), then the data's (`tui.core.data_export`)."""
EXPORT_TABLES = ("sites", "contingents", "events", "disputes", "sources")
"""`export --format csv --table`: `tui.core.data_export.TABLES` (a test holds them equal)."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2023-11-20") from None


EXPORT_WIDTHS = (40, 1000)
"""Columns an export may be laid out in: narrower cuts every label in pieces; wider is a typo."""


def _export_width(value: str) -> int:
    """`--width`: a whole number of columns within EXPORT_WIDTHS (a usage error otherwise)."""
    number = _positive(value)
    low, high = EXPORT_WIDTHS
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(f"must be between {low} and {high} columns")
    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _common(suppress: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after its name.

    `minusma-tui --data X export` and `minusma-tui export --data X` mean the same.
    """
    default = argparse.SUPPRESS if suppress else None
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--data",
        metavar="PATH",
        default=default,
        help="dataset file (default: $MINUSMA_TUI_DATA, the config's data_path or mission, "
        "or MINUSMA's shipped file)",
    )
    parser.add_argument(
        "--mission",
        metavar="ID",
        default=default,
        help="open a bundled mission instead of --data (`minusma-tui missions` lists them); "
        "the dashboard remembers it for the next start",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="config file (default: $MINUSMA_TUI_CONFIG or config.toml in the user config dir)",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        default=default,
        help="show the state on this date (default: the latest date in the data)",
    )
    parser.add_argument(
        "--known",
        action="store_true",
        default=default,
        help="as known then: only what sources published by the as-of date report "
        "(a month-only source date counts from the month's last day)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minusma-tui",
        description="A keyboard-first terminal dashboard of MINUSMA's withdrawal from Mali "
        "(2023-2024).",
        parents=[_common(suppress=False)],
        epilog="Run without a command to open the dashboard. Keys: ? in the app.",
    )
    parser.add_argument("--version", action="version", version=f"minusma-tui {__version__}")
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="leave the mouse to the terminal (native text selection)",
    )
    parser.add_argument(
        "--no-watch", action="store_true", help="do not reload the dataset when it changes"
    )
    parser.add_argument(
        "--animations",
        choices=("on", "off", "auto"),
        default="auto",
        help="auto: off in SSH sessions, on elsewhere",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        type=_theme_name,
        help="colour theme (e.g. textual-dark, ansi-dark; a wrong name lists them all)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common(suppress=True)

    validate = commands.add_parser(
        "validate", parents=[common], help="check a dataset file and list every problem"
    )
    validate.add_argument("path", nargs="?", help="the file to check (default: the dataset in use)")
    validate.add_argument(
        "--geopko",
        metavar="TCCMAP",
        help="also check its coordinates and estimates against a Geo-PKO TCCMap CSV file",
    )
    validate.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help="with --geopko: the Geo-PKO year (default: the year of the dataset's estimates)",
    )

    importer = commands.add_parser(
        "import", help="draft a dataset from another source (geopko: Geo-PKO's CSV files)"
    )
    sources = importer.add_subparsers(dest="import_source", metavar="SOURCE", required=True)
    geopko = sources.add_parser(
        "geopko",
        help="draft a dataset of sites and unit-size estimates from Geo-PKO",
        description="Draft a schema-2 dataset from Geo-PKO v2.3 (Cil, Fjelde, Hultman & "
        "Nilsson 2020, 'Mapping blue helmets', Journal of Peace Research 57(2)): one mission's "
        "locations in one year as sites with coordinates, its contributors as contingents with "
        "unit-size estimates, everything citing Geo-PKO. It validates the draft and prints what "
        "a person must still add (closures, receivers, phases, a sourced total...).",
    )
    geopko.add_argument("tccmap", metavar="TCCMAP", help="Geo-PKO's TCCMap CSV file")
    geopko.add_argument(
        "--front", metavar="FRONTMAP", help="Geo-PKO's FrontMap CSV (the country, the mission HQ)"
    )
    geopko.add_argument(
        "--mission", dest="geopko_mission", required=True, help="as Geo-PKO names it: MONUSCO"
    )
    geopko.add_argument("--year", type=int, required=True, help="the data year: 2023")
    geopko.add_argument("--area", help='the part of the country, e.g. "South Kivu"')
    geopko.add_argument(
        "--bbox", metavar="W,S,E,N", help="only the locations in this box (degrees)"
    )
    geopko.add_argument(
        "--country", metavar="ISO3", help="the mission's country (default: from the files)"
    )
    geopko.add_argument(
        "--output", "-o", metavar="FILE", default="-", help="file to write, or - for stdout"
    )

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write the summary as txt, ansi, html, svg or md; the data as csv or json",
        epilog="csv and json are the data for analysts: every row with its source ids, empty "
        "(csv) or null (json) where unknown. One CSV is one table: --table chooses it (sites by "
        "default); the JSON holds them all. Its JSON Schema: data/export.schema.json.",
    )
    export.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="txt")
    export.add_argument(
        "--table",
        choices=EXPORT_TABLES,
        help="with --format csv: the table to write (default: sites)",
    )
    export.add_argument(
        "--output", "-o", metavar="PATH", default="-", help="file to write, or - for stdout"
    )
    export.add_argument("--site", metavar="ID", help="include one site in full (e.g. ansongo)")
    export.add_argument(
        "--compare",
        action="store_true",
        help="the bundled missions' drawdowns compared (days from each decision) instead",
    )
    export.add_argument(
        "--width",
        type=_export_width,
        default=100,
        metavar="N",
        help=f"columns, {EXPORT_WIDTHS[0]} to {EXPORT_WIDTHS[1]} (default 100)",
    )

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the dashboard over SSH (extra [ssh])",
        epilog="Fixed limits per session: terminals larger than 500x200 are shown at 500x200; "
        "input is fed to the app at 2 KiB/s after a 16 KiB burst, with at most 64 KiB waiting "
        "(then SSH flow control makes the client wait); each app may use 512 MiB (RLIMIT_DATA).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=2222, help="port (default 2222; 0 picks a free one)"
    )
    serve.add_argument(
        "--host-key", metavar="PATH", help="host key (default: generated once in the data dir)"
    )
    auth = serve.add_mutually_exclusive_group()
    auth.add_argument(
        "--authorized-keys",
        metavar="PATH",
        help="only these public keys may log in (default: ~/.ssh/authorized_keys if it exists)",
    )
    auth.add_argument(
        "--open", action="store_true", help="no authentication: a public read-only dashboard"
    )
    serve.add_argument(
        "--max-sessions",
        type=_positive,
        default=8,
        metavar="N",
        help="sessions at once; more are refused (default 8, ~35 MB each)",
    )
    serve.add_argument(
        "--max-unauthenticated",
        type=_positive,
        default=10,
        metavar="N",
        help="connections still logging in at once; more are dropped (default 10)",
    )
    serve.add_argument(
        "--max-per-address",
        type=_positive,
        default=4,
        metavar="N",
        help="connections from one address or IPv6 /64; more are dropped (default 4)",
    )
    serve.add_argument(
        "--idle-timeout", type=_positive, default=900, metavar="S", help="seconds (default 900)"
    )
    serve.add_argument(
        "--login-timeout", type=_positive, default=30, metavar="S", help="seconds (default 30)"
    )

    web = commands.add_parser(
        "serve-web", parents=[common], help="serve the dashboard to a browser (extra [web])"
    )
    web.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use, when behind a reverse proxy (e.g. https://example.org/mali)",
    )

    commands.add_parser(
        "missions",
        parents=[common],
        help="list the bundled missions: id, name, withdrawal span, sites closed",
        description="List the missions that ship with minusma-tui, by the id --mission takes: "
        "the mission and where, its withdrawal (the first phase's start to the last day "
        "something happened) and its sites closed by then. * marks the one opened by default.",
    )
    commands.add_parser(
        "schema", help="print the dataset's JSON Schema (for editors: taplo, Even Better TOML)"
    )

    migrate = commands.add_parser(
        "migrate",
        help="rewrite a schema-1 dataset in schema 2, keeping its comments and layout",
        description="Rewrite a schema-1 dataset file in schema 2, in place (atomically), "
        "keeping its comments and layout: every fact gets the date it holds from, sites a "
        "dated sequence of states, countries their ISO 3166-1 alpha-3 codes. It prints what "
        "it chose for a person to check, then validates the result.",
    )
    migrate.add_argument("path", help="the schema-1 file to rewrite")
    migrate.add_argument(
        "--output", "-o", metavar="FILE", help="write here instead of over PATH ('-': stdout)"
    )

    config = commands.add_parser("config", help="show where the config file lives")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_commands.add_parser("path", parents=[common], help="print the config file's path")
    return parser


def _theme_name(value: str) -> str:
    """A `--theme` value: one of Textual's themes, or a usage error that lists them (exit 2)."""
    from textual.theme import BUILTIN_THEMES

    if value not in BUILTIN_THEMES:
        from tui.core.files import visible

        raise argparse.ArgumentTypeError(
            f"no theme called {visible(value)!r}; choose from: {', '.join(sorted(BUILTIN_THEMES))}"
        )
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """The `minusma-tui` command. Output cut short by its reader (`| head`) is not an error:
    the rest is simply not written, and the exit status stays 0."""
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the failed flush again at exit; point stdout at /dev/null first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0
    return code


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, with every common option present (None if not given) and `--mission`
    turned into `--data` with its file (a usage error exits 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("data", "config", "as_of", "mission"):
        if not hasattr(args, name):
            setattr(args, name, None)
    args.known = bool(getattr(args, "known", False))
    _choose_mission(parser, args)
    return args


def _main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    config, config_problems = load_config(config_path(args.config))
    command = args.command
    if command is not None:  # the dashboard shows them as notifications instead
        for problem in config_problems:
            print(f"minusma-tui: config ignored: {problem}", file=sys.stderr)
    if command == "config":
        print(config_path(args.config))
        return 1 if config.read_error else 0  # the file is there, but unusable: said above
    if command == "missions":
        return _list_missions(config, args)
    if command == "schema":
        from tui.core.schema import json_text

        sys.stdout.write(json_text())
        return 0
    if command == "validate":
        path = args.path or str(resolve_data_path(args.data, config))
        code = _validate(path)
        if code == 0 and args.geopko:
            return _check_geopko(path, args.geopko, args.year)
        return code
    if command == "import":
        return _import_geopko(args)
    if command == "migrate":
        return _migrate(args.path, args.output)
    if command == "export":
        import gc

        # A one-shot command that makes tens of thousands of short-lived objects (Rich
        # segments) and exits: cyclic collections would only cost time (~5% of an export).
        gc.disable()
        from tui.render.export import run_export

        return run_export(args, config)
    if command == "serve":
        from tui.serve.ssh.run import run_serve

        return run_serve(args, config)
    if command == "serve-web":
        from tui.serve.web import run_serve_web

        return run_serve_web(args, config)
    return _run_dashboard(args, config, config_problems)


def _choose_mission(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """`--mission ID` is `--data` with a bundled mission's file: every command (and the app,
    which resolves `args.data` again) then opens the same file. Both at once, or an unknown
    id, is a usage error (exit 2)."""
    if args.mission is None:
        return
    from tui.core.missions import UnknownMission, find

    if args.data is not None:
        parser.error("--data and --mission both choose the dataset: give one of them")
    try:
        mission = find(args.mission)
    except UnknownMission as exc:
        parser.error(f"--mission: {exc}")
    args.mission, args.data = mission.id, str(mission.path)


def _list_missions(config: Config, args: argparse.Namespace) -> int:
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


def _migrate(path: str, output: str | None) -> int:
    """`minusma-tui migrate PATH`: rewrite, say what was chosen, then validate the result."""
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
        write_atomic(target, result.text)
    except OSError as exc:
        print(f"minusma-tui: {visible_line(target)}: {reason(exc, target)}", file=sys.stderr)
        return 1
    print(f"{visible_line(target)}: rewritten in schema 2; check what was chosen:", file=sys.stderr)
    for note in result.notes:
        print(f"  {visible_line(note)}", file=sys.stderr)
    return _validate(str(target))


def _check_geopko(path: str, tccmap: str, year: int | None) -> int:
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


def _import_geopko(args: argparse.Namespace) -> int:
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
            write_atomic(target, result.text)
        except OSError as exc:
            print(f"minusma-tui: {visible_line(target)}: {reason(exc, target)}", file=sys.stderr)
            return 1
        if _validate(str(target)) != 0:  # pragma: no cover - a bug
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


def _validate(path: str) -> int:
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


def _run_dashboard(args: argparse.Namespace, config: Config, config_problems: list[Problem]) -> int:
    from tui.core.config import has_terminal

    data_path = resolve_data_path(args.data, config)
    if not has_terminal():
        return _print_summary_instead(data_path, args.as_of, known=args.known)
    if args.mission is not None:
        config = _remember_mission(config, args.mission, config_problems)
    import gc

    # The model and Textual's modules live as long as the app, and start-up makes hundreds of
    # thousands of them (10,000 sites alone are most of a million): no cyclic collection while
    # they are made (each would walk them all, ~30 ms at 10,000 sites), then freeze them so the
    # GC never walks them again. Reference counting still frees what start-up throws away.
    # The app turns the GC back on once its first frame is drawn (MinusmaApp.resume_gc).
    gc.disable()
    try:
        # The first frame is drawn from the head of the cached model; the app decodes the rest
        # right after it (a site's contingents, projects and armed groups: most of the model),
        # or, on a first launch, writes the cache entry then.
        loaded = load_head_or_report(data_path)
        if loaded is None:
            return 1
        dataset, finish = loaded
        from tui.app import run_app

        gc.freeze()
        return run_app(dataset, args, config, config_problems, finish)
    finally:
        gc.enable()


def _remember_mission(config: Config, mission: str, problems: list[Problem]) -> Config:
    """Save `--mission` in the config, so that the next start opens it (not in a served
    session: the config is the operator's). A failure is shown in the app, like the config's
    own problems; the dashboard opens all the same."""
    from tui.core.config import is_served, save_mission

    if is_served() or config.mission == mission:
        return config
    try:
        return save_mission(config, mission)
    except OSError as exc:
        where = str(config.path or config_path())
        problems.append(Problem(where, "mission", f"not remembered: {exc}"))
        return config


def _print_summary_instead(data_path: Path, as_of: dt.date | None, *, known: bool = False) -> int:
    """No terminal to draw on (a pipe, cron, `ssh host minusma-tui` without -t, TERM=dumb)."""
    dataset = load_or_report(data_path)
    if dataset is None:
        return 1
    from tui.render.summary import render_text

    width = _terminal_width()
    sys.stdout.write(render_text(dataset, as_of or dataset.latest_date, width=width, known=known))
    print(
        "minusma-tui: no terminal, so this is the text summary. For the dashboard, run it in a "
        "terminal (over SSH: ssh -t HOST minusma-tui).",
        file=sys.stderr,
    )
    return 0


def _terminal_width() -> int:
    try:
        return max(40, min(int(os.environ.get("COLUMNS", "100")), 200))
    except ValueError:
        return 100


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
