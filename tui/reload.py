"""Live reload: watch the dataset file and tell the dashboard when it changed, in messages.

Polling rather than inotify/FSEvents: it needs no new dependency and works the same on every
platform and on network filesystems. A poll is one `stat`: the file is read and hashed only when
its (mtime, size, inode) changed, so an idle app costs next to nothing even at 100,000 sites.
Every look at the file happens off the event loop (a hung network mount never freezes the keys).

The watcher only reports: it posts `DatasetReloaded` (the new, valid dataset) or `ReloadFailed`
(the loader's problems in words, tui/messages.py) to the app, which owns the data; the dashboard
shows what follows (the banner, the toasts). A bad edit never replaces the data on screen.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual.message import Message

from tui.core.files import DATASET_LIMIT, RACY_NS, read_regular, visible_line
from tui.core.loader import DatasetError, Problem, load_dataset
from tui.core.model import Dataset
from tui.messages import DatasetReloaded, ReloadFailed
from tui.screens.dashboard import RELOAD_BANNER_ID

POLL_SECONDS = 1.0
MAX_PROBLEMS_SHOWN = 4
BANNER_ID = RELOAD_BANNER_ID

Stamp = tuple[int, int, int]
"""(mtime_ns, size, inode): what a `stat` says about the file, read without opening it."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the file looked like: its stamp, and the sha256 of its bytes read then."""

    stamp: Stamp
    digest: str
    settled: bool
    """The file was older than RACY_NS when looked at: an equal stamp means equal content."""

    @property
    def content(self) -> tuple[int, str]:
        return self.stamp[1], self.digest


def stamp(path: Path) -> tuple[Stamp, int] | None:
    """The file's stamp and when it was taken (ns), or None if it cannot be stat'ed now."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino), time.time_ns()


def fingerprint(path: Path, looked: tuple[Stamp, int] | None = None) -> Fingerprint | None:
    """The file's stamp and content hash, or None if it cannot be read right now.

    The hash tells a touch (same bytes, new mtime) from an edit. Read as a regular file of
    bounded size: a FIFO or a device swapped in gives None at once (the loader then says what it
    is), never a read that waits for a writer or fills the memory.
    """
    looked = looked or stamp(path)
    if looked is None:
        return None
    (mtime, size, inode), now = looked
    try:
        digest = hashlib.sha256(read_regular(path, DATASET_LIMIT)).hexdigest()
    except OSError:
        return None
    return Fingerprint((mtime, size, inode), digest, settled=now - mtime > RACY_NS)


def _same(a: Fingerprint | None, b: Fingerprint | None) -> bool:
    """Same size and content (a touch changes only the mtime), or missing both times."""
    if a is None or b is None:
        return a is b
    return a.content == b.content


@dataclass
class DatasetWatcher:
    """Remembers the file's last fingerprint; `poll()` loads it again once it has changed.

    A change is loaded only when the next poll sees the same file again: an editor or a script
    that writes in several steps (truncate, then write) is never caught half-way, which would
    flash a bogus "the file is empty" error.
    """

    path: Path
    last: Fingerprint | None = None
    pending: Fingerprint | bool | None = False
    """The changed fingerprint waiting for one quiet interval (False: no change pending)."""
    reads: int = 0
    """How many times the file was read and hashed (the idle cost; tests check it stays 0)."""

    def __post_init__(self) -> None:
        if self.last is None:
            self.last = self._read(None)

    def _read(self, looked: tuple[Stamp, int] | None) -> Fingerprint | None:
        self.reads += 1
        return fingerprint(self.path, looked)

    def _look(self) -> Fingerprint | None:
        """The file now: a `stat`, and a read only if the stamp says it may have changed."""
        looked = stamp(self.path)
        if looked is None:
            return None
        for known in (self.last, self.pending):
            if isinstance(known, Fingerprint) and known.settled and known.stamp == looked[0]:
                return known
        return self._read(looked)

    def poll(self) -> Dataset | DatasetError | None:
        """None if nothing (settled) changed; else the new dataset, or the error that stops it."""
        current = self._look()
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


async def watch_dataset(
    post: Callable[[Message], object], path: Path, interval: float = POLL_SECONDS
) -> None:
    """Poll `path` until the app exits, posting what changed with `post` (run as a worker).

    Every look at the file, the first one included, happens off the event loop.
    """
    watcher = await off_the_loop(lambda: DatasetWatcher(path))
    while True:
        await asyncio.sleep(interval)
        result = await off_the_loop(watcher.poll)
        if isinstance(result, DatasetError):
            post(ReloadFailed(problems_text(path, result.problems)))
        elif result is not None:
            count = len(result.sites)
            notice = f"Reloaded {visible_line(path.name)}: {count} site{'s' if count != 1 else ''}"
            post(DatasetReloaded(result, notice))
