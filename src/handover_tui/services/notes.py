"""Knowledge-transfer notes: what the outgoing owner knows, written down for the successor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.validation import clean_note
from handover_tui.domain.vocab import NoteCategory
from handover_tui.models import Client, Note, utcnow
from handover_tui.services import identity
from handover_tui.services._records import apply_changes, fetch


def os_user() -> str:
    """The operating-system user, as on a shared server (the audit trail's "who")."""
    return identity.os_user()


def list_notes(db: Database, client_id: int, category: str | None = None) -> list[Note]:
    """The client's notes, pinned first, then the most recently changed."""
    query = select(Note).where(Note.client_id == client_id, col(Note.deleted_at).is_(None))
    if category:
        query = query.where(Note.category == category)
    query = query.order_by(col(Note.pinned).desc(), col(Note.updated_at).desc(), col(Note.id))
    with db.reading() as session:
        return list(session.exec(query))


def missing_categories(db: Database, client_id: int) -> list[NoteCategory]:
    """Categories with no note yet: what a successor would be missing."""
    query = (
        select(Note.category)
        .where(Note.client_id == client_id, col(Note.deleted_at).is_(None))
        .distinct()
    )
    with db.reading() as session:
        present = set(session.exec(query))
    return [category for category in NoteCategory if category.value not in present]


def create_note(
    db: Database,
    client_id: int,
    fields: Mapping[str, Any],
    *,
    author: str | None = None,
    at: datetime | None = None,
) -> Note:
    """A new note by ``author`` (default: the user's configured name, else the OS
    login's), written ``at`` (default: now)."""
    values = clean_note({"category": "general", **fields})
    stamps: dict[str, Any] = {"created_at": at, "updated_at": at} if at is not None else {}
    with db.transaction() as session:
        fetch(session, Client, client_id, "Client")
        note = Note(
            client_id=client_id,
            author=identity.display_name() if author is None else author,
            **values,
            **stamps,
        )
        session.add(note)
        session.flush()
        return note


def create_notes(
    db: Database,
    many: Iterable[tuple[int, Mapping[str, Any], datetime | None]],
    *,
    author: str | None = None,
    chunk: int = 2000,
) -> int:
    """Many notes, ``(client_id, fields, written_at)`` each, in one unit of work (an
    import, a benchmark's data set); each is validated as :func:`create_note` would.
    Returns how many were added."""
    writer = identity.display_name() if author is None else author
    count = 0
    with db.transaction() as session:
        known = set(session.exec(select(Client.id)))
        for client_id, fields, at in many:
            if client_id not in known:
                fetch(session, Client, client_id, "Client")  # raises NotFound
            values = clean_note({"category": "general", **fields})
            stamps: dict[str, Any] = {"created_at": at, "updated_at": at} if at is not None else {}
            session.add(Note(client_id=client_id, author=writer, **values, **stamps))
            count += 1
            if count % chunk == 0:
                session.flush()
                session.expunge_all()  # the audit rows are written; keep memory flat
    return count


def update_note(
    db: Database, note_id: int, fields: Mapping[str, Any], *, expected_version: int | None
) -> Note:
    values = clean_note(fields, partial=True)
    with db.transaction() as session:
        note = fetch(session, Note, note_id, "Note", lock=True)
        apply_changes(note, values, expected_version=expected_version, what=f"“{note.title}”")
        return note


def set_pinned(db: Database, note_id: int, pinned: bool) -> Note:
    with db.transaction() as session:
        note = fetch(session, Note, note_id, "Note", lock=True)
        apply_changes(note, {"pinned": pinned}, expected_version=None, what=note.title)
        return note


def delete_note(db: Database, note_id: int) -> Note:
    """Put a note aside (it can come back with :func:`restore_note`)."""
    with db.transaction() as session:
        note = fetch(session, Note, note_id, "Note", lock=True)
        note.deleted_at = utcnow()
        note.version += 1
        return note


def restore_note(db: Database, note_id: int) -> Note:
    with db.transaction() as session:
        note = fetch(session, Note, note_id, "Note", lock=True)
        note.deleted_at = None
        note.version += 1
        return note
