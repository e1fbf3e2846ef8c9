"""The roster's first read, with the standard library only (SQLite files).

Opening the app imports SQLAlchemy, SQLModel and Pydantic to open the database: about
0.6 s on a 2-core machine, longer than a bare Textual app takes to paint. This read
needs none of them, so the roster can show its rows while they import; it answers None
(and the caller reads through the services as usual) when the file is not at the
schema this version knows, or cannot be read this way for any reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from handover_tui.db.preflight import BUSY_TIMEOUT_SECONDS, read_only_uri, unread_changes
from handover_tui.db.revision import HEAD
from handover_tui.domain.roster_view import ARCHIVED, RosterRow, roster_rows_of

T = TypeVar("T")

# The columns of services.clients.roster_rows, in its order.
_ROSTER = (
    "SELECT client.id, client.name, coalesce(person.name, ''), client.status,"
    " client.lifecycle_stage, client.renewal_date, client.annual_value, client.currency,"
    " client.industry, client.segment, client.tags, client.version"
    " FROM client LEFT OUTER JOIN person ON person.id = client.owner_id"
)
# The roster's default view: archived clients hidden, by name (lower(name) is indexed).
_FIRST = f"{_ROSTER} WHERE client.status != ? ORDER BY lower(client.name), client.id LIMIT ?"
_COUNT = "SELECT count(*) FROM client WHERE status != ?"
_CENT = Decimal("0.01")


def roster_rows(path: Path) -> list[RosterRow] | None:
    """Every client as :func:`handover_tui.services.clients.roster_rows` reads them, or
    None when this read cannot vouch for the answer."""
    return _read(path, lambda connection: _rows(connection.execute(_ROSTER)))


def first_rows(path: Path, count: int) -> tuple[list[RosterRow], int] | None:
    """The first ``count`` clients of the roster's default view (archived hidden, by
    name) and how many that view holds: a screenful to show while every row is read
    (about 0.15 s at 10,000 clients while the first frames are drawn). SQLite's
    ``lower`` knows only ASCII, so the caller sorts these again as the roster does."""

    def read(connection: sqlite3.Connection) -> tuple[list[RosterRow], int]:
        (total,) = connection.execute(_COUNT, (ARCHIVED,)).fetchone()
        return _rows(connection.execute(_FIRST, (ARCHIVED, count))), total

    return _read(path, read)


def _read(path: Path, read: Callable[[sqlite3.Connection], T]) -> T | None:
    """``read`` on a read-only connection to a file at this version's schema, or None."""
    if unread_changes(path) is not None:
        return None  # read as immutable now, it would leave out its last changes
    try:
        connection = sqlite3.connect(
            read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
        )
    except sqlite3.Error:
        return None
    try:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision != HEAD:
            return None  # an upgrade is due: the services' read comes after it
        return read(connection)
    except (sqlite3.Error, TypeError, ValueError):
        return None
    finally:
        connection.close()


def _rows(cursor: Iterable[tuple[Any, ...]]) -> list[RosterRow]:
    return roster_rows_of(cursor, _date, _money)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _money(cents: int | None) -> Decimal | None:
    return (Decimal(cents) / 100).quantize(_CENT) if cents is not None else None
