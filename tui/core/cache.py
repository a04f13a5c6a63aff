"""A cache of parsed, validated datasets, so a second launch skips TOML parsing and validation.

Parsing and validating a 10,000-site file takes seconds (tomllib alone ~0.7 s); decoding the
model it produced takes a fraction of that. An entry is keyed by the sha256 of the file's bytes,
its path, the package version and the schema version, so an edited file, a new release or a new
schema never sees an old entry. Entries carry a checksum of their payload. Only valid datasets are
cached; a broken file is parsed every time so its problems are always reported fresh. The cache can
only ever make loading faster: any failure (unwritable directory, full disk, unreadable entry)
falls back to the plain loader.

The cache is a cache: an entry that fails its checksum or does not decode into the model, for
whatever reason (a value of the wrong type, a layout of another release, a decoder's bug), is
removed at once, said in one log line (`minusma_tui.cache`, a warning: on stderr unless logging
is set up), and the file is parsed and cached again; nothing that failed once is read twice. A
failure in the fields decoded after the first frame (`LATER`) is caught the same way, and those
fields are then taken from the parse. The temporary files of a write cut short (a kill -9) are
swept at the next write into the same directory (`tui.core.files.sweep_temps`).

Before the first frame the file is not read at all when it is as it was: next to the entry, a
stamp (`<path hash>.stamp`) records the file's (mtime, size, inode, device) when the entry was
made from it, written only for a file older than `RACY_NS` (whose stamp then says its content
has not changed). A launch that finds the same stamp decodes the entry without reading or hashing
the file (0.1-0.15 s of a 93 MB file); right after the first frame (`load_dataset_head`'s second
step) it reads and hashes the file all the same, and if the bytes are not those the entry was
made from (a file rewritten with the same size, mtime and inode), the stamp and entry are
dropped and the file's own dataset, or its problems, replace the head (`FileChangedSinceCached`).

An entry is data, never code: msgpack, which decodes to lists, strings and numbers only, laid out
by `tui.core.model_codec` from the model's dataclass fields and type hints. Whoever can write to
the cache directory can at worst make the app show a wrong figure, never run a command (a pickle
would have let them). `read_payload` / `write_payload` (checksum, atomic write, one live entry
per path) also keep the config's checked values (`tui.core.config`). No Textual import (the
CLI's `validate` and `export` use this).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

from tui import __version__
from tui.core import model_codec
from tui.core.files import DATASET_LIMIT, RACY_NS, read_regular, visible_line
from tui.core.loader import DatasetError, load_dataset, parse_and_build
from tui.core.model import SCHEMA_VERSION, Dataset

MAGIC = b"minusma-tui dataset cache 4\n"
"""First line of every entry; bump the number when the entry layout changes."""

LATER = frozenset({("Site", "contingents"), ("Site", "projects"), ("Site", "armed_groups")})
"""Fields an entry keeps apart, decoded after the dashboard's first frame (`load_dataset_head`):
the Overview never reads them, and at 100,000 sites they are most of the decoding (0.6 s).
All are a Site's (`_take_later` relies on it)."""
assert {cls for cls, _field in LATER} == {"Site"}

log = logging.getLogger("minusma_tui.cache")

SUBDIR = "datasets"
ENTRY_LIMIT = 4 * DATASET_LIMIT
"""The largest entry read: a generous multiple of the largest dataset (entries are smaller)."""


def cache_root() -> Path:
    from tui.core.places import cache_dir

    return cache_dir() / SUBDIR


ENTRY_NAME = re.compile(r"[0-9a-f]{16}-[0-9a-f]{64}\.msgpack")


class FileChangedSinceCached(Exception):
    """The entry found by the file's stamp was not made from the file's bytes after all (checked
    after the first frame): `replacement` is the file's own dataset, or why it does not load."""

    def __init__(self, replacement: Dataset | DatasetError) -> None:
        super().__init__("the dataset file changed since it was cached")
        self.replacement = replacement


def _where(path: Path) -> str:
    """The path's part of an entry's name: one live entry (and stamp) per dataset path."""
    return hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def entry_name(path: Path, data: bytes) -> str:
    """`<path hash>-<content hash>.msgpack`: one live entry per dataset path."""
    where = _where(path)
    what = hashlib.sha256(data)
    what.update(f"\0{__version__}\0{SCHEMA_VERSION}\0{path!s}".encode("utf-8", "surrogatepass"))
    return f"{where}-{what.hexdigest()}.msgpack"


