"""Shared fixtures. Every test gets its own config, data and cache dirs, never the real home."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.core.loader import load_dataset
from tui.core.model import Dataset

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "withdrawal.toml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("MINUSMA_TUI_CONFIG", str(home / "config" / "minusma-tui" / "config.toml"))
    monkeypatch.delenv("MINUSMA_TUI_DATA", raising=False)
    monkeypatch.delenv("MINUSMA_TUI_SERVED", raising=False)


@pytest.fixture(scope="module")
def client_key() -> Any:
    """An SSH user key for tests against the real server (asyncssh is a test dependency)."""
    asyncssh = pytest.importorskip("asyncssh")
    return asyncssh.generate_private_key("ssh-ed25519")


@pytest.fixture
def keys_file(tmp_path: Path, client_key: Any) -> Path:
    """An authorized_keys file holding `client_key` alone, no options."""
    path = tmp_path / "authorized_keys"
    path.write_bytes(client_key.export_public_key())
    return path


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The shipped dataset, loaded once."""
    return load_dataset(DATA)
