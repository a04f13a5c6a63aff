"""Words that are never cut in two (tui.render.blocks): wrapping, URLs, a row as a block."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tui.render.blocks import Block, block_lines, least_width, wrap, wrap_runs

WORDS = st.lists(st.text("abcdé-’,.0123456789", min_size=1, max_size=12), max_size=30)


@given(WORDS, st.integers(12, 80))
def test_lines_break_between_words_only(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = wrap(text, width)
    assert [w for line in lines for w in line.split(" ") if w] == words
    assert all(len(line) <= width for line in lines)
    # The fast path for plain ASCII gives the lines the general one does.
    slow = ["".join(t for t, _s in line) for line in wrap_runs([(text, "")], width)]
    assert lines == slow


def test_a_url_breaks_in_its_path_never_in_its_host() -> None:
    url = "https://www.millenniumpost.in/world/fifteen-un-peacekeepers-injured-539227"
    assert least_width(url) == len("https://www.millenniumpost.in/")
    lines = wrap(f"see {url} here", 32)
    assert lines[1] == "https://www.millenniumpost.in/"
    assert "".join(lines[1:-1]) + lines[-1].removesuffix(" here") == url
    assert all(len(line) <= 32 for line in lines)
    # A date in a path stays whole: no break between its digits.
    dated = "https://news.example.org/news/2023-12-12/German-troops-pull-out"
    assert any("2023-12-12" in line for line in wrap(dated, 30))
    # Only a host wider than the line leaves its scheme on a line of its own.
    long_host = "http://ec2-15-188-152-128.eu-west-3.compute.amazonaws.com/2024/01/13/x"
    lines = wrap(long_host, 54)
    assert lines[:2] == ["http://", "ec2-15-188-152-128.eu-west-3.compute.amazonaws.com/"]


def test_styles_follow_their_words_across_lines() -> None:
    runs = [("Ansongo:", "bold"), (" Police station built", ""), (" [S03, S01]", "dim")]
    lines = wrap_runs(runs, 24, first=23)
    assert [("".join(t for t, _s in line)) for line in lines] == [
        "Ansongo: Police station",
        "built [S03, S01]",
    ]
    assert lines[0][0] == ("Ansongo:", "bold") and lines[1][-1] == ("S01]", "dim")


def test_a_block_lines_its_labels_up_and_moves_a_wide_value_under_its_label() -> None:
    url = "https://" + "x" * 30
    fields = [("Date", "2023-11-18", ""), ("Contingents", "Niger", ""), ("URL", url, "")]
    block = Block(["9", "Ansongo"], fields)
    lines = ["".join(t for t, _s in line) for line in block_lines([block], 50)]
    assert lines[:3] == ["  9  Ansongo", "    Date:        2023-11-18", "    Contingents: Niger"]
    assert lines[3] == "    URL:" and lines[4] == "      " + url
    assert lines[-1] == ""
