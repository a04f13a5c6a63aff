"""Live reload: watch the dataset file and swap in the new data when it changes.

Polling (stat + content hash about once a second) rather than inotify/FSEvents: it needs no new
dependency, works the same on every platform and on network filesystems, and costs nothing next
to a repaint. A bad edit never replaces the data on screen: the app keeps the last good dataset
and shows the loader's problems in a banner until the file loads again.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text

from tui.core.files import DATASET_LIMIT, read_regular, visible_line
from tui.core.loader import DatasetError, Problem, load_dataset
from tui.core.model import Dataset

if TYPE_CHECKING:
    from tui.app import MinusmaApp

POLL_SECONDS = 1.0
MAX_PROBLEMS_SHOWN = 4


def fingerprint(path: Path) -> tuple[int, int, str] | None:
    """(mtime_ns, size, sha256) of the file, or None if it cannot be read right now.

    The hash catches an edit that keeps the size and lands within the filesystem's mtime
    resolution; the file is small, so hashing it every poll is cheap. Read as a regular file of
    bounded size: a FIFO or a device swapped in gives None at once (the loader then says what it
    is), never a read that waits for a writer or fills the memory.
    """
    try:
        stat = os.stat(path)
        digest = hashlib.sha256(read_regular(path, DATASET_LIMIT)).hexdigest()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, digest


Fingerprint = tuple[int, int, str] | None


def _same(a: Fingerprint, b: Fingerprint) -> bool:
    """Same size and content (a touch changes only the mtime), or missing both times."""
    if a is None or b is None:
        return a is b
    return a[1:] == b[1:]


@dataclass
class DatasetWatcher:
    """Remembers the file's last fingerprint; `poll()` loads it again once it has changed.

    A change is loaded only when the next poll sees the same file again: an editor or a script
    that writes in several steps (truncate, then write) is never caught half-way, which would
    flash a bogus "the file is empty" error.
    """

    path: Path
    last: Fingerprint = None
    pending: Fingerprint | bool = False
    """The changed fingerprint waiting for one quiet interval (False: no change pending)."""

    def __post_init__(self) -> None:
        if self.last is None:
            self.last = fingerprint(self.path)

    def poll(self) -> Dataset | DatasetError | None:
        """None if nothing (settled) changed; else the new dataset, or the error that stops it."""
        current = fingerprint(self.path)
        if _same(current, self.last):
            self.last = current  # touched, not changed (or still missing: already reported)
            self.pending = False
            return None
        if self.pending is False or not _same(current, self.pending):  # type: ignore[arg-type]
            self.pending = current  # changed: wait until the writer is done
            return None
        self.last, self.pending = current, False
        try:
            return load_dataset(self.path)
        except DatasetError as exc:
            return exc


def problems_text(path: Path, problems: tuple[Problem, ...]) -> Text:
    """The banner's words: what failed, that nothing was lost, and the problems with their paths."""
    count = len(problems)
    text = Text.assemble(
        ("Reload failed: ", "bold"),
        f"{visible_line(path.name)} has {count} problem{'s' if count != 1 else ''}. ",
        "Still showing the last good data; fix the file and it reloads.",
    )
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        text.append("\n  " + str(problem))
    if count > MAX_PROBLEMS_SHOWN:
        text.append(
            f"\n  … and {count - MAX_PROBLEMS_SHOWN} more "
            f"(minusma-tui validate {visible_line(path)})",
            style="dim",
        )
    return text


def apply(app: MinusmaApp, result: Dataset | DatasetError, path: Path) -> None:
    """Put a reload's outcome on screen: new data (keeping selection and date), or the errors."""
    if isinstance(result, DatasetError):
        show_error(app, problems_text(path, result.problems))
        return
    selected = app.selected_site
    with app.batch_update():
        app.dataset = result
        if selected not in result.site_index:
            app.selected_site = result.sites[0].id if result.sites else None
        show_error(app, None)
    count = len(result.sites)
    app.notify(
        f"Reloaded {visible_line(path.name)}: {count} site{'s' if count != 1 else ''}",
        title="Dataset",
        markup=False,
    )


BANNER_ID = "reload-error"


def show_error(app: MinusmaApp, text: Text | None) -> None:
    """Show (or, with None, remove) the reload error banner above the dashboard's tabs.

    A banner rather than a toast: it stays until the file is fixed, and goes by itself then.
    """
    from textual.widgets import Static

    from tui.screens.dashboard import DashboardScreen

    screen = next((s for s in app.screen_stack if isinstance(s, DashboardScreen)), None)
    if screen is None:
        return
    existing = screen.query(f"#{BANNER_ID}")
    if text is None:
        existing.remove()
        return
    if existing:
        existing.first(Static).update(text)
        return
    screen.mount(Static(text, id=BANNER_ID, markup=False), before="#tabs")
    app.notify(
        "The dataset has errors; the last good data stays on screen.",
        title="Reload failed",
        severity="error",
        markup=False,
    )


T = TypeVar("T")


async def off_the_loop(func: Callable[[], T]) -> T:
    """`func()` in a daemon thread of its own, awaited without blocking the event loop.

    Not `asyncio.to_thread`: the loop's executor is joined when the app exits, so a read stuck
    in the kernel (a hung network mount) would keep `q` from ever returning. A daemon thread is
    left behind instead; its late result goes nowhere.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # cancelled: the app is exiting, or the worker was replaced
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            outcome: tuple[T | None, BaseException | None] = (func(), None)
        except BaseException as exc:
            outcome = (None, exc)
        try:
            loop.call_soon_threadsafe(settle, *outcome)
        except RuntimeError:  # the loop has closed
            pass

    threading.Thread(target=run, name="minusma-dataset-watch", daemon=True).start()
    return await future


async def watch_dataset(app: MinusmaApp, path: Path, interval: float = POLL_SECONDS) -> None:
    """Poll `path` until the app exits (run as an exclusive worker by the app).

    Every look at the file, the first one included, happens off the event loop.
    """
    watcher = await off_the_loop(lambda: DatasetWatcher(path))
    while True:
        await asyncio.sleep(interval)
        result = await off_the_loop(watcher.poll)
        if result is not None:
            apply(app, result, path)
