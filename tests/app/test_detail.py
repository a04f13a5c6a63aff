"""The Bases detail pane (tui/widgets/detail.py): what it shows, its keys, wrapping, hostile text.

What the user sees is read off the screen (the SVG screenshot, as tests/app/test_app.py does); the
pane's full content (`DetailView.lines`) only where the test needs to know what lies off screen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from rich.text import Text

from tests.conftest import FIXTURES, screen_lines, screen_text, wait_until
from tui.app import MinusmaApp
from tui.core.loader import load_dataset
from tui.core.model import Dataset
from tui.widgets.detail import DetailPane, DetailView

NOV_20 = dt.date(2023, 11, 20)
SCROLLBAR = " ▁▂▃▄▅▆▇█"


def make_app(dataset: Dataset) -> MinusmaApp:
    return MinusmaApp(dataset, as_of=NOV_20, animations=False)


async def open_site(app: MinusmaApp, pilot, site_id: str) -> DetailView:
    """Bases tab, cursor on `site_id`, enter: the pane has the keys."""
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    order = [s.id for s in app.dataset.sites]
    await pilot.press(*["j"] * order.index(site_id))
    await pilot.press("enter")
    await pilot.pause()
    assert app.selected_site == site_id
    assert isinstance(app.focused, DetailPane)
    return app.query_one(DetailView)


def pane_lines(app: MinusmaApp) -> list[str]:
    """The pane's lines as on screen: its rows, without the border, scrollbar or indentation."""
    region = app.query_one(DetailView).content_region
    rows = [re.split("[│║]", line) for line in screen_lines(app)[region.y : region.bottom]]
    # The part before the right border (the left border may not come out of the screenshot).
    return [parts[-2 if len(parts) > 2 else 0].rstrip(SCROLLBAR).strip() for parts in rows]


def pane_title(app: MinusmaApp) -> str:
    """The pane's border title, as text (a site's name is never markup)."""
    title = app.screen.query_one(DetailPane).border_title
    return title.plain if isinstance(title, Text) else Text.from_markup(str(title)).plain


def all_lines(view: DetailView) -> list[str]:
    """Every line of the pane, scrolled into view or not (stripped as `pane_lines` does)."""
    return [strip.text.strip() for strip in view.lines]


async def test_ansongo_shows_its_projects_after_scrolling(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_site(app, pilot, "ansongo")
        assert "Ansongo" in screen_text(app)  # the pane's title
        assert pane_title(app) == "Ansongo"  # the name once, in the border
        seen: list[str] = []
        for _ in range(30):  # far more pages than the pane has
            seen += pane_lines(app)
            text = "\n".join(seen)
            if "Police station" in text and "818 million FCFA" in text:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert "Police station" in text
        assert "818 million FCFA" in text


async def test_keys_scroll_the_pane_and_a_new_site_starts_at_its_top(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_site(app, pilot, dataset.sites[0].id)
        lines = all_lines(view)
        height = len(pane_lines(app))
        assert len(lines) > height  # there is something below to scroll to
        assert pane_lines(app)[0] == lines[0]
        await pilot.press("j", "j")
        await pilot.pause()
        assert pane_lines(app)[0] == lines[2]
        await pilot.press("k")
        await pilot.pause()
        assert pane_lines(app)[0] == lines[1]
        await pilot.press("G")
        await pilot.pause()
        assert pane_lines(app)[-1] == lines[-1]
        assert lines[-1] not in pane_lines(app)[:1]
        await pilot.press("g")
        await pilot.pause()
        assert pane_lines(app)[0] == lines[0]
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane_lines(app)[0] == lines[height - 1]
        # Back to the table, next site: the pane shows the new site from its first line.
        await pilot.press("escape", "j")
        await pilot.pause()
        assert app.selected_site == dataset.sites[1].id
        assert pane_title(app) == dataset.sites[1].name
        assert pane_lines(app)[0].startswith("Region")


async def test_a_wider_terminal_rewraps_the_pane(dataset: Dataset) -> None:
    app = make_app(dataset)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_site(app, pilot, dataset.sites[0].id)
        await pilot.press("f")  # the pane alone: as wide as the terminal
        await pilot.pause()
        narrow = all_lines(view)
        narrow_width = view.scrollable_content_region.width
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        wide = all_lines(view)
        wide_width = view.scrollable_content_region.width
        assert wide_width > narrow_width
        assert len(wide) < len(narrow)  # long paragraphs take fewer lines
        assert max(map(len, wide)) > narrow_width  # and use the new width...
        assert all(strip.cell_length == wide_width for strip in view.lines)  # ...no more
        assert any(len(line) > narrow_width for line in pane_lines(app))
        # The same words, only wrapped differently.
        assert " ".join(" ".join(narrow).split()) == " ".join(" ".join(wide).split())


async def test_hostile_text_is_shown_literally() -> None:
    hostile = load_dataset(FIXTURES / "hostile.toml")
    app = make_app(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_site(app, pilot, hostile.sites[0].id)
        assert pane_title(app) == "[/]"  # the site's name, as written
        text = "\n".join(all_lines(view))
        for literal in ["[red]x", "[bold]The governor", "[i]no[/i]", "[@click=app.quit]quit[/]"]:
            assert literal in text
        assert "\x1b" not in text and "dawn" in text
        shown = "\n".join(pane_lines(app))
        assert "[red]x" in shown and "[bold]The governor" in shown
        assert app.is_running  # "[@click=app.quit]" was text, not an action


async def test_a_reload_that_changes_the_sites_text_reaches_the_screen(dataset: Dataset) -> None:
    """The same site on the same date (the pane's key) with new words after a reload: the new
    lines are painted, not only drawn (they appeared only after a resize or another site)."""
    from tui import messages as msg

    app = make_app(dataset)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_site(app, pilot, dataset.sites[0].id)

        def painted() -> str:
            return "\n".join(line.text for line in view.render_lines(view.region.reset_offset))

        await wait_until(pilot, lambda: "Region" in painted(), "the site's lines")
        site = dataclasses.replace(dataset.sites[0], region="Renamed in the file")
        edited = dataclasses.replace(dataset, sites=(site, *dataset.sites[1:]))
        app.post_message(msg.DatasetReloaded(edited, "Reloaded"))
        await wait_until(
            pilot, lambda: "Renamed in the file" in painted(), "the new region painted"
        )
