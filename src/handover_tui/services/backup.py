"""Backups of the SQLite database: a consistent copy while the app may be open, and a
restore that keeps a copy of what it replaces.

Both use SQLite's online backup API, which copies a consistent snapshot page by page
(a writer in another process does not stop it: in WAL mode readers never wait) and
writes into the destination as one transaction. Only the standard library is needed,
so the quick command starts fast.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from handover_tui.db.preflight import file_mode, folder_mode

BACKUP_DIR = "backups"
PREFIX = "handover-"
KEEP = 10


class BackupFailed(Exception):
    """The copy could not be made or is not a usable database; the message says why."""


def default_folder(database: Path) -> Path:
    """Where backups go unless told otherwise: ``backups/`` beside the database."""
    return database.parent / BACKUP_DIR


def backup(database: Path, dest: Path | None = None, *, keep: int = KEEP) -> Path:
    """Copy ``database`` to ``dest`` (a file or a folder; default the backups folder, with
    a timestamp in the name), check the copy, and keep only the newest ``keep`` backups
    in that folder. Returns the copy's path."""
    if not database.is_file():
        raise BackupFailed(f"There is no database at {database} to back up.")
    if dest is None or dest.is_dir():
        folder = dest or default_folder(database)
        if not folder.exists():
            mode = folder_mode(folder.parent)
            folder.mkdir(parents=True, mode=mode)
            folder.chmod(mode)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{PREFIX}{stamp}.db"
    else:
        folder, target = None, dest
        if target.exists():
            raise BackupFailed(f"{target} already exists; give a new file name or a folder.")
        if not target.parent.is_dir():
            raise BackupFailed(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(database, partial)
        check(partial)
        partial.replace(target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"Could not write the backup to {target}: {error}.") from None
    except BackupFailed:
        partial.unlink(missing_ok=True)
        raise
    if folder is not None:
        prune(folder, keep)
    return target


def _copy(source: Path, target: Path) -> None:
    mode = file_mode(target.parent)
    target.touch(mode=mode)
    target.chmod(mode)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()


def check(path: Path) -> None:
    """Refuse anything but an intact handover database."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupFailed(f"{path} is not a usable SQLite database ({error}).") from None
    if not result or result[0] != "ok":
        raise BackupFailed(f"{path} fails the integrity check: {result[0] if result else '?'}.")
    if not {"alembic_version", "client"} <= tables:
        raise BackupFailed(f"{path} is a SQLite database, but not one of handover's.")


def backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, oldest first."""
    return sorted(folder.glob(f"{PREFIX}*.db"))


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    old = backups(folder)[: -keep or None] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def newest(database: Path) -> Path | None:
    """The newest backup of ``database`` in its default folder, if any."""
    found = backups(default_folder(database))
    return found[-1] if found else None


def restore(database: Path, source: Path, *, keep: int = KEEP) -> Path | None:
    """Replace the contents of ``database`` with the backup ``source``.

    The source is checked first; the current database (if any) is backed up into the
    backups folder, whose path is returned. The copy is one transaction on the
    destination, so another session sees either the old data or the restored data.
    """
    check(source)
    saved = backup(database, keep=keep) if database.is_file() else None
    try:
        if not database.exists():
            database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            database.touch(mode=0o600)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(database, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as error:
        raise BackupFailed(f"Could not restore into {database}: {error}.") from None
    return saved
