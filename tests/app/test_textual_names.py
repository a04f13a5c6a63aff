"""No class of ours defines, by accident, a private name Textual's classes already use.

`DetailView._render(width)` shadowed `Widget._render()`: drag-select text in the pane, press
ctrl+c, and Textual's own call to `_render()` crashed the app (TypeError). A private method of
ours with Textual's name either overrides it on purpose (listed here, each for a reason) or is a
bug waiting for the code path that calls Textual's.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import tui

DELIBERATE = {
    ("ShadowedDisplay", "_display"): "write only the cells that changed (tui/screen_shadow.py)",
    ("ShadowedDisplay", "_on_resize"): "a resized terminal may show anything: forget the shadow",
    ("DashboardTabs", "_on_tab_pane_focused"): "follow focus into a pane only if it is still there",
}


def _our_classes() -> list[type]:
    classes = []
    for module_info in pkgutil.walk_packages(tui.__path__, "tui."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        classes += [
            cls
            for cls in vars(module).values()
            if inspect.isclass(cls) and cls.__module__ == module.__name__
        ]
    return classes


def _is_code(value: object) -> bool:
    return inspect.isfunction(value) or isinstance(value, (property, staticmethod, classmethod))


def test_no_private_textual_name_is_shadowed() -> None:
    shadowed = []
    for cls in _our_classes():
        foreign = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] in ("textual", "rich")]
        for name, value in vars(cls).items():
            if not name.startswith("_") or name.startswith("__") or not _is_code(value):
                continue
            owners = [b.__qualname__ for b in foreign if _is_code(vars(b).get(name))]
            if owners and (cls.__name__, name) not in DELIBERATE:
                shadowed.append(f"{cls.__module__}.{cls.__name__}.{name} shadows {owners[0]}")
    assert shadowed == []


def test_the_shadowing_check_can_fail() -> None:
    """The check sees a shadowing method (the bug it guards against)."""
    from textual.widget import Widget

    class Bad(Widget):
        def _render(self, width: int) -> bool:  # type: ignore[override]
            return bool(width)

    assert _is_code(vars(Bad)["_render"]) and _is_code(vars(Widget)["_render"])
