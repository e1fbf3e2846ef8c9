"""Form input survives the app closing unsaved, and the same form offers it back."""

from __future__ import annotations

import asyncio

from handover_tui.config import Settings
from handover_tui.services import clients
from handover_tui.ui import drafts
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.form import DRAFT_DELAY, FormScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle


async def kept_soon(pilot) -> None:
    """Wait for the draft timer (half a second after the last key; longer on a busy
    machine) to have written the draft."""
    await asyncio.sleep(DRAFT_DELAY)
    for _ in range(100):
        await pilot.pause()
        if drafts.every():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("no draft was kept")


async def test_typed_input_is_kept_and_offered_back(db):
    first = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Half-typed Holdings")
        await kept_soon(pilot)
        # The app goes away with the form open, as when a connection drops.
    (kept,) = drafts.every()
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
    assert drafts.every() == []  # saved: the draft is gone


async def test_cancelling_lets_the_input_go(db):
    app = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Never Mind Ltd")
        await kept_soon(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert drafts.every() == []


async def test_the_palette_lists_kept_input_and_lets_it_go(db):
    drafts.keep("Edit Acme", "Edit Acme", {"name": "Acme", "overview": "Long text\nkept"})
    app = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_drafts()
        await settle(pilot)
        listing = app.screen.query_one("#drafts")
        assert "Long text ⏎ kept" in str(listing.get_option_at_index(0).prompt.renderables[2])
        await pilot.press("d")
        await settle(pilot)
    assert drafts.every() == []


async def test_a_draft_timer_firing_as_the_form_closes_writes_nothing(db):
    """Saving forgets the draft, but the form lingers until it is dismissed: a draft timer
    that fires in between must not write the input back (it once did, under load)."""
    app = make_app(Settings(start_screen="roster"), db=db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Quick Save Ltd")
        form = app.screen
        assert isinstance(form, FormScreen)
        form._forget_draft()  # what a save or a cancel does first
        form.keep_draft()  # the timer, before the screen has gone
        assert drafts.every() == []
