"""One search box over clients, contacts and notes: the search's read (``db.search_read``)
on the open database, for the app's ``ctrl+f``. ``handover search`` runs the same read,
from the SQLite file when it can (``services.quick``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handover_tui.db import search_read
from handover_tui.db.read import reading
from handover_tui.db.search_read import Hit

if TYPE_CHECKING:
    from handover_tui.db.engine import Database


def search(db: Database, text: str, limit: int = 50) -> list[Hit]:
    """Clients, contacts and notes matching every word typed, best first."""
    with reading(db) as reader:
        return search_read.search(reader, text, limit)


__all__ = ["Hit", "search"]
