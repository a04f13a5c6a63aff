"""The txt export writes the sites table directly: the same text, to the byte, as Rich's table.

`render_text` is compared with printing `summary.summary` through Rich (what it did before),
on the shipped data, the hostile fixtures and a generated dataset, at widths from too narrow
for whole words to wide, with and without a site in full, as known then or not.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rich.text import Text

from tests.conftest import FIXTURES, generated_dataset
from tui.core.loader import load_dataset
from tui.core.model import Dataset
from tui.render import rows, summary, tables

WIDTHS = (30, 50, 64, 80, 100, 137, 200)


def rich_text(dataset: Dataset, as_of: dt.date, width: int, site=None, known: bool = False) -> str:  # type: ignore[no-untyped-def]
    console = summary.recording_console(width, colour=False)
    console.print(summary.summary(dataset, as_of, site, known=known))
    text = console.export_text(styles=False)
    return "\n".join(line.rstrip() for line in text.split("\n"))


@pytest.mark.parametrize("width", WIDTHS)
def test_shipped_data_same_text_as_rich(width: int, dataset: Dataset) -> None:
    for as_of in (dt.date(2023, 8, 1), dt.date(2023, 11, 20), dataset.latest_date):
        for known in (False, True):
            got = summary.render_text(dataset, as_of, width, known=known)
            assert got == rich_text(dataset, as_of, width, known=known), (as_of, known)
    site = dataset.site("ansongo")
    got = summary.render_text(dataset, dt.date(2023, 11, 20), width, site)
    assert got == rich_text(dataset, dt.date(2023, 11, 20), width, site)


@pytest.mark.parametrize("name", ["hostile.toml", "hostile-export.toml", "mini.toml"])
def test_fixtures_same_text_as_rich(name: str) -> None:
    data = load_dataset(FIXTURES / name)
    for width in WIDTHS:
        got = summary.render_text(data, data.latest_date, width)
        assert got == rich_text(data, data.latest_date, width), width


def test_generated_sites_same_text_as_rich() -> None:
    data = generated_dataset(150)
    for width in (60, 100, 160):
        for as_of in (dt.date(2023, 8, 20), data.latest_date):
            assert summary.render_text(data, as_of, width) == rich_text(data, as_of, width)


def test_the_tables_are_written_directly(dataset: Dataset) -> None:
    """The txt export takes every table's lines as plain text: the sites table's at 100
    columns are its title, its header and rule, and at least a line a site."""
    snap = dataset.on(dataset.latest_date)
    table = tables.sites_table(snap)
    lines = table.plain_lines(100)
    assert lines[0] == tables.sites_title(table.rows)
    assert lines[2].split() == " ".join(rows.SITE_COLUMNS).split()
    assert len(lines) > len(dataset.sites)
    assert "\n".join(lines) in summary.render_text(dataset, snap.as_of, 100)


def _work(count: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """What the txt export of `count` generated sites makes: Rich texts, facts with labels."""
    data = generated_dataset(count)
    made = {"Text": 0, "fact_records": 0}
    real_text, real_records = Text.__init__, Dataset.fact_records

    def text(self: Text, *args: object, **kwargs: object) -> None:
        made["Text"] += 1
        real_text(self, *args, **kwargs)  # type: ignore[arg-type]

    def records(self: Dataset) -> list[tuple[str, str, tuple[str, ...], object]]:
        made["fact_records"] += 1
        return real_records(self)

    with monkeypatch.context() as patch:
        patch.setattr(Text, "__init__", text)
        patch.setattr(Dataset, "fact_records", records)
        summary.render_text(type(data)(**_fields(data)), data.latest_date, 100)
    return made


def _fields(data: Dataset) -> dict[str, object]:
    """A dataset's fields, to make a copy with no snapshot made yet."""
    return {f: getattr(data, f) for f in Dataset.__dataclass_fields__ if not f.startswith("_")}


def test_the_work_per_site_is_plain_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 10,000 sites the export's time went into work done for every site that plain
    strings do not need: a Rich Text for each project left behind, a label and a path for
    every fact (80,000) to count and list the sources. Counted, not timed: as many Rich texts
    for 240 sites as for 60, and no fact's label made at all."""
    few, many = _work(60, monkeypatch), _work(240, monkeypatch)
    assert many["Text"] == few["Text"]
    assert many["fact_records"] == few["fact_records"] == 0
