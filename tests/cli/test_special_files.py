"""Special files as input and output: FIFOs, devices, symlinks, impossible paths.

Every file minusma-tui reads (dataset, config, cache) must be a regular file of bounded size, and
every file it writes must end up a regular file: a FIFO never hangs a command or the app, a device
is never read until memory runs out nor replaced by a file, a symlink is followed and kept, and a
path that cannot work is one line of error (exit 1, or a toast in the app), never a traceback.

A hang must fail the test, not CI: the CLI runs in a subprocess with a timeout, and anything that
could block on a FIFO in-process has a thread that opens the FIFO's other end after a while.
"""

from __future__ import annotations

import asyncio
import os
import resource
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import NOV_20 as AS_OF, ROOT, replace_path, toasts, wait_until
from tui import cli
from tui.app import MinusmaApp
from tui.core import files
from tui.core.config import Config, load_config
from tui.core.loader import DatasetError, load_dataset
from tui.reload import BANNER_ID, DatasetWatcher
from tui.screens.dashboard import DashboardScreen
from tui.screens.export import ExportScreen

DATA = ROOT / "data" / "withdrawal.toml"
TIMEOUT = 30
"""Seconds a CLI run may take: minutes would mean it hangs."""
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# --- making the special files ------------------------------------------------------------------


def _unblock(fifo: Path) -> None:
    """Open the other end of `fifo` and close it: a reader stuck on it sees end-of-file."""
    for flags in (os.O_WRONLY | os.O_NONBLOCK, os.O_RDONLY | os.O_NONBLOCK):
        try:
            os.close(os.open(fifo, flags))
        except OSError:
            pass


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO that nothing writes to; whatever still waits on it is released at the end."""
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    stop = threading.Event()

    def release_later() -> None:  # the old code opens the FIFO and waits for a writer
        while not stop.wait(0.5):
            _unblock(path)

    thread = threading.Thread(target=release_later, daemon=True)
    thread.start()
    yield path
    stop.set()
    _unblock(path)


def _char_device(tmp_path: Path) -> Path:
    """A character device of our own (the null device's numbers), where mknod is permitted."""
    path = tmp_path / "device.toml"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


def _long_name(tmp_path: Path) -> Path:
    return tmp_path / ("x" * 300 + ".toml")


def _under_a_file(tmp_path: Path) -> Path:
    """A path whose parent is a regular file: ENOTDIR, the root-proof unusable parent."""
    parent = tmp_path / "plain-file"
    parent.write_text("not a directory\n")
    return parent / "withdrawal.toml"


def _loop(tmp_path: Path) -> Path:
    link = tmp_path / "loop.toml"
    link.symlink_to(link.name)
    return link


def _dangling(tmp_path: Path) -> Path:
    link = tmp_path / "dangling.toml"
    link.symlink_to(tmp_path / "missing.toml")
    return link


def _unsearchable(tmp_path: Path) -> Path:
    if IS_ROOT:
        pytest.skip("root searches every directory; the path under a file covers this as root")
    parent = tmp_path / "locked"
    parent.mkdir()
    (parent / "withdrawal.toml").write_text(DATA.read_text(encoding="utf-8"))
    parent.chmod(0o000)
    return parent / "withdrawal.toml"


@pytest.fixture(autouse=True)
def _restore_permissions(tmp_path: Path) -> Iterator[None]:
    yield
    locked = tmp_path / "locked"
    if locked.exists():
        locked.chmod(0o700)


# (name, make the path, what the one-line error says)
BAD_READS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("dev-null", lambda _tmp: Path("/dev/null"), "is a character device, not a regular file"),
    ("dev-zero", lambda _tmp: Path("/dev/zero"), "is a character device, not a regular file"),
    ("mknod", _char_device, "is a character device, not a regular file"),
    ("dangling-symlink", _dangling, "no such file"),
    ("symlink-loop", _loop, "symbolic links"),
    ("long-name", _long_name, "too long"),
    ("parent-is-a-file", _under_a_file, "not a directory"),
    ("unsearchable-parent", _unsearchable, "ermission denied"),
]


def run_cli(*args: str, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """`minusma-tui ARGS` in a subprocess that must finish within TIMEOUT seconds.

    `memory` caps the address space, so a read that never ends fails fast instead of
    exhausting the machine's memory.
    """

    def cap() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = dict(os.environ, COLUMNS="100", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        cwd=ROOT,
        preexec_fn=cap,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], phrase: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert phrase in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if phrase in line]
    assert len(lines) == 1, result.stderr


# --- reading -----------------------------------------------------------------------------------


