"""Open a database: create the file safely, set SQLite up, bring the schema to head.

Nothing here runs at import time; :func:`open_database` is the one way in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from handover_tui.db.changes import OwnWrites
from handover_tui.db.errors import describe
from handover_tui.db.preflight import (
    BUSY_TIMEOUT_SECONDS,
    DatabaseReadOnly,
    DatabaseUnavailable,
    damaged,
    empty,
    explain,
    file_mode,
    frozen,
    is_empty,
    prepare_sqlite_file,
    printable_url,
    read_only_uri,
    sqlite_file,
    unread_changes,
)


@dataclass
class Database:
    """An open database: the engine, where it lives, and how to start a unit of work."""

    url: str
    engine: Engine
    path: Path | None = None
    backup_path: Path | None = None
    read_only: str | None = None
    """Why the database can only be read (opened so on purpose), or None."""
    frozen: bool = False
    """Read as immutable (see :func:`preflight.frozen`): others' later commits never show."""
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        writer = self.engine.execution_options(sqlite_immediate=True)
        self._writers = sessionmaker(writer, class_=Session, expire_on_commit=False)
        # Our commits, told apart from other sessions' by the change watcher.
        self.own_writes = OwnWrites(self, BUSY_TIMEOUT_SECONDS)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        if self.read_only is not None:
            raise DatabaseReadOnly(f"Nothing can be changed: {self.read_only}.")
        with self.own_writes.unit(self._writers) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; results stay usable after it closes."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.own_writes.close()
        self.engine.dispose()


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module would open a transaction only at the first write, so a version
    # check read before it would not be protected; we issue BEGIN ourselves instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _begin_sqlite(connection: sa.Connection) -> None:
    """``BEGIN IMMEDIATE`` for units of work, so what they read stays true until they
    write (another writer waits, up to the busy timeout); plain ``BEGIN`` for reading."""
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# How long to wait for a PostgreSQL server to answer before saying it does not.
PG_CONNECT_TIMEOUT_SECONDS = 10


def create_engine(url: str) -> Engine:
    """An engine with the connection settings this app relies on, for any dialect."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
        )
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        # libpq waits forever for a server that accepts and never answers; the URL may
        # still ask for another limit with ?connect_timeout=N.
        return sa.create_engine(
            url, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_SECONDS}
        )
    return sa.create_engine(url, pool_pre_ping=True)


def open_database(
    url: str, *, migrate: bool = True, read_only: str | None = None, check: bool = False
) -> Database:
    """Open ``url`` ready for use, or raise :class:`DatabaseUnavailable` with one sentence.

    ``read_only`` (the reason, e.g. "the file is read-only for you") opens a SQLite file
    for reading only: every unit of work is then refused with that reason. ``check`` runs
    SQLite's quick integrity check, so a damaged file is named at once with its backup.
    """
    path = sqlite_file(url)
    where = str(path) if path else printable_url(url)
    immutable = False
    try:
        if path is not None and is_empty(path):
            raise DatabaseUnavailable(empty(path))
        if path is not None and read_only is None:
            prepare_sqlite_file(path)
        if path is not None and read_only is not None:
            immutable = frozen(path)
            pending = unread_changes(path)
            if pending is not None:
                raise DatabaseUnavailable(pending)
            engine = _read_only_engine(path, immutable)
        else:
            engine = create_engine(url)
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
            if path is not None:
                # Reading the schema is what reveals a file that is not a database.
                connection.exec_driver_sql("PRAGMA schema_version").scalar()
                if check:
                    verdict = connection.exec_driver_sql("PRAGMA quick_check(1)").scalar()
                    if verdict != "ok":
                        raise DatabaseUnavailable(damaged(path, str(verdict)))
    except DatabaseUnavailable:
        raise
    except Exception as error:  # every failure here becomes one sentence for the user
        message = explain(error, path) if path is not None else describe(error, where)
        raise DatabaseUnavailable(message) from error
    database = Database(url=url, engine=engine, path=path, read_only=read_only, frozen=immutable)
    if read_only is not None:
        _check_current(database)
        return database
    if migrate:
        try:
            database.backup_path = upgrade(database)
        except DatabaseUnavailable:
            engine.dispose()
            raise
        except Exception as error:
            engine.dispose()
            message = explain(error, path) if path is not None else describe(error, where)
            raise DatabaseUnavailable(message) from error
    return database


def check_integrity(database: Database) -> None:
    """SQLite's quick integrity check; raises :class:`DatabaseUnavailable` naming the
    newest backup when the file is damaged.

    It reads every page (about a second for a 250 MB file), so the app runs it in the
    background once its screens have their data, rather than before the first frame.
    """
    if database.path is None:
        return
    with database.engine.connect() as connection:
        verdict = connection.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    if verdict != "ok":
        raise DatabaseUnavailable(damaged(database.path, str(verdict)))


def _read_only_engine(path: Path, immutable: bool) -> Engine:
    """An engine that can only read ``path`` and creates nothing beside it; ``immutable``
    where only that can read it (see :func:`preflight.frozen`), for every connection."""
    import sqlite3

    uri = read_only_uri(path, immutable=immutable)

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(
            uri,
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            check_same_thread=False,
        )
        connection.isolation_level = None
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    # A queue of connections, each used by one thread at a time: the "sqlite://" URL
    # would get SingletonThreadPool, which closes another thread's connection once more
    # than five threads have read, while that thread may still be using it.
    return sa.create_engine("sqlite://", creator=connect, poolclass=sa.pool.QueuePool)


def _check_current(database: Database) -> None:
    from handover_tui.db import migrations

    current = migrations.current_revision(database.engine)
    if current != migrations.HEAD:
        database.close()
        raise DatabaseUnavailable(
            f"{database.path} can only be read ({database.read_only}) and was made by "
            f"{'another' if current else 'no'} version of handover; open it once with "
            "write access so it can be upgraded."
        )


def upgrade(database: Database) -> Path | None:
    """Bring the schema to head; an older SQLite schema is copied aside first.

    Returns the path of that copy, if one was made.
    """
    from handover_tui.db import migrations

    current = migrations.current_revision(database.engine)
    if current == migrations.HEAD:
        return None
    backup = None
    if current is not None and database.path is not None:
        backup = backup_file(database.path, f"before-{migrations.HEAD}")
    migrations.upgrade_to_head(database.engine)
    return backup


def backup_file(path: Path, label: str) -> Path:
    """A consistent copy of a SQLite file next to it (0600), named with ``label`` and time."""
    import sqlite3

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}.{stamp}.bak")
    mode = file_mode(path.parent)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, mode)
    os.close(fd)
    target.chmod(mode)
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


__all__ = [
    "Database",
    "DatabaseUnavailable",
    "backup_file",
    "check_integrity",
    "create_engine",
    "open_database",
]
