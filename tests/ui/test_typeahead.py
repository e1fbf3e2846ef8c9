"""Keys typed right behind a key that opens a form belong to the form, not to the screen
under it: "n" then "Acme" must never archive (a), edit (e) or mark anything."""

from __future__ import annotations

import threading

from textual import events

from handover_tui.services import clients
from handover_tui.ui.screens.form import FormScreen
from tests.ui.conftest import settle


def burst(app, text: str) -> None:
    """Keys as a fast typist or a paste sends them: queued together, no pause between."""
    for character in text:
        key = {" ": "space", "\r": "enter"}.get(character, character)
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


async def test_a_paste_right_behind_n_lands_in_the_form(demo_app):
    """Bracketed paste arrives as one Paste event: it waits for the form like keys do."""
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        burst(demo_app, "n")
        demo_app.post_message(events.Paste("Acme Sea Freight"))
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name").value == "Acme Sea Freight"


async def test_a_late_release_of_an_earlier_hold_keeps_a_later_one(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = demo_app.hold_keys()
        second = demo_app.hold_keys()
        burst(demo_app, "x")
        await pilot.pause()
        demo_app.release_keys(first)  # the first form's refresh, after the second began
        await pilot.pause()
        assert demo_app._held_keys is not None and len(demo_app._held_keys) == 1
        demo_app.release_keys(second)
        await pilot.pause()
        assert demo_app._held_keys is None


async def test_keys_typed_for_a_form_that_failed_to_open_are_dropped(demo_app, demo_db):
    """The read before the form failed: "Acme" must not act on the roster either."""
    from handover_tui.ui.background import run_db

    before = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        errors: list[BaseException] = []

        typed = threading.Event()

        def fail(_database):
            typed.wait(10)  # the read fails only once the keys have been typed
            raise RuntimeError("no people")

        run_db(roster, fail, lambda _: None, group="form-open", failed=errors.append)
        burst(demo_app, "ame")  # archived (a), mark (m), edit (e) on the roster
        await pilot.pause()
        typed.set()
        await settle(pilot)
        assert errors and demo_app.screen is roster
        assert roster.show_archived is False and not roster.marked_ids
        after = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
        assert after == before


async def test_keys_behind_enter_on_the_dashboard_reach_the_client(dashboard_app):
    """The dashboard's lists sit inside containers, so the row's "open" message reaches
    the screen a few hops after the key was handled: the keys behind enter must still
    wait for the client (c: its contacts tab), not act on the dashboard."""
    from handover_tui.ui.screens.client import ClientScreen

    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3")  # the renewals list
        await settle(pilot)
        burst(dashboard_app, "\rc")
        await settle(pilot)
        screen = dashboard_app.screen
        assert isinstance(screen, ClientScreen)
        assert screen.tab == "contacts"
