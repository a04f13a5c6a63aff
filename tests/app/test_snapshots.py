"""SVG snapshots of the dashboard's tabs at 80x24 and 120x40, on a fixed as-of date.

Everything time-dependent is pinned: the as-of date (2023-11-20), no animations, no cursor blink
(snap_compare runs headless). Bases also at 200x50 (the table on top takes the rows it needs),
Timeline and Map at 80x24 (issue 14). Update the baselines with `pytest --snapshot-update` after
reviewing `snapshot_report.html`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.app import MinusmaApp
from tui.core.loader import load_dataset

NOV_20 = dt.date(2023, 11, 20)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("MINUSMA_TUI_CONFIG", str(tmp_path / "config.toml"))


def make_app() -> MinusmaApp:
    return MinusmaApp(
        load_dataset(ROOT / "data" / "withdrawal.toml"), as_of=NOV_20, animations=False
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "keys",
    [("1",), ("2",), ("n",) * 8, ("3",), ("6",), ("question_mark",)],
    ids=["overview", "bases", "bases-ansongo", "contingents", "sources", "help"],
)
def test_tab(snap_compare, keys: tuple[str, ...], size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), press=keys, terminal_size=size)


@pytest.mark.parametrize("keys", [("2",), ("2", *("n",) * 8)], ids=["bases", "bases-ansongo"])
def test_bases_at_200x50(snap_compare, keys: tuple[str, ...]) -> None:
    assert snap_compare(make_app(), press=keys, terminal_size=(200, 50))


@pytest.mark.parametrize("keys", [("4",), ("5",)], ids=["timeline", "map"])
def test_tab_at_80x24(snap_compare, keys: tuple[str, ...]) -> None:
    assert snap_compare(make_app(), press=keys, terminal_size=(80, 24))


def test_bases_detail_only_at_80(snap_compare) -> None:
    assert snap_compare(make_app(), press=("2", "f"), terminal_size=(80, 24))


def test_too_small(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(50, 12))
