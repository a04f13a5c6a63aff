"""Shared fixtures and helpers. Every test gets its own config, data and cache dirs, never the
real home.

The helpers, for tests that drive the real app (`App.run_test()` and its `Pilot`):

- `make_app(dataset=None, as_of=None, *, export_dir=None, config=None, animations=False)`: the
  app on the shipped dataset (or the one given), in the isolated dirs this file sets up.
- `await wait_until(pilot, predicate, "what should happen", timeout=10)`: let the app run until
  `predicate()` holds, then return at once; fail naming what never happened. Use it instead of
  pauses before an assertion: the condition, not a guess at how long the app takes (a loaded
  machine takes longer, an idle one returns at once).
- `await type_text(pilot, text)`: type into the focused widget in one burst (not key by key);
  `await replace_path(pilot, path)`: the export dialog's path field, cleared and typed.
- `screen_lines(app)`, `screen_text(app)`, `screen_words(app)`: what the terminal shows, read
  from the screenshot (lines; lines joined by newlines; every run of whitespace as one space).
- `active_tab(app)`, `pane_title(app)`, `detail_text(app)`, `toasts(app)`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import importlib.util
import inspect
import io
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.core.loader import load_dataset, parse_dataset
from tui.core.model import Dataset

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "withdrawal.toml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOV_20 = dt.date(2023, 11, 20)
"""The date most app tests show (Phase 2, a few bases handed over, others still held)."""
WAIT_TIMEOUT = 10.0
"""Seconds `wait_until` lets the app run by default: far more than an idle machine needs (a
few hundredths), enough for one running two other suites (load average 3-4 on 2 cores)."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (README, `.ci/run`): two workers per core, at most 8. An app test spends about
    half its time waiting for the app's next frame (Pilot waits for the process to go idle after
    every key), so one worker per core leaves the cores half idle: on 2 cores, 4 workers took
    the suite from 5.5 to 3.5 minutes. PYTEST_XDIST_AUTO_NUM_WORKERS still decides if set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(2, min(2 * (cores or 1), 8))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("MINUSMA_TUI_CONFIG", str(home / "config" / "minusma-tui" / "config.toml"))
    monkeypatch.delenv("MINUSMA_TUI_DATA", raising=False)
    monkeypatch.delenv("MINUSMA_TUI_SERVED", raising=False)


@pytest.fixture(scope="module")
def client_key() -> Any:
    """An SSH user key for tests against the real server (asyncssh is a test dependency)."""
    asyncssh = pytest.importorskip("asyncssh")
    return asyncssh.generate_private_key("ssh-ed25519")


@pytest.fixture
def keys_file(tmp_path: Path, client_key: Any) -> Path:
    """An authorized_keys file holding `client_key` alone, no options."""
    path = tmp_path / "authorized_keys"
    path.write_bytes(client_key.export_public_key())
    return path


@functools.cache
def shipped_dataset() -> Dataset:
    """The shipped dataset, loaded once per process (the model is immutable)."""
    return load_dataset(DATA)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The shipped dataset, loaded once."""
    return shipped_dataset()


@functools.cache
def generated_dataset(count: int) -> Dataset:
    """A dataset of `count` sites made by benchmarks/make_dataset.py (what the scale
    benchmarks measure), parsed once per process and count."""
    spec = importlib.util.spec_from_file_location(
        "make_dataset", ROOT / "benchmarks/make_dataset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return parse_dataset(module.generate(count), "generated.toml")


# --- the app --------------------------------------------------------------------------------


def make_app(
    dataset: Dataset | None = None,
    as_of: dt.date | None = None,
    *,
    export_dir: Path | None = None,
    config: Any = None,
    animations: bool = False,
    **kwargs: Any,
) -> Any:
    """The app on `dataset` (the shipped one by default) on `as_of` (by default the dataset's
    last date, as the app itself), animations off. Its config, data and cache dirs are the
    test's own (the autouse fixture above); `export_dir` sets where the export dialog writes."""
    from tui.app import MinusmaApp
    from tui.core.config import Config

    if config is None:
        config = Config(export_dir=export_dir)
    return MinusmaApp(
        dataset if dataset is not None else shipped_dataset(),
        as_of=as_of,
        config=config,
        animations=animations,
        **kwargs,
    )


def _describe(predicate: Callable[[], object]) -> str:
    """A predicate as the test wrote it (a lambda's source), for the failure message."""
    try:
        source = inspect.getsource(predicate).strip()
    except (OSError, TypeError):
        return getattr(predicate, "__qualname__", repr(predicate))
    match = re.search(r"lambda\b.*", source, re.DOTALL)
    return " ".join((match.group(0) if match else source).split())


