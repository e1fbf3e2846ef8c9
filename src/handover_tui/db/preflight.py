"""Cheap checks on a SQLite file before the UI starts, with the standard library only.

They catch the common ways a file cannot be used (unwritable place, not a database,
locked) in a few milliseconds, so the user gets one sentence instead of a screen that
opens and closes; the full open, with SQLAlchemy and migrations, happens after the
first frame.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from handover_tui.db.errors import describe


def _busy_timeout() -> float:
    """Seconds a write waits for another session's lock: 5, or ``HANDOVER_BUSY_TIMEOUT``."""
    try:
        return max(float(os.environ.get("HANDOVER_BUSY_TIMEOUT", "5")), 0.0)
    except ValueError:
        return 5.0


BUSY_TIMEOUT_SECONDS = _busy_timeout()


class DatabaseUnavailable(Exception):
    """The database cannot be opened; the message is one sentence for the user."""


class DatabaseReadOnly(Exception):
    """A change was asked of a database opened read-only; the message says why."""


def read_only_reason(path: Path) -> str | None:
    """Why ``path`` can only be read (None if it can be written): a database needs its
    file and, for the write-ahead log beside it, its folder writable."""
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only for you"
    if path.exists() and not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is read-only for you"
    return None


def newest_backup(path: Path) -> Path | None:
    """The newest copy of ``path``: a ``handover backup`` or a pre-upgrade copy."""
    candidates = list((path.parent / "backups").glob("handover-*.db"))
    candidates += list(path.parent.glob(f"{path.name}.*.bak"))
    found = [candidate for candidate in candidates if candidate.is_file()]
    return max(found, key=lambda candidate: candidate.stat().st_mtime, default=None)


def damaged(path: Path, detail: str) -> str:
    """The message for a damaged file: what is wrong and where the newest backup is."""
    detail = " ".join(detail.split())  # SQLite's report spans lines; the message must not
    backup = newest_backup(path)
    if backup is None:
        hint = "No backup of it was found."
    else:
        hint = f"The newest backup is {backup}; restore it with: handover restore {backup}"
    return f"{path} is damaged ({detail}). {hint}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL; None for other databases and in-memory SQLite."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) and not url.startswith("sqlite+pysqlite:///"):
        return None
    rest = url.split(":///", 1)[1].split("?", 1)[0]
    if rest in ("", ":memory:"):
        return None
    return Path(rest)


def shared_by_group(folder: Path) -> bool:
    """A folder set up for a team: setgid (new files take its group) and group-writable."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID) and bool(mode & stat.S_IWGRP)


def file_mode(folder: Path) -> int:
    """0660 in a team's shared folder, else 0600: other users never read client data."""
    return 0o660 if shared_by_group(folder) else 0o600


def folder_mode(parent: Path) -> int:
    """A folder made inside a team's shared folder stays shared (setgid, group rwx)."""
    return 0o2770 if shared_by_group(parent) else 0o700


def prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and the file (0600) so other users cannot read client data;
    in a folder shared by group (setgid and group-writable) the file is 0660 instead."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is filtered through the umask
    if not path.exists():
        mode = file_mode(folder)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
        os.close(fd)
        path.chmod(mode)


def check_sqlite_file(path: Path) -> str | None:
    """Raise :class:`DatabaseUnavailable` unless ``path`` is a usable database; returns
    why it can only be read, or None when it can be written too."""
    reason = read_only_reason(path)
    if reason is not None:
        _check_readable(path)
        return reason
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
        raise DatabaseUnavailable(_sentence(error, path)) from error
    return None


def _check_readable(path: Path) -> None:
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise DatabaseUnavailable(_sentence(error, path)) from error


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` for reading only, without creating anything beside it."""
    return f"file:{path}?mode=ro"


def _sentence(error: BaseException, path: Path) -> str:
    """One sentence for a failed open; a damaged file also names its newest backup."""
    text = str(error).lower()
    if "malformed" in text:
        return damaged(path, str(error))
    message = describe(error, str(path))
    backup = newest_backup(path) if "not a database" in text else None
    if backup is not None:
        message += f" The newest backup is {backup}; restore it with: handover restore {backup}"
    return message
