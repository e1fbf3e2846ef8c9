"""Forms read at a glance and never drop input: the field with the cursor is marked,
checkboxes show their state, messages go once fixed, escape asks before letting input go."""

from __future__ import annotations

from textual.widgets import Checkbox

from handover_tui.config import Settings
from handover_tui.services import clients
from handover_tui.ui import drafts
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.form import FormField, FormScreen
from handover_tui.ui.screens.form_leave import LeaveDialog
from handover_tui.ui.screens.roster import RosterScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle

TABS_TO_RENEWAL = 7
"""From the name, tab reaches the renewal date of the client form in this many presses."""


async def open_new_client(pilot) -> FormScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


def row_of(form: FormScreen, name: str):
    return form.query_one(f"#field-{name}").parent.parent


async def test_the_field_with_the_cursor_is_marked_in_every_theme(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        form = await open_new_client(pilot)
        await pilot.press("tab")  # from the name to the owner
        await pilot.pause()
        focused, other = row_of(form, "owner_id"), row_of(form, "name")
        assert focused.has_class("-focused") and not other.has_class("-focused")
        for theme in demo_app.available_themes:
            demo_app.theme = theme
            await pilot.pause()
            label, plain = focused.query_one(".field-label"), other.query_one(".field-label")
            assert label.styles.background != plain.styles.background, theme
            bar = focused.query_one(".field-box").styles.border_left[1]
            assert bar != other.query_one(".field-box").styles.border_left[1], theme


async def test_without_colour_the_field_with_the_cursor_is_in_reverse(monkeypatch, demo_db):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(Settings(start_screen="roster"), db=demo_db, today=DEMO_TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_client(pilot)
        label = row_of(form, "name").query_one(".field-label")
        assert label.styles.text_style.reverse
        assert not row_of(form, "owner_id").query_one(".field-label").styles.text_style.reverse


async def test_a_checkbox_off_looks_unlike_one_on(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fields = [FormField("name", "Name"), FormField("consent", "Consent", "checkbox")]
        demo_app.push_screen(FormScreen("Try", fields, {}, lambda db, values: values))
        await settle(pilot)
        await pilot.press("tab")
        box = demo_app.screen.query_one("#field-consent", Checkbox)
        assert box.has_focus and not box.value
        off = box.render().plain
        await pilot.press("space")
        await pilot.pause()
        on = box.render().plain
        assert box.value and off != on
        assert "X" in on and "X" not in off


async def test_the_required_message_goes_once_the_name_is_typed(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        form = await open_new_client(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = form.query_one("#error-name")
        assert error.has_class("-shown") and "required" in str(error.content).lower()
        await pilot.press(*"Ac")
        await pilot.pause()
        assert form.query_one("#field-name").value == "Ac", form.focused
        assert not error.has_class("-shown")
        assert not form.query_one("#field-name").has_class("-invalid")


async def test_an_impossible_date_is_named(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        form = await open_new_client(pilot)
        await pilot.press(*"Feb Ltd", *["tab"] * TABS_TO_RENEWAL, *"2027-02-31", "ctrl+s")
        await settle(pilot)
        assert isinstance(demo_app.screen, FormScreen)
        message = str(form.query_one("#error-renewal_date").content)
        assert "there is no 31 February 2027" in message
        assert "YYYY-MM-DD" not in message


async def test_escape_without_changes_closes_at_once(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_new_client(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, RosterScreen)


async def test_escape_on_an_edit_without_changes_closes_at_once(demo_app):
    """A form over a stored record compares with the record as read: each client's
    edit form, left as it opened, closes on escape."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _row in range(5):
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(demo_app.screen, FormScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(demo_app.screen, RosterScreen)
            await pilot.press("down")


async def type_then_escape(pilot, text: str) -> LeaveDialog:
    await open_new_client(pilot)
    await pilot.press(*text, "escape")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, LeaveDialog)
    return dialog


async def test_escape_with_input_asks_and_discard_lets_it_go(demo_app, demo_db):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await type_then_escape(pilot, "Gone Ltd")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(demo_app.screen, RosterScreen)
        assert drafts.every(database=demo_app.database_identity) == []
        assert not clients.find_clients(demo_db, "Gone Ltd")


async def test_keep_editing_returns_to_the_form_with_the_input(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        dialog = await type_then_escape(pilot, "Still Here Ltd")
        assert dialog.focused is not None and dialog.focused.id == "leave-edit"
        await pilot.press("escape")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name").value == "Still Here Ltd"
        assert form.focused is form.query_one("#field-name")


async def test_keep_as_draft_is_offered_back_with_restore_focused(demo_app, demo_db):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await type_then_escape(pilot, "Later Ltd")
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(demo_app.screen, RosterScreen)
        (kept,) = drafts.every(database=demo_app.database_identity)
        assert kept.values["name"] == "Later Ltd"

        form = await open_new_client(pilot)
        assert form.query_one("#draft").has_class("-shown")
        assert form.focused is form.query_one("#draft-restore")
        await pilot.press("enter")
        await settle(pilot)
        assert form.query_one("#field-name").value == "Later Ltd"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert clients.find_clients(demo_db, "Later Ltd")


async def test_a_typed_completion_reason_is_not_dropped_unasked(demo_app, demo_db):
    from handover_tui.services import transitions
    from handover_tui.ui.screens.transition_forms import CompleteDialog
    from tests.ui.test_transition import plan_handoff_of_first_client

    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        await pilot.press("s", "C")
        await settle(pilot)
        await pilot.press(*"Client asked", "escape")
        await settle(pilot)
        dialog = demo_app.screen
        assert isinstance(dialog, LeaveDialog)
        assert not dialog.query("#leave-draft")  # nothing to keep a draft of here
        await pilot.press("k")  # no draft: the key does nothing
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        complete = demo_app.screen
        assert isinstance(complete, CompleteDialog)
        assert complete.query_one("#override").value == "Client asked"
        await pilot.press("escape", "d")
        await settle(pilot)
        assert demo_app.screen is screen
    plan = transitions.plan_for_client(demo_db, screen.client_id)
    assert plan.transition.status != "completed"
