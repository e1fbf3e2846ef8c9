from datetime import date

import pytest

from handover_tui.domain.validation import InvalidInput
from handover_tui.services import clients, log, people, transitions


def test_log_and_cadence_report(db):
    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    plan_id = transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": "2026-11-02"},
        today=date(2026, 11, 2),
    )
    transition = transitions.get_plan(db, plan_id).transition
    with pytest.raises(InvalidInput):
        log.set_cadence(db, plan_id, {"every_status_meeting": "weekly"}, expected_version=None)
    log.set_cadence(
        db,
        plan_id,
        {"every_status_meeting": "7", "every_client_update": "14"},
        expected_version=transition.version,
    )
    first = log.add_interaction(
        db,
        client.id,
        {"kind": "status_meeting", "occurred_on": "2026-11-03", "attendees": "Maya, Sam"},
    )
    assert first.transition_id == plan_id
    log.add_interaction(db, client.id, {"kind": "status_meeting", "occurred_on": "2026-11-18"})
    report = {r.kind: r for r in log.cadence_report(db, plan_id, date(2026, 12, 1))}
    # Status meetings run through execution (from 2026-11-16), updates from it on.
    assert report["status_meeting"].missed == [date(2026, 11, 23)]
    assert report["status_meeting"].next_due == date(2026, 11, 30)
    assert report["client_update"].missed == [date(2026, 11, 16)]
    assert report["client_update"].next_due == date(2026, 11, 30)
    assert [i.occurred_on for i in log.list_interactions(db, client.id)] == [
        date(2026, 11, 18),
        date(2026, 11, 3),
    ]
    removed = log.delete_interaction(db, first.id)
    assert len(log.list_interactions(db, client.id)) == 1
    log.restore_interaction(db, removed)
    assert len(log.list_interactions(db, client.id)) == 2
