"""Loose ends you can track: a ``loose_end`` table (title, holder, due date, state), made
from the notes filed as loose ends and the lines of the handoff summary's loose-ends text,
which both go; and the summary says until when and by which channel the outgoing owner
can be reached after the handoff.

Each non-empty line of ``transition.summary_loose_ends`` becomes an open loose end of
that transition, held by the outgoing owner; each note of the category ``loose_end``
becomes one of the client's running (else latest) transition, its title and text kept
(a deleted note becomes a dropped one). The column is dropped in place: SQLite (3.35 and
later) and PostgreSQL both can. A copy of the table (Alembic's batch mode) would drop
``transition`` first, and with foreign keys on, SQLite would cascade that to every
checklist item and sign-off of every plan.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
_RUNNING = ("active", "paused")

transition = sa.table(
    "transition",
    sa.column("id"),
    sa.column("client_id"),
    sa.column("status"),
    sa.column("summary_loose_ends"),
    sa.column("updated_at"),
)
note = sa.table(
    "note",
    sa.column("id"),
    sa.column("client_id"),
    sa.column("transition_id"),
    sa.column("category"),
    sa.column("title"),
    sa.column("body"),
    sa.column("deleted_at"),
    sa.column("pinned"),
    sa.column("author"),
    sa.column("created_at"),
    sa.column("updated_at"),
    sa.column("version"),
)
loose_end = sa.table(
    "loose_end",
    sa.column("client_id"),
    sa.column("transition_id"),
    sa.column("title"),
    sa.column("holder"),
    sa.column("state"),
    sa.column("closed_on"),
    sa.column("drop_reason"),
    sa.column("notes"),
    sa.column("created_at"),
    sa.column("updated_at"),
    sa.column("version"),
)


def upgrade() -> None:
    op.create_table(
        "loose_end",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("transition_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("holder", sa.String(length=40), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("drop_reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["transition_id"], ["transition.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_loose_end_client_id", "loose_end", ["client_id"], unique=False)
    op.create_index("ix_loose_end_transition_id", "loose_end", ["transition_id"], unique=False)
    bind = op.get_bind()
    rows = _from_summaries(bind) + _from_notes(bind)
    if rows:
        bind.execute(sa.insert(loose_end), rows)
    bind.execute(sa.delete(note).where(note.c.category == "loose_end"))
    op.drop_column("transition", "summary_loose_ends")
    op.add_column("transition", sa.Column("summary_reachable_until", sa.Date(), nullable=True))
    op.add_column(
        "transition",
        sa.Column("summary_reach_channel", sa.String(length=40), nullable=False, server_default=""),
    )


def _row(client_id: int, transition_id: int | None, title: str, **values: Any) -> dict[str, Any]:
    row = {
        "client_id": client_id,
        "transition_id": transition_id,
        "title": title,
        "holder": "outgoing",
        "state": "open",
        "closed_on": None,
        "drop_reason": "",
        "notes": "",
        "version": 1,
    }
    row.update(values)
    return row


def _from_summaries(bind: sa.Connection) -> list[dict[str, Any]]:
    """One open loose end for each non-empty line of a summary's loose-ends text."""
    rows = []
    columns = ("id", "client_id", "summary_loose_ends", "updated_at")
    query = sa.select(*(transition.c[name] for name in columns)).order_by(transition.c.id)
    for transition_id, client_id, text, updated_at in bind.execute(query):
        for line in (text or "").splitlines():
            kept = _MARKER.sub("", line).strip() or line.strip()
            if not kept:
                continue
            title, notes = (kept, "") if len(kept) <= 300 else (kept[:299] + "…", kept)
            stamp = {"created_at": updated_at, "updated_at": updated_at}
            rows.append(_row(client_id, transition_id, title, notes=notes, **stamp))
    return rows


def _from_notes(bind: sa.Connection) -> list[dict[str, Any]]:
    """One loose end for each note filed as a loose end, on the note's transition or the
    client's running (else latest) one."""
    latest: dict[int, tuple[bool, int]] = {}
    for transition_id, client_id, status in bind.execute(
        sa.select(transition.c.id, transition.c.client_id, transition.c.status)
    ):
        rank = (status in _RUNNING, transition_id)
        if client_id not in latest or rank > latest[client_id]:
            latest[client_id] = rank
    rows = []
    query = (
        sa.select(
            note.c.client_id,
            note.c.transition_id,
            note.c.title,
            note.c.body,
            note.c.deleted_at,
            note.c.created_at,
            note.c.updated_at,
        )
        .where(note.c.category == "loose_end")
        .order_by(note.c.id)
    )
    for client_id, transition_id, title, body, deleted_at, created_at, updated_at in bind.execute(
        query
    ):
        if transition_id is None and client_id in latest:
            transition_id = latest[client_id][1]
        values: dict[str, Any] = {"notes": body or "", "created_at": created_at}
        values["updated_at"] = updated_at
        if deleted_at is not None:
            values.update(
                state="dropped", closed_on=_day(deleted_at), drop_reason="The note was deleted."
            )
        rows.append(_row(client_id, transition_id, title, **values))
    return rows


def _day(moment: Any) -> date | None:
    """The day of a stored timestamp (SQLite hands back text, PostgreSQL a datetime)."""
    if isinstance(moment, datetime):
        return moment.date()
    try:
        return date.fromisoformat(str(moment)[:10])
    except ValueError:
        return None


def downgrade() -> None:
    """Loose ends go back to being notes filed as loose ends (state and holder lost)."""
    op.add_column(
        "transition",
        sa.Column("summary_loose_ends", sa.Text(), nullable=False, server_default=""),
    )
    bind = op.get_bind()
    back = bind.execute(
        sa.select(
            loose_end.c.client_id,
            loose_end.c.transition_id,
            loose_end.c.title,
            loose_end.c.notes,
            loose_end.c.created_at,
            loose_end.c.updated_at,
        )
    ).all()
    if back:
        bind.execute(
            sa.insert(note),
            [
                {
                    "client_id": client_id,
                    "transition_id": transition_id,
                    "category": "loose_end",
                    "title": title,
                    "body": notes,
                    "pinned": False,
                    "author": "",
                    "version": 1,
                    "created_at": created_at,
                    "updated_at": updated_at,
                }
                for client_id, transition_id, title, notes, created_at, updated_at in back
            ],
        )
    op.drop_index("ix_loose_end_transition_id", table_name="loose_end")
    op.drop_index("ix_loose_end_client_id", table_name="loose_end")
    op.drop_table("loose_end")
    op.drop_column("transition", "summary_reach_channel")
    op.drop_column("transition", "summary_reachable_until")
