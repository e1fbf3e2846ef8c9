"""Themes: picked in the palette and kept in config.toml; high contrast; NO_COLOR."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.filter import NoColor
from textual.widgets import Button

from handover_tui.config import Settings
from handover_tui.ui.app import make_app
from handover_tui.ui.themes import HIGH_CONTRAST
from handover_tui.ui.widgets.option_list import VimOptionList
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle


async def test_a_theme_chosen_in_the_palette_is_kept_in_the_config_file(tmp_path, demo_db):
    path = tmp_path / "config.toml"
    path.write_text('start_screen = "roster"\n\n[signals]\nquiet_days = 30\n')
    app = make_app(Settings.load(path), db=demo_db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert path.read_text().startswith('start_screen = "roster"')  # nothing written yet
        await pilot.press("ctrl+p", *"theme")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"high-contrast")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "handover-high-contrast"
    assert path.read_text() == (
        'theme = "handover-high-contrast"\nstart_screen = "roster"\n\n[signals]\nquiet_days = 30\n'
    )
    again = make_app(Settings.load(path), db=demo_db, today=DEMO_TODAY)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "handover-high-contrast"


async def test_an_unknown_theme_is_reported_and_the_default_used(tmp_path, demo_db):
    path = tmp_path / "config.toml"
    path.write_text('theme = "solarised"\n')
    app = make_app(Settings.load(path), db=demo_db, today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        messages = [notice.message for notice in app._notifications]
        assert any(m.startswith(f"{path}, line 1: 'theme' is not a known theme") for m in messages)
    assert path.read_text() == 'theme = "solarised"\n'  # left for the user to fix


def test_the_high_contrast_theme_is_white_on_black():
    assert (HIGH_CONTRAST.foreground, HIGH_CONTRAST.background) == ("#ffffff", "#000000")
    assert HIGH_CONTRAST.text_alpha == 1.0


async def test_no_color_drops_every_colour(monkeypatch, demo_db):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(Settings(start_screen="roster"), db=demo_db, today=DEMO_TODAY)
    assert app.no_color and any(isinstance(f, NoColor) for f in app._filters)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#roster")
        cursor = table.get_component_styles("virtual-table--cursor").rich_style
        assert cursor.reverse  # the cursor shows without colour


async def test_no_color_shows_the_highlighted_option_in_reverse(monkeypatch):
    class Options(App):
        def compose(self) -> ComposeResult:
            yield VimOptionList("one", "two", "three")
            yield Button("elsewhere")

    monkeypatch.setenv("NO_COLOR", "1")
    app = Options()
    async with app.run_test(size=(40, 10)) as pilot:
        options = app.query_one(VimOptionList)
        options.highlighted = 1
        for focused in (options, app.query_one(Button)):
            focused.focus()
            await pilot.pause()
            lines = [options.render_line(y) for y in range(3)]
            reversed_ = [any(s.style is not None and s.style.reverse for s in ln) for ln in lines]
            assert reversed_ == [False, True, False]


async def test_without_no_color_colours_stay(demo_db):
    app = make_app(Settings(start_screen="roster"), db=demo_db, today=DEMO_TODAY)
    assert not app.no_color and not any(isinstance(f, NoColor) for f in app._filters)
