"""Control characters from a file never reach the terminal as themselves.

TOML lets a file spell any character, in a value or in a quoted key: "\\u001b]0;title\\u0007" is
the escape sequence that sets the terminal's title. The loader already made values visible (ESC
becomes ␛); these tests cover the rest: keys in the dataset and in the config, in `validate`'s
output, in the app's notifications and its reload banner, the footer's key names from the config,
and file names in messages.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, toasts, wait_until
from tui import cli
from tui.app import MinusmaApp
from tui.core.config import load_config
from tui.core.loader import DatasetError, Problem, load_dataset, parse_dataset
from tui.reload import BANNER_ID

AS_OF = dt.date(2023, 11, 20)
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What must never be printed: C0 (but tab and newline), DEL, C1."""
TITLE = "\\u001b]0;PWNED\\u0007"
"""Sets the terminal's title, as a TOML file spells it."""


def _with_bad_key(text: str) -> str:
    """The shipped dataset with an unknown, hostile key in [mission]."""
    return text.replace("[mission]\n", f'[mission]\n"x{TITLE}" = 1\n', 1)


def _assert_clean(output: str) -> None:
    assert not RAW_CONTROLS.search(output), repr(output)


def test_a_control_character_in_a_data_key_is_visible_in_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "withdrawal.toml"
    path.write_text(_with_bad_key(DATA.read_text(encoding="utf-8")), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    _assert_clean(out + err)
    assert "mission.x␛]0;PWNED␇: unknown key" in err


def test_a_newline_in_a_key_keeps_the_problem_on_one_line() -> None:
    text = DATA.read_text(encoding="utf-8").replace("[mission]\n", '[mission]\n"a\\nb" = 1\n', 1)
    with pytest.raises(DatasetError) as info:
        parse_dataset(text, "data.toml")
    (problem,) = info.value.problems
    assert "\n" not in str(problem) and "a␊b" in str(problem)


def test_a_problem_is_always_shown_visible() -> None:
    problem = Problem("f\x1b.toml", "k\x9b", "m\x07\n")
    _assert_clean(str(problem))
    assert "\n" not in str(problem)
    assert str(problem) == "f␛.toml: k\\x9b: m␇␊"


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (f'"the{TITLE}me" = "nord"\n', "the␛]0;PWNED␇me"),
        (f'[keymap]\nquit = "{TITLE}"\n', "keymap.quit"),
        (f'[keymap]\n"q{TITLE}" = "x"\n', "keymap.q␛]0;PWNED␇"),
        (f'theme = "{TITLE}"\n', "theme"),
        (f'export_dir = "/tmp/{TITLE}"\n', "export_dir"),
    ],
)
def test_a_control_character_in_the_config_is_visible(
    content: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(content, encoding="utf-8")
    config, problems = load_config(path)
    assert problems and where in str(problems[0])
    assert not config.keymap and config.theme is None and config.export_dir is None
    assert cli.main(["--config", str(path), "validate", str(DATA)]) == 0
    out, err = capsys.readouterr()
    _assert_clean(out + err)
    assert f"config ignored: {path}: {where}" in err


def test_a_good_keymap_entry_survives_a_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[keymap]\nquit = "x"\nhelp = "{TITLE}"\n', encoding="utf-8")
    config, problems = load_config(path)
    assert config.keymap == {"quit": "x"}
    assert [p.path for p in problems] == ["keymap.help"]


async def test_the_apps_config_notification_is_visible(tmp_path: Path, dataset) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'"the{TITLE}me" = "nord"\n', encoding="utf-8")
    config, problems = load_config(path)
    app = MinusmaApp(dataset, as_of=AS_OF, config=config, config_problems=problems)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        shown = toasts(app)
        assert any("the␛]0;PWNED␇me" in text for _severity, text in shown), shown
        for _severity, text in shown:
            _assert_clean(text)


async def test_the_reload_banner_is_visible(tmp_path: Path) -> None:
    path = tmp_path / "withdrawal.toml"
    original = DATA.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    app = MinusmaApp(load_dataset(path), as_of=AS_OF, data_path=path, watch=True)
    app.watch_interval = 0.05
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        path.write_text(_with_bad_key(original), encoding="utf-8")
        await wait_until(pilot, lambda: app.screen.query(f"#{BANNER_ID}"), "the reload banner")
        banner = str(app.screen.query_one(f"#{BANNER_ID}").render())
        _assert_clean(banner)
        assert "mission.x␛]0;PWNED␇" in banner.replace("\n", "")
        assert app.title == "minusma-tui"


def test_a_control_character_in_the_output_name_is_visible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out\x1b]0;x\x07.txt"
    assert cli.main(["export", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    _assert_clean(err)
    assert "out␛]0;x␇.txt" in err
    assert target.exists()


def test_a_control_character_in_the_dataset_name_is_visible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data\x1b]0;x\x07.toml"
    path.write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    _assert_clean(out)
    assert "data␛]0;x␇.toml: valid" in out