def test_a_fifo_as_the_dataset_is_refused_at_once(fifo: Path) -> None:
    result = run_cli("validate", str(fifo))
    assert_one_line_error(result, "is a FIFO, not a regular file")
    result = run_cli("--data", str(fifo), "export")
    assert_one_line_error(result, "is a FIFO, not a regular file")


def test_a_fifo_as_the_config_is_ignored_at_once(fifo: Path) -> None:
    result = run_cli("--config", str(fifo), "config", "path")
    assert result.stdout.strip() == str(fifo)
    assert_one_line_error(result, "is a FIFO, not a regular file")
    result = run_cli("--config", str(fifo), "validate", str(DATA))
    assert result.returncode == 0, result.stderr  # a broken config never stops a command
    assert "config ignored" in result.stderr and "is a FIFO" in result.stderr


@pytest.mark.parametrize(
    ("make", "phrase"), [(m, p) for _n, m, p in BAD_READS], ids=[n for n, *_ in BAD_READS]
)
def test_an_unusable_dataset_path_is_one_line(
    make: Callable[[Path], Path], phrase: str, tmp_path: Path
) -> None:
    path = make(tmp_path)
    result = run_cli("validate", str(path), memory=1 << 30)
    assert_one_line_error(result, phrase)
    result = run_cli("--data", str(path), "export", memory=1 << 30)
    assert_one_line_error(result, phrase)


@pytest.mark.parametrize(
    ("make", "phrase"), [(m, p) for _n, m, p in BAD_READS], ids=[n for n, *_ in BAD_READS]
)
def test_an_unusable_config_path_is_one_line(
    make: Callable[[Path], Path], phrase: str, tmp_path: Path
) -> None:
    path = make(tmp_path)
    result = run_cli("--config", str(path), "config", "path", memory=1 << 30)
    if phrase == "no such file":  # a config that is not there yet: the defaults, no error
        assert result.returncode == 0 and result.stderr == ""
        return
    assert result.stdout.strip() == str(path)
    assert_one_line_error(result, phrase)


def test_a_dataset_larger_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(DATA.read_bytes() + b"\n" + b"#" * 2000 + b"\n")
    monkeypatch.setattr("tui.core.loader.DATASET_LIMIT", 1000)
    with pytest.raises(DatasetError) as info:
        load_dataset(big)
    (problem,) = info.value.problems
    assert "larger than" in problem.message


def test_read_regular_reads_at_most_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"12345")
    assert files.read_regular(path, limit=5) == b"12345"
    with pytest.raises(files.FileRefused, match="larger than"):
        files.read_regular(path, limit=4)


def test_a_symlink_to_the_dataset_is_followed(tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(DATA)
    result = run_cli("validate", str(link))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_a_fifo_config_does_not_block_load_config(fifo: Path) -> None:
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(load_config(fifo)), daemon=True)
    thread.start()
    thread.join(5)
    assert done, "load_config blocked on a FIFO"
    config, problems = done[0]  # type: ignore[misc]
    assert config == Config(path=fifo, read_error=config.read_error)  # type: ignore[attr-defined]
    assert "is a FIFO" in str(problems[0])


def test_the_watcher_never_blocks_on_a_fifo(tmp_path: Path) -> None:
    path = tmp_path / "withdrawal.toml"
    path.write_text(DATA.read_text(encoding="utf-8"))
    watcher = DatasetWatcher(path)
    path.unlink()
    os.mkfifo(path)
    results: list[object] = []

    def poll_twice() -> None:  # a change waits one quiet interval, then is loaded
        results.append(watcher.poll())
        results.append(watcher.poll())

    thread = threading.Thread(target=poll_twice, daemon=True)
    thread.start()
    thread.join(5)
    _unblock(path)
    assert not thread.is_alive(), "the watcher blocked on a FIFO"
    assert results[0] is None and isinstance(results[1], DatasetError)
    assert "is a FIFO, not a regular file" in str(results[1])


async def test_a_fifo_swapped_in_under_the_app_is_reported_and_q_quits(tmp_path: Path) -> None:
    path = tmp_path / "withdrawal.toml"
    path.write_text(DATA.read_text(encoding="utf-8"))
    app = MinusmaApp(load_dataset(path), as_of=AS_OF, data_path=path, watch=True)
    app.watch_interval = 0.05
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            path.unlink()
            os.mkfifo(path)
            await wait_until(pilot, lambda: app.screen.query(f"#{BANNER_ID}"), "the FIFO reported")
            banner = app.screen.query(f"#{BANNER_ID}")
            assert banner, "the reload never reported the FIFO"
            assert "is a FIFO" in str(banner.first().render())
            await asyncio.wait_for(pilot.press("q"), 5)
            await wait_until(pilot, lambda: not app.is_running, "q quit")
            assert not app.is_running
    finally:
        _unblock(path)


