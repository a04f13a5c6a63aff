"""Countries by ISO 3166-1 alpha-3 code ("MLI", "SEN", "COD"), named from CLDR through Babel.

A dataset keys a country by its code and the app shows its name, so one spelling serves every
mission and a typo is caught as an unknown code rather than shown as a new country. The names are
CLDR's (the Unicode Consortium's locale data, which Babel ships), not a table typed here: a
renaming (Türkiye, Czechia, North Macedonia) arrives with a new Babel.

Babel is imported inside the functions, on the first lookup: importing this module costs nothing,
so it stays off the path to the first frame (a test says so). Every lookup is cached.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_WITHDRAWN = frozenset({"BUR", "DDR", "FXX", "TMP", "YMD", "ZAR"})
"""Withdrawn alpha-3 codes that CLDR still maps onto a current region (Burma, East Germany,
Metropolitan France, East Timor, South Yemen, Zaire). CLDR's alias table keeps old and current
codes side by side and Babel drops the reason that tells them apart, so these six are named here:
a list of ISO codes, not of names. A test checks that no other region has two alpha-3 codes."""

_CLDR_EN_VARIANTS: dict[str, str] = {"CD": "Congo (DRC)", "CG": "Congo (Republic)"}
"""CLDR's own English alternates (`alt="variant"` in en.xml) for the two Congos.

CLDR's default short names, "Congo - Kinshasa" and "Congo - Brazzaville", name each country by its
capital, which reads badly in a report ("MONUSCO, Congo - Kinshasa"). CLDR offers one alternate
each, and "Congo (DRC)" is the clearest well-known English name it has for the Democratic Republic
of the Congo; its neighbour takes CLDR's matching "Congo
(Republic)" so the two still read as a pair. Babel drops every `alt` form when it imports CLDR
(its `import_cldr.py` skips them), so the two strings are copied from CLDR here, for English only.
"""


def _normal(name: str) -> str:
    """A name folded for matching: no accents, any case, curly or straight apostrophe, & or and."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("’", "'").replace("‘", "'").replace("`", "'").replace("&", " and ")
    return " ".join(plain.casefold().split())


def _private_use(code: str) -> bool:
    """ISO leaves AAA-AAZ, QMA-QZZ, XAA-XZZ and ZZA-ZZZ to private use: CLDR's XKK (Kosovo) is one,
    and its Outlying Oceania (QOO) another; none is a country's ISO code."""
    return code[:2] in ("AA", "ZZ") or "QM" <= code[:2] <= "QZ" or code[0] == "X"


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    """CLDR's territory aliases: alpha-3 and numeric codes, current and withdrawn, to regions."""
    from babel.core import get_global

    aliases = get_global("territory_aliases")
    return {alias: tuple(targets) for alias, targets in aliases.items()}


@cache
def _regions() -> dict[str, str]:
    """Every current alpha-3 code CLDR names, to its CLDR region (alpha-2): {"MLI": "ML", ...}."""
    from babel import Locale

    named = Locale("en").territories
    return {
        alias: targets[0]
        for alias, targets in _aliases().items()
        if len(alias) == 3
        and alias.isalpha()
        and alias.isupper()
        and alias not in _WITHDRAWN
        and not _private_use(alias)
        and len(targets) == 1  # a split country (SUN, YUG) is not one region any more
        and targets[0] in named
    }


@cache
def codes() -> frozenset[str]:
    """Every current ISO alpha-3 country code CLDR names."""
    return frozenset(_regions())


def is_country(code: str) -> bool:
    """Whether `code` is a current ISO 3166-1 alpha-3 country code (upper case) that CLDR names."""
    return code in _regions()


@cache
def country_name(code: str, locale: str = "en") -> str:
    """The country's name in `locale` (English by default): "SEN" -> "Senegal".

    A code CLDR does not know comes back as typed, so a report never fails on one (the loader is
    where an unknown code is an error). English uses CLDR's alternates for the two Congos (see
    `_CLDR_EN_VARIANTS`): "COD" -> "Congo (DRC)".
    """
    region = _regions().get(code)
    if region is None:
        return code
    from babel import Locale

    parsed = Locale.parse(locale)
    if parsed.language == "en" and region in _CLDR_EN_VARIANTS:
        return _CLDR_EN_VARIANTS[region]
    name: str = parsed.territories.get(region) or Locale("en").territories[region]
    return name


@cache
def _names(locale: str) -> dict[str, str | None]:
    """Folded name -> code, for every name CLDR gives a country in `locale`; None if ambiguous.

    Besides the name shown, each country is found by CLDR's plain short name ("Congo - Kinshasa"),
    and a name with a bracket by its part before it ("Myanmar (Burma)" by "Myanmar"). A name two
    countries share ("Congo") maps to None: guessing would be worse than asking.
    """
    from babel import Locale

    territories = Locale.parse(locale).territories
    index: dict[str, str | None] = {}

    def add(name: str, code: str) -> None:
        key = _normal(name)
        if key and index.setdefault(key, code) != code:
            index[key] = None

    for code, region in _regions().items():
        names = {country_name(code, locale), territories.get(region) or ""}
        for name in names - {""}:
            add(name, code)
            if "(" in name:
                add(name.split("(", 1)[0], code)
    return index


def code_for_name(name: str, locale: str = "en") -> str | None:
    """The alpha-3 code of a country named in `locale` (English by default), or None.

    For migrating datasets that named countries in words: case, accents, the kind of apostrophe and
    "&" against "and" do not matter ("Cote d'Ivoire" -> "CIV", "bosnia and herzegovina" -> "BIH").
    A current code is returned as it is, so a half-migrated file migrates too.
    """
    if is_country(name.strip()):
        return name.strip()
    return _names(locale).get(_normal(name))


def country_code(value: str) -> str | None:
    """The alpha-3 code for a mission's country written either way: "MLI" or "Mali" -> "MLI".

    For the transition from names to codes in the dataset: the map works on files of both kinds.
    """
    return value if is_country(value) else code_for_name(value)


def suggest(code: str) -> str | None:
    """The current code most likely meant by an unknown `code`, or None.

    In turn: the code in upper case ("mli"), a withdrawn code's successor ("ZAR" -> "COD"), the
    code of a country written out ("Senegal" -> "SEN"), the same letters in another order ("SNE"
    -> "SEN": spelling alone would say "SWE"), then the closest code by spelling.
    """
    from tui.core.suggest import closest

    word = code.strip()
    if is_country(word.upper()):
        return word.upper()
    successors = _aliases().get(word.upper(), ())
    if len(successors) == 1:
        found = [c for c, region in _regions().items() if region == successors[0]]
        if found:
            return found[0]
    by_name = code_for_name(word)
    if by_name is not None:
        return by_name
    if len(word) > 4:
        return None
    swapped = sorted(c for c in codes() if sorted(c) == sorted(word.upper()))
    return swapped[0] if len(swapped) == 1 else closest(word.upper(), sorted(codes()))
