"""The client screen driven by keys: overview, editing, and contacts."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref

import pytest

from handover_tui.config import Settings
from handover_tui.db import engine
from handover_tui.services import clients, contacts
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.form import FormScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of

HANG = 30.0
"""Seconds after which a wait for the app is a failure: a limit for a hang, not speed."""


async def open_first_client(pilot) -> ClientScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ClientScreen)
    return screen


async def test_overview_shows_every_field(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_client(pilot)
        text = text_of(screen.query_one("#overview-body"))
        client = screen.detail.client
        for expected in (
            "Lifecycle stage",
            "Owner",
            "Renewal date",
            "Annual value",
            screen.detail.owner,
            client.industry,
            str(client.renewal_date),
        ):
            assert expected in text


async def test_add_a_contact_with_a_bad_email_then_fix_it(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_client(pilot)
        client_id = screen.client_id
        before = len(contacts.list_contacts(demo_db, client_id))
        await pilot.press("c", "n")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(
            *"Grace Hopper", "tab", *"CTO", "tab", *"grace@", "tab", *"+44 20 7946 0958", "ctrl+s"
        )
        await settle(pilot)
        assert demo_app.screen is form
        assert "e-mail" in str(form.query_one("#error-email").render())
        assert form.query_one("#field-name").value == "Grace Hopper"
        assert form.query_one("#field-phone").value == "+44 20 7946 0958"
        assert len(contacts.list_contacts(demo_db, client_id)) == before
        # The cursor is back in the bad field with its text selected: retype it.
        assert demo_app.focused is form.query_one("#field-email")
        await pilot.press(*"grace@navy.example", "ctrl+s")
        await settle(pilot)
        assert demo_app.screen is screen, [(w.id, w.content) for w in form.query(".-shown")]
        stored = {c.name: c for c in contacts.list_contacts(demo_db, client_id)}
        assert stored["Grace Hopper"].email == "grace@navy.example"
        assert stored["Grace Hopper"].title == "CTO"
        assert screen.query_one("#contacts-table").row_count == before + 1
        assert screen.query_one("#contacts-table").current_id == stored["Grace Hopper"].id


async def test_delete_a_contact_and_undo(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_client(pilot)
        before = {c.name for c in contacts.list_contacts(demo_db, screen.client_id)}
        await pilot.press("c", "d")
        await settle(pilot)
        after = {c.name for c in contacts.list_contacts(demo_db, screen.client_id)}
        assert len(after) == len(before) - 1
        assert screen.query_one("#contacts-table").row_count == len(after)
        await pilot.press("u")
        await settle(pilot)
        assert {c.name for c in contacts.list_contacts(demo_db, screen.client_id)} == before


async def test_edit_a_contact_and_make_it_primary(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_client(pilot)
        await pilot.press("c", "down", "e")
        await settle(pilot)
        form = demo_app.screen
        form.query_one("#field-is_primary").value = True
        form.query_one("#field-time_zone").value = "Europe/Paris"
        await pilot.press("ctrl+s")
        await settle(pilot)
        listed = contacts.list_contacts(demo_db, screen.client_id)
        assert sum(c.is_primary for c in listed) == 1
        assert listed[0].time_zone == "Europe/Paris"


async def test_edit_the_client_from_its_overview(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_client(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-overview").text = "Renewal talks start in March."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is screen
        assert clients.get_client(demo_db, screen.client_id).client.overview == (
            "Renewal talks start in March."
        )
        assert "Renewal talks start in March." in text_of(screen.query_one("#overview-body"))


async def test_a_conflicting_edit_keeps_the_input(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_client(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = demo_app.screen
        # Someone else saves the same client meanwhile.
        clients.update_client(
            demo_db, screen.client_id, {"industry": "Rail"}, expected_version=None
        )
        form.query_one("#field-industry").value = "Freight"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is form
        assert "saved by someone else" in str(form.query_one("#conflict-text").content)
        assert form.query_one("#field-industry").value == "Freight"
        assert clients.get_client(demo_db, screen.client_id).client.industry == "Rail"


async def test_an_archived_client_can_still_be_edited(demo_app, demo_db):
    legacy = clients.find_clients(demo_db, "Legacy Textiles Ltd")[0]
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(legacy.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        demo_app.screen.query_one("#field-industry").value = "Textiles"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        stored = clients.get_client(demo_db, legacy.id).client
        assert (stored.industry, stored.status) == ("Textiles", "archived")


async def test_a_client_opens_at_once_with_its_name_then_its_record(demo_app, monkeypatch):
    """The screen is pushed with the roster row's name and status in its first frame and
    reads the rest itself; "t" typed right behind enter acts on the client."""
    on_mount = ClientScreen.on_mount
    at_mount: list[str] = []

    def noting(screen: ClientScreen) -> None:
        on_mount(screen)
        at_mount.append(text_of(screen.query_one("#overview-body")))

    monkeypatch.setattr(ClientScreen, "on_mount", noting)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        name = demo_app.screen.table.current_row.name
        await pilot.press("enter", "t")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, ClientScreen)
        assert len(at_mount) == 1 and name in at_mount[0] and "Reading" in at_mount[0]
        assert screen.tab == "transition"
        screen.show_tab("overview")
        await settle(pilot)
        assert "Lifecycle stage" in text_of(screen.query_one("#overview-body"))


async def test_a_client_that_cannot_be_read_says_so_in_place(demo_app):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        demo_app.open_client(987654)
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        assert "could not be read" in text_of(demo_app.screen.query_one("#overview-body"))
        messages = [str(toast.message) for toast in demo_app._notifications]
        assert any("987654" in message or "not found" in message.lower() for message in messages)
        await pilot.press("escape")
        assert demo_app.screen is roster


async def test_a_closed_client_screen_is_let_go(demo_app):
    """Nothing keeps a closed client screen alive: each held on to some 16,000 objects,
    which every full garbage collection then walked (0.2 s after eight at 10k clients)."""
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
        closed = weakref.ref(demo_app.screen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause()
        gc.collect()
        assert closed() is None


async def test_while_the_database_opens_a_client_opens_at_once_and_loads(demo_db, db_url):
    """A row chosen from the roster's first rows, before the database has opened: the
    client's screen shows at once (its name, "Reading…") rather than nothing until it is open."""
    gate = threading.Event()
    opening = engine.open_database

    def held(*args, **kwargs):
        gate.wait(timeout=30)
        return opening(*args, **kwargs)

    app = make_app(Settings(start_screen="roster"), database_url=db_url, today=DEMO_TODAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "open_database", held)
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                roster = app.screen
                # Set once the quick read's rows are on the screen: the database opens then.
                assert await asyncio.to_thread(app.quick_read_done.wait, HANG)
                await pilot.pause()
                assert roster.table.row_count
                await pilot.press("enter")
                await pilot.pause()  # the client's screen, composed; its read waits on opening
                screen = app.screen
                assert isinstance(screen, ClientScreen) and screen.detail is None
                assert "Reading" in text_of(screen.query_one("#overview-body"))
                gate.set()
                await settle(pilot)
                assert screen.detail is not None
        finally:
            gate.set()


async def test_an_unverified_phone_is_marked_and_a_form_keeps_it(make, db):
    """A number an import kept as typed shows its mark; editing another field keeps it."""
    from handover_tui.services.vcard import import_vcf

    acme = clients.create_client(db, {"name": "Acme"})
    import_vcf(db, acme.id, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Roe\r\nTEL:12\r\nEND:VCARD\r\n")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_client(pilot)
        await pilot.press("c")
        await settle(pilot)
        row = [str(cell) for cell in screen.query_one("#contacts-table").get_row_at(0)]
        assert row[-1] == "12 (unverified)"
        assert "12 (unverified)" in text_of(screen.query_one("#contact-detail"))
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-phone").value == "12"
        form.query_one("#field-title").value = "CFO"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        [jane] = contacts.list_contacts(db, acme.id)
        assert (jane.title, jane.phone, jane.phone_unverified) == ("CFO", "12", True)
