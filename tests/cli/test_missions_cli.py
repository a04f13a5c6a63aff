"""Choosing a mission from the command line: `--mission`, `minusma-tui missions`, the config's
`mission`, the bundled missions in a checkout and in a wheel, and the servers' sessions."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, FIXTURES, ROOT
from tui import cli
from tui.core import missions
from tui.core.config import Config, load_config, resolve_data_path, save_mission
from tui.core.loader import load_dataset

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MONUSCO = ROOT / "data" / "missions" / "monusco-south-kivu.toml"


def test_the_bundled_missions_are_minusma_first_then_by_id() -> None:
    found = missions.bundled()
    assert [m.id for m in found][:2] == ["minusma", "monusco-south-kivu"]
    assert found[0].path == DATA and found[0].is_default
    assert missions.find("monusco-south-kivu").path == MONUSCO
    assert missions.find(" MINUSMA ").id == "minusma"  # case and spaces forgiven
    assert missions.for_path(MONUSCO) == found[1]
    assert missions.for_path(FIXTURES / "mini.toml") is None


def test_an_unknown_mission_names_the_bundled_ones() -> None:
    with pytest.raises(missions.UnknownMission) as caught:
        missions.find("monusco")
    message = str(caught.value)
    assert "did you mean 'monusco-south-kivu'?" in message
    assert "minusma, monusco-south-kivu" in message


def test_describe_gives_the_span_and_the_closures() -> None:
    summary = missions.describe(load_dataset(DATA))
    assert summary.title == "MINUSMA (Mali)"
    assert summary.counts == "13 sites, 13 closed"
    assert summary.span == "2023-07-17 … 2024-11-15"  # phase 1's start … the last event
    monusco = missions.describe(load_dataset(MONUSCO))
    assert monusco.where == "South Kivu, Congo (DRC)"
    assert monusco.counts == "11 sites, 10 closed"  # Uvira never closed


def test_missions_are_found_in_an_installed_layout(tmp_path: Path) -> None:
    """The wheel's tui/data/ holds what pyproject's force-include maps there."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    installed = tmp_path / "tui" / "data"
    for source, target in shipped.items():
        if source.startswith("data/withdrawal.toml") or source == "data/missions":
            destination = tmp_path / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            copy = shutil.copytree if (ROOT / source).is_dir() else shutil.copy
            copy(ROOT / source, destination)
    ids = [m.id for m in missions.bundled(installed)]
    assert ids == [m.id for m in missions.bundled()]
    assert missions.find("monusco-south-kivu", installed).path.parent == installed / "missions"


