"""Owner and client profiles through the services: stored, proposed by, printed."""

from __future__ import annotations

import pytest

from handover_tui.domain.validation import InvalidInput
from handover_tui.services import clients, people, portfolio, transitions
from handover_tui.services.plan_document import plan_document
from tests.conftest import DEMO_TODAY as TODAY


def test_a_profile_is_cleaned_and_stored(db):
    maya = people.create_person(
        db,
        {
            "name": "Maya",
            "department": " Advisory ",
            "skills": "tax, M&A, Tax",
            "industries": "Banking,Insurance",
            "languages": "English, German",
            "time_zone": "Europe/Berlin",
        },
    )
    (row,) = people.list_people(db)
    assert (row.department, row.skills, row.industries) == (
        "Advisory",
        "tax, M&A",
        "Banking, Insurance",
    )
    assert (row.languages, row.time_zone) == ("English, German", "Europe/Berlin")
    with pytest.raises(InvalidInput) as refused:
        people.update_person(db, maya.id, {"time_zone": "Berlin"}, expected_version=None)
    assert "time_zone" in refused.value.errors
    acme = clients.create_client(
        db, {"name": "Acme", "languages": "French", "time_zone": "Europe/Paris"}
    )
    assert (acme.languages, acme.time_zone) == ("French", "Europe/Paris")


def test_leaving_proposes_the_owner_who_fits_and_says_why(db):
    maya = people.create_person(db, {"name": "Maya", "capacity": "10"})
    people.create_person(db, {"name": "Ann", "capacity": "10", "time_zone": "America/Los_Angeles"})
    bob = people.create_person(
        db,
        {
            "name": "Bob",
            "capacity": "10",
            "industries": "Insurance",
            "languages": "German",
            "time_zone": "Europe/Vienna",
        },
    )
    for name in ("Other 1", "Other 2"):  # Bob is fuller than Ann
        clients.create_client(db, {"name": name, "owner_id": bob.id})
    clients.create_client(
        db,
        {
            "name": "Munich Re",
            "owner_id": maya.id,
            "industry": "insurance",
            "languages": "German, English",
            "time_zone": "Europe/Berlin",
        },
    )
    proposal = portfolio.propose_owner_leaving(db, maya.id, "2027-02-28", today=TODAY)
    (move,) = proposal.moves
    assert move.incoming == "Bob"
    assert move.flags() == ["knows the industry", "speaks German", "8 h of shared hours"]


def test_the_plan_names_the_owners_departments(db):
    maya = people.create_person(db, {"name": "Maya", "department": "Advisory"})
    sam = people.create_person(db, {"name": "Sam", "department": "Advisory"})
    acme = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    transitions.start_transition(
        db,
        acme.id,
        {"incoming_id": sam.id, "reason": "workload", "start": TODAY.isoformat()},
        today=TODAY,
    )
    text = plan_document(db, acme.id, prepared_by="Maya", today=TODAY)
    assert "Department" in text and "Advisory" in text
    people.update_person(db, sam.id, {"department": "Tax"}, expected_version=None)
    text = plan_document(db, acme.id, prepared_by="Maya", today=TODAY)
    assert "Advisory (outgoing owner), Tax (incoming owner)" in text
