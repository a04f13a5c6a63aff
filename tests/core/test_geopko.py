"""Geo-PKO: `import geopko` drafts a dataset that validates; `validate --geopko` checks one.

The fixtures (tests/fixtures/geopko/) are small made-up files in Geo-PKO's format; the real files
are used only where they are at hand (the research folder), never copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, FIXTURES
from tui import cli
from tui.core import geopko
from tui.core.loader import load_dataset, parse_dataset

TCC = FIXTURES / "geopko" / "TCCMap.csv"
FRONT = FIXTURES / "geopko" / "FrontMap.csv"
REAL = Path("/work/shared/research/geopko/TCCMap_v.2.3.csv")


def test_year_overview_is_read_as_contributors() -> None:
    assert geopko.parse_overview("Bangladesh (size unknown), China (300), Egypt (150)") == (
        geopko.Contributor("Bangladesh", None),
        geopko.Contributor("China", 300),
        geopko.Contributor("Egypt", 150),
    )
    assert geopko.parse_overview("Pakistan (650)") == (geopko.Contributor("Pakistan", 650),)
    assert geopko.parse_overview("") == ()


def test_geopko_spellings_resolve_to_iso_codes() -> None:
    assert [geopko.country_code(n) for n in ("UK", "Drc", "Cote d'Ivoire", "Ivory Coast")] == [
        "GBR",
        "COD",
        "CIV",
        "CIV",
    ]
    assert geopko.country_code("Multinational") is None
    assert geopko.country_code("Congo") is None  # two countries: not guessed


def test_a_file_that_is_not_geopko_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(geopko.GeoPkoError, match="not a Geo-PKO TCCMap file"):
        geopko.read_tcc(other)


def _draft(**options: object) -> geopko.Draft:
    defaults: dict[str, object] = {"mission": "DEMO", "year": 2023, "area": "South Kivu"}
    return geopko.draft(geopko.read_tcc(TCC), **{**defaults, **options})  # type: ignore[arg-type]


def test_the_draft_validates_and_cites_geopko() -> None:
    result = _draft()
    dataset = parse_dataset(result.text, "<draft>")
    assert [s.name for s in dataset.sites] == ["Alpha", "Bravo Camp"]
    assert (result.sites, result.contingents, result.estimates) == (2, 4, 3)
    assert dataset.mission.country == "COD"  # where its points lie (Natural Earth outlines)
    assert dataset.mission.area == "South Kivu"
    # the sum of every estimate at these locations (Multinational's 35 too), a placeholder
    assert dataset.mission.personnel_total == 650 + 150 + 150 + 35
    assert "PLACEHOLDER" in dataset.mission.personnel_counted
    alpha = dataset.site("alpha")
    assert (alpha.lat, alpha.lon, alpha.ordinal_inferred, alpha.states) == (-2.5, 28.0, True, ())
    assert [(c.country, c.figure, c.kind, c.figure_date) for c in alpha.contingents] == [
        ("PAK", 650, "estimate", "2023"),
        ("GBR", 150, "estimate", "2023"),
    ]
    bravo = dataset.site("bravo-camp")
    assert [(c.country, c.figure, c.kind) for c in bravo.contingents] == [
        ("URY", 150, "estimate"),
        ("BGD", None, None),  # size unknown: no figure
    ]
    (source,) = dataset.sources.values()
    assert "Cil, Fjelde, Hultman & Nilsson (2020), 'Mapping blue helmets'" in (source.note or "")
    assert "Journal of Peace Research 57(2)" in (source.note or "")
    assert all(sources == (source.id,) for _label, _path, sources in dataset.facts())


def test_the_draft_says_what_is_left_to_add() -> None:
    todo = "\n".join(_draft().todo)
    assert "closure" in todo and "receiver" in todo and "phases" in todo
    assert "'Multinational'" in todo  # no ISO country: left out, and said
    assert "Charlie (0.15° outside)" in todo  # just outside the area's box
    assert "Delta" not in todo  # far outside


def test_a_bbox_and_the_frontmap() -> None:
    box = geopko.parse_bbox("29,-2,30,1")
    fronts = geopko.read_front(FRONT)
    result = _draft(area=None, bbox=box, front=fronts, front_file="FrontMap.csv")
    dataset = parse_dataset(result.text, "<draft>")
    assert [s.name for s in dataset.sites] == ["Charlie", "Delta"]
    assert dataset.sites[0].region == "Congo (DRC)"  # no area: the country
    with_hq = parse_dataset(_draft(front=fronts).text, "<draft>")
    assert with_hq.site("alpha").kind == "headquarters"  # FrontMap's hq = 3
    assert with_hq.site("bravo-camp").kind == "camp"


@pytest.mark.parametrize(
    "options, words",
    [
        ({"mission": "NOPE"}, "no rows for mission 'NOPE'"),
        ({"year": 2030}, "no DEMO rows for 2030; it has 2022–2023"),
        ({"area": "Atlantis"}, "no extent known for area 'Atlantis'"),
        ({"area": None, "bbox": geopko.BBox(0, 0, 1, 1)}, "none of DEMO's 5 locations"),
    ],
)
def test_draft_errors(options: dict[str, object], words: str) -> None:
    with pytest.raises(geopko.GeoPkoError, match=words.replace("(", r"\(")):
        _draft(**options)


def test_bad_bboxes() -> None:
    for text in ("1,2,3", "a,b,c,d", "3,0,1,1"):
        with pytest.raises(geopko.GeoPkoError):
            geopko.parse_bbox(text)


def test_import_command_writes_a_draft_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo.toml"
    argv = ["import", "geopko", str(TCC), "--front", str(FRONT), "--mission", "DEMO"]
    argv += ["--year", "2023", "--area", "South Kivu", "-o", str(target)]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert f"{target}: valid (schema 2): 2 sites" in out
    assert "Drafted 2 sites, 4 contingents (3 with a unit-size estimate)" in err
    assert "Still to add:" in err
    assert load_dataset(target).site("alpha").kind == "headquarters"
    assert cli.main(["import", "geopko", str(TCC), "--mission", "DEMO", "--year", "2023"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# DEMO: a draft dataset") and "the draft validates" in err


def test_import_command_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["import", "geopko", str(tmp_path / "absent.csv"), "--mission", "X", "--year", "1"]
    assert cli.main(argv) == 1
    assert "absent.csv" in capsys.readouterr().err
    argv = ["import", "geopko", str(TCC), "--mission", "DEMO", "--year", "2023", "--bbox", "x"]
    assert cli.main(argv) == 1
    assert "is not W,S,E,N" in capsys.readouterr().err


def test_compare_reports_each_difference_and_a_summary() -> None:
    dataset = load_dataset(FIXTURES / "mini.toml")
    result = geopko.compare(dataset, geopko.read_tcc(TCC))
    assert result.year == 2023  # the year of its estimates
    assert result.summary == (
        "Geo-PKO: 2 of 3 sites matched; coordinates agree for 1 (within 0.05°), "
        "estimates agree for 0 of 1"
    )
    text = "\n".join(result.differences)
    assert "Centre camp: no Geo-PKO location (MINI, 2023) by that name" in text
    assert "South HQ: coordinates 12.0, -8.0 differ from Geo-PKO's 'South' (12.2, -8.0)" in text
    assert "North camp: SEN estimate 150 (2023): Geo-PKO says 650 at 'North'" in text
    assert result.not_in_dataset == [
        "North camp: Togo (size unknown), Geo-PKO 2023",
        "South HQ: Bangladesh (35), Geo-PKO 2023",
    ]
    later = geopko.compare(dataset, geopko.read_tcc(TCC), year=2024)
    assert later.coordinates_agree == 1 and later.matched == 1  # only South in 2024


def test_validate_geopko_ends_with_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(FIXTURES / "mini.toml"), "--geopko", str(TCC)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "mini.toml: valid (schema 2): 3 sites" in lines[0]
    assert "Differs from Geo-PKO (MINI, 2023):" in lines
    assert lines[-1].startswith("Geo-PKO: 2 of 3 sites matched")
    assert cli.main(["validate", "--geopko", str(TCC)]) == 1  # Geo-PKO has no MINUSMA rows here
    assert "no rows for mission 'MINUSMA'" in capsys.readouterr().err


@pytest.mark.skipif(not REAL.is_file(), reason="the real Geo-PKO file is not at hand")
def test_the_real_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(DATA), "--geopko", str(REAL)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Geo-PKO: 12 of 13 sites matched; coordinates agree for 12 (within 0.05°), "
        "estimates agree for 65 of 65"
    )
    target = tmp_path / "south-kivu.toml"
    argv = ["import", "geopko", str(REAL), "--mission", "MONUSCO", "--year", "2023"]
    assert cli.main([*argv, "--area", "South Kivu", "-o", str(target)]) == 0
    dataset = load_dataset(target)
    assert {s.name for s in dataset.sites} == {
        "Baraka",
        "Bukavu",
        "Bunyakiri",
        "Kamanyola",
        "Kavumu",
        "Minembwe",
        "Sange",
        "Shabunda",
        "Uvira",
        "Walungu",
    }
