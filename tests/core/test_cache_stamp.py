"""Nothing before the first frame grows with the data: a file as it was (same mtime, size, inode
and device) is not read before the first frame; its bytes are checked right after it, and a file
rewritten under the same stamp still gets its own dataset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tui.core import cache
from tui.core.loader import DatasetError

LONG_AGO_NS = 1_600_000_000 * 10**9
"""An mtime far older than `RACY_NS`: the file's stamp says its content has not changed."""


@pytest.fixture
def settled(tmp_path: Path) -> Path:
    path = tmp_path / "mini.toml"
    path.write_bytes((FIXTURES / "mini.toml").read_bytes())
    os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS))
    return path


def reads_of(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every read of `path` through the cache's reader, from now on."""
    seen: list[Path] = []
    real = cache.read_regular

    def counting(target: object, limit: int = cache.DATASET_LIMIT) -> bytes:
        if Path(str(target)) == path:
            seen.append(path)
        return real(target, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "read_regular", counting)
    return seen


def first_launch(path: Path) -> None:
    _dataset, finish = cache.load_dataset_head(path)
    finish()  # writes the entry, and the stamp beside it


def test_a_settled_file_is_not_read_before_the_first_frame(
    settled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_launch(settled)
    reads = reads_of(settled, monkeypatch)
    head, finish = cache.load_dataset_head(settled)
    assert reads == []  # decoded from the entry the stamp names
    assert head.mission.name
    finish()
    assert reads == [settled]  # checked after the first frame


def test_a_file_rewritten_under_the_same_stamp_gets_its_own_dataset(settled: Path) -> None:
    first_launch(settled)
    text = settled.read_text(encoding="utf-8")
    assert "A miniature mission" in text
    changed = text.replace("A miniature mission", "A miniature-mission")  # same size
    assert len(changed.encode()) == len(text.encode())
    with settled.open("r+", encoding="utf-8") as handle:  # in place: the same inode
        handle.write(changed)
    os.utime(settled, ns=(LONG_AGO_NS, LONG_AGO_NS))
    head, finish = cache.load_dataset_head(settled)
    assert head.mission.full_name == "A miniature mission"  # the old entry, not read again
    with pytest.raises(cache.FileChangedSinceCached) as raised:
        finish()
    replacement = raised.value.replacement
    assert not isinstance(replacement, DatasetError)
    assert replacement.mission.full_name == "A miniature-mission"
    # And from then on the new bytes are what the cache holds.
    again = cache.load_dataset_cached(settled)
    assert again.mission.full_name == "A miniature-mission"


def test_a_file_broken_under_the_same_stamp_reports_its_problems(settled: Path) -> None:
    first_launch(settled)
    data = settled.read_bytes()
    broken = data.replace(b"schema_version = 2", b"schema_version = 9")
    assert broken != data and len(broken) == len(data)
    with settled.open("r+b") as handle:
        handle.write(broken)
    os.utime(settled, ns=(LONG_AGO_NS, LONG_AGO_NS))
    _head, finish = cache.load_dataset_head(settled)
    with pytest.raises(cache.FileChangedSinceCached) as raised:
        finish()
    assert isinstance(raised.value.replacement, DatasetError)
    with pytest.raises(DatasetError):
        cache.load_dataset_cached(settled)


def test_a_file_modified_just_now_is_read_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its stamp may not change with its next edit (the timestamp's tick): no stamp is kept."""
    path = tmp_path / "mini.toml"
    path.write_bytes((FIXTURES / "mini.toml").read_bytes())
    first_launch(path)
    assert not list(cache.cache_root().glob("*.stamp"))
    reads = reads_of(path, monkeypatch)
    cache.load_dataset_head(path)
    assert reads == [path]
