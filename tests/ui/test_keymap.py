"""The [keys] table of the config file: remapped keys work, mistakes are reported, the
help screen shows what is in force, and every list moves with j/k/g/G."""

from __future__ import annotations

import pytest

from handover_tui.config import Settings
from handover_tui.ui.app import make_app
from handover_tui.ui.keymap import bad_key, known_binding_ids
from handover_tui.ui.screens.form import FormScreen
from handover_tui.ui.screens.help import HelpScreen
from handover_tui.ui.screens.roster import RosterScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle


def settings_from(tmp_path, text: str) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text(text)
    settings = Settings.load(path)
    settings.start_screen = "roster"
    return settings


@pytest.mark.parametrize("key", ["a", "G", "?", "ctrl+n", "f5", "question_mark", "shift+tab"])
def test_keys_a_terminal_can_send(key):
    assert not bad_key(key)


@pytest.mark.parametrize("key", ["", "ctrl+", "contrl+n", "ctrl+ctrl+n", "f99", "enterr"])
def test_keys_that_cannot_be_pressed(key):
    assert bad_key(key)


def test_every_binding_id_is_known():
    ids = known_binding_ids()
    assert {"roster.new", "app.help", "list.down", "contacts.copy", "notes.copy"} <= ids


async def test_a_remapped_key_does_what_the_old_one_did(tmp_path, demo_db):
    settings = settings_from(tmp_path, '[keys]\n"roster.new" = "i"\n')
    app = make_app(settings, db=demo_db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("n")  # the default key no longer adds a client
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = dict(zip(help_screen.ids, [row[0] for row in help_screen.rows], strict=True))
        assert keys["roster.new"] == "i" and keys["app.help"] == "? f1"
        await pilot.press("escape", "i")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert not app._notifications


async def test_a_malformed_key_map_is_reported_and_the_app_starts(tmp_path, demo_db):
    settings = settings_from(
        tmp_path,
        '[keys]\n"roster.new" = "contrl+n"\n"roster.nwe" = "i"\n"roster.edit" = 5\n',
    )
    app = make_app(settings, db=demo_db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [notice.message for notice in app._notifications]
        path = tmp_path / "config.toml"
        assert any(m.startswith(f"{path}, line 2: 'keys.roster.new'") for m in messages)
        assert any(m.startswith(f"{path}, line 3: 'keys.roster.nwe'") for m in messages)
        assert any(m.startswith(f"{path}, line 4: 'keys.roster.edit'") for m in messages)
        await pilot.press("n")  # roster.new keeps its default
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)


async def test_the_drafts_list_moves_with_vim_keys(demo_app):
    from textual.widgets import OptionList

    from handover_tui.ui.screens.drafts import DraftsScreen

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = DraftsScreen()
        demo_app.push_screen(screen)
        await settle(pilot)
        listing = screen.query_one(OptionList)
        listing.clear_options()
        listing.add_options(["one", "two", "three"])
        listing.focus()
        listing.highlighted = 0
        await pilot.press("j", "j")
        assert listing.highlighted == 2
        await pilot.press("k")
        assert listing.highlighted == 1
        await pilot.press("G")
        assert listing.highlighted == 2
        await pilot.press("g")
        assert listing.highlighted == 0
