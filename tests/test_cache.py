"""The parsed-dataset cache: a hit gives the same model; nothing stale or broken is used."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.core import cache
from tui.core.loader import DatasetError, load_dataset

from .conftest import DATA, FIXTURES


def entries() -> list[Path]:
    root = cache.cache_root()
    return sorted(root.glob("*.pickle")) if root.is_dir() else []


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    path = tmp_path / "withdrawal.toml"
    shutil.copyfile(DATA, path)
    return path


def test_first_load_writes_an_entry_under_the_user_cache_dir(data_copy: Path) -> None:
    assert entries() == []
    cache.load_dataset_cached(data_copy)
    found = entries()
    assert len(found) == 1
    assert str(found[0]).startswith(os.environ["XDG_CACHE_HOME"])


def test_cache_hit_returns_an_equal_model_without_parsing(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = cache.load_dataset_cached(data_copy)

    def no_parsing(*args: object) -> None:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(cache, "build_dataset", no_parsing)
    cached = cache.load_dataset_cached(data_copy)
    assert cached is not fresh
    assert cached == fresh
    assert cached == load_dataset(data_copy)
    assert cached.path == str(data_copy)
    # The model still works as a model: snapshots and derived figures.
    assert cached.on(cached.latest_date).sites_closed == fresh.on(fresh.latest_date).sites_closed


def test_an_edited_file_never_gets_the_stale_entry(data_copy: Path) -> None:
    before = cache.load_dataset_cached(data_copy)
    text = data_copy.read_text(encoding="utf-8")
    edited = text.replace('name = "Ansongo"', 'name = "Ansongo (edited)"', 1)
    assert edited != text
    data_copy.write_text(edited, encoding="utf-8")
    after = cache.load_dataset_cached(data_copy)
    assert before.site("ansongo").name == "Ansongo"
    assert after.site("ansongo").name == "Ansongo (edited)"
    # Only the live entry for this path is kept.
    assert len(entries()) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: b"",  # empty
        lambda blob: blob[:-10] + b"\x00" * 10,  # corrupt payload (checksum fails)
        lambda blob: b"not a cache entry at all",
        lambda blob: (
            cache.MAGIC + __import__("hashlib").sha256(b"junk").hexdigest().encode() + b"junk"
        ),  # checksum right, pickle wrong
    ],
    ids=["truncated", "empty", "corrupt", "foreign", "bad-pickle"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(data_copy: Path, damage) -> None:
    good = cache.load_dataset_cached(data_copy)
    (entry,) = entries()
    entry.write_bytes(damage(entry.read_bytes()))
    again = cache.load_dataset_cached(data_copy)
    assert again == good
    (rebuilt,) = entries()
    assert cache._read_entry(rebuilt) == good


def test_an_entry_that_is_not_a_dataset_is_ignored(data_copy: Path) -> None:
    good = cache.load_dataset_cached(data_copy)
    (entry,) = entries()
    payload = __import__("pickle").dumps({"not": "a dataset"})
    digest = __import__("hashlib").sha256(payload).hexdigest().encode()
    entry.write_bytes(cache.MAGIC + digest + payload)
    assert cache.load_dataset_cached(data_copy) == good


def test_a_cache_dir_that_is_a_file_still_loads(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Works as root too: the cache "directory" is a plain file, so nothing can be written."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    monkeypatch.setattr(cache, "cache_root", lambda: blocker / "datasets")
    assert cache.load_dataset_cached(data_copy) == load_dataset(data_copy)
    assert blocker.read_text() == "not a directory"


def test_an_unreadable_entry_is_ignored(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = cache.load_dataset_cached(data_copy)
    (entry,) = entries()
    entry.unlink()
    entry.mkdir()  # reading it raises IsADirectoryError
    assert cache.load_dataset_cached(data_copy) == good


def test_problems_are_reported_with_paths_and_never_cached(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    text = DATA.read_text(encoding="utf-8").replace('status = "handed_over"', 'status = "gone"', 1)
    broken.write_text(text, encoding="utf-8")
    for _ in range(2):  # the second time too: nothing was cached
        with pytest.raises(DatasetError) as info:
            cache.load_dataset_cached(broken)
        problems = info.value.problems
        assert any(p.path.endswith(".status") and p.file == str(broken) for p in problems)
    assert entries() == []


def test_missing_file_and_bad_toml_are_reported(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file"):
        cache.load_dataset_cached(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = = 1\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="TOML syntax error"):
        cache.load_dataset_cached(bad)


def test_validate_uses_the_cache_and_still_reports_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "mini.toml"
    shutil.copyfile(FIXTURES / "mini.toml", good)
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(good)]) == 0
    assert len(entries()) == 1
    out = capsys.readouterr().out
    assert out.count("valid (schema 1)") == 2
    good.write_text(good.read_text(encoding="utf-8") + "\nunexpected = 1\n", encoding="utf-8")
    assert main(["validate", str(good)]) == 1
    assert "unexpected" in capsys.readouterr().err


def test_a_moved_file_gets_its_own_path_in_the_model(data_copy: Path, tmp_path: Path) -> None:
    cache.load_dataset_cached(data_copy)
    other = tmp_path / "elsewhere.toml"
    shutil.copyfile(data_copy, other)
    assert cache.load_dataset_cached(other).path == str(other)
