"""Loose ends on the transition tab, by keys: add one (l), mark it done and open it again
(space), edit it (e), drop it with a reason (d); the progress counts them."""

from __future__ import annotations

from handover_tui.services import clients, transitions
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.form import FormScreen
from tests.ui.conftest import settle, text_of


def keys_of(screen) -> list[str]:
    table = screen.query_one("#checklist")
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


def cursor_key(screen) -> str:
    table = screen.query_one("#checklist")
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def open_plan(pilot, demo_db, name: str) -> ClientScreen:
    """From the roster: filter to the client, open it, go to the transition tab."""
    await settle(pilot)
    await pilot.press("/", *name, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ClientScreen) and screen.tab == "transition"
    assert screen.client_id == clients.find_clients(demo_db, name)[0].id
    return screen


def loose_ends_of(demo_db, client_id: int) -> dict[str, object]:
    plan = transitions.plan_for_client(demo_db, client_id)
    assert plan is not None
    return {end.title: end for end in plan.loose_ends}


async def test_add_settle_edit_and_drop_loose_ends_by_keys(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_plan(pilot, demo_db, "Juniper Hotels")
        ends = loose_ends_of(demo_db, screen.client_id)
        assert set(ends) == {"Q2 invoice credit note", "Licence count for the spa system"}
        keys = keys_of(screen)
        assert keys[-3] == "loose-ends" and all(k.startswith("loose:") for k in keys[-2:])
        assert "Loose ends  0/2" in str(screen.query_one("#checklist").get_row("loose-ends")[1])
        before = str(screen.query_one("#plan-phases").content)
        assert "5/14 done" in before  # 12 checklist items and 2 loose ends

        # l: a new loose end, held by the client's primary contact, with a due date.
        await pilot.press("l")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Return the [b]badges[/b]", "tab")
        await pilot.press("enter", "down", "down", "down", "enter")  # Client: first contact
        await pilot.press("tab", *"2026-12-01", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        ends = loose_ends_of(demo_db, screen.client_id)
        new = ends["Return the [b]badges[/b]"]
        assert (new.holder, new.state, str(new.due_on)) == ("client", "open", "2026-12-01")
        assert new.contact_id is not None
        assert cursor_key(screen) == f"loose:{new.id}"  # the cursor is on the new row
        assert "5/15 done" in str(screen.query_one("#plan-phases").content)

        # space: done today; space again: open again.
        await pilot.press("space")
        await settle(pilot)
        assert loose_ends_of(demo_db, screen.client_id)[new.title].state == "done"
        assert "6/15 done" in str(screen.query_one("#plan-phases").content)
        assert cursor_key(screen) == f"loose:{new.id}"
        await pilot.press("space")
        await settle(pilot)
        assert loose_ends_of(demo_db, screen.client_id)[new.title].state == "open"

        # e: edit its title.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"Return the badges", "ctrl+s")
        await settle(pilot)
        assert "Return the badges" in loose_ends_of(demo_db, screen.client_id)

        # d: drop it, with the reason asked for.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press(*"They were never issued", "enter")
        await settle(pilot)
        dropped = loose_ends_of(demo_db, screen.client_id)["Return the badges"]
        assert (dropped.state, dropped.drop_reason) == ("dropped", "They were never issued")
        row = screen.query_one("#checklist").get_row(f"loose:{dropped.id}")
        assert "(dropped: They were never issued)" in str(row[1])
        assert "[-]" in str(row[0])


async def test_the_summary_form_says_how_to_reach_the_outgoing_owner(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_plan(pilot, demo_db, "Juniper Hotels")
        await pilot.press("H")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-summary_reachable_until").focus()
        await pilot.pause()
        await pilot.press(*"2027-03-31", "tab", "enter", "down", "down", "enter", "ctrl+s")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, screen.client_id)
        assert str(plan.transition.summary_reachable_until) == "2027-03-31"
        assert plan.transition.summary_reach_channel == "phone"
        await pilot.press("o")
        await settle(pilot)
        overview = text_of(screen.query_one("#overview-body"))
        assert "Until 2027-03-31, by phone." in overview


async def test_loose_ends_passed_on_at_completion_stay_settleable(demo_app, demo_db):
    """Completed with open points: the outgoing owner's loose end is the incoming
    owner's now, space still marks it done and d is offered on an open one."""
    from tests.conftest import DEMO_TODAY
    from tests.ui.test_transition import footer_actions

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    plan = transitions.plan_for_client(demo_db, juniper)
    transitions.complete(demo_db, plan.id, DEMO_TODAY, override="Tomás leaves early")
    credit = loose_ends_of(demo_db, juniper)["Q2 invoice credit note"]
    assert credit.holder == "incoming"
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        demo_app.open_client(juniper, "transition")
        await settle(pilot)
        screen = demo_app.screen
        assert "delete_item" not in footer_actions(screen)  # the cursor is on an item
        assert "new_loose_end" not in footer_actions(screen)
        table = screen.query_one("#checklist")
        table.move_cursor(row=keys_of(screen).index(f"loose:{credit.id}"))
        await settle(pilot)
        assert "delete_item" in footer_actions(screen)
        await pilot.press("space")
        await settle(pilot)
    assert loose_ends_of(demo_db, juniper)["Q2 invoice credit note"].state == "done"


async def test_enter_on_a_loose_end_edits_it(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await open_plan(pilot, demo_db, "Redwood Telecom")
        (end,) = loose_ends_of(demo_db, screen.client_id).values()
        await pilot.press("G")  # the last row: the loose end
        await settle(pilot)
        assert cursor_key(screen) == f"loose:{end.id}"
        await pilot.press("enter")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FormScreen) and form.form_title == "Edit loose end"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
