"""Any mission, in the app: `:`, the palette and `M` switch every tab to another bundled mission;
the header names it; switching back restores MINUSMA."""

from __future__ import annotations

from textual.widgets import TabbedContent

from tests.conftest import DATA, ROOT, screen_lines, wait_until
from tui.app import MinusmaApp
from tui.core.loader import load_dataset
from tui.core.mission_files import bundled_missions, same_file
from tui.render import map as geo
from tui.screens.goto import mission_targets, resolve

MONUSCO = ROOT / "data" / "missions" / "monusco-south-kivu.toml"


def make_app() -> MinusmaApp:
    return MinusmaApp(load_dataset(DATA), data_path=DATA, animations=False)


def active_tab(app: MinusmaApp) -> str | None:
    return app.screen.query_one(TabbedContent).active


def test_the_bundled_missions_are_found() -> None:
    missions = {m.id: m for m in bundled_missions()}
    assert missions["minusma"].title == "MINUSMA (Mali)"
    assert missions["monusco-south-kivu"].title == "MONUSCO (South Kivu, Congo (DRC))"
    assert same_file(missions["monusco-south-kivu"].path, MONUSCO)


def test_go_to_names_a_mission() -> None:
    snap = load_dataset(DATA).on(load_dataset(DATA).latest_date)
    missions = mission_targets(bundled_missions(), str(DATA))
    found = resolve(snap, "monusco", missions=missions)
    assert not isinstance(found, str)
    assert (found.kind, found.value) == ("mission", "monusco-south-kivu")
    assert found.title == "Mission: MONUSCO (South Kivu, Congo (DRC))"
    assert [t.help for t in missions] == ["shown now", "switch the dashboard to it"]


async def test_switching_to_monusco_and_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "MINUSMA —" in screen_lines(app)[0], "the header")
        assert screen_lines(app)[0].split()[1:3] == ["MINUSMA", "—"]
        await pilot.press("2")
        await wait_until(pilot, lambda: "Ogossagou" in "\n".join(screen_lines(app)))
        # `:` names the mission; enter switches every tab to it.
        await pilot.press("colon", *"monusco", "enter")
        await wait_until(pilot, lambda: app.dataset.mission.name == "MONUSCO")
        monusco = app.dataset
        assert app.as_of == monusco.latest_date
        assert app.selected_site == monusco.sites[0].id == "kamanyola"
        assert app.history == ()
        assert active_tab(app) == "bases"
        await wait_until(pilot, lambda: "Kamanyola" in "\n".join(screen_lines(app)))
        lines = screen_lines(app)
        assert f"MONUSCO — as of {monusco.latest_date.isoformat()}" in lines[0]
        assert "Ogossagou" not in "\n".join(lines)
        # The map draws the Congo and MONUSCO's sites.
        await pilot.press("5")
        await wait_until(pilot, lambda: "Kamanyola" in "\n".join(screen_lines(app)))
        assert geo.mission_outline(app.snapshot) == geo.outline_for("COD")
        # Back through the palette.
        await pilot.press("ctrl+p")
        await pilot.press(*"Mission: MINUSMA")
        await wait_until(pilot, lambda: "Mission: MINUSMA (Mali)" in "\n".join(screen_lines(app)))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.dataset.mission.name == "MINUSMA")
        assert app.selected_site == app.dataset.sites[0].id
        assert app.as_of == app.dataset.latest_date
        await pilot.press("2")
        await wait_until(pilot, lambda: "Ogossagou" in "\n".join(screen_lines(app)))
        assert "MINUSMA — as of" in screen_lines(app)[0]


async def test_the_mission_picker() -> None:
    from tui.screens.missions import MissionPicker

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("M")
        await wait_until(pilot, lambda: isinstance(app.screen, MissionPicker))
        text = "\n".join(screen_lines(app))
        assert "MINUSMA (Mali)  shown now" in text
        assert "MONUSCO (South Kivu, Congo (DRC))" in text
        await pilot.press("enter")  # the mission shown: nothing to load, and it says so
        await wait_until(pilot, lambda: not isinstance(app.screen, MissionPicker))
        assert app.dataset.mission.name == "MINUSMA"
        await wait_until(pilot, lambda: "is the mission shown" in "\n".join(screen_lines(app)))
        await pilot.press("M", "down", "enter")
        await wait_until(pilot, lambda: app.dataset.mission.name == "MONUSCO")
        assert same_file(app.data_path or "", MONUSCO)  # the watcher follows the new file


async def test_the_overview_is_repainted_with_the_new_mission() -> None:
    """Switching mission on the Overview keeps the date's key of its page the same shape: the
    new page's lines must reach the screen, not only the widget (they were drawn only after a
    resize: MINUSMA's paragraphs under MONUSCO's header)."""
    from tui.screens.overview import OverviewLines

    def painted() -> str:
        """The page's lines as Textual keeps them painted (not as the widget would draw them)."""
        page = app.screen.query_one(OverviewLines)
        return "\n".join(line.text for line in page.render_lines(page.region.reset_offset))

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "MINUSMA ·" in painted(), "MINUSMA's page")
        await pilot.press("colon", *"monusco", "enter")
        await wait_until(pilot, lambda: app.dataset.mission.name == "MONUSCO")
        await wait_until(pilot, lambda: "MONUSCO ·" in painted(), "MONUSCO's page painted")
        assert "MINUSMA" not in painted()
