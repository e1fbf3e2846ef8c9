"""One sentence for a user about an error, for the CLI and the UI alike; never a traceback."""

from __future__ import annotations


def is_plain(error: BaseException) -> bool:
    """Errors whose own message is already the sentence a user should read."""
    from handover_tui.db.preflight import DatabaseReadOnly, DatabaseUnavailable
    from handover_tui.domain.validation import InvalidInput
    from handover_tui.services import NotFound, Refused, StaleRecord

    plain: tuple[type[BaseException], ...] = (
        DatabaseUnavailable,
        DatabaseReadOnly,
        InvalidInput,
        NotFound,
        Refused,
        StaleRecord,
        LookupError,
        ValueError,
    )
    return isinstance(error, plain)


def explain(error: BaseException, url: str | None = None) -> str:
    """One sentence for ``error`` from work on the database at ``url``: a plain error's
    own message, a file's name with the reason, or what went wrong with the database (a
    damaged SQLite file named with its newest backup)."""
    from handover_tui.db.errors import describe

    if isinstance(error, OSError) and error.filename:
        reason = error.strerror or str(error)
        return f"{error.filename}: {reason}."
    if is_plain(error):
        return str(error)
    from handover_tui.services.backup import BackupFailed

    if isinstance(error, BackupFailed):
        return str(error)
    from handover_tui.db.preflight import explain as explain_file
    from handover_tui.db.preflight import sqlite_file

    path = sqlite_file(url) if url else None
    if path is not None:  # a damaged page read or written names the newest backup
        return explain_file(error, path)
    return describe(error, "the database")
