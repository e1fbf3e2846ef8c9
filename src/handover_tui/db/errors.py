"""Say in one sentence why the database cannot be used; never show a traceback."""

from __future__ import annotations

import re


def describe(error: BaseException, where: str = "the database") -> str:
    """One readable sentence for a storage error, naming ``where`` it happened."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()[0] if str(error) else ""
    # No "(sqlite3.OperationalError)" prefix, and no full stop of its own before ours.
    text = re.sub(r"^\([\w.]+\)\s*", "", text).rstrip(" .")
    lowered = text.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return f"{where} is not a handover database, or it is damaged ({text})."
    if "database is locked" in lowered or "database table is locked" in lowered:
        return f"{where} is locked by another program; try again when it has finished."
    if "readonly" in lowered or "read-only" in lowered:
        return f"{where} is read-only; changes cannot be saved."
    if "unable to open" in lowered:
        return f"Cannot open {where}: it cannot be read, or its folder is missing or not writable."
    if "disk is full" in lowered or "no space" in lowered:
        return f"The disk holding {where} is full; nothing was saved."
    if isinstance(error, ModuleNotFoundError):
        return f"Cannot open {where}: the database driver '{error.name}' is not installed."
    if isinstance(error, PermissionError):
        return f"Cannot use {where}: permission denied."
    if isinstance(error, OSError):
        reason = (error.strerror or text).lower().rstrip(" .")
        return f"Cannot create or open {where}: {reason}."
    return f"Cannot use {where}: {text or type(error).__name__}."
