"""The Bases detail pane: one site in full, drawn with Textual's line API.

A `Static` in a scrolling container renders its whole content twice per update (once to
measure it, once to paint it) and repaints the whole pane. Here a site is rendered once per
(site, as-of date, width) into strips, kept in a small LRU, and only the lines on screen are
drawn; moving from one site to the next repaints only the lines that differ.

Two widgets, as before: `DetailPane` is the focusable frame (border, site name as its title,
the scrolling keys) and `DetailView` (id "detail") draws the lines inside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from typing import ClassVar

from rich.cells import cell_len
from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Container
from textual.events import Click
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from tui.core.model import Dataset, Site
from tui.messages import SourcesPicked
from tui.render import summary
from tui.widgets.bindings import bindings_for
from tui.widgets.repaint import repaint_all_unless_shown, repaint_window_lines

_CITATION = re.compile(r"\[([^\[\]]+)\]")
"""A citation as `tui.render.words.cite` writes it: `[S01, S02]`."""
CACHE_SIZE = 32
"""Rendered sites kept (each a few dozen strips): going back and forth costs nothing."""


TITLE_ROOM = 40
"""Cells of a name the border's title always shows whole (the pane is never narrower than
48 cells): a longer name is cut there, so the pane's first line gives it in full."""


def name_in_body(site: Site) -> bool:
    """Whether the pane writes the site's name on its first line too: only when the border's
    title may cut it (a line saved: at 120x40 Ansongo's projects are on screen)."""
    return cell_len(site.name) > TITLE_ROOM


class RenderedLines(ScrollView):
    """Lines of one renderable, wrapped to the view's width, drawn only where visible: the
    detail pane's site, the Overview's page."""

    DEFAULT_CSS = """
    RenderedLines {
        height: 1fr;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """
    # The gutter is always reserved, so the wrap width never depends on whether the content
    # needs a scrollbar (which would depend on the wrap width).

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._key: tuple | None = None
        self._build: Callable[[], RenderableType] = Text
        self._renderable: RenderableType | None = None
        self._lines: list[Strip] = []
        self._width = 0
        self._cache: LRUCache[tuple, list[Strip]] = LRUCache(CACHE_SIZE)
        self._base_style: Style | None = None

    @property
    def content(self) -> RenderableType:
        """What the view shows, as a Rich renderable (built on first use)."""
        if self._renderable is None:
            self._renderable = self._build()
        return self._renderable

    @property
    def lines(self) -> list[Strip]:
        """The rendered lines at the current width (all of them, not only the visible ones)."""
        return self._lines

    def show(self, key: tuple, build: Callable[[], RenderableType], *, top: bool) -> None:
        """Show what `build` returns, cached under `key` (the same key means the same lines):
        `build` is only called when those lines aren't cached yet.

        `top` scrolls back to the first line (a new site); otherwise the scroll position stays
        and only the visible lines that changed are repainted.
        """
        self._build, self._renderable = build, None
        old_lines = self._lines
        self._key = key
        if not self._render_at(self._width):
            return
        if top and self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.refresh()
        elif self._lines is not old_lines:
            # Not `key != old_key`: the same key draws other lines once the cache was cleared
            # for a new dataset (a reload, another mission on the same date), and those lines
            # must reach the screen too.
            self._refresh_changed(old_lines)

    def clear_cache(self) -> None:
        """Forget every rendered site (a new dataset or theme)."""
        self._cache.clear()

    # --- rendering ------------------------------------------------------------------------------

    def _render_at(self, width: int) -> bool:
        """Lines for the current key at `width`, from the cache or rendered once. False until
        the view has a size."""
        if width <= 0 or self._key is None:
            return False
        base = self.base_style
        cache_key = (*self._key, width, base)
        lines = self._cache.get(cache_key)
        if lines is None:
            console = self.app.console
            options = console.options.update_width(width).update(highlight=False)
            rendered = console.render_lines(self.content, options, style=base, pad=True)
            # Runs of one style become one segment: fewer style switches on the wire.
            lines = [Strip(line, width).simplify() for line in rendered]
            self._cache[cache_key] = lines
        self._lines = lines
        self._width = width
        self._set_virtual_size(Size(width, len(lines)))
        return True

    def _set_virtual_size(self, size: Size) -> None:
        """A new height without a screen layout (`virtual_size` is a layout reactive, and a
        layout per key costs more than the rest of the key together). Only the scrollbar needs
        to know; if it appears or disappears, that still lays out the screen."""
        if size == self.virtual_size:
            return
        if not self.container_size:
            self.virtual_size = size  # not laid out yet: let the layout size everything
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)

    def _refresh_changed(self, old: list[Strip]) -> None:
        """Repaint only the visible lines that differ: what an SSH link has to carry on every
        key. (Narrowing each line to its changed cells saved 3% of the bytes for more CPU
        than the rest of the key: not worth it.)"""
        if repaint_all_unless_shown(self):
            return
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        new = self._lines
        changed = [
            y
            for y in range(top, top + height)
            if (old[y] if y < len(old) else None) != (new[y] if y < len(new) else None)
        ]
        # One region per run of changed lines: a refresh call per line costs more than the
        # comparison.
        start = previous = -2
        for y in [*changed, -2]:
            if y != previous + 1:
                if start >= 0:
                    repaint_window_lines(self, start - top, previous - start + 1)
                start = y
            previous = y

    @property
    def base_style(self) -> Style:
        """The widget's colours as a Rich style. Textual's `rich_style` walks every ancestor's
        styles on each call; this is asked once per line drawn, so it is kept until the styles
        change (a theme switch, focus)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._base_style is not None and self._base_style != self.rich_style:
            self._base_style = None
            if self._key is not None and self._render_at(self._width):
                self.refresh()

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width and self._render_at(width):
            self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text (mouse drag, then ctrl+c), read from the lines as drawn: the
        default reads a renderable this line-API view doesn't have."""
        text = "\n".join(line.text.rstrip() for line in self._lines)
        return selection.extract(text), "\n"

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        content_width = self.scrollable_content_region.width
        if content_width != self._width and self._key is not None:
            # Laid out but not yet told (the Resize comes after the first frame): render now,
            # so the first frame has the lines rather than a blank pane and a second frame.
            self._render_at(content_width)
        index = round(self.scroll_y) + y
        if index >= len(self._lines):
            return Strip.blank(width, self.base_style)
        return self._lines[index].crop_extend(0, width, self.base_style)


