"""Toasts and empty states name the key in force: with a binding moved in ``[keys]`` they
tell the user to press the new key, and that key does what they promise."""

from __future__ import annotations

from handover_tui.config import Settings
from handover_tui.services import clients
from handover_tui.ui.app import make_app
from handover_tui.ui.keymap import key
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.form import FormScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of


def app_with_keys(db, keys: dict[str, str]):
    return make_app(Settings(start_screen="roster", keys=keys), db=db, today=DEMO_TODAY)


def test_a_hint_names_the_default_as_written_and_a_moved_key_as_the_footer_does():
    def hint(keys: dict[str, str]) -> str:
        return key(make_app(Settings(keys=keys), demo=True), "roster.clear", "escape")

    assert hint({}) == "escape"  # texts unchanged by default
    assert hint({"roster.clear": "ctrl+x,f2"}) == "^x"
    assert hint({"roster.clear": "contrl+x"}) == "escape"  # not applied: the default stays


async def test_the_undo_toast_names_the_remapped_key_and_that_key_undoes(demo_db):
    app = app_with_keys(demo_db, {"roster.undo": "z"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.screen.table.rows[0]
        await pilot.press("a")
        await settle(pilot)
        assert clients.get_client(demo_db, first.id).client.status == "archived"
        toast = [notice.message for notice in app._notifications][-1]
        assert toast == f"Archived {first.name}. Press z to undo."
        await pilot.press("z")
        await settle(pilot)
        assert clients.get_client(demo_db, first.id).client.status != "archived"


async def test_an_empty_state_names_the_remapped_key(demo_db):
    app = app_with_keys(demo_db, {"notes.new": "w"})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        acme = clients.find_clients(demo_db, "Acme Logistics")[0].id
        app.open_client(acme, "notes")  # the demo's Acme has no notes
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClientScreen)
        shown = text_of(screen.query_one("#notes-filter"))
        assert "none yet, press w to write one" in shown
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
