"""Backups of the SQLite database: a consistent copy while the app may be open, and a
restore that keeps a copy of what it replaces (or sets a damaged file aside).

Both use SQLite's online backup API, which copies a consistent snapshot page by page
(a writer in another process does not stop it: in WAL mode readers never wait) and
writes into the destination as one transaction. Only the standard library is needed,
so the quick command starts fast.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from handover_tui.db.preflight import (
    damaged,
    empty,
    explain,
    file_mode,
    folder_mode,
    is_empty,
    set_aside,
    with_backup,
)

BACKUP_DIR = "backups"
PREFIX = "handover-"
KEEP = 10


class BackupFailed(Exception):
    """The copy could not be made or is not a usable database; the message says why."""


class SourceUnusable(BackupFailed):
    """The database to copy is damaged, empty or not handover's: there is nothing worth
    a backup, and its newest backup is named instead."""


def default_folder(database: Path) -> Path:
    """Where backups go unless told otherwise: ``backups/`` beside the database."""
    return database.parent / BACKUP_DIR


def backup(database: Path, dest: Path | None = None, *, keep: int = KEEP) -> Path:
    """Copy ``database`` to ``dest`` (a file or a folder; default the backups folder, with
    a timestamp in the name), check the copy, and keep only the newest ``keep`` backups
    in that folder. Returns the copy's path."""
    if not database.is_file():
        raise BackupFailed(f"There is no database at {database} to back up.")
    if is_empty(database):
        raise SourceUnusable(empty(database))
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
        try:
            _copy(database, partial)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError):  # locked, full, unwritable
                raise
            raise SourceUnusable(explain(error, database)) from None
        # The check reads every page of the copy: a damaged database is found out here.
        problem = _problem(partial)
        if problem is not None:
            raise SourceUnusable(_unusable(database, problem))
        partial.replace(target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
        raise BackupFailed(f"Could not write the backup to {target}: {reason.lower()}.") from None
    except BackupFailed:
        partial.unlink(missing_ok=True)
        raise
    if folder is not None:
        prune(folder, keep, checked=target)
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
    problem = _problem(path)
    if problem is not None:
        kind, detail = problem
        raise BackupFailed(
            f"{path} {_WHAT[kind]} ({detail})." if detail else f"{path} {_WHAT[kind]}."
        )


_WHAT = {
    "empty": "is empty, not a handover database",
    "unreadable": "is not a handover database, or it is damaged",
    "damaged": "is damaged",
    "foreign": "is a SQLite database, but not one of handover's",
}


def _problem(path: Path) -> tuple[str, str] | None:
    """What keeps ``path`` from being an intact handover database (a key of ``_WHAT`` and
    SQLite's words), or None."""
    if is_empty(path):
        return "empty", ""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check(1)").fetchone()
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return "unreadable", str(error)
    if not result or result[0] != "ok":
        return "damaged", " ".join(str(result[0] if result else "?").split())
    if not {"alembic_version", "client"} <= tables:
        return "foreign", ""
    return None


def _unusable(database: Path, problem: tuple[str, str]) -> str:
    """The sentence for a ``database`` whose copy has ``problem``, naming its newest backup."""
    kind, detail = problem
    if kind == "damaged" or (kind == "unreadable" and "malformed" in detail):
        return damaged(database, detail)
    what = f"{database} {_WHAT[kind]}"
    return with_backup(f"{what} ({detail})" if detail else what, database)


def backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, oldest first."""
    return sorted(folder.glob(f"{PREFIX}*.db"))


def prune(folder: Path, keep: int, *, checked: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted.

    The newest backup that passes its check is kept whatever ``keep`` says, so copies
    that are not (damaged, emptied, another program's) never push out the last good one.
    ``checked`` is a backup known to pass, just made: nothing is read again then.
    """
    found = backups(folder)
    old = found[: -keep or None] if keep > 0 else []
    good = checked if checked in found else _newest_good(found)
    old = [path for path in old if path != good]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def _newest_good(found: list[Path]) -> Path | None:
    for path in reversed(found):
        if _problem(path) is None:
            return path
    return None


def newest(database: Path) -> Path | None:
    """The newest backup of ``database`` in its default folder, if any."""
    found = backups(default_folder(database))
    return found[-1] if found else None


@dataclass(frozen=True)
class Restored:
    """Where what a restore replaced went: a backup of it, or a damaged file set aside."""

    saved: Path | None = None
    set_aside: Path | None = None


def restore(database: Path, source: Path, *, keep: int = KEEP) -> Restored:
    """Replace the contents of ``database`` with the backup ``source``.

    The source is checked first; the current database (if any) is backed up into the
    backups folder. One that cannot be (damaged, empty, not handover's) is renamed
    ``<name>.damaged-<time>`` instead and the backup restored into a new file. The copy
    is one transaction on the destination, so another session sees either the old data
    or the restored data.
    """
    check(source)
    saved = aside = None
    if database.is_file():
        try:
            saved = backup(database, keep=keep)
        except SourceUnusable:
            aside = set_aside(database)
    try:
        if not database.exists():
            database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            mode = file_mode(database.parent)
            database.touch(mode=mode)
            database.chmod(mode)
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
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
        kept = f" (the damaged file is set aside at {aside})" if aside else ""
        raise BackupFailed(f"Could not restore into {database}{kept}: {reason.lower()}.") from None
    return Restored(saved, aside)
