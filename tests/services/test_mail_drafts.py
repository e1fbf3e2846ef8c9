"""The introduction and handoff drafts, made from the demo data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from sqlmodel import select

from handover_tui.domain.mail import DraftError
from handover_tui.models import Contact, Interaction, Person, Transition
from handover_tui.services import (
    Refused,
    clients,
    contacts,
    log,
    loose_ends,
    mail_drafts,
    transitions,
)
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def client_id(db, name: str) -> int:
    return clients.resolve_client(db, name).id


def parsed(draft):
    return message_from_bytes(draft.text.encode("utf-8"), policy=policy.default)


def body(draft) -> str:
    return parsed(draft).get_content().replace("\r\n", "\n")


def test_intro_goes_to_the_primary_contact_cc_the_incoming_owner(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    draft = mail_drafts.intro_draft(demo_db, juniper, today=TODAY, now=NOW)
    message = parsed(draft)
    assert [a.addr_spec for a in message["From"].addresses] == [
        "tomas@northstar-consulting.example"
    ]
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Alex Schmidt", "alex.schmidt@juniper.example")
    ]
    assert [a.display_name for a in message["Cc"].addresses] == ["Helen Park"]
    assert message["Subject"] == "Juniper Hotels: introducing Helen Park"
    text = body(draft)
    assert text.startswith("Dear Alex Schmidt,")
    for fact in (
        "Helen Park, Consultant",
        "helen@northstar-consulting.example or +1 415-555-0104",
        "tomas@northstar-consulting.example",
        "30 December 2026",  # the end of the support phase
        "Our first meeting together: to be arranged.",
        "Tomás Alvarez\nAccount manager",
    ):
        assert fact in text
    assert draft.template is None and draft.recipients == [
        "Alex Schmidt <alex.schmidt@juniper.example>"
    ]


def test_intro_names_the_next_planned_meeting(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    log.add_interaction(
        demo_db,
        juniper,
        {
            "kind": "status_meeting",
            "occurred_on": TODAY.isoformat(),
            "next_planned_on": (TODAY + timedelta(days=4)).isoformat(),
        },
    )
    draft = mail_drafts.intro_draft(demo_db, juniper, today=TODAY, now=NOW)
    assert "Our first meeting together: 27 November 2026." in body(draft)


def test_to_chooses_the_recipients_and_names_known_contacts(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    draft = mail_drafts.intro_draft(
        demo_db,
        juniper,
        today=TODAY,
        now=NOW,
        to=["Morgan.Moreau@juniper.example", "board@juniper.example"],
    )
    message = parsed(draft)
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Morgan Moreau", "Morgan.Moreau@juniper.example"),
        ("", "board@juniper.example"),
    ]
    assert body(draft).startswith("Dear Morgan Moreau and board@juniper.example,")


def test_a_bad_to_address_is_refused(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    with pytest.raises(DraftError, match=r"^--to: 'a@b\.example, c@d\.example'"):
        mail_drafts.intro_draft(
            demo_db, juniper, today=TODAY, now=NOW, to=["a@b.example, c@d.example"]
        )


def set_email(db, model, row_id, email: str) -> None:
    with db.transaction() as session:
        row = session.get(model, row_id)
        row.email = email


def test_a_hostile_address_in_the_database_is_refused_naming_the_contact(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    primary = contacts.list_contacts(demo_db, juniper)[0]
    set_email(demo_db, Contact, primary.id, "alex@juniper.example\r\nBcc: all@evil.example")
    with pytest.raises(DraftError, match=r"^Contact Alex Schmidt of Juniper Hotels: "):
        mail_drafts.intro_draft(demo_db, juniper, today=TODAY, now=NOW)


def test_a_hostile_name_stays_a_name(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    primary = contacts.list_contacts(demo_db, juniper)[0]
    with demo_db.transaction() as session:
        session.get(Contact, primary.id).name = 'Alex" <x@evil.example>, Bcc: all@evil.example'
    message = parsed(mail_drafts.intro_draft(demo_db, juniper, today=TODAY, now=NOW))
    [only] = message["To"].addresses
    assert only.addr_spec == "alex.schmidt@juniper.example"
    assert message["Bcc"] is None


def test_an_owner_without_an_address_is_named(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    with demo_db.reading() as session:
        helen = session.exec(select(Person).where(Person.name == "Helen Park")).one()
    set_email(demo_db, Person, helen.id, "")
    with pytest.raises(DraftError, match=r"incoming owner of Juniper Hotels \(Helen Park\)"):
        mail_drafts.intro_draft(demo_db, juniper, today=TODAY, now=NOW)


def test_no_primary_contact_with_an_address_asks_for_to(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    for contact in contacts.list_contacts(demo_db, juniper):
        set_email(demo_db, Contact, contact.id, "")
    with pytest.raises(Refused, match="--to"):
        mail_drafts.intro_draft(demo_db, juniper, today=TODAY, now=NOW)


def test_a_client_without_a_plan_has_no_draft(demo_db):
    with pytest.raises(Refused, match="no transition plan"):
        mail_drafts.intro_draft(demo_db, client_id(demo_db, "Acme Logistics"), today=TODAY, now=NOW)


def test_handoff_note_carries_summary_loose_ends_items_and_contacts(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    plan = transitions.plan_for_client(demo_db, juniper)
    assert plan is not None
    done = next(end for end in plan.loose_ends if end.title == "Q2 invoice credit note")
    loose_ends.mark_done(demo_db, done.id, TODAY)
    draft = mail_drafts.handoff_draft(demo_db, juniper, today=TODAY, now=NOW)
    message = parsed(draft)
    assert [a.display_name for a in message["To"].addresses] == ["Helen Park"]
    assert message["Cc"] is None
    text = body(draft)
    assert "One guest profile across every property" in text  # goals
    assert "Q2 invoice credit note" not in text  # done
    spa = "- Licence count for the spa system (due 2026-12-08; Helen Park (incoming owner))"
    assert spa in text
    assert "- Monitor client satisfaction and address concerns (due 2026-12-24; Helen Park)" in text
    assert "Alex Schmidt, IT Director: alex.schmidt@juniper.example" in text
    assert "(primary; prefers phone)" in text
    assert "Challenges, and how we dealt with them\n(not written yet)" in text


def test_a_user_template_replaces_the_built_in_one(demo_db, tmp_path):
    (tmp_path / "intro.txt").write_text(
        "Subject: Hello from $outgoing_name\n\nHi $recipient_names, meet $incoming_name.\n",
        encoding="utf-8",
    )
    juniper = client_id(demo_db, "Juniper Hotels")
    draft = mail_drafts.intro_draft(demo_db, juniper, today=TODAY, now=NOW, folder=tmp_path)
    assert draft.template == tmp_path / "intro.txt"
    assert parsed(draft)["Subject"] == "Hello from Tomás Alvarez"
    assert body(draft) == "Hi Alex Schmidt, meet Helen Park.\n"


def test_a_user_template_with_an_unknown_placeholder_names_it(demo_db, tmp_path):
    (tmp_path / "handoff.txt").write_text("Subject: $client\n\n$open_itmes\n", encoding="utf-8")
    juniper = client_id(demo_db, "Juniper Hotels")
    with pytest.raises(DraftError, match=r"handoff.txt: no placeholder \$open_itmes"):
        mail_drafts.handoff_draft(demo_db, juniper, today=TODAY, now=NOW, folder=tmp_path)


def test_default_templates_are_written_once_and_then_kept(tmp_path):
    first = mail_drafts.write_default_templates(tmp_path)
    assert [written for _path, written in first] == [True, True]
    (tmp_path / "intro.txt").write_text("Subject: mine\n\nmine\n", encoding="utf-8")
    again = mail_drafts.write_default_templates(tmp_path)
    assert [written for _path, written in again] == [False, False]
    assert (tmp_path / "intro.txt").read_text(encoding="utf-8") == "Subject: mine\n\nmine\n"


def test_marking_the_intro_sent_logs_it_and_dates_the_client_informed(demo_db):
    juniper = client_id(demo_db, "Juniper Hotels")
    with demo_db.transaction() as session:
        transition = session.exec(select(Transition).where(Transition.client_id == juniper)).one()
        transition.client_informed_on = None
    row = mail_drafts.mark_intro_sent(demo_db, juniper, on=TODAY, recipients="Alex Schmidt")
    with demo_db.reading() as session:
        logged = session.get(Interaction, row.id)
        transition = session.exec(select(Transition).where(Transition.client_id == juniper)).one()
    assert (logged.kind, logged.occurred_on, logged.attendees) == (
        "introduction",
        TODAY,
        "Alex Schmidt",
    )
    assert logged.transition_id == transition.id
    assert transition.client_informed_on == TODAY
    # A later introduction keeps the first date the client was told.
    mail_drafts.mark_intro_sent(demo_db, juniper, on=TODAY + timedelta(days=3), recipients="x")
    with demo_db.reading() as session:
        assert session.get(Transition, transition.id).client_informed_on == TODAY
