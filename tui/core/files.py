"""Every file minusma-tui reads or writes goes through here, and so does every name it shows.

Reading: `read_regular` takes only a regular file of bounded size. A FIFO would block the open
(and with it `validate`, the live reload and the app's exit), a device such as /dev/zero would be
read until memory runs out; both are refused with one line before anything is read.

Writing: `write_atomic` writes a temporary file in the target's directory and renames it over the
target, so a failure never leaves half a file. The target must end up a regular file: a symlink is
followed (its target is replaced, the link kept), a device, FIFO or socket is refused, because a
rename would replace the node itself (as root, `-o /dev/null` would replace the system's). A
read-only file is refused too unless the caller says otherwise (`export --force`): the rename
would replace it whatever its mode, and a file made read-only was made so to keep it. A process
killed mid-write leaves its temporary file, named with its PID: `sweep_temps` removes those of
writers gone (the cache sweeps its own directory; a user's directories are left alone).

Showing: `visible` turns control characters into visible stand-ins. TOML lets a file spell
"\\u001b]0;title\\u0007", which printed as is sets the terminal's title; file names and keys can
carry them too. No Textual import (the CLI's `validate` and `export` use this).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path

MiB = 1024 * 1024
DATASET_LIMIT = 64 * MiB
"""The largest dataset read: the shipped one is ~100 KiB, a 10,000-site benchmark file ~10 MiB.

It stays at 64 MiB although the 100,000-site benchmark file is 93 MB (benchmarks/unlimited.py
lifts it there): a first launch peaks at about 12 times the file's size (1.1 GB for those
93 MB: tomllib's dict, pydantic, the model), so 256 MiB would let one file take 3 GB, six
times what `serve` gives a session (512 MiB). A real dataset of the withdrawal is a few
hundred KiB; 64 MiB is 500 times that."""
CONFIG_LIMIT = 1 * MiB
"""The largest config read; a real one is a few hundred bytes."""

# C0 controls (but tab and newline), DEL and C1 controls, made visible: ESC becomes "␛".
_VISIBLE_CONTROLS: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: "\u2421",
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},
}
_VISIBLE_ON_ONE_LINE: dict[int, str] = {**_VISIBLE_CONTROLS, 0x09: "\u2409", 0x0A: "\u240a"}


def visible(value: str) -> str:
    """The string with every control character replaced by a visible stand-in.

    Tab and newline stay: a dataset's paragraphs keep their lines. For a name, a key or a
    message that must stay on one line, use `visible_line`.
    """
    return value.translate(_VISIBLE_CONTROLS)


def visible_line(value: object) -> str:
    """`str(value)` made visible and kept on one line (tab and newline made visible too)."""
    return str(value).translate(_VISIBLE_ON_ONE_LINE)


def has_controls(value: str) -> bool:
    """Whether `value` holds a character `visible_line` would replace."""
    return visible_line(value) != value


def expand_user(path: str | os.PathLike[str]) -> Path:
    """`~` and `~user` expanded; an unknown user leaves the path as it is.

    `Path.expanduser` raises RuntimeError for `~nobody-here/x`: the path is then reported as
    missing, in one line, like any other path that does not exist.
    """
    return Path(os.path.expanduser(os.fspath(path)))


class FileRefused(OSError):
    """A path minusma-tui will not read or write: not a regular file, or too large.

    An OSError, so every caller that already handles an unreadable or unwritable file handles
    this one the same way; `strerror` is the plain reason ("is a FIFO, not a regular file").
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, code: int = errno.EINVAL):
        super().__init__(code, reason, os.fspath(path))

    def __str__(self) -> str:
        return f"{visible_line(self.filename)}: {self.strerror}"