def load_dataset_cached(path: str | Path, *, cache: Path | None = None) -> Dataset:
    """Like `tui.core.loader.load_dataset`, through the cache. Raises DatasetError the same way."""
    dataset, finish = load_dataset_head(path, cache=cache)
    try:
        finish()
    except FileChangedSinceCached as changed:
        if isinstance(changed.replacement, DatasetError):
            raise changed.replacement from None
        return changed.replacement
    return dataset


def _done() -> None:
    pass


def load_dataset_head(
    path: str | Path, *, cache: Path | None = None
) -> tuple[Dataset, Callable[[], None]]:
    """`load_dataset_cached` in two steps: the dataset, and the call that does the rest. From a
    cached entry, the `LATER` fields are not decoded yet (unset: reading one raises
    AttributeError) and the call decodes them; whoever gets the dataset calls it before
    anything reads a site's contingents, projects or armed groups (the dashboard: after its
    first frame, or before the first key or click). From a fresh parse, the dataset is whole
    and the call writes the cache entry (after the first frame too: 0.1-0.2 s at 10,000
    sites)."""
    path = Path(path)
    root = cache if cache is not None else _root_or_none()
    if root is not None:
        stamped = _by_stamp(root, path)
        if stamped is not None:
            return stamped
    before = _stamp(path)
    try:
        data = read_regular(path, DATASET_LIMIT)
    except OSError:  # also a FIFO, a device, a file too large: refused, never read
        return load_dataset(path), _done  # the loader turns the failure into a clear Problem
    # The stamp describes these bytes only if the file did not change while it was read.
    looked = before if before is not None and before == _stamp(path) else None
    name = entry_name(path, data) if root is not None else ""
    if root is not None:
        cached = _read_head(root / name)
        if cached is not None:
            head, finish = cached
            _write_stamp(root, path, looked, name)
            return head, _or_from_the_file(head, finish, root, name, data, path)
    dataset = parse_and_build(data, str(path))  # raises DatasetError: never cached
    if root is None:
        return dataset, _done

    def write() -> None:
        _write_entry(root, name, dataset)
        _write_stamp(root, path, looked, name)

    return dataset, write


Stamp = tuple[int, int, int, int, bool]
"""(mtime_ns, size, inode, device, settled): the file as `stat` sees it, and whether it was older
than `RACY_NS` then."""


def _stamp(path: Path) -> Stamp | None:
    """The file's stamp, or None if it is not a regular file of a size the app reads."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > DATASET_LIMIT:
        return None
    settled = time.time_ns() - st.st_mtime_ns > RACY_NS
    return st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev, settled


def _stamp_text(looked: Stamp) -> str:
    return " ".join(str(part) for part in looked[:4])


def _write_stamp(root: Path, path: Path, looked: Stamp | None, name: str) -> None:
    """Record that the file with this stamp made the entry `name`: only for a settled file (an
    equal stamp then means equal bytes). Never raises."""
    if looked is None or not looked[4]:
        return
    try:
        from tui.core.files import write_atomic

        write_atomic(root / f"{_where(path)}.stamp", f"{_stamp_text(looked)}\n{name}\n".encode())
    except Exception:
        pass


def _by_stamp(root: Path, path: Path) -> tuple[Dataset, Callable[[], None]] | None:
    """The entry the file's stamp names, decoded without reading the file; its second step
    checks the file's bytes (after the first frame). None if there is no such entry."""
    looked = _stamp(path)
    if looked is None:
        return None
    sidecar = root / f"{_where(path)}.stamp"
    try:
        recorded, name, *_ = read_regular(sidecar, 4096).decode("ascii").split("\n")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if recorded != _stamp_text(looked) or not ENTRY_NAME.fullmatch(name):
        return None
    cached = _read_head(root / name)
    if cached is None:
        sidecar.unlink(missing_ok=True)
        return None
    head, finish = cached

    def check_then_finish() -> None:
        try:
            data: bytes | None = read_regular(path, DATASET_LIMIT)
        except OSError:
            data = None
        if data is not None and entry_name(path, data) == name:
            _or_from_the_file(head, finish, root, name, data, path)()
            return
        sidecar.unlink(missing_ok=True)
        log.warning(
            "minusma-tui: %s changed since it was cached, with the same size and time; "
            "it is read again",
            visible_line(path),
        )
        try:
            replacement: Dataset | DatasetError = load_dataset_cached(path, cache=root)
        except DatasetError as exc:
            replacement = exc
        raise FileChangedSinceCached(replacement)

    return head, check_then_finish


