"""Exporting from the app: the dialog (`e`), the clipboard copy (`y`), and served sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import make_app as _make_app, replace_path, screen_words, toasts, wait_until
from tui.app import MinusmaApp
from tui.core.config import Config, default_export_dir
from tui.core.model import Dataset
from tui.render import export
from tui.render.summary import render_text
from tui.screens.dashboard import DashboardScreen
from tui.screens.export import ExportScreen, SummaryScreen

AS_OF = dt.date(2023, 11, 20)


def make_app(dataset: Dataset, export_dir: Path | None = None) -> MinusmaApp:
    return _make_app(dataset, as_of=AS_OF, export_dir=export_dir)


async def test_dialog_writes_the_file_and_names_its_path(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value == str(tmp_path / "minusma-2023-11-20.txt")
        await pilot.press("m")  # Markdown: the suffix follows
        assert path_input.value == str(tmp_path / "minusma-2023-11-20.md")
        await pilot.press("enter")
        written = tmp_path / "minusma-2023-11-20.md"
        await wait_until(pilot, lambda: toasts(app), "the toast naming the file")
        assert isinstance(app.screen, DashboardScreen)
        assert [p.name for p in tmp_path.iterdir()] == [written.name]
        # The same document as `minusma-tui export -f md --as-of 2023-11-20`.
        assert written.read_text(encoding="utf-8") == export.render(dataset, AS_OF, "md")
        shown = toasts(app)
        assert len(shown) == 1
        severity, text = shown[0]
        assert severity == "information"
        assert "Exported (md)" in text and str(written.resolve()) in text.replace("\n", "")


@pytest.mark.parametrize(("key", "fmt"), [("t", "txt"), ("a", "ansi"), ("h", "html"), ("s", "svg")])
async def test_each_format_key_writes_that_format(
    key: str, fmt: str, dataset: Dataset, tmp_path: Path
) -> None:
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "m", key, "enter")
        written = tmp_path / f"minusma-2023-11-20{export.SUFFIXES[fmt]}"
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "closed")
    assert written.read_text(encoding="utf-8") == export.render(dataset, AS_OF, fmt)


async def test_arrows_choose_the_format_too(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "down", "down")
        assert app.screen.query_one("#export-path", Input).value.endswith(".html")


async def test_include_the_selected_site_in_full(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.selected_site = "ansongo"
        await pilot.press("e", "m", "i", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "closed")
    written = tmp_path / "minusma-2023-11-20-ansongo.md"
    assert written.read_text(encoding="utf-8") == export.render(
        dataset, AS_OF, "md", site=dataset.site("ansongo")
    )
    assert "## Ansongo" in written.read_text(encoding="utf-8")


async def test_typed_path_is_used(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path / "unused")
    target = tmp_path / "my report.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "m")
        await replace_path(pilot, str(target))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "closed")
        assert isinstance(app.screen, DashboardScreen)
    assert target.read_text(encoding="utf-8") == export.render(dataset, AS_OF, "md")
    assert not (tmp_path / "unused").exists()


async def test_default_export_dir_is_created(dataset: Dataset) -> None:
    app = make_app(dataset)  # no export_dir in the config: the platformdirs data dir
    target = default_export_dir(Config()) / "minusma-2023-11-20.txt"
    assert "XDG_DATA_HOME" in str(target) or not target.exists()  # the isolated home
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "closed")
    assert target.read_text(encoding="utf-8") == export.render(dataset, AS_OF, "txt")


async def test_failure_is_an_error_and_nothing_is_half_written(
    dataset: Dataset, tmp_path: Path
) -> None:
    existing = tmp_path / "summary.txt"
    existing.write_text("the old summary\n")
    missing = tmp_path / "nowhere" / "summary.txt"
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("e")
        await replace_path(pilot, str(missing))
        await pilot.press("enter")
        await wait_until(pilot, lambda: toasts(app), "an error toast")
        # The dialog stays open so the path can be fixed.
        assert isinstance(app.screen, ExportScreen)
        (severity, text), *_ = toasts(app)
        assert severity == "error"
        assert "Not exported" in text and "does not exist" in text
        # A directory as the path: also an error, the directory untouched.
        await replace_path(pilot, str(tmp_path))
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(toasts(app)) > 1, "a second error toast")
        assert isinstance(app.screen, ExportScreen)
        assert any("is a directory" in text for _severity, text in toasts(app))
    assert not missing.parent.exists()
    assert existing.read_text() == "the old summary\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.txt"]


async def test_escape_cancels_without_writing(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("e")  # a second `e` does not stack a second dialog
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
    assert list(tmp_path.iterdir()) == []


async def test_app_keys_wait_while_the_dialog_is_open(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "right_square_bracket", "q")
        # `]` did not move the date under the dialog; `q` closed the dialog, not the app.
        assert app.as_of == AS_OF
        assert isinstance(app.screen, DashboardScreen)
        assert app.is_running


async def test_copy_sends_the_text_summary(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: toasts(app), "the toast")
        expected = export.render(dataset, AS_OF, "txt")
        assert app.clipboard == expected == render_text(dataset, AS_OF)
        (_severity, text), *_ = toasts(app)
        lines = expected.count("\n")
        assert f"{len(expected):,} characters" in text.replace("\n", " ")
        assert f"{lines:,} lines" in text.replace("\n", " ")


async def test_served_session_shows_the_summary_and_writes_nothing(
    dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUSMA_TUI_SERVED", "1")
    app = make_app(dataset, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, SummaryScreen)
        body = app.screen.query_one("#summary-body")
        assert "More than 8,817 of 13,871 personnel" in screen_words(app)
        await pilot.press("j", "pagedown")
        assert body.scroll_y > 0  # it scrolls
        await pilot.press("y")
        await wait_until(pilot, lambda: toasts(app), "the toast")
        assert app.clipboard == export.render(dataset, AS_OF, "txt")
        assert any("characters" in text for _severity, text in toasts(app))
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
    assert list(tmp_path.iterdir()) == []
    assert not default_export_dir(Config()).exists()


async def test_served_session_palette_has_no_screenshot(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screenshot would be saved on the server: the command is not offered to a remote user."""
    app = MinusmaApp(dataset)
    async with app.run_test() as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" in titles
        monkeypatch.setenv("MINUSMA_TUI_SERVED", "1")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert "Theme" in titles


async def test_the_path_field_shows_the_files_name_and_extension(dataset: Dataset) -> None:
    """At 80 columns `i` lengthened the path and left its end, `…-ogossagou.txt`, out of view."""
    app = MinusmaApp(dataset, as_of=AS_OF)  # the default export directory: a long path
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "m", "i")
        field = app.screen.query_one("#export-path", Input)
        await wait_until(pilot, lambda: "ogossagou.md" in screen_words(app), "the file's name")
        assert field.value.endswith("-ogossagou.md")
        assert "ogossagou.md" in screen_words(app)