class ReadOnlyFile(FileRefused):
    """A write that would replace a file without write permission: refused unless the caller
    was told to replace it (`write_atomic(..., replace_read_only=True)`, the CLI's --force)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path, "is read-only", errno.EACCES)


def reason(exc: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """The one-line reason an OSError gives, without its errno and repr'd file name.

    "Not a directory" alone leaves the user to guess which part of `path` it means: with the
    path given, the part that is not a directory is named.
    """
    if isinstance(exc, NotADirectoryError) and path is not None:
        blocker = next(
            (p for p in Path(path).parents if os.path.lexists(p) and not os.path.isdir(p)), None
        )
        if blocker is not None:
            return f"{visible_line(blocker)} is not a directory"
    return visible_line(exc.strerror or exc)


def kind(mode: int) -> str:
    """What a stat mode names, for a message: "a FIFO", "a character device"…"""
    for test, name in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "a special file"


def _require_regular(path: str | os.PathLike[str], mode: int) -> None:
    """Raise unless `mode` is a regular file's: IsADirectoryError for a directory (callers word
    that case themselves), FileRefused for anything else."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", os.fspath(path))
    raise FileRefused(path, f"is {kind(mode)}, not a regular file")


def _size(limit: int) -> str:
    return f"{limit / MiB:g} MiB" if limit >= MiB else f"{limit:,} bytes"


RACY_NS = 2_000_000_000
"""A file modified this recently may change again within the filesystem's timestamp tick (a
jiffy on Linux, 2 s on FAT) without its (mtime, size, inode) changing: its stamp says nothing
about its content until it is older than this ("racy git")."""


def read_regular(path: str | os.PathLike[str], limit: int = DATASET_LIMIT) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Refuses a FIFO, a device, a socket (FileRefused) or a directory (IsADirectoryError) before
    opening it: opening a device can have effects of its own. The open is non-blocking and takes
    no controlling terminal, and the opened file is checked again (it may have been swapped since
    the stat), so nothing here ever waits for a writer. A file larger than `limit`, or one that
    grows past it while being read, is refused rather than read into memory.
    """
    _require_regular(path, os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        _require_regular(path, info.st_mode)
        too_large = FileRefused(
            path, f"is larger than {_size(limit)}, the most minusma-tui reads", errno.EFBIG
        )
        if info.st_size > limit:
            raise too_large
        chunks: list[bytes] = []
        total = 0
        # The size it has now, and one byte more to see it has not grown, in one read (no
        # copy to join chunks: 0.1 s at 93 MB); then on in chunks if it is still growing.
        step = info.st_size + 1
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, step))
            step = MiB
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise too_large
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_target(path: str | os.PathLike[str]) -> tuple[Path, os.stat_result | None]:
    """Where writing to `path` really lands, and what is there now (None: nothing yet).

    A symlink, or a chain of them, is followed to its target, dangling or not, so the link
    survives the rename. The target must be a regular file or not exist; a symlink loop, a name
    too long or a parent that is not a directory raises the OSError that says so.
    """
    path = Path(path)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, None
    _require_regular(target, info.st_mode)
    return target, info


def _temp_name(target: Path) -> str:
    """`.<name>.<pid>.<random>.tmp`, with the name cut so a name near the limit still leaves
    room. The PID says whose it is: `sweep_temps` takes it once that process is gone."""
    stem = target.name
    while len(os.fsencode(stem)) > 64:
        stem = stem[:-1]
    import secrets  # only when writing: not on the way to a first frame

    return f".{stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


_TEMP = re.compile(r"\..+\.[0-9a-f]{8}\.tmp", re.DOTALL)
"""`_temp_name`'s names, and the names of earlier releases (no PID)."""
_TEMP_WITH_PID = re.compile(r"\.(?P<stem>.+)\.(?P<pid>[0-9]{1,7})\.[0-9a-f]{8}\.tmp", re.DOTALL)
STALE_TEMP = 10 * 60
"""Seconds after which a temporary file is swept whoever wrote it. A cache write takes a
fraction of a second, so one ten minutes old is a writer gone all the same: one killed in
another PID namespace (a container sharing the cache), or an earlier release's (no PID)."""
_PID_MAX = 4_194_304
"""Linux's largest PID (PID_MAX_LIMIT): a larger number cannot be a process's."""


