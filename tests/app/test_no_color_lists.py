"""Under NO_COLOR a list's highlighted option is marked by its text's style (the palette, the
mission picker, the export formats): a background colour alone showed nothing."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tests.conftest import make_app, wait_until


@pytest.mark.parametrize("key", ["M", "e"], ids=["mission picker", "export formats"])
async def test_the_highlighted_option_is_marked_without_colour(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await wait_until(pilot, lambda: bool(app.screen.query(OptionList)), "the list")
        options = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: options.highlighted is not None, "a highlighted option")

        def marked(index: int) -> bool:
            strip = options.render_line(index - options.scroll_offset.y)
            return any(seg.style and (seg.style.underline or seg.style.reverse) for seg in strip)

        highlighted = options.highlighted
        assert highlighted is not None
        assert marked(highlighted)
        others = [i for i in range(options.option_count) if i != highlighted]
        assert others and not any(marked(i) for i in others)
