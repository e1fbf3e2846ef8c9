"""Command-palette providers: jump to any client by (fuzzy) name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from handover_tui.ui.typed import app_of


class OpenClientCommands(Provider):
    """“Open client: …” for every client not archived."""

    async def startup(self) -> None:
        from handover_tui.services import clients

        app = app_of(self.screen)
        try:
            self.names = await asyncio.to_thread(lambda: clients.client_names(app.database()))
        except Exception:  # the palette still works for other commands
            self.names = []

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        open_client = app_of(self.screen).open_client
        for client_id, name in self.names:
            title = f"Open client: {name}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(open_client, client_id),
                    text=title,
                    help="Show this client's overview and contacts",
                )

    async def discover(self) -> Hits:
        open_client = app_of(self.screen).open_client
        for client_id, name in self.names[:10]:
            yield DiscoveryHit(
                f"Open client: {name}",
                partial(open_client, client_id),
                help="Show this client's overview and contacts",
            )
