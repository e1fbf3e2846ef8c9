"""Notice changes committed by other sessions, cheaply enough to ask once a second, and
never mistake this process's own commits for one of them.

Why: every change noticed makes every open screen read its data again (seconds of work
at 10,000 clients), and a screen that saved something has already shown it. So the
watcher must stay quiet after our own units of work, yet never miss another session's.
Noting "we just committed" and taking a fresh baseline afterwards is not enough: another
session may commit between our commit and that baseline, and would then be missed.
Both schemes below are exact instead, relying on what the database itself guarantees.

SQLite: ``PRAGMA data_version`` differs between two calls on one connection exactly when
*another* connection committed in between; the connection's own commits leave it alone.
So every unit of work of this process commits on one connection (:class:`OwnWrites`,
one at a time, as SQLite serialises writers anyway), and the watcher asks that same
connection, between units of work. A foreign commit at any moment moves the number; our
own never does. (A connection replaced after an error starts a new count: that counts as
a change, a reload too many rather than one missed.)

PostgreSQL: the write-ahead log position moves with our writes too, so it cannot tell
whose they were. Instead the watcher compares transaction snapshots
(``txid_current_snapshot()``: every transaction id below ``xmax`` that is not listed as
running has finished). Each unit of work notes its own transaction id just before it
commits, so by the time a snapshot shows it finished it is known to be ours. Any other
transaction that finished since the previous snapshot is a change. Transaction ids are
shared by the whole server, so another database's writes (or an ANALYZE) also count: a
reload too many, never a change missed.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlmodel import Session

    from handover_tui.db.engine import Database


_UNSET = object()
_BUSY = object()


class OwnWrites:
    """How this process's units of work commit, so :class:`ChangeWatcher` can tell them
    from other sessions' (see the module's docstring)."""

    def __init__(self, database: Database, wait_seconds: float) -> None:
        self.database = database
        self.wait_seconds = wait_seconds
        self._writing = threading.Lock()  # SQLite: one unit of work at a time, on _connection
        self._connection: sa.Connection | None = None
        self._noted = threading.Lock()  # PostgreSQL: guards _xids
        self._xids: set[int] = set()

    @property
    def postgres(self) -> bool:
        return self.database.engine.dialect.name == "postgresql"

    @contextmanager
    def unit(self, sessions: Callable[..., Session]) -> Iterator[Session]:
        """One unit of work from ``sessions`` (a sessionmaker), committed as ours."""
        if self.database.path is None:
            with sessions() as session, session.begin():
                yield session
                if self.postgres:
                    self._note_transaction(session)
            return
        if not self._writing.acquire(timeout=self.wait_seconds):
            # What SQLite itself says when another writer holds the file this long.
            raise sqlite3.OperationalError("database is locked")
        try:
            with sessions(bind=self._writer()) as session, session.begin():
                yield session
        finally:
            self._writing.release()

    def _writer(self) -> sa.Connection:
        """The connection every SQLite unit of work commits on (call holding _writing)."""
        if self._connection is None or self._connection.closed:
            # BEGIN IMMEDIATE, as for every unit of work (see engine._begin_sqlite).
            self._connection = self.database.engine.execution_options(
                sqlite_immediate=True
            ).connect()
        return self._connection

    def _note_transaction(self, session: Session) -> None:
        """Remember this PostgreSQL transaction's id before it commits."""
        session.flush()  # a write still pending would get its id only at commit
        xid = session.connection().exec_driver_sql("SELECT txid_current_if_assigned()").scalar()
        if xid is not None:  # nothing was written: nothing to recognise later
            with self._noted:
                self._xids.add(int(xid))

    def sqlite_version(self) -> tuple[Any, int] | None:
        """``data_version`` of the writing connection (with that connection, as the number
        is its own), or None while a unit of work is using it."""
        if not self._writing.acquire(blocking=False):
            return None
        try:
            raw = self._writer().connection.dbapi_connection
            assert raw is not None
            return raw, raw.execute("PRAGMA data_version").fetchone()[0]
        finally:
            self._writing.release()

    def own_transactions(self) -> set[int]:
        with self._noted:
            return set(self._xids)

    def forget_transactions(self, done: Callable[[int], bool]) -> None:
        """Drop the ids of our transactions a snapshot has already shown finished."""
        with self._noted:
            self._xids = {xid for xid in self._xids if not done(xid)}

    def close(self) -> None:
        # A unit of work still running in a worker keeps its connection until it ends.
        if self._writing.acquire(timeout=self.wait_seconds):
            try:
                if self._connection is not None:
                    self._connection.close()
                    self._connection = None
            finally:
                self._writing.release()


class Snapshot:
    """A PostgreSQL transaction snapshot: ids from ``xmax`` on are not yet begun, and
    ``running`` are under way; every other id below ``xmax`` has finished."""

    def __init__(self, text: str) -> None:
        _xmin, xmax, running = text.split(":")
        self.xmax = int(xmax)
        self.running = frozenset(int(xid) for xid in running.split(",") if xid)

    def finished(self, xid: int) -> bool:
        return xid < self.xmax and xid not in self.running

    def others_finished_since(self, before: Snapshot, own: set[int]) -> bool:
        """Whether a transaction not in ``own`` finished between ``before`` and this one."""
        if any(self.finished(xid) and xid not in own for xid in before.running):
            return True
        began = self.xmax - before.xmax  # begun since: finished unless still running
        still_running = sum(1 for xid in self.running if xid >= before.xmax)
        ours = sum(1 for xid in own if before.xmax <= xid and self.finished(xid))
        return began - still_running > ours


class ChangeWatcher:
    """Answers "has another session committed anything since I last asked?"."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._last: Any = _UNSET
        self._lock = threading.Lock()  # asked from worker threads, one at a time

    def token(self) -> Any:
        """Where the database stands (opaque), or ``_BUSY`` when it cannot be told now."""
        own = self.database.own_writes
        if self.database.path is not None:
            version = own.sqlite_version()
            return _BUSY if version is None else version
        with self.database.engine.connect() as connection:
            text = connection.exec_driver_sql("SELECT txid_current_snapshot()::text").scalar()
        return Snapshot(str(text))

    def changed(self) -> bool:
        """True when another session committed since the previous call (never the first).

        A unit of work of ours under way at the moment is waited out: the next call
        compares with the same baseline, so nothing committed meanwhile is lost. A file
        read as immutable never shows another's commit, so it is never asked.
        """
        if self.database.frozen:
            return False
        with self._lock:
            token = self.token()
            if token is _BUSY:
                return False
            previous, self._last = self._last, token
            if previous is _UNSET:
                return False
            if isinstance(token, Snapshot):
                own = self.database.own_writes
                # Read our ids after the snapshot: any of ours it shows finished was
                # noted before it committed, so before the snapshot was taken.
                found = token.others_finished_since(previous, own.own_transactions())
                own.forget_transactions(token.finished)
                return found
            connection, version = token
            before, was = previous
            return connection is not before or version != was

    def close(self) -> None:
        """Nothing of its own to close: the connection asked belongs to the database."""
