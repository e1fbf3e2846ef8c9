"""A handoff that holds after completion: open items passed on stay live, the new owner
is not also the deputy, workload counts clients being received, the introduction informs
the client, and a bulk reassignment keeps its reason (#18, items 6 to 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handover_tui.db.read import over
from handover_tui.domain.formatting import plural
from handover_tui.services import (
    Refused,
    calendar,
    clients,
    dashboard,
    log,
    people,
    portfolio,
    quick,
    transitions,
)
from handover_tui.services.plan_document import plan_document

TODAY = date(2027, 1, 4)


@pytest.fixture
def acme(db):
    maya = people.create_person(db, {"name": "Maya Okafor", "capacity": 5})
    sam = people.create_person(db, {"name": "Sam Whitfield", "capacity": 10})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    fields = {"incoming_id": sam.id, "reason": "workload", "start": TODAY.isoformat()}
    transition_id = transitions.start_transition(db, client.id, fields, today=TODAY)
    return maya, sam, client, transition_id


def test_open_items_stay_tickable_after_completing_anyway(db, acme):
    _maya, _sam, _client, transition_id = acme
    plan = transitions.get_plan(db, transition_id)
    before = plan.items[0]
    transitions.tick_item(db, before.id, TODAY)
    done_at = TODAY + timedelta(days=3)
    plan = transitions.complete(db, transition_id, done_at, override="Maya leaves")
    open_item = next(item for item in plan.items if not item.done)
    assert plan.can_tick(open_item) and not plan.can_tick(plan.items[0])
    later = done_at + timedelta(days=1)
    ticked = transitions.tick_item(db, open_item.id, later)
    assert ticked.done_on == later
    assert transitions.tick_item(db, open_item.id, later, done=False).done_on is None
    # What was done before the handoff completed is its history.
    with pytest.raises(Refused, match="history"):
        transitions.tick_item(db, before.id, later, done=False)


def test_a_completed_plans_open_items_stay_due_and_in_the_calendar(db, acme):
    _maya, _sam, client, transition_id = acme
    transitions.complete(db, transition_id, TODAY, override="Maya leaves")
    far = TODAY + timedelta(days=120)
    board = dashboard.dashboard(db, far)
    due = [item.title for item in board.agenda if item.client_id == client.id]
    assert "Final approval by all parties" in due
    assert any(s.kind == "overdue_items" and s.client_id == client.id for s in board.signals)
    ics = calendar.export_ics(db, client.id, today=TODAY)
    assert "Final approval by all parties" in ics
    with db.reading() as session:
        listed = quick.checklist(over(session.connection()), client.id)
    assert len([item for item in listed if item.done_on is None]) == len(
        [item for item in transitions.plan_for_client(db, client.id).items if not item.done]
    )


def test_a_cancelled_plan_stays_history(db, acme):
    _maya, _sam, client, transition_id = acme
    item = transitions.get_plan(db, transition_id).items[0]
    transitions.cancel(db, transition_id, "Maya stays")
    with pytest.raises(Refused, match="history"):
        transitions.tick_item(db, item.id, TODAY)
    board = dashboard.dashboard(db, TODAY + timedelta(days=120))
    assert not [item for item in board.agenda if item.client_id == client.id]


def test_the_new_owner_is_not_also_the_deputy(db):
    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id, "deputy_id": sam.id})
    fields = {"incoming_id": sam.id, "reason": "succession", "start": TODAY.isoformat()}
    transition_id = transitions.start_transition(db, client.id, fields, today=TODAY)
    transitions.complete(db, transition_id, TODAY, override="Now")
    stored = clients.get_client(db, client.id).client
    assert (stored.owner_id, stored.deputy_id) == (sam.id, None)


def test_workload_counts_a_client_being_received(db, acme):
    maya, sam, _client, _transition_id = acme
    clients.create_client(db, {"name": "Bluefin", "owner_id": sam.id})
    board = dashboard.dashboard(db, TODAY)
    load = {row.id: row.active_clients for row in board.workload}
    assert load == {maya.id: 1, sam.id: 2}
    assert {row.id: row.active_clients for row in people.list_people(db)} == load


def test_ticking_the_introduction_informs_the_client(db, acme):
    _maya, _sam, client, transition_id = acme
    plan = transitions.get_plan(db, transition_id)
    intro = next(item for item in plan.items if item.title.startswith("Introduce"))
    day = TODAY + timedelta(days=16)
    transitions.tick_item(db, intro.id, day)
    assert transitions.get_transition(db, transition_id).client_informed_on == day
    markdown = plan_document(db, client.id, prepared_by="Maya", today=day)
    assert f"**Client informed on:** {day.isoformat()}" in markdown


def test_logging_an_introduction_informs_the_client(db, acme):
    _maya, _sam, client, transition_id = acme
    day = TODAY + timedelta(days=10)
    log.add_interaction(
        db, client.id, {"kind": "introduction", "occurred_on": day.isoformat(), "summary": "Hi"}
    )
    assert transitions.get_transition(db, transition_id).client_informed_on == day
    # An earlier date recorded stays; a later introduction does not move it.
    log.add_interaction(
        db,
        client.id,
        {"kind": "introduction", "occurred_on": (day + timedelta(days=5)).isoformat()},
    )
    assert transitions.get_transition(db, transition_id).client_informed_on == day


def test_the_document_reads_an_introduction_done_before_this_rule(db, acme):
    """A plan whose introduction was ticked without recording the date (older data)
    never says the client was not informed."""
    _maya, _sam, client, transition_id = acme
    plan = transitions.get_plan(db, transition_id)
    intro = next(item for item in plan.items if item.title.startswith("Introduce"))
    transitions.tick_item(db, intro.id, TODAY)
    transitions.update_transition(
        db, transition_id, {"client_informed_on": None}, expected_version=None
    )
    markdown = plan_document(db, client.id, prepared_by="Maya", today=TODAY)
    assert f"**Client informed on:** {TODAY.isoformat()}" in markdown


def test_reassign_keeps_its_reason_and_says_one_client(db):
    maya = people.create_person(db, {"name": "Maya"})
    sam = people.create_person(db, {"name": "Sam"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    proposal = portfolio.propose_reassign(db, maya.id, sam.id, today=TODAY, reason="workload")
    assert proposal.title == "1 client to Sam"
    portfolio.apply(db, proposal, today=TODAY)
    stored = transitions.plan_for_client(db, client.id).transition
    assert (stored.reason, stored.reason_detail) == ("workload", "")
    markdown = plan_document(db, client.id, prepared_by="Maya", today=TODAY)
    assert "**Reason for the handoff:** Workload" in markdown
    assert "1 clients" not in markdown and "Other" not in markdown


def test_plural_is_said_once():
    assert [plural(n, "client") for n in (0, 1, 2, 1200)] == [
        "0 clients",
        "1 client",
        "2 clients",
        "1,200 clients",
    ]
    assert plural(2, "entry", "entries") == "2 entries"
