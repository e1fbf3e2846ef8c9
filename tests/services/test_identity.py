"""The configured user: a note's author, the preparer of a plan, and the name the audit
trail keeps beside the OS user; the OS login (or its full name) when none is set."""

from __future__ import annotations

from datetime import date

import pytest

from handover_tui.domain.identity import Identity
from handover_tui.services import audit, clients, identity, notes, people, transitions
from handover_tui.services.plan_document import plan_document


@pytest.fixture
def maya(monkeypatch: pytest.MonkeyPatch) -> Identity:
    monkeypatch.setattr(identity, "os_user", lambda: "root")
    monkeypatch.setattr(notes, "os_user", lambda: "root")
    return identity.use(
        Identity(name="Maya Okafor", title="Account director", email="maya@example.com")
    )


def test_without_settings_the_login_is_the_author(db, monkeypatch):
    monkeypatch.setattr(identity, "os_user", lambda: "sam")
    monkeypatch.setattr(identity, "passwd_full_name", lambda login: "")
    identity.reset()
    client = clients.create_client(db, {"name": "Acme"})
    assert notes.create_note(db, client.id, {"title": "Hello"}).author == "sam"
    monkeypatch.setattr(identity, "passwd_full_name", lambda login: "Sam Whitfield")
    identity.reset()
    assert notes.create_note(db, client.id, {"title": "Again"}).author == "Sam Whitfield"
    assert identity.actor() == ""


def test_a_configured_name_writes_the_notes_and_sits_beside_the_os_user(db, maya):
    client = clients.create_client(db, {"name": "Acme"})
    note = notes.create_note(db, client.id, {"title": "Hello"})
    assert note.author == "Maya Okafor"
    entry = audit.list_activity(db, client_id=client.id)[0]
    assert (entry.os_user, entry.actor, entry.who) == ("root", "Maya Okafor", "root (Maya Okafor)")
    assert [row.id for row in audit.list_activity(db, text="okafor")] == [
        row.id for row in audit.list_activity(db)
    ]


def test_the_plan_is_prepared_by_the_configured_person(db, maya):
    owner = people.create_person(db, {"name": "Tomás"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": owner.id})
    transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": "2026-11-02"},
        today=date(2026, 11, 2),
    )
    markdown = plan_document(
        db, client.id, prepared_by=identity.current().signature, today=date(2026, 11, 2)
    )
    assert "**Prepared by:** Maya Okafor, Account director (maya@example.com)" in markdown
