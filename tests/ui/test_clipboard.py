"""y copies through the terminal (OSC 52): a contact's or a person's e-mail address, or
their phone when there is none, and a note's text; a toast says what was copied."""

from __future__ import annotations

from handover_tui.services import clients, contacts, notes, people
from tests.ui.conftest import settle


def last_message(app) -> str:
    return list(app._notifications)[-1].message


async def test_y_copies_the_contacts_email_address_or_phone(demo_app, demo_db):
    acme = clients.find_clients(demo_db, "Acme Logistics")[0].id
    first, second = contacts.list_contacts(demo_db, acme)[:2]
    assert first.email
    contacts.update_contact(
        demo_db,
        second.id,
        {"email": "", "phone": "+1 415 555 0100"},
        expected_version=second.version,
    )
    second = contacts.list_contacts(demo_db, acme)[1]
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(acme, "contacts")
        await settle(pilot)
        await pilot.press("y")
        assert demo_app.clipboard == first.email
        assert last_message(demo_app) == f"Copied {first.name}'s e-mail address, {first.email}."
        await pilot.press("j", "y")
        await settle(pilot)
        assert demo_app.clipboard == second.phone and "415" in second.phone
        assert last_message(demo_app) == f"Copied {second.name}'s phone number, {second.phone}."


async def test_y_copies_the_selected_notes_text(demo_app, demo_db):
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    top = notes.list_notes(demo_db, juniper)[0]
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(juniper, "notes")
        await settle(pilot)
        demo_app.screen.query_one("#notes-table").focus()
        await pilot.press("y")
        assert demo_app.clipboard == top.body
        assert last_message(demo_app) == f"Copied the text of “{top.title}”."


async def test_y_copies_a_persons_address_on_the_people_screen(make, db):
    people.create_person(db, {"name": "Maya Okafor", "email": "maya@example.com"})
    people.create_person(db, {"name": "Sam Whitfield"})
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == "maya@example.com"
        await pilot.press("j", "y")
        assert app.clipboard == "maya@example.com"  # nothing to copy: left as it was
        assert last_message(app) == "Sam Whitfield has no e-mail address or phone number to copy."
