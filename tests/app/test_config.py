"""config.toml: defaults, a valid file applied in the app, a broken file reported, theme saved."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import TabbedContent

from tests.conftest import DATA, wait_until
from tui import cli
from tui.app import MinusmaApp, run_app
from tui.core.config import (
    CONFIG_ENV,
    SERVED_ENV,
    Config,
    config_path,
    default_export_dir,
    load_config,
    resolve_data_path,
    save_theme,
)
from tui.core.model import Dataset

VALID = """\
# my settings
theme = "nord"
default_tab = "map"
mouse = false
data_path = "{data}"
export_dir = "{exports}"

[keymap]
quit = "x"
"""


def _valid(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        VALID.format(data=tmp_path / "mine.toml", exports=tmp_path / "out"), encoding="utf-8"
    )
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path / "absent.toml")
    assert problems == []
    assert (config.theme, config.default_tab, config.mouse, config.keymap) == (
        None,
        "overview",
        True,
        {},
    )
    assert config.data_path is None and config.export_dir is None
    assert resolve_data_path(None, config).name == "withdrawal.toml"


def test_config_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env.toml"))
    assert config_path() == tmp_path / "env.toml"
    assert config_path(str(tmp_path / "flag.toml")) == tmp_path / "flag.toml"
    assert cli.main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "env.toml")
    monkeypatch.delenv(CONFIG_ENV)
    assert config_path().parts[-2:] == ("minusma-tui", "config.toml")


def test_a_valid_file_is_read(tmp_path: Path) -> None:
    config, problems = load_config(_valid(tmp_path))
    assert problems == []
    assert config.theme == "nord"
    assert config.default_tab == "map"
    assert config.mouse is False
    assert config.keymap == {"quit": "x"}
    assert config.data_path == tmp_path / "mine.toml"
    assert resolve_data_path(None, config) == tmp_path / "mine.toml"
    assert default_export_dir(config) == tmp_path / "out"


def test_data_path_from_config_is_used_by_the_cli(tmp_path: Path, capsys) -> None:
    path = _valid(tmp_path)
    (tmp_path / "mine.toml").write_text(DATA.read_text(encoding="utf-8"))
    assert cli.main(["--config", str(path), "validate"]) == 0
    assert str(tmp_path / "mine.toml") in capsys.readouterr().out


async def test_a_valid_file_is_applied_in_the_app(tmp_path: Path, dataset: Dataset) -> None:
    config, _ = load_config(_valid(tmp_path))
    app = MinusmaApp(dataset, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert app.screen.query_one(TabbedContent).active == "map"
        await pilot.press("q")  # remapped away: q no longer quits
        await pilot.pause()
        assert app.is_running
        await pilot.press("x")
        await pilot.pause()
        assert not app.is_running


def test_mouse_setting_reaches_the_app(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = load_config(_valid(tmp_path))
    seen: dict[str, object] = {}
    monkeypatch.setattr(MinusmaApp, "run", lambda self, **kw: seen.update(kw))
    args = argparse.Namespace(
        animations="off", theme=None, as_of=None, data=None, no_watch=True, no_mouse=False
    )
    run_app(dataset, args, config, [])
    assert seen["mouse"] is False


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("theme = \n", ":1"),  # TOML syntax error, with its line
        ('default_tab = "nowhere"\n', "default_tab"),
        ('mouse = "yes"\n', "mouse"),
        ("[keymap]\nquit = 3\n", "keymap"),
        ('them = "nord"\n', "did you mean 'theme'"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_broken_file_is_reported(tmp_path: Path, content: str | bytes, where: str) -> None:
    path = tmp_path / "config.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    config, problems = load_config(path)
    assert problems, "expected a problem"
    assert any(where in str(p) for p in problems), [str(p) for p in problems]
    assert all(str(path) in str(p) for p in problems)
    assert config.default_tab == "overview" and config.mouse is True


def test_one_bad_value_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nmouse = "no"\n', encoding="utf-8")
    config, problems = load_config(path)
    assert config.theme == "nord" and config.mouse is True
    assert len(problems) == 1


async def test_app_starts_with_defaults_and_shows_the_problem(
    tmp_path: Path, dataset: Dataset
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = [\n", encoding="utf-8")
    config, problems = load_config(path)
    app = MinusmaApp(dataset, config=config, config_problems=problems)
    said: list[tuple[str, str]] = []
    app.notify = lambda message, **kw: said.append((str(message), kw.get("severity", "")))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "overview"
        assert any(str(path) in message and severity == "error" for message, severity in said)


async def test_unknown_theme_is_reported_not_fatal(tmp_path: Path, dataset: Dataset) -> None:
    app = MinusmaApp(dataset, config=Config(theme="no-such-theme", path=tmp_path / "c.toml"))
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme != "no-such-theme"
        assert any("no-such-theme" in message for message in said)


async def test_theme_change_is_persisted(tmp_path: Path, dataset: Dataset) -> None:
    path = tmp_path / "sub" / "config.toml"  # the directory does not exist yet
    app = MinusmaApp(dataset, config=Config(path=path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not path.exists()  # starting the app saves nothing
        app.theme = "gruvbox"  # what ctrl+p → "Change theme" does
        await pilot.pause()
    config, problems = load_config(path)
    assert problems == [] and config.theme == "gruvbox"


async def test_theme_change_keeps_the_rest_of_the_file(tmp_path: Path, dataset: Dataset) -> None:
    path = _valid(tmp_path)
    config, _ = load_config(path)
    app = MinusmaApp(dataset, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "dracula"
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# my settings\ntheme = "dracula"\n')
    again, problems = load_config(path)
    assert problems == []
    assert again.theme == "dracula" and again.keymap == {"quit": "x"} and again.mouse is False


async def test_served_sessions_do_not_write_the_config(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SERVED_ENV, "1")
    path = tmp_path / "config.toml"
    app = MinusmaApp(dataset, config=Config(path=path))
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
    assert not path.exists()


def test_save_theme_ignores_a_theme_key_inside_a_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\ntheme = "t"\n', encoding="utf-8")
    save_theme(Config(path=path), "nord")
    config, problems = load_config(path)
    assert problems == []
    assert config.theme == "nord" and config.keymap == {"theme": "t"}


def _binding_classes() -> list[type]:
    from tui.screens.bases import BasesTab
    from tui.screens.contingents import ContingentsTab
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.map import MapTab, MapView
    from tui.screens.overview import OverviewTab
    from tui.screens.sources import SourcesTab
    from tui.screens.timeline import TimelineTab

    return [
        MinusmaApp,
        DashboardScreen,
        OverviewTab,
        BasesTab,
        ContingentsTab,
        TimelineTab,
        MapTab,
        MapView,
        SourcesTab,
    ]


def test_every_binding_of_the_app_and_its_tabs_has_an_id() -> None:
    """The keymap applies by id: a binding without one cannot be remapped."""
    missing = []
    ids: dict[str, str] = {}
    for cls in _binding_classes():
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if not binding.id:
                missing.append(f"{cls.__name__}: {binding.key} → {binding.action}")
            else:
                assert ids.setdefault(binding.id, binding.action) == binding.action, binding.id
    assert missing == []


async def test_a_tab_binding_can_be_remapped(dataset: Dataset) -> None:
    app = MinusmaApp(dataset, as_of=dt.date(2023, 11, 20), config=Config(keymap={"map-east": "e"}))
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.show_tab("map")  # type: ignore[attr-defined]
        # The Map tab mounts, then takes the keys: under load that is more than one pause.
        await wait_until(
            pilot,
            lambda: app.focused is not None and any(a.id == "map" for a in app.focused.ancestors),
            "the map to have the keys",
        )
        app.selected_site = "gao"
        await pilot.press("e")
        await wait_until(pilot, lambda: app.selected_site != "gao", "the key to move east")
        assert app.selected_site == "menaka"  # due east; Ansongo is more south than east


# --- the config's schema: every problem at once, in today's words ---------------------------------


def test_every_problem_is_reported_at_once_with_its_dotted_path_in_file_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'them = "nord"\nmouse = 1\ndefault_tab = "maps"\ntheme = "  "\n'
        'data_path = ""\n[keymap]\nquit = 3\nhelp = ""\nnext-tab = "n"\n',
        encoding="utf-8",
    )
    config, problems = load_config(path)
    assert [(p.path, p.message) for p in problems] == [
        ("them", "unknown key 'them'; did you mean 'theme'?"),
        ("mouse", "expected true or false"),
        (
            "default_tab",
            "expected one of overview, bases, contingents, timeline, map, sources, compare",
        ),
        ("theme", "expected a theme name"),
        ("data_path", "expected a path"),
        ("keymap.quit", 'expected a key name in quotes, e.g. quit = "ctrl+q"'),
        ("keymap.help", 'expected a key name in quotes, e.g. quit = "ctrl+q"'),
    ]
    assert config.keymap == {"next-tab": "n"}  # the good entry survives its bad neighbours
    assert (config.mouse, config.default_tab, config.theme) == (True, "overview", None)


@pytest.mark.parametrize(
    ("content", "path", "message"),
    [
        ("keymap = 1\n", "keymap", 'expected a table of binding id = "key", e.g. quit = "ctrl+q"'),
        ('export_dir = "/tmp/a\\u0007b"\n', "export_dir", "a path with control characters"),
        ('[keymap]\n"qu\\u001bit" = "x"\n', "keymap.qu␛it", "a binding id with control"),
        ('[keymap]\nquit = "\\u001b"\n', "keymap.quit", "a key name with control characters"),
        ("zzz = 1\n", "zzz", "unknown key 'zzz'"),  # nothing close: no suggestion
        ("theme = 3\n", "theme", "expected a theme name"),
    ],
)
def test_each_rule_speaks_in_todays_words(
    tmp_path: Path, content: str, path: str, message: str
) -> None:
    file = tmp_path / "config.toml"
    file.write_text(content, encoding="utf-8")
    _, problems = load_config(file)
    assert [p.path for p in problems] == [path]
    assert problems[0].message.startswith(message)
    assert "did you mean" not in problems[0].message or path != "zzz"


def test_the_config_rules_are_one_pydantic_model() -> None:
    from tui.core.config_schema import ConfigFile
    from tui.core.places import TABS

    schema = ConfigFile.model_json_schema()
    assert set(schema["properties"]) == {
        "theme",
        "default_tab",
        "data_path",
        "mission",
        "export_dir",
        "mouse",
        "keymap",
    }
    assert schema["additionalProperties"] is False
    assert tuple(schema["properties"]["default_tab"]["enum"]) == TABS


# --- saving the theme keeps the user's file -------------------------------------------------------


def _saved(tmp_path: Path, before: str | bytes, theme: str = "nord") -> bytes:
    path = tmp_path / "config.toml"
    path.write_bytes(before.encode("utf-8") if isinstance(before, str) else before)
    save_theme(Config(path=path), theme)
    config, problems = load_config(path)
    assert config.theme == theme, problems
    return path.read_bytes()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # present, with its own comment and the file's others
            '# mine\ntheme = "dracula"  # dark, for the evenings\n\n[keymap]\nquit = "x"  # q\n',
            '# mine\ntheme = "nord"  # dark, for the evenings\n\n[keymap]\nquit = "x"  # q\n',
        ),
        (  # missing: a first line, where a top-level key is always valid
            '# mine\n[keymap]\ntheme = "t"\n',
            'theme = "nord"\n# mine\n[keymap]\ntheme = "t"\n',
        ),
        (  # only in an inline table: someone else's
            'keymap = { theme = "t", quit = "x" }\nmouse = false\n',
            'theme = "nord"\nkeymap = { theme = "t", quit = "x" }\nmouse = false\n',
        ),
        (  # a quoted key is the same key: replaced, never written twice
            '"theme" = "dracula"\nmouse = false\n',
            '"theme" = "nord"\nmouse = false\n',
        ),
        (  # a line that only looks like the theme, inside a multi-line string
            'export_dir = """\ntheme = "x"\n"""\n',
            'theme = "nord"\nexport_dir = """\ntheme = "x"\n"""\n',
        ),
        ("", 'theme = "nord"\n'),
    ],
    ids=["present", "missing", "inline-table", "quoted-key", "multi-line-string", "empty"],
)
def test_save_theme_changes_the_theme_and_nothing_else(
    tmp_path: Path, before: str, after: str
) -> None:
    assert _saved(tmp_path, before).decode("utf-8") == after


@pytest.mark.parametrize(
    "before",
    ['# mine\r\ntheme = "dracula"\r\nmouse = false\r\n', '# mine\r\n[keymap]\r\nquit = "x"\r\n'],
    ids=["present", "missing"],
)
def test_save_theme_keeps_crlf_line_endings(tmp_path: Path, before: str) -> None:
    after = _saved(tmp_path, before)
    assert (
        after.count(b"\n") == after.count(b"\r\n") == before.count("\n") + ("theme" not in before)
    )


def test_save_theme_escapes_what_toml_cannot_hold_raw(tmp_path: Path) -> None:
    assert _saved(tmp_path, "", 'my "quoted" \\ theme') == b'theme = "my \\"quoted\\" \\\\ theme"\n'


def test_save_theme_never_rewrites_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# half-edited\nmouse = \n", encoding="utf-8")
    with pytest.raises(OSError, match="not valid TOML"):
        save_theme(Config(path=path), "nord")
    assert path.read_text(encoding="utf-8") == "# half-edited\nmouse = \n"


def test_save_theme_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed write (disk full) leaves the old file whole: the write goes through
    `write_atomic`, which renames a complete temporary file over the config."""
    from tui.core import files

    path = tmp_path / "config.toml"
    path.write_text('theme = "dracula"\n', encoding="utf-8")
    written: list[Path] = []
    real = files.write_atomic

    def recording(target: Path, content: str | bytes, **kw: str) -> Path:
        written.append(target)
        return real(target, content, **kw)

    monkeypatch.setattr(files, "write_atomic", recording)
    save_theme(Config(path=path), "nord")
    assert written == [path]
    monkeypatch.setattr(files, "_open_temp", lambda *a: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OSError):
        save_theme(Config(path=path), "gruvbox")
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_save_theme_keeps_a_symlinked_config_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_bytes(b'theme = "dracula"  # kept\r\n')
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_theme(Config(path=link), "nord")
    assert link.is_symlink()
    assert real.read_bytes() == b'theme = "nord"  # kept\r\n'


def test_the_verdict_on_a_config_is_cached_by_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pydantic's import costs a start more than the rest of it: an unchanged file skips it."""
    from tui.core import config_schema

    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nmouse = "no"\ndata_path = "~/mine.toml"\n', encoding="utf-8")
    first = load_config(path)

    def no_validation(raw: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(config_schema, "validate", no_validation)
    again = load_config(path)
    assert again == first
    assert again[0].data_path == Path.home() / "mine.toml" and again[0].theme == "nord"
    assert [p.path for p in again[1]] == ["mouse"]
    path.write_text('theme = "gruvbox"\n', encoding="utf-8")  # an edit is checked afresh
    with pytest.raises(AssertionError, match="validated again"):
        load_config(path)
    monkeypatch.undo()
    assert load_config(path)[0].theme == "gruvbox"
