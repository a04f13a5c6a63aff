"""The cache is a cache: an entry that does not decode into the model is dropped and rebuilt
(one log line), and the temporary files of a write cut short are swept.

An entry's checksum only proves the entry is the one written: what was written can still be
wrong (a bug in another release, a hand-made file in a cache directory the user shares). Such
an entry used to decode into a model that held an int where a name belongs, and every launch
then crashed the dashboard and the export on it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack
import pytest

from tests.conftest import ROOT
from tests.core.conftest import entries
from tui.cli import main
from tui.core import cache, config, files, model_codec
from tui.core.loader import load_dataset
from tui.core.model import Dataset


def _store(entry: Path, dataset: Any) -> None:
    """Write `dataset` as the entry, with a right checksum: only its values are wrong."""
    payload = model_codec.dumps(dataset, cache.LATER)
    digest = hashlib.sha256(payload).hexdigest().encode("ascii")
    entry.write_bytes(cache.MAGIC + digest + payload)


def _site0(good: Dataset, **changes: Any) -> Dataset:
    sites = (dataclasses.replace(good.sites[0], **changes), *good.sites[1:])
    return dataclasses.replace(good, sites=sites)


def _contingent0(good: Dataset, **changes: Any) -> Dataset:
    site = next(s for s in good.sites if s.contingents)
    held = (dataclasses.replace(site.contingents[0], **changes), *site.contingents[1:])
    sites = tuple(dataclasses.replace(s, contingents=held) if s is site else s for s in good.sites)
    return dataclasses.replace(good, sites=sites)


WRONG: dict[str, Callable[[Dataset], Dataset]] = {
    "site-name-int": lambda good: _site0(good, name=12345),
    "site-lat-text": lambda good: _site0(good, lat="north"),
    "site-kind-unknown": lambda good: _site0(good, kind="spaceport"),
    "site-sources-of-ints": lambda good: _site0(good, sources=(1, 2)),
    "site-name-none": lambda good: _site0(good, name=None),
    "site-ordinal-float": lambda good: _site0(good, ordinal=1.5),
    "mission-none": lambda good: dataclasses.replace(good, mission=None),
    "personnel-date-none": lambda good: dataclasses.replace(
        good, personnel=(dataclasses.replace(good.personnel[0], date=None), *good.personnel[1:])
    ),
    "sources-keyed-by-int": lambda good: dataclasses.replace(
        good, sources={i: s for i, s in enumerate(good.sources.values())}
    ),
    "schema-version-text": lambda good: dataclasses.replace(good, schema_version="2"),
    # A field decoded after the first frame (`cache.LATER`): a contingent's figure.
    "later-figure-text": lambda good: _contingent0(good, figure="many"),
    "later-country-int": lambda good: _contingent0(good, country=466),
}


@pytest.mark.parametrize("make", list(WRONG.values()), ids=list(WRONG))
def test_an_entry_with_the_wrong_types_is_dropped_and_rebuilt(
    make: Callable[[Dataset], Dataset],
    data_copy: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = cache.load_dataset_cached(data_copy)
    (entry,) = entries()
    _store(entry, make(good))
    with caplog.at_level(logging.WARNING):
        again = cache.load_dataset_cached(data_copy)
    assert again == good
    said = [r.getMessage() for r in caplog.records if "cache" in r.getMessage()]
    assert len(said) == 1, said
    assert "dropped" in said[0] and entry.name in said[0]
    (rebuilt,) = entries()
    assert cache._read_entry(rebuilt) == good
    # The export, which crashed on such an entry at every run, works from the bad entry too.
    _store(rebuilt, make(good))
    capsys.readouterr()
    assert main(["--data", str(data_copy), "export", "-f", "txt"]) == 0
    assert "MINUSMA" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["later-figure-text", "site-name-int"])
def test_the_dashboards_two_step_load_drops_a_bad_entry_too(
    name: str, data_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The dashboard draws from the head and finishes after the first frame: a field that only
    fails then must not crash it either; finishing gives the whole, right model."""
    good = cache.load_dataset_cached(data_copy)
    (entry,) = entries()
    _store(entry, WRONG[name](good))
    with caplog.at_level(logging.WARNING):
        head, finish = cache.load_dataset_head(data_copy)
        finish()
    assert head == good
    assert [s.contingents for s in head.sites] == [s.contingents for s in good.sites]
    said = [r.getMessage() for r in caplog.records if "cache" in r.getMessage()]
    assert len(said) == 1 and "dropped" in said[0], said
    (rebuilt,) = entries()
    assert cache._read_entry(rebuilt) == good


