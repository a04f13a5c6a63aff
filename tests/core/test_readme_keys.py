"""The README's key table is the one the action declarations make (tui/core/actions.py).

Change a key, a word or add an action, and this fails until the README's table is regenerated
(`python -m tui.core.actions` prints it).
"""

from __future__ import annotations

from pathlib import Path

from tui.core.actions import ACTIONS, key_table

README = Path(__file__).resolve().parent.parent.parent / "README.md"


def readme_key_table() -> str:
    """The table under "### Keys": its lines that start with `|`."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Keys\n") :]
    lines = section.splitlines()[1:]
    first = next(index for index, line in enumerate(lines) if line.startswith("|"))
    table = []
    for line in lines[first:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return "\n".join(table) + "\n"


def test_the_readme_key_table_is_generated_from_the_declarations() -> None:
    assert readme_key_table() == key_table(), "run `python -m tui.core.actions` into README.md"


def test_every_action_is_in_the_table_once() -> None:
    table = key_table()
    for entry in ACTIONS:
        assert entry.long.replace("|", "\\|") in table, entry.id
    assert len({entry.id for entry in ACTIONS}) == len(ACTIONS)
