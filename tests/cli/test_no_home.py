"""No HOME, no passwd entry, read-only everything: every command still works.

A container started with a bare `--user 4242` has no HOME and no passwd entry for its user,
so there is no home directory to find the config or the cache in (platformdirs raises, as
`Path.home()` does). A command must then run without them, say so once in one line, and
never end in a traceback; a HOME where nothing can be written is the unwritable cache of
old: silent.

The subprocesses run `python -m tui` with an environment without HOME or any XDG variable.
The missing passwd entry is simulated: a sitecustomize makes `pwd.getpwuid` raise KeyError,
as it does for such a uid. "Read-only" is chmod 0o555; as root, the process runs without the
capabilities that let root write anywhere (`setpriv`), so the mode holds for it too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_terminals import PtyApp, clean_env, mission_shown
from tests.conftest import NOV_20, ROOT, replace_path, toasts, wait_until

TIMEOUT = 60
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
USER_VARS = ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "MINUSMA_TUI_CONFIG")
AS_A_USER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
"""As root: run without the capabilities that override file modes (a user's view of them)."""

_NO_PASSWD_ENTRY = """
\"\"\"Loaded at start-up (PYTHONPATH): this uid has no passwd entry, as in a bare container.\"\"\"
import pwd


def _no_entry(uid):
    raise KeyError(f"getpwuid(): uid not found: {uid}")


pwd.getpwuid = _no_entry
"""


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the sitecustomize that takes the passwd entry away."""
    path = tmp_path_factory.mktemp("no-passwd-entry")
    (path / "sitecustomize.py").write_text(_NO_PASSWD_ENTRY, encoding="utf-8")
    return path


def _env(shim: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in USER_VARS}
    env.pop("MINUSMA_TUI_DATA", None)
    env["PYTHONPATH"] = f"{shim}{os.pathsep}{ROOT}" if shim else str(ROOT)
    env["COLUMNS"] = "100"
    env.update(extra)
    return env


def _run(
    args: list[str], env: dict[str, str], cwd: Path, *, as_a_user: bool = False
) -> subprocess.CompletedProcess[str]:
    prefix = AS_A_USER if as_a_user and IS_ROOT else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.fixture
def no_home(shim: Path) -> dict[str, str]:
    """The environment of a process with no home: no HOME, no passwd entry."""
    return _env(shim)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """An empty working directory."""
    path = tmp_path / "work"
    path.mkdir()
    return path


COMMANDS = [
    (["validate"], "valid (schema 2)"),
    (["export", "-f", "txt"], "MINUSMA"),
    (["export", "-f", "json"], '"sites"'),
    (["--mission", "monusco-south-kivu", "export", "-f", "md"], "MONUSCO"),
    (["missions"], "monusco-south-kivu"),
    (["schema"], '"$schema"'),
    ([], "MINUSMA"),  # no terminal: the text summary
    (["--mission", "monusco-south-kivu"], "MONUSCO"),  # ...which would remember the mission
]


@pytest.mark.parametrize(("args", "shown"), COMMANDS, ids=[" ".join(a) or "-" for a, _ in COMMANDS])
def test_every_command_works_without_a_home(
    args: list[str], shown: str, no_home: dict[str, str], work: Path
) -> None:
    result = _run(args, no_home, work)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    said = [line for line in result.stderr.splitlines() if "home" in line.lower()]
    assert len(said) == 1, result.stderr
    assert "no config" in said[0] and "HOME" in said[0], said
    assert not list(work.iterdir()), "something was written in the working directory"


def test_config_path_says_there_is_none(no_home: dict[str, str], work: Path) -> None:
    result = _run(["config", "path"], no_home, work)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "HOME" in result.stderr


def test_export_to_a_file_works_without_a_home(no_home: dict[str, str], work: Path) -> None:
    result = _run(["export", "-f", "csv", "-o", "sites.csv"], no_home, work)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert (work / "sites.csv").read_text(encoding="utf-8").startswith("id,")


def test_xdg_dirs_alone_are_enough(shim: Path, work: Path) -> None:
    """With the XDG variables set, no home is needed at all: config and cache are used."""
    env = _env(shim, XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"))
    result = _run(["validate"], env, work)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert list((work / "cache" / "minusma-tui" / "datasets").glob("*.msgpack"))


# --- read-only everything --------------------------------------------------------------------


@pytest.fixture
def read_only(work: Path) -> Iterator[Path]:
    """A HOME (inside the working directory) where nothing can be written, nor beside it."""
    if IS_ROOT and shutil.which("setpriv") is None:
        pytest.skip("root writes whatever the mode, and setpriv is not here to stop it")
    home = work / "home"
    home.mkdir()
    for path in (home, work):
        path.chmod(0o555)
    yield home
    for path in (work, home):
        path.chmod(0o755)


@pytest.mark.parametrize(("args", "shown"), COMMANDS, ids=[" ".join(a) or "-" for a, _ in COMMANDS])
def test_every_command_works_with_everything_read_only(
    args: list[str], shown: str, read_only: Path, work: Path
) -> None:
    result = _run(args, _env(None, HOME=str(read_only)), work, as_a_user=True)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    said = [line for line in result.stderr.splitlines() if "no terminal" not in line]
    assert said == [], result.stderr  # as with an unwritable cache: nothing to say
    assert list(read_only.iterdir()) == []


def test_export_to_a_read_only_directory_is_one_line(read_only: Path, work: Path) -> None:
    env = _env(None, HOME=str(read_only))
    result = _run(["export", "-o", "summary.txt"], env, work, as_a_user=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "ermission denied" in result.stderr, result.stderr


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_runs_without_a_home(shim: Path) -> None:
    """In a real terminal: the first frame, the line about the home in a toast, q quits."""
    env = clean_env(TERM="xterm-256color")
    for var in USER_VARS:
        env.pop(var, None)
    env["PYTHONPATH"] = f"{shim}{os.pathsep}{ROOT}"
    app = PtyApp(env)
    try:
        app.wait_for(mission_shown, "first frame with the mission")
        app.wait_for(lambda out: b"HOME" in out, "the toast that says there is no home")
        assert app.quit() == 0
    finally:
        app.kill()
    assert b"Traceback" not in app.output


async def test_the_export_dialog_writes_in_the_working_directory_without_a_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No data directory to export to: the dialog offers the working directory instead."""
    import pwd

    from textual.widgets import Input

    from tests.conftest import make_app
    from tui import cli
    from tui.core.config import Config, load_user_config
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.export import ExportScreen

    for var in USER_VARS:
        monkeypatch.delenv(var, raising=False)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    monkeypatch.chdir(tmp_path)
    config, problems = load_user_config(None)
    assert config == Config() and len(problems) == 1
    # `--mission ID` in a terminal remembers the mission in the config: not here, in words.
    assert cli._remember_mission(config, "monusco-south-kivu", problems) == config
    assert len(problems) == 2 and "not remembered" in str(problems[1])
    problems.pop()
    app = make_app(as_of=NOV_20, config=config, config_problems=problems)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: toasts(app), "the toast about the home")
        assert "HOME" in toasts(app)[0][1]
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        offered = app.screen.query_one("#export-path", Input).value
        assert Path(offered).parent == tmp_path, offered
        await replace_path(pilot, str(tmp_path / "out.txt"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "written")
        app.theme = "nord"  # saving it fails: a toast, not a crash
        await wait_until(pilot, lambda: any("not saved" in t for _s, t in toasts(app)))
    assert "MINUSMA" in (tmp_path / "out.txt").read_text(encoding="utf-8")


# --- the servers -----------------------------------------------------------------------------


def test_serve_without_a_home_says_what_to_give(no_home: dict[str, str], work: Path) -> None:
    """No ~/.ssh/authorized_keys to default to, no data directory for the host key: each is one
    line that says which option to give instead (the server is never started)."""
    pytest.importorskip("asyncssh")
    result = _run(["serve", "--port", "0"], no_home, work)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2 and "--authorized-keys" in result.stderr, result.stderr
    # --no-zygote: with the zygote, any host key refused also ends in the zygote's traceback
    # (BrokenPipeError when the server gives up before it: main's, with or without a home).
    serve = ["serve", "--open", "--host", "127.0.0.1", "--port", "0", "--no-zygote"]
    result = _run(serve, no_home, work)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    (line,) = [s for s in result.stderr.splitlines() if "host key" in s]
    assert "--host-key" in line and "HOME" in line, result.stderr


def test_serve_web_sessions_without_a_home_get_no_config(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    from tui.cli import parse_args
    from tui.core.config import load_user_config
    from tui.serve.web import session_command

    for var in USER_VARS:
        monkeypatch.delenv(var, raising=False)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    config, _problems = load_user_config(None)
    command = session_command(parse_args(["serve-web"]), config)
    assert "--config" not in command and "--data" in command
