from datetime import date
from decimal import Decimal

import pytest

from handover_tui.domain.validation import InvalidInput
from handover_tui.services import NotFound, StaleRecord, clients, contacts, people


@pytest.fixture
def maya(db):
    return people.create_person(db, {"name": "Maya Okafor", "capacity": "2"})


def add(db, name, **fields):
    return clients.create_client(db, {"name": name, **fields})


def test_create_and_read_back(db, maya):
    client = add(db, "Acme", owner_id=maya.id, annual_value="120000", renewal_date="2027-03-31")
    detail = clients.get_client(db, client.id)
    assert detail.owner == "Maya Okafor"
    assert detail.client.annual_value == Decimal("120000.00")
    assert detail.client.renewal_date == date(2027, 3, 31)
    assert detail.client.version == 1


def test_owner_must_exist(db):
    with pytest.raises(InvalidInput) as caught:
        add(db, "Acme", owner_id=99)
    assert "owner_id" in caught.value.errors


def test_filter_matches_name_owner_industry_and_tags(db, maya):
    add(db, "Acme Logistics", industry="Logistics", owner_id=maya.id)
    add(db, "Bluefin Capital", industry="Finance", tags="strategic")
    add(db, "100% Organic")

    def names(text):
        return [row.name for row in clients.list_clients(db, text)]

    assert names("acme") == ["Acme Logistics"]
    assert names("maya") == ["Acme Logistics"]
    assert names("finance") == ["Bluefin Capital"]
    assert names("STRATEGIC") == ["Bluefin Capital"]
    assert names("acme maya") == ["Acme Logistics"]
    assert names("%") == ["100% Organic"]  # LIKE wildcards are taken literally
    assert names("nothing") == []


def test_sort_by_every_column_with_blanks_last(db, maya):
    add(db, "b", annual_value="10", renewal_date="2027-01-01", owner_id=maya.id)
    add(db, "a", annual_value="30")
    add(db, "c", renewal_date="2026-01-01")
    assert [r.name for r in clients.list_clients(db, sort="value")] == ["b", "a", "c"]
    assert [r.name for r in clients.list_clients(db, sort="value", descending=True)] == [
        "a",
        "b",
        "c",
    ]
    assert [r.name for r in clients.list_clients(db, sort="renewal")] == ["c", "b", "a"]
    assert clients.list_clients(db, sort="owner")[0].name == "b"
    for key in clients.SORT_KEYS:
        assert len(clients.list_clients(db, sort=key)) == 3
    with pytest.raises(ValueError):
        clients.list_clients(db, sort="colour")


def test_archive_hides_and_unarchive_restores_status(db):
    client = add(db, "Acme", status="in_transition")
    clients.archive_client(db, client.id)
    assert clients.list_clients(db) == []
    assert [r.status for r in clients.list_clients(db, include_archived=True)] == ["archived"]
    restored = clients.unarchive_client(db, client.id)
    assert restored.status == "in_transition"
    assert [r.name for r in clients.list_clients(db)] == ["Acme"]


def test_update_detects_a_concurrent_change(db):
    client = add(db, "Acme", industry="Logistics")
    clients.update_client(db, client.id, {"industry": "Shipping"}, expected_version=1)
    with pytest.raises(StaleRecord) as caught:
        clients.update_client(
            db,
            client.id,
            {"industry": "Freight"},
            expected_version=1,
            seen={"industry": "Logistics"},
        )
    assert caught.value.changed == {"industry": "Shipping"}
    assert clients.get_client(db, client.id).client.industry == "Shipping"
    # Overwriting knowingly is allowed.
    updated = clients.update_client(db, client.id, {"industry": "Freight"}, expected_version=None)
    assert updated.industry == "Freight" and updated.version == 3


def test_missing_client(db):
    with pytest.raises(NotFound):
        clients.get_client(db, 42)


def test_contacts_crud_with_one_primary(db):
    client = add(db, "Acme")
    first = contacts.add_contact(db, client.id, {"name": "Jane", "is_primary": True})
    second = contacts.add_contact(
        db, client.id, {"name": "Ravi", "email": "ravi@acme.example", "is_primary": True}
    )
    listed = contacts.list_contacts(db, client.id)
    assert [(c.name, c.is_primary) for c in listed] == [("Ravi", True), ("Jane", False)]
    contacts.update_contact(db, first.id, {"title": "CFO"}, expected_version=2)
    removed = contacts.delete_contact(db, second.id)
    assert [c.name for c in contacts.list_contacts(db, client.id)] == ["Jane"]
    contacts.restore_contact(db, removed)
    assert {c.name for c in contacts.list_contacts(db, client.id)} == {"Jane", "Ravi"}
    with pytest.raises(InvalidInput) as caught:
        contacts.add_contact(db, client.id, {"name": "X", "email": "nope", "phone": "12"})
    assert set(caught.value.errors) == {"email", "phone"}


def test_people_load_against_capacity(db, maya):
    for name in ("a", "b", "c"):
        add(db, name, owner_id=maya.id)
    archived = add(db, "d", owner_id=maya.id)
    clients.archive_client(db, archived.id)
    (row,) = people.list_people(db)
    assert row.active_clients == 3
    assert row.over_capacity
    people.update_person(db, maya.id, {"capacity": "5"}, expected_version=1)
    assert not people.list_people(db)[0].over_capacity


def test_demo_data_is_realistic_and_deterministic(demo_db):
    rows = clients.list_clients(demo_db, include_archived=True)
    assert len(rows) >= 25
    assert len({row.industry for row in rows}) >= 10
    assert len({row.status for row in rows}) >= 5
    assert len(people.list_people(demo_db)) >= 4
    assert all(contacts.list_contacts(demo_db, row.id) for row in rows if not row.archived)


def test_demo_notes_cover_every_category(demo_db):
    from handover_tui.domain.vocab import NoteCategory
    from handover_tui.services import notes

    seen = set()
    for row in clients.list_clients(demo_db, include_archived=True):
        seen |= {note.category for note in notes.list_notes(demo_db, row.id)}
    assert seen == {category.value for category in NoteCategory}
