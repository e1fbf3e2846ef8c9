"""Notice changes committed by another process, cheaply enough to ask once a second.

SQLite: ``PRAGMA data_version`` on a connection of our own changes whenever any other
connection commits. PostgreSQL: the write-ahead log position moves on every commit.
Either way the token is opaque; only "has it changed" matters.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handover_tui.db.engine import Database


_UNSET = object()


class ChangeWatcher:
    """Answers "has anything been committed since I last asked?" for one database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: sqlite3.Connection | None = None
        self._last: object = _UNSET
        self._lock = threading.Lock()  # asked from worker threads, one at a time

    def token(self) -> object:
        if self.database.path is not None:
            return self._sqlite_token(self.database.path)
        with self.database.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT pg_current_wal_lsn()").scalar()

    def _sqlite_token(self, path: Path) -> object:
        if self._connection is None:
            # Read-only and of its own: data_version only counts other connections.
            self._connection = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=1
            )
        return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        """True when something was committed since the previous call (never the first)."""
        with self._lock:
            token = self.token()
            previous, self._last = self._last, token
        return previous is not _UNSET and token != previous

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
