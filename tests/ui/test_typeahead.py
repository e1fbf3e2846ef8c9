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


async def test_keys_behind_e_on_the_client_never_act_on_the_client(demo_app, demo_db):
    """e opens the edit form at once; "a" typed behind it (archive, on the client
    screen) reaches the form, which is still reading the client, and is dropped."""
    acme = clients.find_clients(demo_db, "Acme Logistics")[0].id
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(acme)
        await settle(pilot)
        burst(demo_app, "ea")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name").value == "Acme Logistics"
        assert form.query_one("#field-name").has_focus
        assert clients.get_client(demo_db, acme).client.archived_at is None


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


async def test_a_slow_read_never_sends_the_keys_typed_for_a_form_below(
    demo_app, demo_db, monkeypatch
):
    """The owners to choose from are read while the new-client form is already in
    front: the name typed meanwhile is in the form, and nothing acts on the roster."""
    from handover_tui.services import people

    before = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
    release = threading.Event()
    listed = people.list_people

    def slow(database):
        release.wait(30)  # held by the test, far past any hold the UI could have had
        return listed(database)

    monkeypatch.setattr(people, "list_people", slow)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        burst(demo_app, "name")  # n opens the form; a, m, e would act on the roster
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name").value == "ame"
        release.set()
        await settle(pilot)
        assert demo_app.screen is form
        owners = form.query_one("#field-owner_id")
        assert len(owners._options) > 1  # the people arrived
        assert roster.show_archived is False and not roster.marked_ids
        after = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
        assert after == before


async def test_an_edit_form_waits_for_its_record_and_keeps_keys_off_the_roster(
    demo_app, demo_db, monkeypatch
):
    """An edit form shows at once, its fields disabled while the client is read; keys
    typed in that moment are neither typed into it nor acted on by the roster."""
    release = threading.Event()
    read = clients.get_client

    def slow(database, client_id):
        release.wait(30)
        return read(database, client_id)

    monkeypatch.setattr(clients, "get_client", slow)
    before = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        name = roster.table.current_row.name
        burst(demo_app, "eam")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, FormScreen) and form.reading
        assert form.query_one("#field-name").disabled
        release.set()
        await settle(pilot)
        assert demo_app.screen is form and not form.reading
        field = form.query_one("#field-name")
        assert field.value == name and not field.disabled and field.has_focus
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


async def test_letters_in_the_roster_filter_are_typed_not_run(demo_app):
    """n, e and T open forms from the list; in the filter box they are letters."""
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        demo_app.post_message(events.Key("slash", "/"))
        burst(demo_app, "neT")
        await settle(pilot)
        assert demo_app.screen is roster
        assert roster.query_one("#filter").value == "neT"


async def test_the_palette_opens_a_form_while_the_filter_has_the_focus(demo_app):
    """A palette command runs the action itself (no key to leave to the field)."""
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        await pilot.press("slash")
        await roster.action_edit_client()
        await settle(pilot)
        assert isinstance(demo_app.screen, FormScreen)


async def test_a_mark_typed_before_b_is_counted_by_the_bulk_actions(demo_app):
    """space marks a row, b opens the bulk actions: typed together they still run in
    that order, so the dialog counts the mark."""
    from handover_tui.ui.screens.portfolio_dialogs import ChoiceList

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        burst(demo_app, "  b")
        await settle(pilot)
        dialog = demo_app.screen
        assert isinstance(dialog, ChoiceList)
        assert dialog.title_text == "Bulk action on 2 clients"
        assert len(roster.marked_ids) == 2


async def test_a_filter_typed_right_behind_slash_is_typed_not_run(demo_app, demo_db):
    """/ moves to the filter before the next key is taken: "a" is a letter of the
    filter there, never archive on the roster."""
    before = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        demo_app.post_message(events.Key("slash", "/"))
        burst(demo_app, "as")
        await settle(pilot)
        assert roster.query_one("#filter").value == "as"
    after = {c.id: c.archived for c in clients.list_clients(demo_db, include_archived=True)}
    assert after == before
