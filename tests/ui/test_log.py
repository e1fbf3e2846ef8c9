"""The log tab by keys: plan a weekly rhythm, log contacts, see missed and due."""

from __future__ import annotations

from datetime import timedelta

from handover_tui.services import log
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle
from tests.ui.test_transition import plan_handoff_of_first_client


async def test_weekly_plan_shows_missed_and_due(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        client_id = screen.client_id
        await pilot.press("L", "P")
        await settle(pilot)
        await pilot.press(*"7", "ctrl+s")  # status meetings every 7 days
        await settle(pilot)
        # The plan started today; log this week's meeting by keys.
        await pilot.press("n")
        await settle(pilot)
        demo_app.screen.query_one("#field-attendees").value = "Both owners"
        await pilot.press("ctrl+s")
        await settle(pilot)
        entries = log.list_interactions(demo_db, client_id)
        logged_today = [(e.kind, e.occurred_on) for e in entries if e.occurred_on == DEMO_TODAY]
        assert logged_today == [("status_meeting", DEMO_TODAY)]
        text = str(screen.query_one("#cadence").content)
        assert (
            "Status meeting every 7 days: next due " + (DEMO_TODAY + timedelta(days=7)).isoformat()
            in text
        )
        assert "missed" not in text
        plan_id = screen.query_one("LogPane").plan.id
    # Three weeks later with no other meeting: two weeks missed, this week's due.
    later = DEMO_TODAY + timedelta(days=22)
    (status,) = log.cadence_report(demo_db, plan_id, later)
    assert status.missed == [DEMO_TODAY + timedelta(days=7), DEMO_TODAY + timedelta(days=14)]
    assert status.next_due == DEMO_TODAY + timedelta(days=21)
