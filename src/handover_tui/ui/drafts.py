"""Unsaved form input kept on disk, so a crash, a kill or a dropped connection does not
lose what was typed; the same form offers it back the next time it opens.

Drafts are small JSON files in the user state folder (0700), written atomically. Each is
kept for one database and one form (its record): input typed against one database is
never offered while handover runs on another.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from handover_tui.config import APP_NAME

DEMO = "demo"
"""The database of ``handover --demo``: made afresh each time, from the same clients."""


@dataclass(frozen=True)
class Draft:
    key: str
    database: str
    title: str
    values: dict[str, Any]
    saved_at: datetime

    @property
    def when(self) -> str:
        return self.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")


def folder() -> Path:
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False) / "drafts"


def database_identity(url: str | None, *, demo: bool = False) -> str:
    """Which database drafts belong to: an SQLite file's resolved path, or a server's URL
    without its password (which must not be written to disk beside the draft)."""
    from handover_tui.services.store import local_file

    if demo:
        return DEMO
    if not url:
        return ""
    path = local_file(url)
    if path is not None:
        return str(path.expanduser().resolve())
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{parts.username}@{host}" if parts.username else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _path(key: str, database: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:60] or "form"
    digest = hashlib.sha256(f"{database}\0{key}".encode()).hexdigest()[:16]
    return folder() / f"{slug}-{digest}.json"


def keep(key: str, title: str, values: dict[str, Any], *, database: str) -> None:
    """Write (or replace) the draft of one form (``key``) on one database."""
    target = _path(key, database)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    document = {
        "key": key,
        "database": database,
        "title": title,
        "values": values,
        "saved_at": datetime.now(UTC).isoformat(),
    }
    partial = target.with_suffix(".partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(document, stream, ensure_ascii=False, default=str)
        stream.flush()
        os.fsync(stream.fileno())
    partial.replace(target)


def find(key: str, *, database: str) -> Draft | None:
    draft = _read(_path(key, database))
    return draft if draft is not None and draft.database == database else None


def discard(key: str, *, database: str) -> None:
    _path(key, database).unlink(missing_ok=True)


def every(*, database: str) -> list[Draft]:
    """Every draft kept on ``database``, newest first (unreadable files are skipped)."""
    if not folder().is_dir():
        return []
    found = [draft for path in folder().glob("*.json") if (draft := _read(path))]
    found = [draft for draft in found if draft.database == database]
    return sorted(found, key=lambda draft: draft.saved_at, reverse=True)


def _read(path: Path) -> Draft | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Draft(
            key=str(document["key"]),
            database=str(document["database"]),
            title=str(document["title"]),
            values=dict(document["values"]),
            saved_at=datetime.fromisoformat(document["saved_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