class DetailView(RenderedLines):
    """One site's lines in the detail pane; a cited source id in them opens on a click."""

    def cited_sources(self, known: Collection[str]) -> list[str]:
        """The source ids cited in the lines shown (`[S03, S07]`), in order, each once; only
        ids in `known` count (a bracket in a note is not a citation)."""
        text = " ".join(line.text.rstrip() for line in self._lines)
        found: dict[str, None] = {}
        for group in _CITATION.findall(text):
            for sid in group.split(","):
                if sid.strip() in known:
                    found[sid.strip()] = None
        return list(found)

    def source_at(self, x: int, y: int, known: Collection[str]) -> str | None:
        """The cited source id under a cell of the view (a click on `[S03]`), if any."""
        index = round(self.scroll_y) + y
        if not 0 <= index < len(self._lines):
            return None
        line = self._lines[index].text
        for match in _CITATION.finditer(line):
            if not match.start() <= x < match.end():
                continue
            position = match.start(1)
            for part in match.group(1).split(","):
                sid = part.strip()
                begin = position + len(part) - len(part.lstrip())
                # The id itself, or the bracket or comma next to it.
                if sid in known and begin - 1 <= x <= begin + len(sid):
                    return sid
                position += len(part) + 1
        return None

    def on_click(self, event: Click) -> None:
        """A click on a citation opens that source (the detail pane asks the app)."""
        pane = self.parent
        if not isinstance(pane, DetailPane) or pane.dataset is None:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        sid = self.source_at(offset.x, offset.y, pane.dataset.sources)
        if sid is not None:
            event.stop()
            self.post_message(DetailPane.SourcesPicked((sid,)))


class DetailPane(Container, can_focus=True):
    """The focusable frame around `DetailView`: the site's name as its title, and its keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        *bindings_for("detail"),
    ]
    """The keys every scrolling pane has (so the help lists them once, with the others'), and
    `c` for the sources cited."""

    SourcesPicked = SourcesPicked
    """The message the pane posts (tui/messages.py), by its old name."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._dataset: Dataset | None = None
        self._site_id: str | None = None
        self._title_only = False
        self._title_plain: str | None = None

    def compose(self) -> ComposeResult:
        yield DetailView(id="detail")

    @property
    def view(self) -> DetailView:
        return self.query_one(DetailView)

    @property
    def dataset(self) -> Dataset | None:
        """The dataset of the site shown (None before the first)."""
        return self._dataset

    def action_pick_source(self) -> None:
        """`c`: the sources cited in what the pane shows, for the app to offer."""
        if self._dataset is None or self._site_id is None:
            self.app.bell()
            return
        ids = self.view.cited_sources(self._dataset.sources)
        if not ids:
            self.notify("This detail cites no source.", markup=False)
            return
        self.post_message(self.SourcesPicked(tuple(ids)))

    # --- what it shows --------------------------------------------------------------------------

    def show_site(self, dataset: Dataset, site: Site, as_of: dt.date, known: bool = False) -> None:
        """Show a site on a date. A new site starts at its top; a new date keeps the place."""
        view = self.view
        if dataset is not self._dataset:
            view.clear_cache()
            self._dataset = dataset
        new_site = site.id != self._site_id
        self._site_id = site.id
        view.show(
            ("site", site.id, as_of, known),
            lambda: summary.site_detail(dataset, site, as_of, known, name=name_in_body(site)),
            top=new_site,
        )
        self._set_title(Text(site.name))

    def show_message(self, message: str) -> None:
        """No site: a plain message in place of the detail."""
        self._site_id = None
        self.view.show(("message", message), lambda: Text(message), top=True)
        self._set_title(Text("No site"))

    def _set_title(self, title: Text) -> None:
        """Set the border title (a Text, so a site's name is never markup), repainting only
        the border's top line rather than the whole pane."""
        if title.plain == self._title_plain:
            return
        self._title_plain = title.plain
        self._title_only = True
        try:
            self.border_title = title
        finally:
            self._title_only = False

    def refresh(self, *regions: Region, **kwargs: bool) -> DetailPane:
        if self._title_only and not regions and not kwargs and self.is_mounted and self.size.area:
            offset = self.content_offset
            top = Region(-offset.x, -offset.y, self.outer_size.width, 1)
            return super().refresh(top)
        return super().refresh(*regions, **kwargs)

    # --- keys -----------------------------------------------------------------------------------

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(self._page)

    def action_page_up(self) -> None:
        self._scroll_by(-self._page)

    def action_scroll_home(self) -> None:
        self.view.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        view = self.view
        view.scroll_to(y=view.max_scroll_y, animate=False, immediate=True)

    @property
    def _page(self) -> int:
        return max(1, self.view.scrollable_content_region.height - 1)

    def _scroll_by(self, lines: int) -> None:
        """Scroll the view without animation: one frame per key, not a dozen, over SSH."""
        view = self.view
        view.scroll_to(y=view.scroll_y + lines, animate=False, immediate=True)