def _or_from_the_file(
    head: Dataset,
    finish: Callable[[], None],
    root: Path,
    name: str,
    data: bytes,
    path: Path,
) -> Callable[[], None]:
    """`finish`, or if it fails (the entry's `LATER` fields do not decode), the entry dropped,
    the file parsed (the same bytes: it was valid when cached) and those fields set from the
    parse on the head's own sites, which whoever holds the head may already show; then the
    entry is written again from the parse."""

    def run() -> None:
        try:
            finish()
        except Exception as exc:
            drop(root / name, exc)
            whole = parse_and_build(data, str(path))
            _take_later(head, whole)
            _write_entry(root, name, whole)

    return run


def _take_later(head: Dataset, whole: Dataset) -> None:
    """Set every `LATER` field of the head's sites from the same site (by id) of `whole`; a
    site `whole` does not have (the entry said otherwise) gets none of them."""
    by_id = {site.id: site for site in whole.sites}
    for site in head.sites:
        same = by_id.get(site.id)
        for _cls, field in LATER:
            object.__setattr__(site, field, () if same is None else getattr(same, field))


def drop(entry: Path, why: BaseException | str) -> None:
    """Remove an entry that failed (its checksum, or decoding its payload: the config's checked
    values too), and say so in one line."""
    try:
        entry.unlink(missing_ok=True)
    except OSError:
        pass
    if isinstance(why, BaseException):
        why = f"{type(why).__name__}: {why}" if str(why) else type(why).__name__
    why = visible_line(why)
    why = why if len(why) <= 160 else why[:159] + "…"
    log.warning(
        "minusma-tui: dropped the cache entry %s (%s); the file is read and cached again",
        visible_line(entry),
        why,
    )


def _root_or_none() -> Path | None:
    try:
        return cache_root()
    except Exception:
        return None


def read_payload(entry: Path) -> bytes | None:
    """The payload of a cache entry, or None if it is missing, unreadable or fails its checksum
    (then it is dropped, in one log line)."""
    try:
        blob = read_regular(entry, ENTRY_LIMIT)
    except OSError:  # missing, or anything but a regular file: rebuilt and replaced
        return None
    header_end = len(MAGIC) + 64
    if not blob.startswith(MAGIC) or len(blob) <= header_end:
        problem = "truncated" if blob.startswith(MAGIC) else "not an entry of this release"
        drop(entry, problem if blob else "empty")
        return None
    digest, payload = blob[len(MAGIC) : header_end], blob[header_end:]
    if hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        drop(entry, "its checksum fails")
        return None
    return payload


def write_payload(root: Path, name: str, payload: bytes) -> None:
    """Store an entry atomically, then drop older entries for the same path, and the temporary
    files of writes cut short. Never raises."""
    try:
        from tui.core.files import sweep_temps, write_atomic

        digest = hashlib.sha256(payload).hexdigest().encode("ascii")
        root.mkdir(parents=True, exist_ok=True)
        sweep_temps(root)
        write_atomic(root / name, MAGIC + digest + payload)
        prefix = name.split("-", 1)[0] + "-"
        for old in root.glob(prefix + "*"):  # also the pickles of earlier releases
            if old.name != name:
                old.unlink(missing_ok=True)
    except Exception:
        pass


def _read_entry(entry: Path) -> Dataset | None:
    """The cached model, or None if the entry is missing, unreadable, corrupt or not a Dataset."""
    head = _read_head(entry)
    if head is None:
        return None
    dataset, finish = head
    try:
        finish()
    except Exception as exc:  # a blob that does not fit the layout: rebuild the entry
        drop(entry, exc)
        return None
    return dataset


def _read_head(entry: Path) -> tuple[Dataset, Callable[[], None]] | None:
    """The cached model and the call that decodes its `LATER` fields, or None if the entry is
    missing, unreadable, corrupt or not a Dataset."""
    payload = read_payload(entry)
    if payload is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # ~100,000 new objects at 10,000 sites: collecting halfway only costs time
    try:
        dataset, finish = model_codec.loads_head(payload, Dataset, LATER)
    except Exception as exc:  # another layout, a value of the wrong type, not a dataset...
        drop(entry, exc)
        return None
    finally:
        if enabled:
            gc.enable()
    return dataset, _without_gc(finish)


def _without_gc(finish: Callable[[], None]) -> Callable[[], None]:
    """`finish`, run with the cyclic GC paused as the head's decoding was."""

    def run() -> None:
        enabled = gc.isenabled()
        gc.disable()
        try:
            finish()
        finally:
            if enabled:
                gc.enable()

    return run


def _write_entry(root: Path, name: str, dataset: Dataset) -> None:
    """Store the model. Never raises."""
    try:
        payload = model_codec.dumps(dataset, LATER)
    except Exception:
        return
    write_payload(root, name, payload)
