"""The parsed-dataset cache: a hit gives the same model; nothing stale or broken is used."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import shutil
from pathlib import Path

import msgpack
import pytest

from tests.conftest import DATA, FIXTURES
from tests.core.conftest import entries
from tui.cli import main
from tui.core import cache, model_codec
from tui.core.loader import DatasetError, load_dataset


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

    monkeypatch.setattr(cache, "parse_and_build", no_parsing)
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
            cache.MAGIC + hashlib.sha256(b"junk").hexdigest().encode() + b"junk"
        ),  # checksum right, payload wrong
    ],
    ids=["truncated", "empty", "corrupt", "foreign", "bad-payload"],
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
    for payload in (
        msgpack.packb({"not": "a dataset"}),
        msgpack.packb([[1], [2]]),  # a table, but not of a Dataset
        model_codec.dumps(good.mission),  # a model object, but not a Dataset
    ):
        entry.write_bytes(cache.MAGIC + _digest(payload) + payload)
        assert cache._read_entry(entry) is None
        assert cache.load_dataset_cached(data_copy) == good


def _digest(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest().encode()


class _Exploit:
    """A pickle that, loaded, runs code: here it only writes a file."""

    marker: Path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "code ran"))  # type: ignore[return-value]


def test_an_entry_is_never_run_as_code(data_copy: Path, tmp_path: Path) -> None:
    """Whoever can write to the cache directory must not get to run code in the app."""
    good = cache.load_dataset_cached(data_copy)
    (entry,) = entries()
    _Exploit.marker = tmp_path / "pwned"
    payload = pickle.dumps(_Exploit())
    entry.write_bytes(cache.MAGIC + _digest(payload) + payload)
    assert cache.load_dataset_cached(data_copy) == good
    assert not _Exploit.marker.exists()
    assert b"minusma-tui dataset cache 4" in cache.MAGIC


def test_an_entry_of_an_earlier_release_is_replaced(data_copy: Path) -> None:
    root = cache.cache_root()
    name = cache.entry_name(data_copy, data_copy.read_bytes())
    root.mkdir(parents=True)
    old = root / (name.split("-", 1)[0] + "-0123.pickle")
    old.write_bytes(b"minusma-tui dataset cache 2\n")
    cache.load_dataset_cached(data_copy)
    assert not old.exists()
    assert [p.name for p in root.iterdir()] == [name]


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
    text = DATA.read_text(encoding="utf-8").replace('state = "handed_over"', 'state = "gone"', 1)
    broken.write_text(text, encoding="utf-8")
    for _ in range(2):  # the second time too: nothing was cached
        with pytest.raises(DatasetError) as info:
            cache.load_dataset_cached(broken)
        problems = info.value.problems
        assert any(p.path.endswith(".state") and p.file == str(broken) for p in problems)
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
    assert out.count("valid (schema 2)") == 2
    good.write_text(good.read_text(encoding="utf-8") + "\nunexpected = 1\n", encoding="utf-8")
    assert main(["validate", str(good)]) == 1
    assert "unexpected" in capsys.readouterr().err


def test_a_moved_file_gets_its_own_path_in_the_model(data_copy: Path, tmp_path: Path) -> None:
    cache.load_dataset_cached(data_copy)
    other = tmp_path / "elsewhere.toml"
    shutil.copyfile(data_copy, other)
    assert cache.load_dataset_cached(other).path == str(other)


@dataclasses.dataclass(frozen=True, slots=True)
class _Leaf:
    number: float | int | None
    flag: bool = False
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class _Node:
    name: str
    day: dt.date | None
    leaves: tuple[_Leaf, ...]
    best: _Leaf | None = None
    by_name: dict[str, _Leaf] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class _Root:
    nodes: tuple[_Node, ...]
    extra: str = "added later"  # a field the codec was never told about
    seen: list[int] = dataclasses.field(default_factory=list, init=False, compare=False)


def test_the_codec_follows_the_dataclass_fields_and_keeps_every_value_as_it_was() -> None:
    leaves = (_Leaf(1), _Leaf(1.0), _Leaf(True), _Leaf(-0.0), _Leaf(0.0), _Leaf(None, True, ("a",)))
    nodes = tuple(
        _Node(
            f"n{i % 2}",
            None if i % 3 else dt.date(2023, 12, 31),
            leaves[: i % 7],
            leaves[i % 6] if i % 2 else None,
            {"x": leaves[0], "y": leaves[i % 6]} if i % 4 else {},
        )
        for i in range(40)
    )
    value = _Root(nodes)
    back = model_codec.loads(model_codec.dumps(value), _Root)
    assert back == value
    assert back.seen == [] and back.extra == "added later"
    kinds = [(type(leaf.number), str(leaf.number)) for node in back.nodes for leaf in node.leaves]
    assert kinds == [(type(leaf.number), str(leaf.number)) for n in nodes for leaf in n.leaves]
    assert type(back.nodes[0].leaves) is tuple and type(back.nodes[0].by_name) is dict


def test_the_codec_refuses_what_it_cannot_store_and_entries_of_another_layout() -> None:
    @dataclasses.dataclass(frozen=True)
    class Opaque:
        when: dt.datetime

    with pytest.raises(TypeError):
        model_codec.dumps(Opaque(dt.datetime(2023, 1, 1)))
    payload = model_codec.dumps(_Leaf(1))
    with pytest.raises(ValueError):
        model_codec.loads(payload, _Node)


def test_a_head_leaves_the_later_fields_for_later_and_finishing_gives_the_whole_model(
    data_copy: Path,
) -> None:
    """The dashboard's first frame is drawn from the head: the sites without their
    contingents, projects and armed groups, decoded by `finish` (after the first frame)."""
    good = cache.load_dataset_cached(data_copy)  # writes the entry
    head, finish = cache.load_dataset_head(data_copy)
    site = head.sites[0]
    assert site.name == good.sites[0].name and head.on(head.latest_date).sites_closed
    for field in ("contingents", "projects", "armed_groups"):
        with pytest.raises(AttributeError):
            getattr(site, field)
    finish()
    finish()  # a second call does nothing
    assert head == good
    assert head.sites[0].contingents == good.sites[0].contingents


def test_a_fresh_parse_is_whole_and_its_entry_is_written_by_finish(data_copy: Path) -> None:
    """On a first launch the dashboard draws its first frame before writing the entry."""
    dataset, finish = cache.load_dataset_head(data_copy)
    assert dataset == load_dataset(data_copy)
    assert entries() == []
    finish()
    (entry,) = entries()
    assert cache._read_entry(entry) == dataset


def test_the_codec_keeps_later_fields_apart_only_when_asked() -> None:
    value = _Root(tuple(_Node(f"n{i}", None, (_Leaf(i),), None, {}) for i in range(5)))
    later = frozenset({("_Node", "leaves")})
    payload = model_codec.dumps(value, later)
    assert model_codec.loads(payload, _Root, later) == value
    with pytest.raises(ValueError):
        model_codec.loads(payload, _Root)  # a blob where the layout has a table
    with pytest.raises(ValueError):
        model_codec.loads(model_codec.dumps(value), _Root, later)
