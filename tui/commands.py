"""Command palette providers: jump to a site by name (ctrl+p, and `/` on its own).

Site names come from the dataset, so they are handed to the palette as `rich.text.Text` (never as
markup strings, which the palette would parse): a site called `[red]x` shows as typed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import MinusmaApp


class SiteCommands(Provider):
    """One command per site: "Site: Ansongo" opens that site on the Bases tab."""

    @property
    def _app(self) -> MinusmaApp:
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, str, str]]:
        return [
            (f"Site: {site.name}", f"{site.region} · {site.date.isoformat()}", site.id)
            for site in self._app.dataset.sites
        ]

    async def discover(self) -> Hits:
        for title, help_text, site_id in self._entries():
            yield DiscoveryHit(
                Text(title),
                partial(self._app.open_site, site_id),
                text=title,
                help=escape(help_text),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, site_id in self._entries():
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                display = Text(title)
                for offset in offsets:
                    display.stylize("bold underline", offset, offset + 1)
                yield Hit(
                    score,
                    display,
                    partial(self._app.open_site, site_id),
                    text=title,
                    help=escape(help_text),
                )