@pytest.mark.parametrize(
    "error", [KeyError("x"), RecursionError(), AssertionError(), MemoryError(), IndexError()]
)
def test_any_failure_to_decode_drops_the_entry(
    error: BaseException,
    data_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Whatever the decoder raises (short of an interrupt), the entry goes and the file is
    parsed: nothing on disk is kept that failed once."""
    good = cache.load_dataset_cached(data_copy)
    (entry,) = entries()

    def fails(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(model_codec, "loads_head", fails)
    with caplog.at_level(logging.WARNING):
        dataset, finish = cache.load_dataset_head(data_copy)
    assert not entry.exists(), "the entry that failed is still there"
    assert dataset == good
    assert any("dropped" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    finish()
    assert cache._read_entry(entry) == good


def test_an_honest_entry_decodes_without_a_word(
    data_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache.load_dataset_cached(data_copy)
    with caplog.at_level(logging.DEBUG):
        head, finish = cache.load_dataset_head(data_copy)
        finish()
    assert head == load_dataset(data_copy)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_cached_config_verdict_with_the_wrong_types_is_checked_again(tmp_path: Path) -> None:
    """The config's checked values are cached the same way: a wrong entry is not used."""
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nmouse = false\n', encoding="utf-8")
    good, problems = config.load_config(path)
    assert (good.theme, good.mouse, problems) == ("nord", False, [])
    (entry,) = (cache.cache_root().parent / config.CHECKED_SUBDIR).glob("*.msgpack")
    for values in ({"theme": 7, "mouse": "no"}, {"keymap": [1, 2]}, {"keymap": {"q": 3}}):
        payload = msgpack.packb([values, []])
        digest = hashlib.sha256(payload).hexdigest().encode("ascii")
        entry.write_bytes(cache.MAGIC + digest + payload)
        again, problems = config.load_config(path)
        assert (again.theme, again.mouse, again.keymap, problems) == ("nord", False, {}, [])


# --- temporary files left by a write cut short ----------------------------------------------

_KILLED_WRITER = """
import os, sys, time
from tui.core import files
real_fsync = os.fsync
def stuck(fd):
    real_fsync(fd)
    open(sys.argv[2], "w").close()  # the temporary file is written: tell the test
    time.sleep(600)
files.os.fsync = stuck
from tui.core.cache import load_dataset_cached
load_dataset_cached(sys.argv[1])
"""


def _temps(root: Path) -> list[Path]:
    return sorted(root.glob(".*.tmp")) if root.is_dir() else []


def test_a_kill_during_the_first_cache_write_leaves_nothing_behind(
    data_copy: Path, tmp_path: Path
) -> None:
    """kill -9 while the first entry is written: the next run sweeps the temporary file."""
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(data_copy), str(ready)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert writer.poll() is None, "the writer ended before it wrote"
            assert time.monotonic() < deadline, "the writer never reached its write"
            time.sleep(0.05)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(30)
    root = cache.cache_root()
    (left,) = _temps(root)  # the crash left its temporary file
    assert left.stat().st_size > 0
    assert entries() == []
    cache.load_dataset_cached(data_copy)  # the next run: parses, writes, sweeps
    assert _temps(root) == []
    assert len(entries()) == 1


def test_the_sweep_takes_only_our_temporary_files_of_writers_gone_or_old(tmp_path: Path) -> None:
    """What is swept: `.NAME.PID.XXXXXXXX.tmp` whose writer (PID) is no longer running, or
    older than `files.STALE_TEMP` seconds whatever its PID; nothing else in the directory."""
    gone = _dead_pid()
    old = time.time() - files.STALE_TEMP - 60
    names = {
        f".entry.msgpack.{gone}.0123abcd.tmp": True,  # its writer is gone
        f".entry.msgpack.{os.getpid()}.0123abcd.tmp": False,  # being written, by us
        f".entry.msgpack.{os.getpid()}.4567cdef.tmp": True,  # ours too, but an hour old
        ".entry.msgpack.89abcdef.tmp": True,  # an earlier release's name (no PID), old
        ".entry.msgpack.fedcba98.tmp": False,  # an earlier release's, recent
        "entry.msgpack.0123abcd.tmp": False,  # not hidden: not our name
        f".entry.msgpack.{gone}.0123abcX.tmp": False,  # not our random part
        f".entry.msgpack.{gone}.0123abcd.tmp.keep": False,
        "notes.tmp": False,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x" * 10)
    for name in (f".entry.msgpack.{os.getpid()}.4567cdef.tmp", ".entry.msgpack.89abcdef.tmp"):
        os.utime(tmp_path / name, (old, old))
    planted = tmp_path / f".link.{gone}.00000000.tmp"
    planted.symlink_to(tmp_path / "notes.tmp")
    a_dir = tmp_path / f".dir.{gone}.11111111.tmp"
    a_dir.mkdir()
    assert files.sweep_temps(tmp_path) == sum(names.values())
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {n for n, swept in names.items() if not swept} | {planted.name, a_dir.name}


def test_a_temporary_name_carries_its_writers_pid(tmp_path: Path) -> None:
    name = files._temp_name(tmp_path / "out.txt")
    assert name.startswith(".out.txt.") and f".{os.getpid()}." in name and name.endswith(".tmp")
    assert files.temp_writer(name) == os.getpid()
    assert files.temp_writer("out.txt") is None


def _dead_pid() -> int:
    """A PID no process has: a child that has ended and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- writes that would replace a read-only file ---------------------------------------------


def test_write_atomic_refuses_to_replace_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "kept.txt"
    path.write_text("mine\n")
    path.chmod(0o444)
    with pytest.raises(files.ReadOnlyFile, match="is read-only"):
        files.write_atomic(path, "replaced\n")
    assert path.read_text() == "mine\n" and _temps(tmp_path) == []
    files.write_atomic(path, "replaced\n", replace_read_only=True)
    assert path.read_text() == "replaced\n"
    assert (path.stat().st_mode & 0o777) == 0o444  # its mode kept


def test_the_export_refuses_a_read_only_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.txt"
    out.write_text("keep me\n")
    out.chmod(0o444)
    assert main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "read-only" in err[0] and "--force" in err[0] and str(out) in err[0]
    assert out.read_text() == "keep me\n"
    assert main(["export", "-o", str(out), "--force"]) == 0
    assert "MINUSMA" in out.read_text()
    assert (out.stat().st_mode & 0o777) == 0o444
    # Through a symlink, the same: the target is what would be replaced.
    link = tmp_path / "link.txt"
    link.symlink_to(out)
    assert main(["export", "-o", str(link), "-f", "md"]) == 1
    assert "read-only" in capsys.readouterr().err
    assert link.is_symlink() and not out.read_text().startswith("#")


def test_migrate_refuses_a_read_only_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.toml"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema1" / "withdrawal.toml", path)
    path.chmod(0o444)
    before = path.read_bytes()
    assert main(["migrate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "read-only" in err and "--force" in err
    assert path.read_bytes() == before
    main(["migrate", str(path), "--force"])  # then validated: its exit status is the check's
    assert "read-only" not in capsys.readouterr().err
    assert path.read_bytes() != before and b"schema_version = 2" in path.read_bytes()
