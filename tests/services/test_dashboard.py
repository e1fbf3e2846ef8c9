"""The dashboard's data, on every database."""

from __future__ import annotations

from handover_tui.models import Transition
from handover_tui.services import dashboard
from tests.conftest import DEMO_TODAY


def test_a_handoff_without_dates_leads_the_timeline_on_every_database(demo_db):
    """SQLite sorts NULL first and PostgreSQL last unless told: the dashboard says which."""
    running = dashboard.dashboard(demo_db, DEMO_TODAY).handoffs
    assert len(running) >= 2
    last = running[-1].transition_id
    with demo_db.transaction() as session:
        session.get(Transition, last).preparation_start = None
    assert dashboard.dashboard(demo_db, DEMO_TODAY).handoffs[0].transition_id == last