async def wait_until(
    pilot: Any,
    predicate: Callable[[], object],
    what: str = "",
    *,
    timeout: float = WAIT_TIMEOUT,
) -> None:
    """Let the app run until `predicate()` is true, and return as soon as it is.

    Checked first (no pause when it already holds), then after each `pilot.pause()` (the
    screen's pending messages processed, then the process idle). A predicate that raises (a
    widget not mounted yet) counts as false. After `timeout` seconds it fails with `what` (or
    the predicate's source) and the last exception, if any.
    """
    deadline = time.monotonic() + timeout
    error: Exception | None = None
    while True:
        try:
            if predicate():
                return
            error = None
        except Exception as exc:
            error = exc
        if time.monotonic() > deadline:
            message = f"never happened within {timeout:g} s: {what or _describe(predicate)}"
            raise AssertionError(message) from error
        await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    """Type `text` into the focused widget as one burst of key events (a paste over SSH, a
    fast typist), then let them through. `pilot.press(*text)` waits for the app to go idle
    after every key (40 ms at least): a 300-character path took 26 s under load."""
    from textual import events
    from textual.keys import _character_to_key

    for char in text:
        pilot.app.post_message(events.Key(_character_to_key(char), char))
    await pilot.pause()


async def replace_path(pilot: Any, path: str) -> None:
    """In the export dialog: to the path field, clear it and type `path`, as a user would."""
    from textual.widgets import Input

    if not isinstance(pilot.app.focused, Input):
        await pilot.press("tab")
    field = pilot.app.focused
    assert isinstance(field, Input)
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, path)
    await wait_until(pilot, lambda: field.value == path, f"the path field reads {path!r}")


# --- what the terminal shows ----------------------------------------------------------------

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>'
)


def screen_lines(app: Any) -> list[str]:
    """The terminal as lines of text, read from the SVG screenshot (what a user would see)."""
    svg = app.export_screenshot()
    rows: dict[int, list[str]] = {}
    for x, line, text in _TEXT.findall(svg):
        row = rows.setdefault(int(line), [" "] * app.size.width)
        column = round(float(x) / 12.2) - 1
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= column + offset < len(row):
                row[column + offset] = char
    return ["".join(rows.get(i, [])).rstrip() for i in range(app.size.height)]


def screen_text(app: Any) -> str:
    """The terminal's lines joined by newlines."""
    return "\n".join(screen_lines(app))


def screen_words(app: Any) -> str:
    """The characters on screen, from a screenshot, every run of whitespace one space (so a
    phrase the layout wrapped still reads as one)."""
    svg = app.export_screenshot()
    text = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def active_tab(app: Any) -> str | None:
    from textual.widgets import TabbedContent

    return app.screen.query_one(TabbedContent).active  # type: ignore[no-any-return]


def pane_title(app: Any) -> str:
    """The detail pane's border title: the site's name (not repeated on its first line)."""
    from rich.text import Text

    from tui.widgets.detail import DetailPane

    title = app.screen.query_one(DetailPane).border_title
    return title.plain if isinstance(title, Text) else Text.from_markup(str(title)).plain


def detail_text(app: Any) -> str:
    """The whole detail pane (not only the part scrolled into view), as plain text."""
    from rich.console import Console

    static = app.screen.query_one("#detail")
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


def toasts(app: Any) -> list[tuple[str, str]]:
    """(severity, text) of every notification on screen, as the user reads it."""
    shown = []
    for toast in app.screen.query("Toast"):
        severity = next(
            (name for name in ("information", "warning", "error") if toast.has_class(f"-{name}")),
            "?",
        )
        shown.append((severity, str(toast.render())))
    return shown


def painted_is_fresh(widget: Any) -> bool:
    """What Textual keeps as the widget's painted lines is what the widget draws now from the
    app's state: no partial repaint was lost along the way (text and styles, line by line)."""
    from textual.geometry import Region

    painted = widget.render_lines(Region(0, 0, *widget.size))
    background = widget.background_colors[1]
    fresh = []
    for y in range(widget.size.height):
        strip = widget.render_line(y)
        for line_filter in widget.get_line_filters():
            strip = strip.apply_filter(line_filter, background)
        fresh.append(strip)
    return [list(line) for line in painted] == [list(line) for line in fresh]
