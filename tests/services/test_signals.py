"""The facts behind the signals come out of the database right; reviews are due items."""

from datetime import date, timedelta

import pytest

from handover_tui.domain.signals import Thresholds
from handover_tui.domain.validation import InvalidInput
from handover_tui.domain.vocab import SignalKind
from handover_tui.services import (
    alternatives,
    clients,
    contacts,
    dashboard,
    health,
    log,
    notes,
    people,
    signals,
    transitions,
)

TODAY = date(2026, 11, 23)
DAY = timedelta(days=1)


@pytest.fixture
def acme(db):
    maya = people.create_person(db, {"name": "Maya", "capacity": 1})
    sam = people.create_person(db, {"name": "Sam", "capacity": 5})
    acme = clients.create_client(
        db,
        {
            "name": "Acme",
            "owner_id": maya.id,
            "relationship_start": (TODAY - 100 * DAY).isoformat(),
            "renewal_date": (TODAY + 20 * DAY).isoformat(),
        },
    )
    return maya, sam, acme


def kinds(db, client_id, today=TODAY, limits=None):
    return {s.kind for s in signals.for_client(db, client_id, today, limits)}


def test_quiet_follows_the_log(db, acme):
    _maya, _sam, client = acme
    assert SignalKind.QUIET in kinds(db, client.id)
    log.add_interaction(
        db, client.id, {"kind": "check_in", "occurred_on": (TODAY - 44 * DAY).isoformat()}
    )
    assert SignalKind.QUIET not in kinds(db, client.id)
    assert SignalKind.QUIET in kinds(db, client.id, limits=Thresholds(quiet_days=44))


def test_over_capacity_counts_the_owners_active_clients(db, acme):
    maya, _sam, client = acme
    assert SignalKind.OVER_CAPACITY not in kinds(db, client.id)
    other = clients.create_client(db, {"name": "Bolt", "owner_id": maya.id})
    assert {SignalKind.OVER_CAPACITY, SignalKind.NO_SUCCESSOR} <= kinds(db, client.id)
    clients.archive_client(db, other.id)
    assert SignalKind.OVER_CAPACITY not in kinds(db, client.id)


def test_tenure_counts_from_the_handoff_to_the_current_owner(db, acme):
    _maya, sam, client = acme
    clients.update_client(
        db, client.id, {"relationship_start": "2019-01-01"}, expected_version=None
    )
    assert SignalKind.ROTATION in kinds(db, client.id)
    start = TODAY - 80 * DAY
    transition_id = transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "rotation", "start": start.isoformat()},
        today=start,
    )
    assert SignalKind.ROTATION not in kinds(db, client.id)  # a handoff is under way
    transitions.complete(db, transition_id, TODAY - 10 * DAY, override="Signed on paper.")
    assert SignalKind.ROTATION not in kinds(db, client.id)  # Sam has it since 10 days
    assert SignalKind.ROTATION in kinds(db, client.id, today=TODAY + 3 * 365 * DAY)


def test_a_running_handoff_raises_its_own_signals(db, acme):
    _maya, sam, client = acme
    start = TODAY - 20 * DAY  # in execution today; the renewal falls inside it
    transitions.start_transition(
        db,
        client.id,
        {
            "incoming_id": sam.id,
            "reason": "workload",
            "start": start.isoformat(),
            "consent_required": True,
        },
        today=start,
    )
    found = kinds(db, client.id)
    assert {
        SignalKind.CONSENT,
        SignalKind.KNOWLEDGE_GAP,
        SignalKind.BAD_TIMING,
        SignalKind.OVERDUE_ITEMS,
    } <= found
    for category in ("history", "preferences", "goals", "ongoing_project"):
        notes.create_note(db, client.id, {"title": category, "category": category})
    assert SignalKind.KNOWLEDGE_GAP in kinds(db, client.id)
    notes.create_note(db, client.id, {"title": "Hurdles", "category": "challenge"})
    assert SignalKind.KNOWLEDGE_GAP not in kinds(db, client.id)
    # Past the planned end, the missing signatures are the signal.
    assert SignalKind.UNSIGNED in kinds(db, client.id, today=start + 60 * DAY)


def test_satisfaction_and_credentials(db, acme):
    maya, _sam, client = acme
    for days, score in ((60, 8), (30, 9), (1, 6)):
        health.record_snapshot(
            db, client.id, {"taken_on": (TODAY - days * DAY).isoformat(), "satisfaction": score}
        )
    assert SignalKind.SATISFACTION in kinds(db, client.id)
    people.add_credential(db, maya.id, {"name": "Series 7", "expires_on": "2026-12-20"})
    assert SignalKind.CREDENTIAL in kinds(db, client.id)


def test_a_health_snapshot_needs_something_to_record(db, acme):
    _maya, _sam, client = acme
    with pytest.raises(InvalidInput) as refused:
        health.record_snapshot(db, client.id, {"taken_on": TODAY.isoformat()})
    assert "satisfaction" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        health.record_snapshot(db, client.id, {"taken_on": TODAY.isoformat(), "satisfaction": "11"})
    snapshot = health.record_snapshot(
        db, client.id, {"taken_on": TODAY.isoformat(), "renewal_outcome": "Renewed"}
    )
    assert snapshot.renewal_outcome == "renewed"
    removed = health.remove_snapshot(db, snapshot.id)
    assert health.list_snapshots(db, client.id) == []
    health.restore_snapshot(db, removed)
    assert [s.id for s in health.list_snapshots(db, client.id)] == [snapshot.id]


