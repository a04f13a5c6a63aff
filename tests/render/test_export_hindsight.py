"""An export read on its own says which of its sources were not published yet on its date: the
same "+" and the same sentence as the Sources tab (tui/render/hindsight.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DATA
from tui.core.loader import load_dataset
from tui.render.export import render

AS_OF = dt.date(2023, 11, 20)


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_later_sources_are_marked_and_counted(fmt: str) -> None:
    dataset = load_dataset(DATA)
    text = render(dataset, AS_OF, fmt, 100, None)
    assert "2023-12 +" in text  # S78, dated December 2023
    assert "With hindsight: 24 sources dated after 2023-11-20" in " ".join(text.split())
    assert "--known (as known then) hides them" in " ".join(text.split())


def test_as_known_then_says_what_it_left_out() -> None:
    dataset = load_dataset(DATA)
    text = " ".join(render(dataset, AS_OF, "txt", 100, None, known=True).split())
    assert " + " not in text.split("Sources", 1)[-1]
    assert "As known then: 38 sources dated after 2023-11-20 or undated left out" in text
