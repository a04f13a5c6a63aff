"""Property tests: any input gives a model or a DatasetError, never a traceback."""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import DATA, FIXTURES
from tui.core.loader import DatasetError, build_dataset, parse_dataset
from tui.core.model import Dataset

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MINI = (FIXTURES / "mini.toml").read_text(encoding="utf-8")
SHIPPED = DATA.read_text(encoding="utf-8")
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def model_or_error(load) -> None:  # type: ignore[no-untyped-def]
    try:
        result = load()
    except DatasetError as exc:
        assert exc.problems, "a DatasetError must carry at least one problem"
        for problem in exc.problems:
            assert problem.file
            assert problem.message
    else:
        assert isinstance(result, Dataset)


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    model_or_error(lambda: parse_dataset(data, "fuzz.toml"))


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    model_or_error(lambda: parse_dataset(text, "fuzz.toml"))


@SETTINGS
@given(st.data())
def test_mutated_lines(data: st.DataObject) -> None:
    """Delete, duplicate or corrupt lines of a valid file."""
    lines = MINI.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "truncate", "replace"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, max(len(lines[i]) - 1, 0)))]
        else:
            lines[i] = data.draw(st.text(max_size=30))
        if not lines:
            break
    model_or_error(lambda: parse_dataset("\n".join(lines), "mutated.toml"))


toml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.times(),
)
toml_values = st.recursive(
    toml_scalars.filter(lambda v: v is not None),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


@SETTINGS
@given(st.data())
def test_mutated_values(data: st.DataObject) -> None:
    """Replace values anywhere in the parsed shipped dataset by values of any TOML type."""
    raw = tomllib.loads(SHIPPED)
    for _ in range(data.draw(st.integers(1, 3))):
        node = raw
        while True:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                break
            key = data.draw(st.sampled_from(keys))
            child = node[key]
            if isinstance(child, (dict, list)) and child and data.draw(st.booleans()):
                node = child
                continue
            node[key] = data.draw(toml_values)
            break
    model_or_error(lambda: build_dataset(raw, "values.toml"))
