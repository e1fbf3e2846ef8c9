"""Every key is written down: README's Keys section names every binding's keys, and the help
screen lists every binding in force on the screen it was opened from."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding

import handover_tui.ui as ui
from handover_tui.ui.screens.form import FormScreen
from handover_tui.ui.screens.help import HelpScreen
from tests.ui.conftest import settle

README = Path(__file__).parents[2] / "README.md"

SPELLED = {
    "question_mark": "?",
    "slash": "/",
    "exclamation_mark": "!",
    "asterisk": "*",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "shift+up": "shift+↑",
    "shift+down": "shift+↓",
    "f1": "F1",
}
"""How README writes a key whose binding name is not what a reader types."""


def keys_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Keys\n")
    return text[start : text.index("\n## ", start + 1)]


def every_binding() -> list[tuple[str, str, str]]:
    """(class, key, binding id) for each key of each binding our UI classes declare
    (Textual's widgets' own keys are Textual's to document)."""
    found: set[tuple[str, str, str]] = set()
    for module_info in pkgutil.walk_packages(ui.__path__, f"{ui.__name__}."):
        module = importlib.import_module(module_info.name)
        for name, kind in inspect.getmembers(module, inspect.isclass):
            if kind.__module__ != module.__name__:
                continue  # imported: Textual's own widgets, or ours counted where defined
            for binding in kind.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    for key in binding.key.split(","):
                        found.add((name, key.strip(), binding.id or binding.action))
    return sorted(found)


def test_readme_lists_every_key():
    spans = re.findall(r"`([^`]+)`", keys_section())
    written = {word for span in spans for word in span.split()}
    missing = [
        f"{owner}: {key} ({what})"
        for owner, key, what in every_binding()
        if SPELLED.get(key, key) not in written
    ]
    assert not missing, "keys missing from README's Keys section:\n" + "\n".join(missing)


def test_the_check_finds_a_key_left_out(monkeypatch):
    """The README check fails for a binding README does not name."""
    monkeypatch.setattr(
        FormScreen, "BINDINGS", [*FormScreen.BINDINGS, Binding("ctrl+z", "noop", "Nothing")]
    )
    with pytest.raises(AssertionError, match="ctrl\\+z"):
        test_readme_lists_every_key()


async def help_rows(pilot) -> tuple[set[str], set[str]]:
    """Open help on the screen in front: the keys that screen has in force, and the keys
    the help screen lists."""
    app = pilot.app
    screen = app.screen
    in_force = {app.get_key_display(active.binding) for active in screen.active_bindings.values()}
    await pilot.press("f1")
    await settle(pilot)
    help_screen = app.screen
    assert isinstance(help_screen, HelpScreen)
    listed = {key for keys, _action, _what in help_screen.rows for key in keys.split(" ")}
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is screen
    return in_force, listed


async def test_help_lists_every_binding_in_force(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys in ([], ["enter"], ["t"], ["escape", "n"]):  # roster, client, plan, form
            await pilot.press(*keys)
            await settle(pilot)
            in_force, listed = await help_rows(pilot)
            assert in_force - listed == set(), type(pilot.app.screen).__name__
            assert "Y" in listed or isinstance(pilot.app.screen, FormScreen)
