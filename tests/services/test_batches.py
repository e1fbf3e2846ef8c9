"""Batch entry points (many records in one unit of work): the same validation, the same
audit trail and the same rules as one record at a time."""

from datetime import UTC, datetime

import pytest

from handover_tui.domain.validation import InvalidInput
from handover_tui.services import NotFound, audit, clients, contacts, notes, people


@pytest.fixture
def maya(db):
    return people.create_person(db, {"name": "Maya Okafor", "capacity": "2"})


def test_create_clients_adds_them_all_validated_and_audited(db, maya):
    added = clients.create_clients(
        db,
        [{"name": f"Client {n}", "owner_id": maya.id} for n in range(5)],
        chunk=2,
    )
    rows = clients.list_clients(db)
    assert added == 5
    assert [row.name for row in rows] == [f"Client {n}" for n in range(5)]
    assert {row.owner for row in rows} == {"Maya Okafor"}
    created = [row for row in audit.list_activity(db, limit=50) if row.action == "create"]
    assert len(created) == 6  # five clients and Maya


def test_create_clients_is_all_or_nothing(db, maya):
    with pytest.raises(InvalidInput):
        clients.create_clients(db, [{"name": "Good"}, {"name": "Bad", "owner_id": 999}])
    with pytest.raises(InvalidInput):
        clients.create_clients(db, [{"name": "Good"}, {"name": ""}])
    assert clients.list_clients(db) == []


def test_create_notes_keeps_their_dates_and_author(db, maya):
    acme = clients.create_client(db, {"name": "Acme"})
    at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    added = notes.create_notes(
        db,
        [(acme.id, {"title": f"Note {n}", "body": "Text"}, at) for n in range(3)],
        author="maya",
        chunk=2,
    )
    stored = notes.list_notes(db, acme.id)
    assert added == 3
    assert {note.title for note in stored} == {"Note 0", "Note 1", "Note 2"}
    assert {(note.author, note.created_at, note.category) for note in stored} == {
        ("maya", at, "general")
    }


def test_create_notes_refuses_an_unknown_client(db):
    with pytest.raises(NotFound):
        notes.create_notes(db, [(42, {"title": "Lost"}, None)])


def test_add_contacts_keeps_one_primary_per_client(db):
    acme = clients.create_client(db, {"name": "Acme"})
    contacts.add_contact(db, acme.id, {"name": "Old Primary", "is_primary": True})
    contacts.add_contacts(
        db,
        [
            (acme.id, {"name": "Ann Lee", "is_primary": True}),
            (acme.id, {"name": "Bo Chan", "is_primary": True}),
            (acme.id, {"name": "Cy Diaz"}),
        ],
    )
    primary = [c.name for c in contacts.list_contacts(db, acme.id) if c.is_primary]
    assert primary == ["Bo Chan"]  # the last one, as one at a time
    assert len(contacts.list_contacts(db, acme.id)) == 4
