"""The user's own name and details: asked once at a first start on a terminal, kept in
config.toml, used for what the user writes, and editable from the palette."""

from __future__ import annotations

import tomllib

import pytest

from handover_tui.config import Settings
from handover_tui.services import identity
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.form import FormScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of


@pytest.fixture(autouse=True)
def forget_identity():
    identity.reset()
    yield
    identity.reset()


def config(tmp_path) -> Settings:
    settings = Settings(start_screen="roster")
    settings.path = tmp_path / "config.toml"
    return settings


async def test_a_first_start_asks_for_the_name_and_keeps_it(demo_db, tmp_path):
    settings = config(tmp_path)
    app = make_app(settings, db=demo_db, today=DEMO_TODAY, ask_identity=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "What is your name?" in text_of(form.query_one("#form-title"))
        await pilot.press(*"Dana Whitlock", "tab", *"Account Director", "tab")
        await pilot.press(*"dana@example", "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # not an e-mail address: the field says so, input kept
        assert "e-mail" in text_of(form.query_one("#error-email")).lower()
        await pilot.press(*".com", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    written = tomllib.loads((tmp_path / "config.toml").read_text())
    assert written["name"] == "Dana Whitlock"
    assert written["title"] == "Account Director"
    assert written["email"] == "dana@example.com"
    assert identity.display_name() == "Dana Whitlock"
    assert Settings.load(tmp_path / "config.toml").name == "Dana Whitlock"


async def test_escape_skips_and_the_question_is_not_asked_again(demo_db, tmp_path):
    settings = config(tmp_path)
    app = make_app(settings, db=demo_db, today=DEMO_TODAY, ask_identity=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    again = Settings.load(tmp_path / "config.toml")
    assert again.ask_name is False and again.name == ""
    later = make_app(again, db=demo_db, today=DEMO_TODAY, ask_identity=True)
    async with later.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not isinstance(later.screen, FormScreen)


async def test_never_asked_without_a_terminal_or_with_a_name(demo_db, tmp_path):
    settings = config(tmp_path)
    settings.name = "Dana Whitlock"
    for app in (
        make_app(config(tmp_path), db=demo_db, today=DEMO_TODAY),  # serve, scripts, tests
        make_app(settings, db=demo_db, today=DEMO_TODAY, ask_identity=True),
    ):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert not isinstance(app.screen, FormScreen)


async def test_the_palette_edits_the_details(demo_db, tmp_path):
    settings = config(tmp_path)
    settings.name = "Dana Whitlock"
    app = make_app(settings, db=demo_db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Your details", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name").value == "Dana Whitlock"
        assert len(form.query_one("#field-me")._options) > 1  # the people arrived
        await pilot.press("tab", *"Partner", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert tomllib.loads((tmp_path / "config.toml").read_text())["title"] == "Partner"
    assert identity.current().title == "Partner"
