"""Unsaved form input kept on disk, so a crash, a kill or a dropped connection does not
lose what was typed; the same form offers it back the next time it opens.

Drafts are small JSON files in the user state folder (0700), written atomically.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from handover_tui.config import APP_NAME


@dataclass(frozen=True)
class Draft:
    key: str
    title: str
    values: dict[str, Any]
    saved_at: datetime

    @property
    def when(self) -> str:
        return self.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")


def folder() -> Path:
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False) / "drafts"


def _path(key: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:80] or "form"
    return folder() / f"{slug}.json"


def keep(key: str, title: str, values: dict[str, Any]) -> None:
    """Write (or replace) the draft of one form."""
    target = _path(key)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    document = {
        "key": key,
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


def find(key: str) -> Draft | None:
    return _read(_path(key))


def discard(key: str) -> None:
    _path(key).unlink(missing_ok=True)


def every() -> list[Draft]:
    """Every kept draft, newest first (unreadable files are skipped)."""
    if not folder().is_dir():
        return []
    found = [draft for path in folder().glob("*.json") if (draft := _read(path))]
    return sorted(found, key=lambda draft: draft.saved_at, reverse=True)


def _read(path: Path) -> Draft | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Draft(
            key=str(document["key"]),
            title=str(document["title"]),
            values=dict(document["values"]),
            saved_at=datetime.fromisoformat(document["saved_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
