"""Helpers of the cache tests (test_cache.py, test_cache_hardening.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA
from tui.core import cache


def entries() -> list[Path]:
    """The dataset cache's entries, in the test's own cache directory."""
    root = cache.cache_root()
    return sorted(root.glob("*.msgpack")) if root.is_dir() else []


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """The shipped dataset, copied where the test may change it."""
    path = tmp_path / "withdrawal.toml"
    shutil.copyfile(DATA, path)
    return path
