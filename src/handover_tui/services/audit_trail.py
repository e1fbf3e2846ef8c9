"""Read the audit trail: newest first, one client's or everyone's, narrowed by words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import col, select

from handover_tui.models import Activity, Client
from handover_tui.services.audit_text import field_label, value_text

if TYPE_CHECKING:
    from handover_tui.db.engine import Database


@dataclass(frozen=True)
class ActivityRow:
    """One entry of the trail, with the name of the client it concerns."""

    id: int
    at: datetime
    os_user: str
    action: str
    entity: str
    entity_id: int | None
    client_id: int | None
    client_name: str
    summary: str
    changes_json: str
    actor: str = ""

    @property
    def who(self) -> str:
        """``maya (Maya Okafor)``: the OS user, and the configured name beside it."""
        name = self.actor.strip()
        if not name or name == self.os_user:
            return self.os_user
        return f"{self.os_user} ({name})" if self.os_user else name

    @property
    def changes(self) -> dict[str, tuple[Any, Any]]:
        """{field: (old, new)}; an entry written by hand or damaged reads as none."""
        try:
            data = json.loads(self.changes_json or "{}")
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            str(name): (pair[0], pair[1])
            if isinstance(pair, list) and len(pair) == 2
            else (None, pair)
            for name, pair in data.items()
        }

    def change_lines(self) -> list[str]:
        """``field: old → new`` for each changed field, for a detail panel or the CLI."""
        return [
            f"{field_label(name)}: {value_text(old, name)} → {value_text(new, name)}"
            for name, (old, new) in self.changes.items()
        ]


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_activity(
    db: Database, *, client_id: int | None = None, text: str = "", limit: int = 500
) -> list[ActivityRow]:
    """The trail, newest first: one client's (``client_id``) or everyone's, narrowed to
    entries whose sentence, user, action or client name holds every word of ``text``."""
    name = sa.func.coalesce(Client.name, "")
    query = select(
        col(Activity.id),
        col(Activity.at),
        col(Activity.os_user),
        col(Activity.action),
        col(Activity.entity),
        col(Activity.entity_id),
        col(Activity.client_id),
        name,
        col(Activity.summary),
        col(Activity.changes),
        col(Activity.actor),
    ).outerjoin(Client, Client.id == Activity.client_id)
    if client_id is not None:
        query = query.where(Activity.client_id == client_id)
    for word in text.lower().split():
        pattern = f"%{_escape_like(word)}%"
        query = query.where(
            sa.or_(
                *(
                    sa.func.lower(column).like(pattern, escape="\\")
                    for column in (
                        Activity.summary,
                        Activity.os_user,
                        Activity.actor,
                        Activity.action,
                        name,
                    )
                )
            )
        )
    query = query.order_by(sa.desc(col(Activity.at)), sa.desc(col(Activity.id))).limit(limit)
    with db.reading() as session:
        return [ActivityRow(*row) for row in session.execute(query)]
