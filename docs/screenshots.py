"""Regenerate the README's screenshots: `python docs/screenshots.py`, with the package installed.

Each is the real app at 120x40 on 2023-11-20, driven by keys through Textual's Pilot, so the
pictures show exactly what a user sees.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from tui.app import MinusmaApp
from tui.core.config import packaged_dataset
from tui.core.loader import load_dataset

DOCS = Path(__file__).resolve().parent
AS_OF = dt.date(2023, 11, 20)
SHOTS = {
    # file: (keys pressed after start, how far to scroll the focused pane)
    "bases-ansongo.svg": ("2", "ansongo"),
    "map.svg": ("5", "ansongo"),
    "timeline.svg": ("4", None),
}


async def shoot(name: str, tab_key: str, site: str | None) -> None:
    app = MinusmaApp(load_dataset(packaged_dataset()), as_of=AS_OF, animations=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if site is not None:
            app.selected_site = site
        await pilot.press(tab_key)
        for _ in range(4):  # the tab mounts, then the pane catches up with the selection
            await pilot.pause()
        app.save_screenshot(filename=name, path=str(DOCS))
    print(DOCS / name)


async def main() -> None:
    for name, (key, site) in SHOTS.items():
        await shoot(name, key, site)


if __name__ == "__main__":
    asyncio.run(main())
