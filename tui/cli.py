"""The `minusma-tui` command: the dashboard by default, plus validate, export, serve and config.

This module parses the command line (the options: `tui.cli_args`) and hands each command to
what runs it: the dataset commands in `tui.cli_commands`, the export, the servers, the app.
Only what a command needs is imported, and only when it runs: `validate` and `export` never import
Textual, so they start in a fraction of the TUI's time (a subprocess test checks it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import cli_commands as commands
from tui.cli_args import build_parser as build_parser
from tui.core.config import Config, load_user_config, resolve_data_path
from tui.core.loader import Problem
from tui.core.opening import load_head_or_report, load_or_report

if TYPE_CHECKING:
    from tui.core.model import Dataset

OpenDataset = Callable[[Path], "tuple[Dataset, Callable[[], None]] | None"]
"""How the dashboard opens its file: `load_head_or_report`, or what the SSH server's zygote gives
(`tui.serve_zygote`: the dataset it loaded once for every session)."""


def main(argv: Sequence[str] | None = None, *, open_dataset: OpenDataset | None = None) -> int:
    """The `minusma-tui` command. Output cut short by its reader (`| head`) is not an error:
    the rest is simply not written, and the exit status stays 0."""
    try:
        code = _main(argv, open_dataset or load_head_or_report)
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


def _main(argv: Sequence[str] | None, open_dataset: OpenDataset) -> int:
    args = parse_args(argv)
    config, config_problems = load_user_config(args.config)
    command = args.command
    if command is not None:  # the dashboard shows them as notifications instead
        _say(config_problems)
    if command == "config":
        if config.path is None:
            return 1  # no home to keep a config in: said above
        print(config.path)
        return 1 if config.read_error else 0  # the file is there, but unusable: said above
    if command == "missions":
        return commands.list_missions(config, args)
    if command == "schema":
        from tui.core.schema import json_text

        sys.stdout.write(json_text())
        return 0
    if command == "validate":
        path = args.path or str(resolve_data_path(args.data, config))
        code = commands.validate(path)
        if code == 0 and args.geopko:
            return commands.check_geopko(path, args.geopko, args.year)
        return code
    if command == "import":
        return commands.import_geopko(args)
    if command == "migrate":
        return commands.migrate(args.path, args.output, force=args.force)
    if command == "export":
        import gc

        # A one-shot command that makes tens of thousands of short-lived objects (Rich
        # segments) and exits: cyclic collections would only cost time (~5% of an export).
        gc.disable()
        from tui.render.export import run_export

        try:
            return run_export(args, config)
        finally:
            # The model outlives the command (a dataset and its snapshots refer to each other),
            # so the collection Python runs at exit would walk all of it, about 0.5 s at
            # 100,000 sites; frozen, it is skipped and the memory goes back with the process.
            gc.freeze()
    if command == "serve":
        _quiet_dependency_warnings()
        from tui.serve.ssh.run import run_serve

        return run_serve(args, config)
    if command == "serve-web":
        from tui.serve.web import run_serve_web

        return run_serve_web(args, config)
    return _run_dashboard(args, config, config_problems, open_dataset)


def _quiet_dependency_warnings() -> None:
    """Before asyncssh is imported: its use of cryptography's deprecated DSA names printed five
    `CryptographyDeprecationWarning`s (each with its source line) before `serve`'s first line,
    about code the operator can neither see nor change. Only that category, only raised from
    asyncssh's modules, is silenced; every other warning still shows."""
    import warnings

    try:
        from cryptography.utils import CryptographyDeprecationWarning
    except ImportError:
        return  # no [ssh] extra: `serve` says so itself
    warnings.filterwarnings(
        "ignore", category=CryptographyDeprecationWarning, module=r"asyncssh(\.|$)"
    )


def _say(config_problems: list[Problem]) -> None:
    for problem in config_problems:
        print(f"minusma-tui: config ignored: {problem}", file=sys.stderr)


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


def _run_dashboard(
    args: argparse.Namespace,
    config: Config,
    config_problems: list[Problem],
    open_dataset: OpenDataset,
) -> int:
    from tui.core.config import has_terminal

    data_path = resolve_data_path(args.data, config)
    if not has_terminal():
        _say(config_problems)  # no dashboard to show them in
        return _print_summary_instead(data_path, args.as_of, known=args.known)
    _no_colour_on_a_terminal_without()
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
        loaded = open_dataset(data_path)
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
        where = str(config.path or "config")
        problems.append(Problem(where, "mission", f"not remembered: {exc}"))
        return config


def _no_colour_on_a_terminal_without() -> None:
    """A terminal whose terminfo entry has no colours (vt100, vt220, xterm-mono) gets none, as
    if NO_COLOR were set: Rich and Textual would send it 16-colour codes (they take any TERM
    but dumb for a colour terminal). Textual reads NO_COLOR once, when the app is made (and
    `tui.themes` picks the theme that marks with reverse video instead). Not for `serve-web`:
    the browser draws, not the terminal the operator started it in."""
    from tui.core.terminfo import has_no_colours

    if not os.environ.get("TEXTUAL_DRIVER") and has_no_colours(os.environ.get("TERM", "")):
        os.environ["NO_COLOR"] = "1"


def _print_summary_instead(data_path: Path, as_of: dt.date | None, *, known: bool = False) -> int:
    """No terminal to draw on (a pipe, cron, `ssh host minusma-tui` without -t), or one that
    cannot draw the dashboard (TERM=dumb): the text summary, and one line on stderr saying why."""
    dataset = load_or_report(data_path)
    if dataset is None:
        return 1
    from tui.render.summary import render_text

    on_a_tty = _stdout_is_a_tty()
    width = _summary_width(on_a_tty)
    sys.stdout.write(render_text(dataset, as_of or dataset.latest_date, width=width, known=known))
    sys.stdout.flush()  # the summary, then the line that explains it (stderr is not buffered)
    if on_a_tty and os.environ.get("TERM", "") == "dumb":
        why = "TERM=dumb: this terminal cannot draw the dashboard, so here is the text summary."
    else:
        why = (
            "no terminal, so this is the text summary. For the dashboard, run it in a "
            "terminal (over SSH: ssh -t HOST minusma-tui)."
        )
    print(f"minusma-tui: {why}", file=sys.stderr)
    return 0


def _stdout_is_a_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _summary_width(on_a_tty: bool) -> int:
    """On a terminal, its width (then $COLUMNS, then 80): the summary is read there. In a pipe
    or a file, $COLUMNS or 100: the same text whatever window the command was typed in."""
    columns = 0
    if on_a_tty:
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            columns = 0
    if columns <= 0:
        try:
            columns = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            columns = 0
    if columns <= 0:
        columns = 80 if on_a_tty else 100
    return max(40, min(columns, 200))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
