"""Search by keys: type, go to the results, open the client on the right tab."""

from __future__ import annotations

from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.search import SearchScreen
from tests.ui.conftest import settle


async def test_a_word_in_a_note_opens_the_client_on_the_notes_tab(demo_app):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(demo_app.screen, SearchScreen)
        await pilot.press(*"lisbon pilot")
        await settle(pilot)
        hits = demo_app.screen.hits
        assert [(h.kind, h.client_name) for h in hits] == [("note", "Juniper Hotels")]
        await pilot.press("enter", "enter")  # to the results, then open
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, ClientScreen)
        assert screen.tab == "notes" and screen.title == "Juniper Hotels"


async def test_part_of_an_email_opens_the_contacts_tab(demo_app):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"novak@acme")
        await settle(pilot)
        hits = demo_app.screen.hits
        assert hits and hits[0].kind == "contact"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert demo_app.screen.tab == "contacts"