def test_an_alternatives_review_is_a_due_item_that_can_become_overdue(db, acme):
    _maya, _sam, client = acme
    chosen = alternatives.choose_alternative(
        db,
        client.id,
        {
            "kind": "extra_support",
            "chosen_on": TODAY.isoformat(),
            "review_on": (TODAY + 10 * DAY).isoformat(),
        },
        author="maya",
    )
    board = dashboard.dashboard(db, TODAY)
    (review,) = [item for item in board.agenda if item.id == chosen.review_item_id]
    assert (review.title, review.in_transition) == ("Review: extra support", False)
    later = TODAY + 11 * DAY
    overdue = [
        s for s in signals.for_client(db, client.id, later) if s.kind.value == "overdue_items"
    ]
    assert overdue and overdue[0].tab == "overview"
    transitions.tick_item(db, chosen.review_item_id, TODAY, done=True)
    (listed,) = alternatives.list_alternatives(db, client.id)
    assert listed.reviewed_on == TODAY
    assert SignalKind.OVERDUE_ITEMS not in kinds(db, client.id, today=later)


def test_dashboard_lists_renewals_workload_and_running_handoffs(db, acme):
    _maya, sam, client = acme
    clients.create_client(db, {"name": "Later", "renewal_date": "2027-06-01"})
    transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": TODAY.isoformat()},
        today=TODAY,
    )
    board = dashboard.dashboard(db, TODAY)
    assert [r.client for r in board.renewals] == ["Acme"]
    assert [(p.name, p.active_clients, p.capacity) for p in board.workload] == [
        ("Maya", 1, 1),
        ("Sam", 1, 5),  # receiving Acme counts in Sam's load
    ]
    (handoff,) = board.handoffs
    assert (handoff.client, handoff.outgoing, handoff.incoming) == ("Acme", "Maya", "Sam")
    assert handoff.done == 0 and handoff.total == 12 and not handoff.paused
    assert board.clients == 2 and dashboard.has_clients(db)


def test_archived_clients_raise_nothing(db, acme):
    _maya, _sam, client = acme
    clients.archive_client(db, client.id)
    assert signals.attention(db, TODAY) == []


def test_the_relationship_signals_read_the_database(db, acme):
    """No owner, declining engagement, outgrowing and single-threaded, from stored data
    through the one read every view uses (#18)."""
    _maya, _sam, client = acme
    orphan = clients.create_client(db, {"name": "Orphan"})
    assert SignalKind.NO_OWNER in kinds(db, orphan.id)
    assert SignalKind.NO_OWNER not in kinds(db, client.id)
    # Seven contacts in the three months before the last three, one since.
    for days_ago in (170, 160, 150, 130, 120, 100, 95, 20):
        log.add_interaction(
            db,
            client.id,
            {"kind": "check_in", "occurred_on": (TODAY - days_ago * DAY).isoformat()},
        )
    assert SignalKind.DECLINING_ENGAGEMENT in kinds(db, client.id)
    board = dashboard.dashboard(db, TODAY)
    assert any(s.kind == SignalKind.DECLINING_ENGAGEMENT for s in board.signals)
    assert SignalKind.DECLINING_ENGAGEMENT not in kinds(
        db, client.id, limits=Thresholds(engagement_period_days=90)
    )
    contacts.add_contact(db, client.id, {"name": "Jane Roe"})
    assert SignalKind.SINGLE_THREADED in kinds(db, client.id)
    contacts.add_contact(db, client.id, {"name": "John Doe"})
    assert SignalKind.SINGLE_THREADED not in kinds(db, client.id)
    # The stakeholder map: two placed, neither senior, is still thin; a senior one is not.
    for row in contacts.list_contacts(db, client.id):
        contacts.update_contact(db, row.id, {"seniority": "staff"}, expected_version=row.version)
    assert SignalKind.SINGLE_THREADED in kinds(db, client.id)
    jane = contacts.list_contacts(db, client.id)[0]
    contacts.update_contact(db, jane.id, {"seniority": "executive"}, expected_version=jane.version)
    assert SignalKind.SINGLE_THREADED not in kinds(db, client.id)
    health.record_snapshot(
        db,
        client.id,
        {"taken_on": (TODAY - 5 * DAY).isoformat(), "renewal_outcome": "reduced"},
    )
    assert SignalKind.OUTGROWING in kinds(db, client.id)


def test_a_handoff_flags_an_incoming_owner_who_holds_no_relationship(db, acme):
    maya, sam, client = acme
    for name in ("Jane Roe", "John Doe"):
        contacts.add_contact(db, client.id, {"name": name, "relationship_holder_id": maya.id})
    assert SignalKind.SINGLE_THREADED not in kinds(db, client.id)
    start = TODAY - 5 * DAY
    transitions.start_transition(
        db,
        client.id,
        {"incoming_id": sam.id, "reason": "workload", "start": start.isoformat()},
        today=start,
    )
    found = [s for s in signals.for_client(db, client.id, TODAY, None)]
    thin = [s for s in found if s.kind == SignalKind.SINGLE_THREADED]
    assert [s.message for s in thin] == ["Sam holds no relationship at the client yet."]
    jane = contacts.list_contacts(db, client.id)[0]
    contacts.update_contact(
        db, jane.id, {"relationship_holder_id": sam.id}, expected_version=jane.version
    )
    assert SignalKind.SINGLE_THREADED not in kinds(db, client.id)