def test_mission_option_opens_its_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--mission", "monusco-south-kivu", "validate"]) == 0
    assert "monusco-south-kivu.toml: valid (schema 2): 11 sites" in capsys.readouterr().out
    assert cli.main(["validate", "--mission", "minusma"]) == 0  # after the command, too
    assert "withdrawal.toml: valid" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--data", "x.toml", "--mission", "minusma", "validate"], "give one of them"),
        (["--data", "x.toml", "validate", "--mission", "minusma"], "give one of them"),
        (["--mission", "monusco", "validate"], "did you mean 'monusco-south-kivu'?"),
    ],
)
def test_mission_usage_errors(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 2
    assert words in capsys.readouterr().err


def test_the_missions_command_lists_span_and_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["missions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "MISSION", "WITHDRAWAL", "SITES"]
    minusma = lines[1].split("  ")
    assert [cell.strip() for cell in minusma if cell.strip()] == [
        "minusma*",
        "MINUSMA (Mali)",
        "2023-07-17 … 2024-11-15",
        "13 sites, 13 closed",
    ]
    assert lines[2].startswith("monusco-south-kivu ")
    assert "MONUSCO (South Kivu, Congo (DRC))" in lines[2] and "11 sites, 10 closed" in lines[2]
    assert lines[-1].startswith("* opened when no --data or --mission says otherwise.")


def test_the_missions_command_marks_the_one_chosen(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["missions", "--mission", "monusco-south-kivu"]) == 0
    assert "monusco-south-kivu*" in capsys.readouterr().out
    monkeypatch.setenv("MINUSMA_TUI_DATA", str(FIXTURES / "mini.toml"))
    assert cli.main(["missions"]) == 0
    out = capsys.readouterr().out
    assert "*" not in out.split("\n\n")[0]
    assert "mini.toml (not a bundled mission)" in out


def test_the_config_remembers_the_mission(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\ntheme = "nord"  # kept\n', encoding="utf-8")
    config = save_mission(Config(path=path), "monusco-south-kivu")
    assert config.mission == "monusco-south-kivu"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('mission = "monusco-south-kivu"\n# mine\ntheme = "nord"  # kept')
    loaded, problems = load_config(path)
    assert problems == [] and loaded.mission == "monusco-south-kivu"
    assert resolve_data_path(None, loaded) == MONUSCO
    save_mission(loaded, "minusma")  # the value changes in place
    assert path.read_text(encoding="utf-8").count("mission =") == 1
    with pytest.raises(missions.UnknownMission):
        save_mission(loaded, "nowhere")


def test_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--data, --mission, $MINUSMA_TUI_DATA, the config's data_path, its mission, MINUSMA."""
    mine, env = tmp_path / "mine.toml", tmp_path / "env.toml"
    config = Config(data_path=mine, mission="monusco-south-kivu")
    remembered = Config(mission="monusco-south-kivu")
    assert resolve_data_path(None, Config()) == DATA
    assert resolve_data_path(None, remembered) == MONUSCO
    assert resolve_data_path(None, config) == mine
    monkeypatch.setenv("MINUSMA_TUI_DATA", str(env))
    assert resolve_data_path(None, remembered) == env
    assert resolve_data_path(None, remembered, mission="minusma") == DATA
    assert resolve_data_path(str(mine), remembered, mission="minusma") == mine


@pytest.mark.parametrize(
    "text, message",
    [
        ('mission = "nowhere"', "no bundled mission 'nowhere'"),
        ('mission = "Not An Id"', "expected a bundled mission's id"),
        ('mission = "minusma"\ndata_path = "/x.toml"', "data_path is set too"),
    ],
)
def test_a_bad_mission_in_the_config_is_a_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text + "\n", encoding="utf-8")
    config, problems = load_config(path)
    assert [p.path for p in problems] == ["mission"]
    assert message in problems[0].message
    assert resolve_data_path(None, config) in (DATA, Path("/x.toml"))


def test_the_dashboard_remembers_mission_but_not_when_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    problems: list = []
    saved = cli._remember_mission(Config(path=path), "monusco-south-kivu", problems)
    assert saved.mission == "monusco-south-kivu" and problems == []
    assert 'mission = "monusco-south-kivu"' in path.read_text(encoding="utf-8")
    monkeypatch.setenv("MINUSMA_TUI_SERVED", "1")
    other = tmp_path / "served.toml"
    cli._remember_mission(Config(path=other), "minusma", problems)
    assert not other.exists()
    monkeypatch.delenv("MINUSMA_TUI_SERVED")
    blocked = tmp_path / "dir"
    blocked.write_text("not a directory", encoding="utf-8")
    cli._remember_mission(Config(path=blocked / "config.toml"), "minusma", problems)
    assert [p.path for p in problems] == ["mission"]
    assert problems[0].message.startswith("not remembered:")


def test_serve_web_sessions_open_the_chosen_mission() -> None:
    from tui.serve.web import session_command

    args = cli.parse_args(["serve-web", "--mission", "monusco-south-kivu"])
    command = session_command(args, Config())
    assert f"--data {MONUSCO}" in command
    assert sys.executable in command


def test_serve_sessions_open_the_chosen_mission(tmp_path: Path) -> None:
    from tui.serve.ssh.run import options_from_args

    args = cli.parse_args(["--mission", "monusco-south-kivu", "serve", "--open"])
    assert options_from_args(args, Config()).data_path == MONUSCO.resolve()
    remembered = argparse.Namespace(**{**vars(cli.parse_args(["serve", "--open"]))})
    assert options_from_args(remembered, Config(mission="monusco-south-kivu")).data_path == (
        MONUSCO.resolve()
    )
