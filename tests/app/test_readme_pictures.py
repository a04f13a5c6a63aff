"""The README's pictures are what the app draws now (issue 23: they showed a footer and a
Timeline the app no longer had).

Each picture in docs/ is drawn again by `scripts.readme_pictures` (the script that made it) and
compared as the SVG snapshots are (tests/app/test_snapshots.py): as text, with the id Rich puts
in the SVG's class names normalised by pytest-textual-snapshot's own `normalize_svg`. After an
intended change to a screen: `python -m scripts.readme_pictures`, look, commit.
"""

from __future__ import annotations

import re

import pytest
from pytest_textual_snapshot import normalize_svg

from scripts.readme_pictures import DOCS, PICTURES, ROOT, Picture, draw

UPDATE = "python -m scripts.readme_pictures"


@pytest.mark.parametrize("picture", PICTURES, ids=[p.file.removesuffix(".svg") for p in PICTURES])
async def test_each_picture_is_what_the_app_draws(picture: Picture) -> None:
    committed = normalize_svg((DOCS / picture.file).read_text(encoding="utf-8"))
    drawn = normalize_svg(await draw(picture))
    if drawn != committed:
        old, new = committed.splitlines(), drawn.splitlines()
        line = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
            min(len(old), len(new)),
        )
        pytest.fail(
            f"docs/{picture.file} is not what the app draws now (first difference at line "
            f"{line + 1}: {old[line : line + 1]} became {new[line : line + 1]}); redraw the "
            f"README's pictures with `{UPDATE}`, look at them and commit them"
        )


def test_the_readme_shows_every_picture_and_no_other() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(docs/([^)\s]+\.svg)\)", readme))
    drawn = {picture.file for picture in PICTURES}
    assert linked == drawn
    assert {path.name for path in DOCS.glob("*.svg")} == drawn  # no picture left behind
    assert UPDATE in readme  # the development section says how to redraw them
