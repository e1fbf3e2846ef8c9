"""Planning and running a handoff by keys: start, tick, edit the checklist, sign, complete."""

from __future__ import annotations

from datetime import timedelta

from handover_tui.config import Settings
from handover_tui.services import clients, templates, transitions
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.form import FormScreen
from handover_tui.ui.screens.transition_forms import CompleteDialog
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of


def checklist_keys(screen) -> list[str]:
    table = screen.query_one("#checklist")
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


async def plan_handoff_of_first_client(pilot, template_presses=()) -> ClientScreen:
    """On the roster: T, pick the first successor offered, maybe a template, save."""
    await settle(pilot)
    await pilot.press("T")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormScreen)
    await pilot.press("enter", "down", "enter")  # open the owner picker, take the first
    for keys in template_presses:
        await pilot.press(*keys)
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ClientScreen), screen
    assert screen.tab == "transition"
    return screen


async def test_start_tick_and_find_progress_after_restart(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert plan.transition.template_name.startswith("Account transition plan")
        keys = checklist_keys(screen)
        assert [k for k in keys if k.startswith("phase:")] == [
            "phase:preparation",
            "phase:execution",
            "phase:support",
        ]
        assert all(item.due_on for item in plan.items) and len(plan.items) == 12
        assert clients.get_client(demo_db, screen.client_id).client.status in (
            "transition_planned",
            "in_transition",
        )
        # The cursor starts on the first item: tick it and the next one.
        await pilot.press("space", "down", "space")
        await settle(pilot)
        assert "2/12 done" in str(screen.query_one("#plan-phases").content)
        client_id = screen.client_id
    assert str(transitions.plan_for_client(demo_db, client_id).progress()) == "2/12"

    again = make_app(Settings(), db=demo_db, today=DEMO_TODAY)
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        again.open_client(client_id, "transition")
        await settle(pilot)
        assert "2/12 done" in str(again.screen.query_one("#plan-phases").content)
        table = again.screen.query_one("#checklist")
        marks = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert marks.count("[x]") == 2


async def test_add_edit_reorder_delete_and_undo(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        plan_id = transitions.plan_for_client(demo_db, screen.client_id).id
        # Add an item in the phase under the cursor.
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Hand over the building keys", "ctrl+s")
        await settle(pilot)
        plan = transitions.get_plan(demo_db, plan_id)
        added = next(i for i in plan.items if i.title == "Hand over the building keys")
        assert added.phase == "preparation"
        assert plan.items_in(plan.items[0].phase)[-1].id == added.id
        assert screen.query_one("#checklist").current_id == added.id
        # Edit it.
        await pilot.press("e")
        await settle(pilot)
        field = demo_app.screen.query_one("#field-title")
        field.value = ""
        await pilot.press(*"Hand over the keys and badges", "ctrl+s")
        await settle(pilot)
        assert transitions.get_plan(demo_db, plan_id).items_in(added.phase)[-1].title == (
            "Hand over the keys and badges"
        )
        # Move it up one place.
        await pilot.press("K")
        await settle(pilot)
        order = [i.id for i in transitions.get_plan(demo_db, plan_id).items_in(added.phase)]
        assert order.index(added.id) == len(order) - 2
        # Delete it, then undo.
        await pilot.press("d")
        await settle(pilot)
        assert added.id not in [i.id for i in transitions.get_plan(demo_db, plan_id).items]
        assert str(added.id) not in checklist_keys(screen)
        await pilot.press("u")
        await settle(pilot)
        assert added.id in [i.id for i in transitions.get_plan(demo_db, plan_id).items]
        assert str(added.id) in checklist_keys(screen)


async def test_save_as_template_and_start_another_from_it(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press(*"Logistics handoff", "ctrl+s")
        await settle(pilot)
        names = [t.name for t in templates.list_templates(demo_db)]
        assert "Logistics handoff" in names
        first_client = screen.client_id
        await pilot.press("escape", "down")  # the next client on the roster
        await settle(pilot)
        # Pick the successor, then the second template (ours) in the template picker.
        screen = await plan_handoff_of_first_client(
            pilot, template_presses=[("tab",) * 7, ("enter", "down", "enter")]
        )
        assert screen.client_id != first_client
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert plan.transition.template_name == "Logistics handoff"
        assert len(plan.items) == 12


async def test_complete_refused_then_done_with_all_sign_offs(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        client_id = screen.client_id
        plan = transitions.plan_for_client(demo_db, client_id)
        await pilot.press("s", "C")
        await settle(pilot)
        dialog = demo_app.screen
        assert isinstance(dialog, CompleteDialog)
        assert any("sign-off" in reason for reason in dialog.reasons)
        await pilot.press("ctrl+s")  # no reason given: refused
        await settle(pilot)
        assert demo_app.screen is dialog
        assert "Give a reason" in str(dialog.query_one("#complete-problem").content)
        await pilot.press("escape")
        assert transitions.get_plan(demo_db, plan.id).transition.status == "active"
        # Everything done and signed (items through the service, signatures by keys).
        for item in plan.items:
            transitions.tick_item(demo_db, item.id, DEMO_TODAY)
        screen.load()
        await settle(pilot)
        for _ in plan.sign_offs:
            await pilot.press("space", "down")
            await settle(pilot)
        assert all(row.signed_on for row in transitions.get_plan(demo_db, plan.id).sign_offs)
        await pilot.press("C")
        await settle(pilot)
        assert demo_app.screen.reasons == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = clients.get_client(demo_db, client_id)
        assert detail.client.status == "handed_off"
        assert detail.owner == plan.incoming
        assert "Handed off" in text_of(screen.query_one("#overview-body"))


async def test_override_records_its_reason(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        await pilot.press("s", "C")
        await settle(pilot)
        await pilot.press(*"Client wants the new owner now", "enter")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert plan.transition.status == "completed"
        assert plan.transition.completion_override == "Client wants the new owner now"


async def test_timing_warning_for_renewal_inside_the_window(demo_app, demo_db):
    first = clients.list_clients(demo_db)[0]
    renewal = (DEMO_TODAY + timedelta(days=20)).isoformat()
    clients.update_client(demo_db, first.id, {"renewal_date": renewal}, expected_version=None)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        assert "timing warnings — w to show" in text_of(screen.query_one("#plan-head"))
        await pilot.press("w")
        head = text_of(screen.query_one("#plan-head"))
        assert f"The renewal on {renewal} falls in transition execution" in head


async def test_pause_and_cancel_keep_their_reasons(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press(*"Client reorganising", "ctrl+s")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert (plan.transition.status, plan.transition.status_reason) == (
            "paused",
            "Client reorganising",
        )
        await pilot.press("p")  # resume
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press(*"Owner stays", "ctrl+s")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert plan.transition.status == "cancelled"
        assert clients.get_client(demo_db, screen.client_id).client.status == "active"


async def test_ticking_the_last_item_updates_the_completion_dialog(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        for item in plan.items[1:]:
            transitions.tick_item(demo_db, item.id, DEMO_TODAY)
        screen.load()
        await settle(pilot)
        screen.query_one("#checklist").move_to(plan.items[0].id)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("s", "C")
        await settle(pilot)
        reasons = demo_app.screen.reasons
        assert not any("checklist item" in reason for reason in reasons)
        assert any("sign-off" in reason for reason in reasons)


async def test_cancelling_updates_the_roster_row(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        client_id = screen.client_id
        await pilot.press("X")
        await settle(pilot)
        await pilot.press(*"Not now", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert demo_app.screen.rows[client_id].status == "active"


def footer_actions(screen) -> set[str]:
    """The actions the footer offers on ``screen`` now (shown, and enabled)."""
    return {
        binding.action
        for (_node, binding, enabled, _tooltip) in screen.active_bindings.values()
        if binding.show and enabled
    }


async def test_a_finished_transition_is_history(demo_app, demo_db):
    nimbus = clients.find_clients(demo_db, "Nimbus Cloud Services")[0].id
    before = transitions.plan_for_client(demo_db, nimbus)
    assert before.transition.status == "completed"
    assert all(item.done for item in before.items)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        demo_app.open_client(nimbus, "transition")
        await settle(pilot)
        # Nothing on it can change: the footer offers none of the checklist's edits.
        offered = footer_actions(demo_app.screen)
        assert not offered & {"tick", "new_item", "delete_item", "edit_plan"}
        assert "edit_summary" in offered
        # Their keys do nothing to it (a global key such as d, the dashboard, stays).
        await pilot.press("space", "n", "J")
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen)
    after = transitions.plan_for_client(demo_db, nimbus)
    assert [i.done_on for i in after.items] == [i.done_on for i in before.items]
    assert len(after.items) == len(before.items)


async def test_open_items_stay_tickable_after_completing_anyway(demo_app, demo_db):
    """Completing with open points passes them on: space still ticks them (#18)."""
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    plan = transitions.plan_for_client(demo_db, juniper)
    transitions.complete(demo_db, plan.id, DEMO_TODAY, override="Tomás leaves early")
    first_open = next(item for item in plan.items if not item.done)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        demo_app.open_client(juniper, "transition")
        await settle(pilot)
        screen = demo_app.screen
        offered = footer_actions(screen)
        assert "tick" in offered and not offered & {"new_item", "delete_item", "edit_plan"}
        table = screen.query_one("#checklist")
        row = checklist_keys(screen).index(str(first_open.id))
        table.move_cursor(row=row)
        await pilot.press("space")
        await settle(pilot)
    stored = transitions.plan_for_client(demo_db, juniper)
    ticked = next(item for item in stored.items if item.id == first_open.id)
    assert ticked.done_on == DEMO_TODAY


async def test_handoff_summary_is_written_and_shown_on_the_overview(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        assert "0 of 6 sections" in text_of(screen.query_one("#plan-head"))
        await pilot.press("H")
        await settle(pilot)
        await pilot.press(*"Cut shipping costs by a fifth", "tab", *"Halfway there")
        await pilot.press("tab", *"Two warehouses moved", "ctrl+s")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert plan.transition.summary_goals == "Cut shipping costs by a fifth"
        assert plan.transition.summary_current_state == "Halfway there"
        assert plan.transition.summary_work_done == "Two warehouses moved"
        await pilot.press("o")
        await settle(pilot)
        overview = text_of(screen.query_one("#overview-body"))
        assert "Handoff summary" in overview
        assert "The client's original goals" in overview
        assert "Cut shipping costs by a fifth" in overview
        assert "Loose ends" not in overview  # unwritten sections stay out of the way


async def test_feedback_by_keys_is_shown_with_the_sign_off(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        await pilot.press("s", "F")
        await settle(pilot)
        form = demo_app.screen
        form.query_one("#field-rating").value = "7"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 (poor) to 5" in str(form.query_one("#error-rating").content)
        form.query_one("#field-rating").value = "4"
        form.query_one("#field-comment").text = "Clear plan, good overlap"
        await pilot.press("ctrl+s")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert [(f.source, f.rating) for f in plan.feedback] == [("client", 4)]
        shown = str(screen.query_one("#feedback").content)
        assert "4.0/5 from 1" in shown and "Clear plan, good overlap" in shown


async def test_remove_a_signatory_and_undo(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        before = [
            row.name for row in transitions.plan_for_client(demo_db, screen.client_id).sign_offs
        ]
        await pilot.press("s", "d")
        await settle(pilot)
        after = [
            row.name for row in transitions.plan_for_client(demo_db, screen.client_id).sign_offs
        ]
        assert after == before[1:]
        await pilot.press("u")
        await settle(pilot)
        restored = transitions.plan_for_client(demo_db, screen.client_id).sign_offs
        assert sorted(row.name for row in restored) == sorted(before)


async def test_the_sign_off_title_counts_signatures_in_words(demo_app, demo_db):
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    missing = len(transitions.plan_for_client(demo_db, juniper).missing_sign_offs())
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        demo_app.open_client(juniper, "signoff")
        await settle(pilot)
        title = text_of(demo_app.screen.query_one("#signoff-title"))
    noun = "signature" if missing == 1 else "signatures"
    assert f"{missing} {noun} still needed" in title and "(s)" not in title
