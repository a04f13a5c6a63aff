"""`python -m tui.serve_zygote FD DATA`: the SSH server's zygote, which forks the sessions' apps.

`minusma-tui serve` starts it once (`tui.serve.ssh.launcher`) with its end of a socket as fd FD.
It imports the dashboard (Textual, Rich, every screen, widget and renderer) and loads DATA, then
serves forks (`tui.serve.ssh.zygote`): each forked app runs the CLI with the session's options, as
`python -m tui` would, but finds all that done. Every app so shares one copy of the modules and the
dataset, and starts in about a third of the CPU.

It sits above the CLI (it runs it) and beside the server, which starts it by command line: the
server never imports the app (see the import contracts in pyproject.toml).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pkgutil
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from tui import cli
from tui.core.loader import DatasetError
from tui.core.model import Dataset
from tui.serve.ssh.zygote import serve_forks

WARM_PACKAGES = ("tui.screens", "tui.widgets", "tui.render")
"""Every module of these is imported once here: the app imports some only when it first draws."""
WARM_MODULES = ("tui.app", "textual.drivers.linux_driver", "textual._xterm_parser")
"""And these (Textual imports its driver only when an app runs)."""


def _done() -> None:
    pass


class Preloaded:
    """The dataset, loaded once for every session, and loaded again when its file changes.

    "Changes" is the file's identity and stamps (device, inode, size, mtime and ctime in ns):
    what a write, a rename over it or a `touch` changes. A file that no longer loads is dropped,
    so each app opens it itself and shows its problems as `minusma-tui` would.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.dataset: Dataset | None = None
        self._stamp: tuple[int, ...] | None = None

    def _current_stamp(self) -> tuple[int, ...] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def refresh(self) -> None:
        """Before each fork: load the file again if it changed since it was loaded."""
        stamp = self._current_stamp()
        if stamp is not None and stamp == self._stamp:
            return
        self.dataset, self._stamp = None, stamp
        if stamp is None:
            return
        from tui.core.cache import load_dataset_cached

        with contextlib.suppress(DatasetError, OSError):
            self.dataset = load_dataset_cached(self.path)
        gc.unfreeze()  # The dataset this one replaces can go.
        gc.collect()
        gc.freeze()  # The apps' garbage collections never touch (so never copy) these pages.

    def open(self, path: Path) -> tuple[Dataset, Callable[[], None]] | None:
        """`cli.OpenDataset` for the apps: the loaded dataset, or the CLI's own way."""
        if self.dataset is not None and path == self.path:
            return self.dataset, _done
        from tui.core.opening import load_head_or_report

        return load_head_or_report(path)


def warm_up() -> None:
    for name in WARM_MODULES:
        importlib.import_module(name)
    for package_name in WARM_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__, package_name + "."):
            importlib.import_module(module.name)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tui.serve_zygote FD DATA", file=sys.stderr)
        return 2
    control = socket.socket(fileno=int(argv[0]))
    preloaded = Preloaded(Path(argv[1]))
    warm_up()
    preloaded.refresh()
    return serve_forks(
        control,
        refresh=preloaded.refresh,
        run=lambda args: cli.main(args, open_dataset=preloaded.open),
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
