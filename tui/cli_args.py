"""The `minusma-tui` command line's options: the parser, its subcommands and their checks.

Apart from `tui.cli`, which runs the commands, so that what the command line accepts (every
option, its default and help) reads in one place. Only the standard library is imported here:
`--theme` imports Textual when it is given, so `validate` and `export` still start without it.
"""

from __future__ import annotations

import argparse
import datetime as dt

from tui import __version__

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
    geopko.add_argument(
        "--force", action="store_true", help="replace FILE even if it is read-only (else kept)"
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
    export.add_argument(
        "--force", action="store_true", help="replace PATH even if it is read-only (else kept)"
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
        "(then SSH flow control makes the client wait); each app may use 512 MiB (RLIMIT_DATA); "
        "at most 256 KiB of output may wait for a client to read it (then the app is paused "
        "until the client has read all but 64 KiB), and a client that reads none of it for "
        "60 s (or does not close its session within 60 s of its end) is disconnected. Idle "
        "time counts from the last input sent while the client was reading its output.",
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
        "--max-sessionless",
        type=_positive,
        default=4,
        metavar="N",
        help="logged-in connections without a session at once; the oldest is then "
        "disconnected (default 4)",
    )
    serve.add_argument(
        "--idle-timeout", type=_positive, default=900, metavar="S", help="seconds (default 900)"
    )
    serve.add_argument(
        "--login-timeout", type=_positive, default=30, metavar="S", help="seconds (default 30)"
    )
    serve.add_argument(
        "--sessionless-timeout",
        type=_positive,
        default=10,
        metavar="S",
        help="seconds a logged-in connection may go without a session (default 10)",
    )
    serve.add_argument(
        "--no-zygote",
        action="store_true",
        help="start each session's app from scratch instead of forking it from a process that "
        "has the app and the dataset loaded (slower to start, but each app gets its own "
        "address-space layout and hash seed)",
    )

    web = commands.add_parser(
        "serve-web",
        parents=[common],
        help="serve the dashboard to a browser (extra [web])",
        epilog="Only pages from the bound host (with localhost and 127.0.0.1 on loopback), "
        "--public-url and --allow-origin may open sessions. With $MINUSMA_TUI_WEB_TOKEN or "
        "--token-file set, the page and its websocket need the token (open /?token=...; a "
        "cookie keeps it). Fixed limits per session, as for serve: terminals larger than "
        "500x200 are shown at 500x200; a websocket message may hold 64 KiB (a larger one "
        "closes the session); input is fed to the app at 2 KiB/s after a 16 KiB burst, each "
        "message counting at least 16 bytes (meanwhile the socket is not read); each app may "
        "use 512 MiB (RLIMIT_DATA) and ends when its browser leaves; a browser that leaves "
        "frames unread for 60 s is disconnected; a malformed message closes its session with "
        "one log line.",
    )
    web.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks one)")
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use, when behind a reverse proxy (e.g. https://example.org/mali);"
        " needed with --host 0.0.0.0",
    )
    web.add_argument(
        "--allow-origin",
        action="append",
        metavar="ORIGIN",
        help="another origin whose pages may open sessions (e.g. https://intranet.example.org);"
        " repeatable",
    )
    web.add_argument(
        "--token-file",
        metavar="PATH",
        help="require the token on this file's first line (default: $MINUSMA_TUI_WEB_TOKEN, "
        "if set); at least 16 characters",
    )
    web.add_argument(
        "--max-sessions",
        type=_positive,
        default=8,
        metavar="N",
        help="sessions at once; more get a page saying the dashboard is full (default 8)",
    )
    web.add_argument(
        "--idle-timeout",
        type=_positive,
        default=900,
        metavar="S",
        help="seconds without a key, click or resize before a session closes (default 900)",
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
    migrate.add_argument(
        "--force",
        action="store_true",
        help="replace the file written even if it is read-only (else kept)",
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
