"""The stakeholder map: a contact's decision role, seniority, sentiment and relationship
holder; the last contact date from the log; decision makers get the introduction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest

from handover_tui.services import InvalidInput, clients, contacts, log, mail_drafts, people
from tests.conftest import DEMO_TODAY


def juniper(db) -> int:
    return clients.resolve_client(db, "Juniper Hotels").id


def test_the_map_is_stored_in_words_from_the_vocabulary(demo_db):
    client = juniper(demo_db)
    helen = next(p for p in people.list_people(demo_db) if p.name == "Helen Park")
    morgan = contacts.list_contacts(demo_db, client)[1]
    contacts.update_contact(
        demo_db,
        morgan.id,
        {
            "decision_role": "Decision maker",
            "seniority": "senior",
            "sentiment": "Negative",
            "relationship_holder_id": helen.id,
        },
        expected_version=morgan.version,
    )
    stored = contacts.list_contacts(demo_db, client)[1]
    assert (stored.decision_role, stored.seniority, stored.sentiment) == (
        "decision_maker",
        "senior",
        "negative",
    )
    assert stored.relationship_holder_id == helen.id


@pytest.mark.parametrize(
    ("field", "value"),
    [("decision_role", "boss"), ("seniority", "ancient"), ("sentiment", "meh")],
)
def test_a_word_not_in_the_vocabulary_is_refused(demo_db, field, value):
    with pytest.raises(InvalidInput) as caught:
        contacts.add_contact(demo_db, juniper(demo_db), {"name": "Pat", field: value})
    assert field in caught.value.errors


def test_the_holder_must_be_one_of_the_people(demo_db):
    with pytest.raises(InvalidInput) as caught:
        contacts.add_contact(
            demo_db, juniper(demo_db), {"name": "Pat", "relationship_holder_id": 9999}
        )
    assert caught.value.errors == {"relationship_holder_id": "Pick one of the people."}


def test_the_last_contact_date_comes_from_the_log(demo_db):
    client = juniper(demo_db)
    alex, morgan = contacts.list_contacts(demo_db, client)
    for days, attendees in ((10, "Alex Schmidt, Helen Park"), (3, "alex.schmidt@JUNIPER.example")):
        log.add_interaction(
            demo_db,
            client,
            {
                "kind": "check_in",
                "occurred_on": (DEMO_TODAY - timedelta(days=days)).isoformat(),
                "attendees": attendees,
            },
        )
    found = contacts.last_contacted(demo_db, client)
    assert found[alex.id] >= DEMO_TODAY - timedelta(days=3)
    logged = {e.attendees for e in log.list_interactions(demo_db, client)}
    if not any("morgan" in a.casefold() for a in logged):
        assert morgan.id not in found


def test_decision_makers_get_the_introduction_with_the_primary_contact(demo_db):
    client = juniper(demo_db)
    morgan = contacts.list_contacts(demo_db, client)[1]
    contacts.update_contact(
        demo_db, morgan.id, {"decision_role": "decision_maker"}, expected_version=morgan.version
    )
    draft = mail_drafts.intro_draft(
        demo_db, client, today=DEMO_TODAY, now=datetime(2026, 11, 23, tzinfo=UTC)
    )
    message = message_from_bytes(draft.text.encode(), policy=policy.default)
    assert [a.addr_spec for a in message["To"].addresses] == [
        "alex.schmidt@juniper.example",
        "morgan.moreau@juniper.example",
    ]
    assert message.get_content().startswith("Dear Alex Schmidt and Morgan Moreau,")
