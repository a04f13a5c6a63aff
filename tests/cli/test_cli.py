"""The command line: validate, version, data path resolution, and what it never imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, FIXTURES, ROOT
from tui.cli import main


def test_validate_shipped_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "valid (schema 2): 13 sites" in out
    assert out.count("\n") == 1


def test_validate_broken_file_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (FIXTURES / "mini.toml").read_text()
    text = text.replace("figure = 150", "figure = -3").replace('to = "The governor"', 'too = "x"')
    broken = tmp_path / "broken.toml"
    broken.write_text(text)
    assert main(["validate", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "2 problems in the dataset" in err
    assert f"{broken}:56:12: sites[north].contingents[0].figure: must be at least 0, got -3" in err
    assert (
        f"{broken}:50:1: sites[north].states[0].too: unknown key 'too'; did you mean 'to'?" in err
    )


def test_data_option_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    mini = FIXTURES / "mini.toml"
    assert main(["--data", str(mini), "validate"]) == 0
    assert "3 sites" in capsys.readouterr().out
    monkeypatch.setenv("MINUSMA_TUI_DATA", str(mini))
    assert main(["validate"]) == 0
    assert "3 sites" in capsys.readouterr().out
    monkeypatch.setenv("MINUSMA_TUI_DATA", str(tmp_path / "missing.toml"))
    assert main(["validate"]) == 1
    assert "missing.toml: no such file" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("minusma-tui ")


def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--as-of", "20-11-2023", "validate"])
    assert info.value.code == 2
    assert "is not a date like 2023-11-20" in capsys.readouterr().err


def test_model_loader_and_validate_do_not_import_textual() -> None:
    code = (
        "import sys; import tui.core.model, tui.core.loader, tui.render.summary, tui.core.config; "
        "from tui.cli import main; rc = main(['validate', sys.argv[1]]); "
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
        "print('TEXTUAL', bad); sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(DATA)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "TEXTUAL []" in result.stdout


def test_a_broken_config_is_reported_and_defaults_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('default_tab = "nowhere"\n')
    assert main(["--config", str(config), "validate"]) == 0
    captured = capsys.readouterr()
    assert "13 sites" in captured.out
    assert f"minusma-tui: config ignored: {config}: default_tab: expected one of" in captured.err


@pytest.mark.parametrize("width", ["5", "39", "1001"])
def test_an_export_width_out_of_bounds_is_a_usage_error(
    width: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--width 5` laid every label out in five-letter pieces; now it is refused, saying why."""
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--width", width])
    assert exit_info.value.code == 2
    assert "between 40 and 1000 columns" in capsys.readouterr().err
