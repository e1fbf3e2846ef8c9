"""The read side: plain SQL over the database's own driver, one module per view.

Each view (``roster_read``, ``dashboard_read``, ``items_read``) reads through a
:class:`Reader`: its SQL runs on a DB-API connection, whatever opened it. The services
take a reader over their open database (:func:`reading`), so the screens, the quick
commands and the services share one query per view; before the database is open (the
first frame, a quick command) a reader comes straight from a SQLite file
(:func:`file_reader`), with the standard library only. Writes stay on the ORM.

SQL here is portable between SQLite and PostgreSQL and names its parameters
(``:today``); a reader turns dates into what its driver compares (ISO text on SQLite),
and the helpers below turn what a driver returns into dates, money and text fit to show.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from handover_tui.db.preflight import BUSY_TIMEOUT_SECONDS, read_only_uri, unread_changes
from handover_tui.db.revision import HEAD
from handover_tui.domain.terminal import terminal_text

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from handover_tui.db.engine import Database

Row = tuple[Any, ...]
T = TypeVar("T")
_CENT = Decimal("0.01")


class Reader:
    """Runs a view's SQL on one connection, inside one read transaction."""

    def __init__(self, run: Callable[[str, Mapping[str, Any]], list[Row]], sqlite: bool) -> None:
        self._run = run
        self.sqlite = sqlite

    def rows(self, sql: str, **params: Any) -> list[Row]:
        """Every row of ``sql`` with ``params`` bound by name."""
        wanted = {key: value for key, value in params.items() if f":{key}" in sql}
        if self.sqlite:
            wanted = {k: v.isoformat() if isinstance(v, date) else v for k, v in wanted.items()}
        return self._run(sql, wanted)

    def one(self, sql: str, **params: Any) -> Row | None:
        found = self.rows(sql, **params)
        return found[0] if found else None


def day(value: Any) -> date | None:
    """A date from a column: SQLite gives ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def money(cents: int | None) -> Decimal | None:
    """An amount stored as integer cents (``models.Money``)."""
    return None if cents is None else (Decimal(cents) / 100).quantize(_CENT)


def line(text: str | None) -> str:
    """A one-line text column as the ORM's ``ShownText(n)`` reads it back: control
    characters another program stored are made visible."""
    if not text:
        return text or ""
    return text if text.isprintable() else terminal_text(text)


@contextmanager
def file_reader(path: Path) -> Iterator[Reader | None]:
    """A reader on the SQLite file ``path`` with the standard library only, or None when
    it cannot vouch for its answer: the file is missing, not a database, at another
    schema than this version's, or has commits it would not see (see
    :func:`preflight.unread_changes`). The caller then reads through the services."""
    if not path.is_file() or unread_changes(path) is not None:
        yield None
        return
    try:
        connection = sqlite3.connect(
            read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
        )
    except sqlite3.Error:
        yield None
        return
    try:
        connection.isolation_level = None
        try:
            connection.execute("BEGIN")
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            found = None
        if found is None or found[0] != HEAD:
            yield None  # an upgrade is due (or no schema): the services read after it
            return
        yield Reader(lambda sql, params: connection.execute(sql, params).fetchall(), True)
    finally:
        connection.close()


def holds_no_tables(path: Path) -> bool:
    """Whether the SQLite file ``path`` is missing or has no tables yet (a new database,
    as the start-up check creates it): it holds no clients, and opening it builds the
    schema. Told from the file's size alone, without opening it: a table needs a page
    beyond the first, and a write-ahead log with pages may hold some."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        return not wal.exists()
    except OSError:
        return False
    if size == 0:
        return True
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page = int.from_bytes(header[16:18], "big")
    return size <= (65536 if page == 1 else page)


def quick(path: Path, read: Callable[[Reader], T]) -> T | None:
    """``read`` on the SQLite file ``path`` (see :func:`file_reader`), or None when the
    file cannot be read that way, or the read fails for any reason of the file's."""
    try:
        with file_reader(path) as reader:
            return None if reader is None else read(reader)
    except (sqlite3.Error, TypeError, ValueError):
        return None


@contextmanager
def reading(database: Database) -> Iterator[Reader]:
    """A reader on the open ``database``, in one read transaction (one moment's data)."""
    with database.engine.connect() as connection, connection.begin():
        yield over(connection)


def over(connection: Connection) -> Reader:
    """A reader on an SQLAlchemy connection already in a transaction (a service's
    session's, say): its SQL runs on the driver's own connection on SQLite, through
    ``text()`` elsewhere."""
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        assert raw is not None
        if not raw.in_transaction:  # a read-only engine begins nothing itself
            raw.execute("BEGIN")
        return Reader(lambda sql, params: raw.execute(sql, params).fetchall(), True)
    import sqlalchemy as sa

    def run(sql: str, params: Mapping[str, Any]) -> list[Row]:
        return [tuple(row) for row in connection.execute(sa.text(sql), params)]

    return Reader(run, False)
