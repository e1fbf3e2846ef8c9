"""The templates screen by keys: copy the built-in template, then edit the copy."""

from __future__ import annotations

from handover_tui.domain.plan import DEFAULT_TEMPLATE
from handover_tui.services import templates
from handover_tui.ui.screens.templates import TemplatesScreen
from tests.ui.conftest import settle


def user_template(db):
    (choice,) = [c for c in templates.list_templates(db) if not c.builtin]
    return choice, templates.read_template(db, choice.id)[1]


async def test_copy_and_edit_a_template(make, db):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TemplatesScreen)
        # The built-in one cannot change.
        await pilot.press("enter", "d")
        await settle(pilot)
        assert any("cannot be changed" in n.message for n in app._notifications)
        # Copy it under a new name.
        await pilot.press("y")
        await settle(pilot)
        app.screen.query_one("#field-name").value = "Regulated clients"
        await pilot.press("ctrl+s")
        await settle(pilot)
        choice, items = user_template(db)
        assert choice.name == "Regulated clients" and len(items) == len(DEFAULT_TEMPLATE)
        screen = app.screen
        assert screen.query_one("#templates").current_id == choice.id
        # The cursor is still in the items list: add one with a bad offset, fix it, save.
        assert app.focused is screen.query_one("#template-items")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(
            *"Confirm licences with compliance", "tab", "tab", "tab", *"ten", "ctrl+s"
        )
        await settle(pilot)
        assert "whole number" in str(app.screen.query_one("#error-offset").content)
        app.screen.query_one("#field-offset").value = "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        _choice, items = user_template(db)
        assert items[-1].title == "Confirm licences with compliance"
        assert items[-1].offset == 4
        # Move it up, then delete the first item.
        await pilot.press("K")
        await settle(pilot)
        _choice, items = user_template(db)
        assert items[-2].title == "Confirm licences with compliance"
        screen.query_one("#template-items").move_cursor(row=0)
        first = items[0].title
        await pilot.press("d")
        await settle(pilot)
        _choice, items = user_template(db)
        assert first not in [item.title for item in items]
        assert len(items) == len(DEFAULT_TEMPLATE)
