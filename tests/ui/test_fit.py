"""Relationship fit by keys: a client's complexity."""

from __future__ import annotations

from handover_tui.services import clients, people
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.form import FormScreen
from tests.ui.conftest import settle, text_of


async def open_client(pilot, demo_db, name: str) -> ClientScreen:
    client_id = clients.find_clients(demo_db, name)[0].id
    pilot.app.open_client(client_id)
    await settle(pilot)
    return pilot.app.screen


async def test_assessing_complexity_by_keys_weighs_the_client(demo_app, demo_db):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_client(pilot, demo_db, "Acme Logistics")
        owner = clients.get_client(demo_db, screen.client_id).client.owner_id
        before = {p.id: p.load for p in people.list_people(demo_db)}[owner]
        overview = text_of(screen.query_one("#overview-body"))
        assert "1 of 5, not assessed (W assesses it)" in overview
        await pilot.press("W")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("enter", *["down"] * 5, "enter")  # technical: 5
        await pilot.press("tab", "enter", *["down"] * 4, "enter")  # organisation: 4
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is screen
        stored = clients.get_client(demo_db, screen.client_id).client
        assert (stored.complexity_technical, stored.complexity_organisation) == (5, 4)
        assert stored.complexity == 5  # 4.5 rounds up
        overview = text_of(screen.query_one("#overview-body"))
        assert "5 of 5 (technical 5, organisation 4)" in overview
        assert {p.id: p.load for p in people.list_people(demo_db)}[owner] == before + 4
        # The form opens again on what is stored; escape changes nothing.
        await pilot.press("W")
        await settle(pilot)
        assert demo_app.screen.query_one("#field-complexity_technical").value == 5
        await pilot.press("escape")
        await settle(pilot)
        assert demo_app.screen is screen