# --- writing -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _never_replace_system_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The old code renamed its temporary file over the target, device or not: as root, over the
    system's /dev/null. Any rename onto /dev fails the test instead of doing that."""
    real_replace = os.replace

    def guarded(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if os.path.realpath(dst).startswith("/dev/"):
            os.unlink(src)
            raise AssertionError(f"tried to replace {dst} with a regular file")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", guarded)


def _export(capsys: pytest.CaptureFixture[str], target: Path) -> tuple[int, str]:
    code = cli.main(["export", "-o", str(target)])
    return code, capsys.readouterr().err


def _assert_refused(code: int, err: str, phrase: str) -> None:
    assert code == 1
    assert phrase in err, err
    assert err.count("\n") == 1 and err.startswith("minusma-tui export: cannot write"), err


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_system_device_is_never_replaced(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat(device)
    code, err = _export(capsys, Path(device))
    _assert_refused(code, err, "is a character device, not a regular file")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_symlink_to_a_device_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to("/dev/null")
    code, err = _export(capsys, link)
    _assert_refused(code, err, "is a character device")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_a_device_node_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = _char_device(tmp_path)
    code, err = _export(capsys, device)
    _assert_refused(code, err, "is a character device")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_fifo_is_refused_and_kept(fifo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _export(capsys, fifo)
    _assert_refused(code, err, "is a FIFO, not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in fifo.parent.iterdir()) == [fifo.name]  # no temp file left


def test_a_socket_is_refused_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        code, err = _export(capsys, path)
    _assert_refused(code, err, "is a socket, not a regular file")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_symlink_is_followed_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real" / "summary.txt"
    real.parent.mkdir()
    real.write_text("the old summary\n")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(Path("real") / "summary.txt")
    code, err = _export(capsys, link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "summary.txt")
    assert "MINUSMA" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["summary.txt"]
    assert err == f"minusma-tui export: wrote {real.resolve()}\n"


def test_a_dangling_symlink_is_followed_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = _dangling(tmp_path)
    code, err = _export(capsys, link)
    assert code == 0, err
    assert link.is_symlink()
    assert "MINUSMA" in (tmp_path / "missing.toml").read_text(encoding="utf-8")


# (name, make the path, what the one-line error says)
BAD_WRITES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("long-name", lambda tmp: tmp / ("x" * 300 + ".txt"), "too long"),
    ("parent-is-a-file", _under_a_file, "is not a directory"),
    ("symlink-loop", _loop, "symbolic links"),
    ("unsearchable-parent", _unsearchable, "ermission denied"),
    (
        "dangling-into-nowhere",
        lambda tmp: _link(tmp / "l.txt", tmp / "no" / "x.txt"),
        "does not exist",
    ),
    ("read-only-file", lambda tmp: _read_only(tmp / "kept.txt"), "is read-only"),
]


def _read_only(path: Path) -> Path:
    """A file its owner made read-only to keep it: a write must not replace it (root too)."""
    path.write_text("kept\n")
    path.chmod(0o444)
    return path


def _link(link: Path, target: Path) -> Path:
    link.symlink_to(target)
    return link


@pytest.mark.parametrize(
    ("make", "phrase"), [(m, p) for _n, m, p in BAD_WRITES], ids=[n for n, *_ in BAD_WRITES]
)
def test_an_unusable_output_path_is_one_line(
    make: Callable[[Path], Path], phrase: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)
    before = sorted(os.listdir(tmp_path))
    code, err = _export(capsys, path)
    _assert_refused(code, err, phrase)
    assert sorted(os.listdir(tmp_path)) == before


def test_an_unusable_output_path_through_a_subprocess(tmp_path: Path) -> None:
    result = run_cli("export", "-o", str(tmp_path / ("x" * 300)))
    assert_one_line_error(result, "too long")


def test_new_files_get_the_umask_without_calling_os_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.umask is process-wide: setting it to read it races with every other thread."""

    def forbidden(_mask: int) -> int:
        raise AssertionError("os.umask called")

    umask = os.umask
    old = umask(0o027)
    try:
        monkeypatch.setattr(files.os, "umask", forbidden)
        written = files.write_atomic(tmp_path / "new.txt", "hello\n")
    finally:
        monkeypatch.undo()
        umask(old)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640


def test_an_existing_files_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("old\n")
    path.chmod(0o600)
    files.write_atomic(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text() == "new\n"


# --- the export dialog -------------------------------------------------------------------------


def _dialog_cases() -> list[tuple[str, Callable[[Path], Path], str]]:
    return [
        ("fifo", lambda tmp: _mkfifo(tmp / "pipe.txt"), "is a FIFO"),
        ("dev-null", lambda _tmp: Path("/dev/null"), "is a character device"),
        ("symlink-to-dev-null", lambda tmp: _link(tmp / "o.txt", Path("/dev/null")), "device"),
        *((name, make, phrase) for name, make, phrase in BAD_WRITES),
    ]


def _mkfifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("make", "phrase"),
    [(m, p) for _n, m, p in _dialog_cases()],
    ids=[n for n, *_ in _dialog_cases()],
)
async def test_the_dialog_stays_open_with_one_line_of_error(
    make: Callable[[Path], Path], phrase: str, tmp_path: Path, dataset
) -> None:
    path = make(tmp_path)
    kinds = {p.name: stat.S_IFMT(os.lstat(p).st_mode) for p in tmp_path.iterdir()}
    app = MinusmaApp(dataset, as_of=AS_OF, config=Config(export_dir=tmp_path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.press("e")
        await replace_path(pilot, str(path))
        assert app.screen.query_one("#export-path", Input).value == str(path)
        await pilot.press("enter")
        await wait_until(pilot, lambda: toasts(app), "a toast")
        assert isinstance(app.screen, ExportScreen), "the dialog closed"
        shown = toasts(app)
        assert shown and shown[-1][0] == "error"
        assert phrase in shown[-1][1].replace("\n", ""), shown
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
    assert {p.name: stat.S_IFMT(os.lstat(p).st_mode) for p in tmp_path.iterdir()} == kinds


async def test_the_dialog_follows_a_symlink(tmp_path: Path, dataset) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    link = _link(tmp_path / "link.txt", real)
    app = MinusmaApp(dataset, as_of=AS_OF, config=Config(export_dir=tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("e")
        await replace_path(pilot, str(link))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "closed")
        assert isinstance(app.screen, DashboardScreen)
    assert link.is_symlink() and "MINUSMA" in real.read_text(encoding="utf-8")


# --- the config written back, and paths that name no one's home ----------------------------------


async def test_a_theme_change_never_overwrites_a_fifo_config(fifo: Path, dataset) -> None:
    config, problems = load_config(fifo)
    app = MinusmaApp(dataset, as_of=AS_OF, config=config, config_problems=problems)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await wait_until(pilot, lambda: any("Theme not saved" in t for _s, t in toasts(app)))
        assert any("Theme not saved" in text and "is a FIFO" in text for _s, text in toasts(app))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_theme_change_never_overwrites_a_config_it_cannot_decode(tmp_path: Path) -> None:
    from tui.core.config import save_theme

    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\n# caf\xe9\n')
    with pytest.raises(OSError, match="not UTF-8"):
        save_theme(Config(path=path), "dracula")
    assert path.read_bytes() == b'theme = "nord"\n# caf\xe9\n'


def test_a_theme_change_follows_a_symlinked_config(tmp_path: Path) -> None:
    """Dotfile managers link config.toml into a repository: the link must survive a save."""
    from tui.core.config import save_theme

    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("mouse = false\n")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_theme(Config(path=link), "nord")
    assert link.is_symlink()
    assert real.read_text() == 'theme = "nord"\nmouse = false\n'


def test_an_unknown_users_home_is_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    """`Path.expanduser` raises RuntimeError for ~nobody: one line instead."""
    assert cli.main(["--data", "~no-such-user-minusma/data.toml", "validate"]) == 1
    err = capsys.readouterr().err
    assert "~no-such-user-minusma/data.toml: no such file" in err
    assert cli.main(["export", "-o", "~no-such-user-minusma/out.txt"]) == 1
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda tmp: tmp / ("x" * 300), "too long"),
        (lambda tmp: _under_a_file(tmp).parent / "exports", "is not a directory"),
    ],
    ids=["long-name", "parent-is-a-file"],
)
async def test_an_unusable_default_export_dir_keeps_the_dialog_open(
    make: Callable[[Path], Path], phrase: str, tmp_path: Path, dataset
) -> None:
    """The dialog creates its default directory itself: that failing is a toast too."""
    app = MinusmaApp(dataset, as_of=AS_OF, config=Config(export_dir=make(tmp_path)))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.press("e", "enter")
        await wait_until(pilot, lambda: toasts(app), "a toast")
        assert isinstance(app.screen, ExportScreen)
        (severity, text), *_ = toasts(app)
        assert severity == "error" and phrase in text.replace("\n", ""), text
