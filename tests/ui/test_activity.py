"""The audit trail on screen, by keys: a client's activity tab and the global list."""

from __future__ import annotations

import re
from datetime import date

from handover_tui.services import clients, notes, transitions
from handover_tui.ui.screens.activity import ActivityScreen, ActivityView
from handover_tui.ui.screens.client import ClientScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of


def cells(table, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def test_a_tick_is_on_top_of_the_client_activity_tab(demo_app, demo_db):
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    plan = transitions.plan_for_client(demo_db, juniper)
    open_items = {item.id: item for item in plan.items if not item.done}
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(juniper, "transition")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, ClientScreen)
        checklist = screen.query_one("#checklist")
        for _ in range(len(plan.items) + 3):  # to the first item still open
            if checklist.current_id in open_items:
                break
            await pilot.press("down")
        item = open_items[checklist.current_id]
        await pilot.press("space")
        await settle(pilot)
        assert transitions.get_plan(demo_db, plan.id).progress().done == plan.progress().done + 1

        await pilot.press("Y")
        await settle(pilot)
        assert screen.tab == "activity"
        table = screen.query_one("#activity-table")
        assert table.has_focus
        when, who, action, what = cells(table, 0)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when)  # local time, to the minute
        assert (who, action) == (notes.os_user()[:12], "tick")
        assert what.startswith("Ticked “") and item.title[:20] in what
        detail = text_of(screen.query_one(".activity-detail"))
        assert f"done date: — → {DEMO_TODAY.isoformat()}" in detail
        # Only this client's entries, and they follow the next change while shown.
        shown = screen.query_one(ActivityView).rows.values()
        assert len(shown) > 10 and {row.client_id for row in shown} == {juniper}
        await pilot.press("a")  # archive the client from its screen
        await settle(pilot)
        assert cells(table, 0)[2] == "archive"
        # Another session's change shows once the app notices it.
        clients.update_client(demo_db, juniper, {"tags": "vip"}, expected_version=None)
        demo_app.reload_all()
        await settle(pilot)
        assert cells(table, 0)[2:] == ["update", "Changed the tags of Juniper Hotels"]


async def test_the_global_list_filters_and_shows_old_and_new_values(demo_app, demo_db):
    acme = clients.find_clients(demo_db, "Acme Logistics")[0].id
    before = clients.get_client(demo_db, acme).client.renewal_date
    clients.update_client(demo_db, acme, {"renewal_date": date(2031, 3, 31)}, expected_version=None)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        demo_app.push_screen(ActivityScreen())
        await settle(pilot)
        screen = demo_app.screen
        table = screen.query_one("#activity-all")
        assert table.row_count > 100
        assert cells(table, 0)[3] == "Changed the renewal date of Acme Logistics"
        width = next(c.width for key, c in table.columns.items() if key.value == "what")
        whats = [cells(table, i)[3] for i in range(20)]
        assert all(len(what) <= width for what in whats)
        assert any(what.endswith("…") for what in whats)  # cut to fit, not cropped

        await pilot.press("slash", *"created acme", "enter")
        await settle(pilot)
        assert table.row_count == 0
        assert "Nothing recorded matches" in text_of(screen.query_one(".activity-empty"))
        await pilot.press("escape")  # clears the filter, back on the list
        await settle(pilot)
        assert table.row_count > 100 and table.has_focus

        await pilot.press("slash", *"renewal", "enter")
        await settle(pilot)
        rows = [cells(table, i) for i in range(table.row_count)]
        assert rows and all("renewal" in row[3] for row in rows)
        await pilot.press("down", "up")  # highlight the newest: this change
        detail = text_of(screen.query_one(".activity-detail"))
        assert "Changed the renewal date of Acme Logistics" in detail
        assert f"renewal date: {before.isoformat()} → 2031-03-31" in detail
        status = text_of(screen.query_one("#activity-status"))
        assert f"{len(rows)} entr" in status and "renewal" in status

        await pilot.press("enter")  # opens the client of the entry
        await settle(pilot)
        assert isinstance(demo_app.screen, ClientScreen) and demo_app.screen.client_id == acme
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(demo_app.screen, ActivityScreen)
        await pilot.press("escape", "escape")  # the filter, then the screen
        await settle(pilot)
        assert not isinstance(demo_app.screen, ActivityScreen)
