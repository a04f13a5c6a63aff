"""The README's pictures, drawn by the app itself: `python -m scripts.readme_pictures`.

Each picture is the real app at a fixed terminal size on a fixed as-of date, driven by the keys
a user would press (through Textual's Pilot), and saved as SVG (Textual's screenshot) in docs/.
tests/app/test_readme_pictures.py draws them again and fails when a committed picture is not
what the app draws now, so after a change to a screen this command is the whole update:

    python -m scripts.readme_pictures          # every picture, into docs/
    python -m scripts.readme_pictures map.svg  # only some

Run it from the repository's root (with the dev install's venv active): it draws the `tui` of
this checkout.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MINUSMA = ROOT / "data" / "withdrawal.toml"
MONUSCO = ROOT / "data" / "missions" / "monusco-south-kivu.toml"

SETTLE_TIMEOUT = 20.0
"""Seconds a picture may take to be drawn (a loaded two-core machine is slow)."""

TERMINAL = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
"""The terminal every picture is drawn for: full colour, whatever the one the command runs in."""
UNSET = ("NO_COLOR", "FORCE_COLOR", "TEXTUAL_COLOR_SYSTEM", "COLUMNS", "LINES")
"""What else would change the colours or the size the app draws with."""


@dataclass(frozen=True)
class Picture:
    """One picture: the app on `data` as of `as_of`, at `size`, after `keys`."""

    file: str
    """Its name in docs/ (the README links it)."""
    size: tuple[int, int]
    keys: tuple[str, ...]
    shows: str
    """A text the picture shows once drawn (one style, on one line): it is waited for."""
    as_of: dt.date
    data: Path = MINUSMA


NOV_20 = dt.date(2023, 11, 20)
PICTURES: tuple[Picture, ...] = (
    Picture("overview.svg", (80, 24), (), "Sites closed", NOV_20),
    Picture("bases-ansongo.svg", (120, 40), ("colon", *"ansongo", "enter"), "Ansongo", NOV_20),
    Picture("timeline.svg", (120, 40), ("4",), "departed", NOV_20),
    Picture("map.svg", (120, 40), ("colon", *"ansongo", "enter", "5"), "Selected:", NOV_20),
    Picture("monusco-south-kivu.svg", (120, 40), (), "Sites closed", dt.date(2025, 3, 27), MONUSCO),
)
"""Every picture the README shows (and no other: the test checks the README's links)."""


@contextmanager
def pinned_terminal() -> Iterator[None]:
    """The environment as `TERMINAL` says while the app is made (Rich and Textual read the
    colours and NO_COLOR then), the one before restored after."""
    saved = {name: os.environ.get(name) for name in (*TERMINAL, *UNSET)}
    try:
        for name in UNSET:
            os.environ.pop(name, None)
        os.environ.update(TERMINAL)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def draw(picture: Picture) -> str:
    """The picture as the app draws it now: SVG text."""
    from tui.app import MinusmaApp
    from tui.core.config import Config
    from tui.core.loader import load_dataset

    with pinned_terminal():
        # A default config: not the user's theme, first tab or keymap.
        app = MinusmaApp(
            load_dataset(picture.data), as_of=picture.as_of, config=Config(), animations=False
        )
    async with app.run_test(size=picture.size) as pilot:
        await pilot.press(*picture.keys)
        return await _settled(pilot, picture)


async def _settled(pilot: Pilot[Any], picture: Picture) -> str:
    """The screenshot once it shows `picture.shows` and two more frames changed nothing."""
    app = pilot.app
    deadline = time.monotonic() + SETTLE_TIMEOUT
    last, same = "", 0
    while same < 2:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{picture.file}: not drawn within {SETTLE_TIMEOUT:g} s")
        await pilot.pause()
        svg = app.export_screenshot(title="minusma-tui", simplify=True)
        shown = picture.shows in html.unescape(svg).replace("\xa0", " ")
        same = same + 1 if shown and svg == last else 0
        last = svg
    return last


async def write(pictures: Sequence[Picture]) -> None:
    for picture in pictures:
        svg = await draw(picture)
        path = DOCS / picture.file
        path.write_text(svg, encoding="utf-8")
        print(path.relative_to(ROOT))


def main(argv: Sequence[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    known = {picture.file: picture for picture in PICTURES}
    unknown = [name for name in names if name not in known]
    if unknown:
        print(f"no such picture: {', '.join(unknown)}; the pictures: {', '.join(known)}")
        return 2
    asyncio.run(write([known[name] for name in names] if names else PICTURES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
