"""Form input survives the app closing unsaved, and the same form offers it back."""

from __future__ import annotations

import asyncio

import pytest

from handover_tui.config import Settings
from handover_tui.db.engine import open_database
from handover_tui.services import clients
from handover_tui.ui import drafts
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.form import FormScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle

HANG = 30.0
"""Seconds after which a draft timer that never runs is a failure: a limit for a hang,
not a speed claim (the timer runs DRAFT_DELAY after the last key)."""


@pytest.fixture
def timer_ran(monkeypatch) -> asyncio.Event:
    """Set each time a form's draft timer has run. Its delay stays as it is: Textual's
    timers refuse a zero interval, and waiting on this event costs only that delay."""
    ran = asyncio.Event()
    keep_draft = FormScreen.keep_draft

    def keep_and_tell(self: FormScreen) -> None:
        keep_draft(self)
        ran.set()

    monkeypatch.setattr(FormScreen, "keep_draft", keep_and_tell)
    return ran


async def kept_soon(pilot, timer_ran: asyncio.Event, field: str, text: str) -> None:
    """Wait until the draft timer, armed by the typing, has kept ``text`` in ``field``.
    Each wake-up is a run of the timer: between the check and the wait nothing else runs,
    so a run cannot slip by unseen."""
    while not any(draft.values.get(field) == text for draft in kept_on(pilot.app)):
        timer_ran.clear()
        try:
            await asyncio.wait_for(timer_ran.wait(), HANG)
        except TimeoutError:
            raise AssertionError(f"no draft kept {text!r}") from None


def kept_on(app) -> list[drafts.Draft]:
    return drafts.every(database=app.database_identity)


async def test_typed_input_is_kept_and_offered_back(db, timer_ran):
    first = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Half-typed Holdings")
        await kept_soon(pilot, timer_ran, "name", "Half-typed Holdings")
        # The app goes away with the form open, as when a connection drops.
    (kept,) = kept_on(first)
    assert kept.title == "New client" and kept.values["name"] == "Half-typed Holdings"

    second = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("Unsaved input" in n.message for n in second._notifications)
        await pilot.press("n")
        await settle(pilot)
        form = second.screen
        assert isinstance(form, FormScreen)
        assert "was kept on" in str(form.query_one("#draft-text").content)
        assert form.query_one("#field-name").value == ""  # nothing restored unasked
        form.query_one("#draft-restore").press()
        await settle(pilot)
        assert form.query_one("#field-name").value == "Half-typed Holdings"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert clients.find_clients(db, "Half-typed Holdings")
    assert kept_on(second) == []  # saved: the draft is gone


async def test_discarding_lets_the_input_go(db, timer_ran):
    app = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Never Mind Ltd")
        await kept_soon(pilot, timer_ran, "name", "Never Mind Ltd")
        await pilot.press("escape", "d")  # escape asks; d discards
        await settle(pilot)
    assert kept_on(app) == []


async def test_the_palette_lists_kept_input_and_lets_it_go(db):
    app = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    values = {"name": "Acme", "overview": "Long text\nkept"}
    drafts.keep("Edit Acme", "Edit Acme", values, database=app.database_identity)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_drafts()
        await settle(pilot)
        listing = app.screen.query_one("#drafts")
        assert "Long text ⏎ kept" in str(listing.get_option_at_index(0).prompt.renderables[2])
        await pilot.press("d")
        await settle(pilot)
    assert kept_on(app) == []


async def test_a_draft_timer_firing_as_the_form_closes_writes_nothing(db):
    """Saving forgets the draft, but the form lingers until it is dismissed: a draft timer
    that fires in between must not write the input back (it once did, under load)."""
    app = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Quick Save Ltd")
        await settle(pilot)  # the form is open (its keys may wait for it)
        form = app.screen
        assert isinstance(form, FormScreen)
        form._forget_draft()  # what a save or a cancel does first
        form.keep_draft()  # the timer, before the screen has gone
        assert kept_on(app) == []


async def test_input_typed_on_one_database_is_offered_only_on_that_one(tmp_path, timer_ran):
    """The same form ("New client") on another database offers nothing, lists nothing,
    and cancelling it there leaves the input kept for the first database alone."""
    (tmp_path / "elsewhere").mkdir()
    a = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    b = open_database(f"sqlite:///{tmp_path / 'b.db'}")
    # The same file, named another way: drafts follow the file, not the spelling.
    a_again = open_database(f"sqlite:///{tmp_path / 'elsewhere' / '..' / 'a.db'}")
    settings = Settings(start_screen="roster")
    try:
        on_a = make_app(settings, db=a, today=DEMO_TODAY)
        async with on_a.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"Typed On A")
            await kept_soon(pilot, timer_ran, "name", "Typed On A")

        on_b = make_app(settings, db=b, today=DEMO_TODAY)
        assert on_b.database_identity != on_a.database_identity
        async with on_b.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert not any("Unsaved input" in n.message for n in on_b._notifications)
            on_b.action_drafts()
            await settle(pilot)
            assert "Nothing is kept" in str(
                on_b.screen.query_one("#drafts").get_option_at_index(0).prompt
            )
            await pilot.press("escape", "n")
            await settle(pilot)
            form = on_b.screen
            assert isinstance(form, FormScreen)
            assert not form.query_one("#draft").has_class("-shown")
            await pilot.press("escape")  # let B's form go: A's input stays kept
            await settle(pilot)

        back_on_a = make_app(settings, db=a_again, today=DEMO_TODAY)
        async with back_on_a.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert any("Unsaved input" in n.message for n in back_on_a._notifications)
            await pilot.press("n")
            await settle(pilot)
            form = back_on_a.screen
            assert isinstance(form, FormScreen)
            assert form.query_one("#draft").has_class("-shown")
            form.query_one("#draft-restore").press()
            await settle(pilot)
            assert form.query_one("#field-name").value == "Typed On A"
    finally:
        for database in (a, b, a_again):
            database.close()


async def test_a_draft_belongs_to_its_record_not_only_to_the_form(db, timer_ran):
    """A note half-typed for one client is offered on that client's new-note form, never
    on another client's."""
    from handover_tui.ui.screens.forms import note_form

    acme = clients.create_client(db, {"name": "Acme"}).id
    bluefin = clients.create_client(db, {"name": "Bluefin"}).id
    app = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(note_form(acme, None, "general"))
        await settle(pilot)
        await pilot.press(*"Renewal call")
        await kept_soon(pilot, timer_ran, "title", "Renewal call")
        app.keep_drafts()
        (kept,) = kept_on(app)
        assert kept.values["title"] == "Renewal call"
        app.screen.dismiss(None)
        await settle(pilot)
        for client_id, offered in ((bluefin, False), (acme, True)):
            form = note_form(client_id, None, "general")
            app.push_screen(form)
            await settle(pilot)
            assert form.query_one("#draft").has_class("-shown") is offered
            form.dismiss(None)
            await settle(pilot)
