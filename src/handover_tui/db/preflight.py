"""Cheap checks on a SQLite file before the UI starts, with the standard library only.

They catch the common ways a file cannot be used (unwritable place, not a database,
locked) in a few milliseconds, so the user gets one sentence instead of a screen that
opens and closes; the full open, with SQLAlchemy and migrations, happens after the
first frame.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from handover_tui.db.errors import describe

BUSY_TIMEOUT_SECONDS = 5.0


class DatabaseUnavailable(Exception):
    """The database cannot be opened; the message is one sentence for the user."""


def sqlite_file(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL; None for other databases and in-memory SQLite."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) and not url.startswith("sqlite+pysqlite:///"):
        return None
    rest = url.split(":///", 1)[1].split("?", 1)[0]
    if rest in ("", ":memory:"):
        return None
    return Path(rest)


def prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and the file (0600) so other users cannot read client data."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is filtered through the umask
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        path.chmod(0o600)


def check_sqlite_file(path: Path) -> None:
    """Raise :class:`DatabaseUnavailable` unless ``path`` is a usable, writable database."""
    try:
        prepare_sqlite_file(path)
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
            # Taking the write lock for an instant tells "locked" and "read-only" apart
            # from "fine" before anyone starts typing into a form.
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as error:
        raise DatabaseUnavailable(describe(error, str(path))) from error
