"""The log tab by keys: plan a weekly rhythm, log contacts, see missed and due."""

from __future__ import annotations

from datetime import timedelta

from handover_tui.services import log, transitions
from tests.ui.conftest import settle
from tests.ui.test_transition import plan_handoff_of_first_client


async def test_weekly_plan_shows_missed_and_due(demo_app, demo_db):
    """A new plan has the default rhythm: weekly status meetings through execution,
    client updates every two weeks (#18)."""
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await plan_handoff_of_first_client(pilot)
        client_id = screen.client_id
        plan = transitions.plan_for_client(demo_db, client_id)
        execution = next(w for w in plan.windows if w.phase == "execution").start
        await pilot.press("L")
        await settle(pilot)
        text = str(screen.query_one("#cadence").content)
        assert f"Status meeting every 7 days: next due {execution.isoformat()}" in text
        assert f"Client update every 14 days: next due {execution.isoformat()}" in text
        # Log a status meeting by keys, within the week before execution starts.
        await pilot.press("n")
        await settle(pilot)
        form = demo_app.screen
        form.query_one("#field-attendees").value = "Both owners"
        form.query_one("#field-occurred_on").value = (execution - timedelta(days=2)).isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        kinds = [(e.kind, e.occurred_on) for e in log.list_interactions(demo_db, client_id)]
        assert ("status_meeting", execution - timedelta(days=2)) in kinds
        text = str(screen.query_one("#cadence").content)
        # Held early: the first week is met, the next is due.
        week = execution + timedelta(days=7)
        assert f"Status meeting every 7 days: next due {week.isoformat()}" in text
        assert "missed" not in text
    # Three weeks into execution with no other meeting: two weeks missed, this one due.
    later = execution + timedelta(days=22)
    status = {s.kind: s for s in log.cadence_report(demo_db, plan.id, later)}["status_meeting"]
    assert status.missed == [execution + timedelta(days=7), execution + timedelta(days=14)]
    assert status.next_due == execution + timedelta(days=21)
