"""Keys typed right behind a key that opens a form belong to the form, not to the screen
under it: "n" then "Acme" must never archive (a), edit (e) or mark anything."""

from __future__ import annotations

from textual import events

from handover_tui.services import clients
from handover_tui.ui.screens.form import FormScreen
from tests.ui.conftest import settle


def burst(app, text: str) -> None:
    """Keys as a fast typist or a paste sends them: queued together, no pause between."""
    for character in text:
        key = {" ": "space"}.get(character, character)
        app.post_message(events.Key(key, character))


async def test_a_name_typed_behind_n_fills_the_new_client_form(demo_app, demo_db):
    before = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        burst(demo_app, "nAcme Sea")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name").value == "Acme Sea"
        assert roster.show_archived is False and not roster.marked_ids
        after = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
        assert after == before


async def test_keys_behind_e_on_the_client_reach_its_edit_form(demo_app, demo_db):
    acme = clients.find_clients(demo_db, "Acme Logistics")[0].id
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(acme)
        await settle(pilot)
        burst(demo_app, "e")
        burst(demo_app, "!")  # typed at the end of the name field, not a command
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name").value.endswith("!")
