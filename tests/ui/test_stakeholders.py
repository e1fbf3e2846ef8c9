"""The stakeholder map on the contacts tab: a contact's decision role, seniority,
sentiment and who on our side holds the relationship, set by keys, shown as columns with
the last time the log says they were met."""

from __future__ import annotations

from handover_tui.services import contacts, log
from tests.ui.conftest import settle, text_of
from tests.ui.test_client import open_first_client


async def pick(pilot, field: str, typed: str) -> None:
    """Open a select by keys, jump to the option typed, choose it."""
    pilot.app.screen.query_one(f"#field-{field}").focus()
    await pilot.press("enter", *typed, "enter")


async def test_a_contact_gets_a_place_on_the_map(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_client(pilot)
        client_id = screen.client_id
        await pilot.press("c", "n")
        await settle(pilot)
        await pilot.press(*"Grace Hopper")
        await pick(pilot, "decision_role", "decision")
        await pick(pilot, "seniority", "exec")
        await pick(pilot, "sentiment", "pos")
        await pick(pilot, "relationship_holder_id", "maya")
        await pilot.press("ctrl+s")
        await settle(pilot)
        grace = next(
            c for c in contacts.list_contacts(demo_db, client_id) if c.name == "Grace Hopper"
        )
        assert (grace.decision_role, grace.seniority, grace.sentiment) == (
            "decision_maker",
            "executive",
            "positive",
        )
        table = screen.query_one("#contacts-table")
        assert table.current_id == grace.id
        row = [str(cell) for cell in table.get_row(str(grace.id))]
        assert "Decision maker" in row and "Maya Okafor" in row
        detail = text_of(screen.query_one("#contact-detail"))
        assert "Held by (us) Maya Okafor" in " ".join(detail.split())


async def test_the_last_meeting_comes_from_the_log(demo_app, demo_db):
    from tests.conftest import DEMO_TODAY

    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_client(pilot)
        first = contacts.list_contacts(demo_db, screen.client_id)[0]
        log.add_interaction(
            demo_db,
            screen.client_id,
            {"kind": "check_in", "occurred_on": DEMO_TODAY, "attendees": first.name.upper()},
        )
        await pilot.press("c")
        await settle(pilot)
        row = [str(c) for c in screen.query_one("#contacts-table").get_row(str(first.id))]
        assert DEMO_TODAY.isoformat() in row


async def test_an_edit_reads_the_contact_and_keeps_the_map(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_client(pilot)
        await pilot.press("c", "e")
        await settle(pilot)
        form = demo_app.screen
        assert not form.reading
        await pick(pilot, "sentiment", "neg")
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = contacts.list_contacts(demo_db, screen.client_id)[0]
        assert first.sentiment == "negative"
