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


async def test_a_profile_typed_in_the_person_form_shows_under_the_list(make, db):
    from handover_tui.ui.screens.people import PeopleScreen

    maya = people.create_person(db, {"name": "Maya Okafor", "role": "Partner"})
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        assert "No profile yet: e adds" in text_of(screen.query_one("#person-card"))
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*["tab"] * 5, *"Advisory", "tab", *"tax, M&A", "tab", *"Banking")
        await pilot.press("tab", *"English, German", "tab", *"Europe/Berlin", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        (row,) = people.list_people(db)
        assert (row.id, row.department, row.skills, row.industries) == (
            maya.id,
            "Advisory",
            "tax, M&A",
            "Banking",
        )
        assert (row.languages, row.time_zone) == ("English, German", "Europe/Berlin")
        card = text_of(screen.query_one("#person-card"))
        assert "Advisory · Europe/Berlin · speaks English, German" in card
        assert "knows Banking · skills: tax, M&A" in card


async def test_a_clients_languages_and_zone_by_keys(demo_app, demo_db):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_client(pilot, demo_db, "Acme Logistics")
        await pilot.press("e")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*["tab"] * 11, *"German, English", "tab", *"Europe/Berlin", "ctrl+s")
        await settle(pilot)
        assert demo_app.screen is screen
        stored = clients.get_client(demo_db, screen.client_id).client
        assert (stored.languages, stored.time_zone) == ("German, English", "Europe/Berlin")
        overview = text_of(screen.query_one("#overview-body"))
        assert "German, English" in overview and "Europe/Berlin" in overview


async def test_the_people_screen_shows_the_selected_owners_scorecard(demo_app, demo_db):
    from handover_tui.services import scorecard
    from tests.conftest import DEMO_TODAY

    cards = scorecard.scorecards(demo_db, DEMO_TODAY)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = demo_app.screen
        for _ in range(2):
            person = screen.people[screen.table.current_id]
            card = cards[person.id]
            shown = " ".join(text_of(screen.query_one("#person-card")).split())
            assert f"load {card.load} of {card.capacity}" in shown
            assert f"renewals {card.renewals_kept}/{card.renewals_decided} kept" in shown
            assert "open handoff" in shown
            await pilot.press("down")
            await settle(pilot)
