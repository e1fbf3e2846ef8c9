"""Cheap checks on a SQLite file before the UI starts, with the standard library only.

They catch the common ways a file cannot be used (unwritable place, not a database,
locked) in a few milliseconds, so the user gets one sentence instead of a screen that
opens and closes; the full open, with SQLAlchemy and migrations, happens after the
first frame.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

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


def printable_url(url: str) -> str:
    """A database URL fit to print or show: a server's password, if any, as ``***``."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def read_only_reason(path: Path) -> str | None:
    """Why ``path`` can only be read (None if it can be written): a database needs its
    file and, for the write-ahead log beside it, its folder writable."""
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only for you"
    if path.exists() and not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is read-only for you"
    return None


NOT_LIVE = "changes by others will not show until handover is reopened"
"""Said of a database read as immutable (see :func:`frozen`): live refresh is off."""


def frozen(path: Path) -> bool:
    """Whether ``path`` can only be read as immutable: SQLite reads a file in WAL mode
    through its ``-shm`` index and ``-wal`` log, which it cannot create in a folder the
    user cannot write (they exist while the file is open elsewhere). Such a read takes no
    locks and sees no one else's later commits."""
    companions = Path(f"{path}-shm").exists() and Path(f"{path}-wal").exists()
    if companions or os.access(path.parent, os.W_OK):
        return False
    try:
        with path.open("rb") as stream:
            header = stream.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"  # the file format versions of WAL mode


def with_refresh_note(reason: str, path: Path) -> str:
    """``reason`` for an app that will read ``path`` as immutable, saying so."""
    return f"{reason}; {NOT_LIVE}" if frozen(path) else reason


def unread_changes(path: Path) -> str | None:
    """Why a frozen ``path`` cannot be read yet: commits still in its write-ahead log,
    which an immutable read would silently leave out; None when nothing is pending."""
    wal = Path(f"{path}-wal")
    if not frozen(path) or not wal.is_file() or wal.stat().st_size == 0:
        return None
    return (
        f"Cannot read {path} whole: its last changes are still in {wal.name}, which only a "
        f"user who can write the folder {path.parent} can fold in by opening it once."
    )


def newest_backup(path: Path) -> Path | None:
    """The newest copy of ``path``: a ``handover backup`` or a pre-upgrade copy."""
    candidates = list((path.parent / "backups").glob("handover-*.db"))
    candidates += list(path.parent.glob(f"{path.name}.*.bak"))
    found = [candidate for candidate in candidates if candidate.is_file()]
    return max(found, key=lambda candidate: candidate.stat().st_mtime, default=None)


def with_backup(problem: str, path: Path) -> str:
    """``problem`` (a clause without a full stop) and how to bring back the newest
    backup of ``path``, as one sentence."""
    backup = newest_backup(path)
    if backup is None:
        return f"{problem}, and no backup of it was found."
    from handover_tui.config import resolve_database_url

    # --db when it is not the database a bare ``handover restore`` would replace.
    usual = resolve_database_url(None) == f"sqlite:///{path.absolute()}"
    db = "" if usual else f" --db {shlex.quote(str(path))}"
    # The command is not last: a full stop after a path would be copied along with it.
    command = f"handover{db} restore {shlex.quote(str(backup))}"
    return f"{problem}; run {command} to bring back the newest backup."


def damaged(path: Path, detail: str) -> str:
    """The message for a damaged file: what is wrong and where the newest backup is."""
    # SQLite's report spans lines and starts with a banner; the message is one line.
    detail = " ".join(detail.replace("*** in database main ***", "").split()).rstrip(".")
    return with_backup(f"{path} is damaged ({detail})", path)


def empty(path: Path) -> str:
    """The message for a file of 0 bytes: refused, not made a new database (it may be
    what a full disk or a bad copy left of one)."""
    return with_backup(f"{path} is empty, not a handover database", path)


def is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def set_aside(path: Path) -> Path:
    """Rename a damaged ``path`` (with its ``-wal`` and ``-shm``) to
    ``<name>.damaged-<time>`` beside it, so a new file can take its place; returns where."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    count = 1
    while target.exists():
        count += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{count}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.rename(Path(f"{target}{suffix}"))
    return target


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
    in a folder shared by group (setgid and group-writable) the file is 0660 instead.

    Only a path that does not exist becomes a new database, and it appears whole (made
    under another name, then linked into place), so a file of 0 bytes is never one of
    ours half made: it is refused (it may be what is left of a database), not filled.
    """
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is filtered through the umask
    if is_empty(path):
        raise DatabaseUnavailable(empty(path))
    if not path.exists():
        _create(path, file_mode(folder))


def _create(path: Path, mode: int) -> None:
    new = path.with_name(f".{path.name}.new-{os.getpid()}")
    fd = os.open(new, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    os.close(fd)
    try:
        new.chmod(mode)
        connection = sqlite3.connect(new)
        try:
            # Writes the header: the file is a database from its first moment.
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
        try:
            os.link(new, path)
        except FileExistsError:
            pass  # another session made it meanwhile: use theirs
        except OSError:  # a file system without hard links
            if not path.exists():
                new.rename(path)
    finally:
        new.unlink(missing_ok=True)


def check_sqlite_file(path: Path) -> str | None:
    """Raise :class:`DatabaseUnavailable` unless ``path`` is a usable database; returns
    why it can only be read, or None when it can be written too."""
    if is_empty(path):
        raise DatabaseUnavailable(empty(path))
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
        raise DatabaseUnavailable(explain(error, path)) from error
    return None


def _check_readable(path: Path) -> None:
    pending = unread_changes(path)
    if pending is not None:
        raise DatabaseUnavailable(pending)
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise DatabaseUnavailable(explain(error, path)) from error


def read_only_uri(path: Path, *, immutable: bool | None = None) -> str:
    """A URI that opens ``path`` for reading only, without creating anything beside it:
    ``mode=ro``, or ``immutable=1`` where only that can read it (see :func:`frozen`)."""
    if immutable is None:
        immutable = frozen(path)
    return f"file:{quote(str(path))}?{'immutable=1' if immutable else 'mode=ro'}"


def quick_check(path: Path) -> str | None:
    """SQLite's quick check of ``path`` (every page read once): "ok", what is wrong, or
    None when it could not run. Slow on a big file, so only run after an error."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            return str(connection.execute("PRAGMA quick_check(1)").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error) if "malformed" in str(error).lower() else None


def explain(error: BaseException, path: Path) -> str:
    """One sentence for a failed open, read or write of the SQLite file ``path``.

    A damaged or empty file is named so, with its newest backup; an error that only
    hints at damage (a plain ``DatabaseError``, an I/O error) is confirmed or ruled out
    by SQLite's quick check first.
    """
    original = getattr(error, "orig", None) or error
    text = (str(original).strip().splitlines() or [""])[0]
    lowered = text.lower()
    if is_empty(path):
        return empty(path)
    if "malformed" in lowered:
        return damaged(path, text)
    if "not a database" in lowered:
        return with_backup(f"{path} is not a handover database, or it is damaged ({text})", path)
    if "unable to open" in lowered:
        if not path.parent.is_dir():
            return f"Cannot open {path}: the folder {path.parent} does not exist."
        if path.exists() and not os.access(path, os.R_OK):
            return f"Cannot open {path}: you are not allowed to read it."
    if type(original) is sqlite3.DatabaseError or "disk i/o" in lowered:
        verdict = quick_check(path)
        if verdict is not None and verdict != "ok":
            return damaged(path, verdict)
    return describe(error, str(path))