def temp_writer(name: str) -> int | None:
    """The PID in a temporary file's name (`_temp_name`), or None if the name has none."""
    match = _TEMP_WITH_PID.fullmatch(name)
    return int(match["pid"]) if match else None


def _gone(pid: int | None) -> bool:
    """Whether no process has this PID now (on this machine, in this PID namespace)."""
    if pid is None or not 1 < pid <= _PID_MAX or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: someone else's process, alive
        return False
    return False


def sweep_temps(directory: Path, *, now: float | None = None) -> int:
    """Remove the temporary files a write cut short left in `directory`; how many went.

    Only regular files named as `write_atomic` names them (`.<name>.<pid>.<8 hex>.tmp`, or an
    earlier release's `.<name>.<8 hex>.tmp`), and only those whose writer is gone (no process
    has its PID) or older than `STALE_TEMP`: a write under way in another process is left to
    finish. Never raises; never follows a link.
    """
    now = time.time() if now is None else now
    swept = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        if not _TEMP.fullmatch(name):
            continue
        path = directory / name
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                continue
            if now - info.st_mtime > STALE_TEMP or _gone(temp_writer(name)):
                os.unlink(path)
                swept += 1
        except OSError:
            continue
    return swept


def _open_temp(directory: Path, target: Path, mode: int) -> tuple[int, Path]:
    """Create a new temporary file next to `target`; the kernel applies the umask to `mode`.

    Created with O_EXCL and O_NOFOLLOW: never an existing file, never through a planted link.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        temp = directory / _temp_name(target)
        try:
            return os.open(temp, flags, mode), temp
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise FileNotFoundError(
                errno.ENOENT, "the directory does not exist", str(directory)
            ) from None
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))


def write_atomic(
    path: Path,
    content: str | bytes,
    *,
    encoding: str = "utf-8",
    replace_read_only: bool = False,
) -> Path:
    """Write `content` to `path` through a temporary file in the same directory, then rename.

    On any failure (no permission, missing directory, disk full, a FIFO or device at `path`) the
    temporary file is removed, whatever is at `path` is untouched, and the OSError propagates for
    the caller to report. A read-only file at `path` raises ReadOnlyFile, unless
    `replace_read_only` (then it is replaced, and the new file is read-only as it was). An
    existing file keeps its mode (and, where permitted, its owner); a new one gets 0o666 less
    the umask, applied by the kernel: `os.umask` is never called, because reading it means
    setting it, process-wide, under every other thread. Returns the path of the file written (a
    symlink's target, resolved).
    """
    target, existing = write_target(path)
    if existing is not None and not replace_read_only and _read_only(target, existing):
        raise ReadOnlyFile(target)
    data = content.encode(encoding) if isinstance(content, str) else content
    directory = target.parent
    # An existing file's contents may be private: its copy starts private, then takes its mode.
    fd, temp = _open_temp(directory, target, 0o600 if existing else 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                _copy_owner_and_mode(handle.fileno(), existing)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _sync_directory(directory)
    return target.resolve()


def _read_only(target: Path, existing: os.stat_result) -> bool:
    """Whether the file is read-only: no write permission for us, or none for anyone (what
    `chmod a-w` leaves, which root could write through but is told about all the same)."""
    return not existing.st_mode & 0o222 or not os.access(target, os.W_OK)


def _copy_owner_and_mode(fd: int, existing: os.stat_result) -> None:
    """Give the new file the old one's owner (where permitted: root, or the same user) and mode.

    The owner first: changing it clears the set-user-id bits the mode then puts back.
    """
    if hasattr(os, "fchown") and (existing.st_uid, existing.st_gid) != _owner(fd):
        try:
            os.fchown(fd, existing.st_uid, existing.st_gid)
        except OSError:
            pass  # not permitted: the file is now the writer's, as with any editor's save
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


def _owner(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; best effort (not every system can fsync a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
