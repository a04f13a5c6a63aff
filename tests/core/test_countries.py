"""Countries by ISO alpha-3 code, named from CLDR (tui.core.countries)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import DATA, FIXTURES, ROOT
from tui.core import countries


@pytest.mark.parametrize("module", ["tui.core.countries", "tui.render.map"])
def test_importing_does_not_import_babel(module: str) -> None:
    # Babel loads on the first lookup, never on the way to the first frame.
    code = f"import {module}, sys; assert 'babel' not in sys.modules, 'babel imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_map_of_a_country_given_by_code_needs_no_babel() -> None:
    # The outline file's own ids answer for a code: only a name ("Mali") is looked up in CLDR.
    code = (
        "import sys; from tui.render.map import outline_for; assert outline_for('MLI'); "
        "assert 'babel' not in sys.modules, 'babel imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", ["MLI", "SEN", "COD", "DEU", "GBR", "CIV", "NOR", "IDN", "QAT"])
def test_current_codes_are_countries(code: str) -> None:
    assert countries.is_country(code)


@pytest.mark.parametrize(
    "code",
    [
        "mli",  # codes are upper case, as ISO writes them
        "ML",  # alpha-2
        "466",  # numeric
        "ZAR",  # Zaire: withdrawn, though CLDR still maps it to CD
        "BUR",
        "SUN",  # split into fifteen
        "YUG",
        "XKK",  # CLDR's Kosovo: ISO private use
        "QOO",  # CLDR's Outlying Oceania
        "EUE",
        "",
        "XYZ",
    ],
)
def test_other_codes_are_not(code: str) -> None:
    assert not countries.is_country(code)


def test_each_region_has_one_current_code() -> None:
    # CLDR's alias table holds withdrawn codes beside current ones; if a new CLDR adds another
    # pair, `_WITHDRAWN` needs its old code.
    regions = list(countries._regions().values())
    assert len(regions) == len(set(regions))


def test_names_are_cldr_english_by_default() -> None:
    assert countries.country_name("SEN") == "Senegal"
    assert countries.country_name("MLI") == "Mali"
    assert countries.country_name("DEU") == "Germany"
    assert countries.country_name("GBR") == "United Kingdom"
    assert countries.country_name("BFA") == "Burkina Faso"
    assert countries.country_name("CIV") == "Côte d’Ivoire"  # CLDR's apostrophe


def test_the_two_congos_read_as_a_pair_not_by_their_capitals() -> None:
    assert countries.country_name("COD") == "Congo (DRC)"
    assert countries.country_name("COG") == "Congo (Republic)"
    assert "Kinshasa" not in countries.country_name("COD")


def test_names_in_another_locale() -> None:
    assert countries.country_name("SEN", "fr") == "Sénégal"
    assert countries.country_name("DEU", "de") == "Deutschland"
    assert countries.country_name("COD", "fr") == "Congo-Kinshasa"  # CLDR's French, no override


def test_an_unknown_code_is_shown_as_typed() -> None:
    assert countries.country_name("XYZ") == "XYZ"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Côte d'Ivoire", "CIV"),  # straight apostrophe, as the dataset writes it
        ("Côte d’Ivoire", "CIV"),
        ("cote d'ivoire", "CIV"),
        ("Senegal", "SEN"),
        ("  senegal ", "SEN"),
        ("Burkina Faso", "BFA"),
        ("Germany", "DEU"),
        ("Mali", "MLI"),
        ("United Kingdom", "GBR"),
        ("Congo (DRC)", "COD"),
        ("Congo - Kinshasa", "COD"),  # CLDR's default short name still finds it
        ("Congo (Republic)", "COG"),
        ("Myanmar", "MMR"),  # "Myanmar (Burma)" by its part before the bracket
        ("Bosnia and Herzegovina", "BIH"),  # CLDR writes "&"
        ("SEN", "SEN"),  # already a code
    ],
)
def test_code_for_name(name: str, code: str) -> None:
    assert countries.code_for_name(name) == code


@pytest.mark.parametrize("name", ["Congo", "Testland", "", "Sen"])
def test_no_code_for_an_ambiguous_or_unknown_name(name: str) -> None:
    assert countries.code_for_name(name) is None


def test_code_for_a_name_in_another_locale() -> None:
    assert countries.code_for_name("Allemagne", "fr") == "DEU"
    assert countries.code_for_name("Allemagne") is None


def test_every_contributor_in_the_dataset_has_a_code() -> None:
    # The migration from names to codes mapped every country the schema-1 dataset named.
    text = (FIXTURES / "schema1" / "withdrawal.toml").read_text(encoding="utf-8")
    names = set(re.findall(r'^\s*country\s*=\s*"([^"]*)"', text, flags=re.MULTILINE))
    assert len(names) > 20
    unmapped = sorted(name for name in names if countries.code_for_name(name) is None)
    assert unmapped == []
    # and back: each code's name is the one the dataset wrote (but CLDR's curly apostrophe)
    for name in names:
        shown = countries.country_name(countries.code_for_name(name) or "")
        assert shown.replace("’", "'") == name


def test_the_shipped_dataset_names_its_countries_by_code() -> None:
    text = DATA.read_text(encoding="utf-8")
    codes = set(re.findall(r'^\s*country\s*=\s*"([^"]*)"', text, flags=re.MULTILINE))
    assert codes and all(countries.is_country(code) for code in codes)


def test_country_code_takes_a_code_or_a_name() -> None:
    assert countries.country_code("MLI") == "MLI"
    assert countries.country_code("Mali") == "MLI"
    assert countries.country_code("Congo (DRC)") == "COD"
    assert countries.country_code("Atlantis") is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("mli", "MLI"),
        ("ZAR", "COD"),  # Zaire's code, withdrawn
        ("BUR", "MMR"),
        ("Senegal", "SEN"),
        ("SNE", "SEN"),
        ("MLII", "MLI"),
    ],
)
def test_suggest(typed: str, meant: str) -> None:
    assert countries.suggest(typed) == meant


def test_no_suggestion_for_nothing_like_a_code() -> None:
    assert countries.suggest("a long string that names no country") is None
