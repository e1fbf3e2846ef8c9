"""Loose ends of a handoff through the services: add, edit, mark done, drop with a
reason, reopen, list; they count in the plan's completeness and pass on at completion."""

from datetime import date

import pytest

from handover_tui.domain.validation import InvalidInput
from handover_tui.services import (
    Refused,
    StaleRecord,
    clients,
    contacts,
    loose_ends,
    people,
    transitions,
)
from handover_tui.services.audit import list_activity

TODAY = date(2027, 1, 4)


@pytest.fixture
def plan(db):
    maya = people.create_person(db, {"name": "Maya Okafor"})
    sam = people.create_person(db, {"name": "Sam Whitfield"})
    client = clients.create_client(db, {"name": "Acme", "owner_id": maya.id})
    jane = contacts.add_contact(db, client.id, {"name": "Jane Roe", "title": "CFO"})
    fields = {"incoming_id": sam.id, "reason": "workload", "start": TODAY.isoformat()}
    transition_id = transitions.start_transition(db, client.id, fields, today=TODAY)
    return transition_id, client, jane


def test_add_edit_done_drop_reopen(db, plan):
    transition_id, client, jane = plan
    end = loose_ends.add_loose_end(
        db, transition_id, {"title": "  Credit note for Q2 ", "due_on": "2027-01-20"}
    )
    assert (end.title, end.holder, end.state) == ("Credit note for Q2", "outgoing", "open")
    assert end.client_id == client.id
    edited = loose_ends.update_loose_end(
        db, end.id, {"contact_id": jane.id}, expected_version=end.version
    )
    assert (edited.holder, edited.contact_id) == ("client", jane.id)
    [row] = loose_ends.list_loose_ends(db, transition_id)
    assert (row.contact, row.due_on) == ("Jane Roe", date(2027, 1, 20))
    with pytest.raises(StaleRecord):
        loose_ends.update_loose_end(db, end.id, {"title": "x"}, expected_version=end.version)
    done = loose_ends.mark_done(db, end.id, TODAY)
    assert (done.state, done.closed_on) == ("done", TODAY)
    reopened = loose_ends.reopen(db, end.id)
    assert (reopened.state, reopened.closed_on) == ("open", None)
    with pytest.raises(InvalidInput, match="Say why"):
        loose_ends.drop(db, end.id, "  ", TODAY)
    dropped = loose_ends.drop(db, end.id, "The client wrote it off", TODAY)
    assert (dropped.state, dropped.drop_reason) == ("dropped", "The client wrote it off")
    assert loose_ends.list_loose_ends(db, transition_id)[0].state_text() == (
        "Dropped 2027-01-04: The client wrote it off"
    )
    assert loose_ends.reopen(db, end.id).drop_reason == ""
    trail = [row.summary for row in list_activity(db, client_id=client.id)]
    assert any("loose end “Credit note for Q2”" in line for line in trail)


def test_titles_are_cleaned_and_checked(db, plan):
    transition_id, _client, _jane = plan
    with pytest.raises(InvalidInput) as caught:
        loose_ends.add_loose_end(
            db, transition_id, {"title": " ", "holder": "nobody", "due_on": "soon"}
        )
    assert set(caught.value.errors) == {"title", "holder", "due_on"}
    with pytest.raises(InvalidInput, match="control character"):
        loose_ends.add_loose_end(db, transition_id, {"title": "Call\x1b[2J the CFO"})
    assert loose_ends.add_loose_end(db, transition_id, {"title": "a", "holder": "Incoming owner"})


def test_a_contact_of_another_client_is_refused(db, plan):
    transition_id, _client, _jane = plan
    other = clients.create_client(db, {"name": "Other"})
    stranger = contacts.add_contact(db, other.id, {"name": "Stranger"})
    with pytest.raises(InvalidInput, match="this client's contacts"):
        loose_ends.add_loose_end(db, transition_id, {"title": "x", "contact_id": stranger.id})


def test_they_count_in_completeness_and_readiness(db, plan):
    transition_id, _client, _jane = plan
    before = transitions.get_plan(db, transition_id).progress()
    end = loose_ends.add_loose_end(db, transition_id, {"title": "Return the badge"})
    current = transitions.get_plan(db, transition_id)
    assert (current.progress().done, current.progress().total) == (before.done, before.total + 1)
    assert current.checklist_progress().total == before.total
    assert "1 loose end is still open." in current.not_ready()
    loose_ends.mark_done(db, end.id, TODAY)
    current = transitions.get_plan(db, transition_id)
    assert current.progress().done == before.done + 1
    assert not any("loose end" in reason for reason in current.not_ready())
    overview = transitions.plan_summary(db, current.transition.client_id)
    assert (overview.done, overview.total) == (before.done + 1, before.total + 1)


def test_completion_passes_the_outgoing_owners_on_and_they_stay_settleable(db, plan):
    transition_id, _client, jane = plan
    mine = loose_ends.add_loose_end(db, transition_id, {"title": "Mine"})
    theirs = loose_ends.add_loose_end(db, transition_id, {"title": "Theirs", "contact_id": jane.id})
    transitions.complete(db, transition_id, TODAY, override="The client asked to go on")
    holders = {row.title: row.holder for row in loose_ends.list_loose_ends(db, transition_id)}
    assert holders == {"Mine": "incoming", "Theirs": "client"}
    assert loose_ends.mark_done(db, mine.id, TODAY).state == "done"
    assert loose_ends.reopen(db, mine.id).state == "open"  # settled after completion
    with pytest.raises(Refused):
        loose_ends.add_loose_end(db, transition_id, {"title": "Too late"})
    with pytest.raises(Refused):
        loose_ends.update_loose_end(db, theirs.id, {"title": "x"}, expected_version=None)


def test_a_new_plan_takes_the_clients_unplanned_loose_ends(db, plan):
    from handover_tui.models import LooseEnd

    transition_id, client, _jane = plan
    transitions.cancel(db, transition_id, "Not now")
    with db.transaction() as session:
        session.add(LooseEnd(client_id=client.id, title="From an old note"))
    sam = people.list_people(db)[-1]
    fields = {"incoming_id": sam.id, "reason": "workload", "start": TODAY.isoformat()}
    second = transitions.start_transition(db, client.id, fields, today=TODAY)
    assert [row.title for row in transitions.get_plan(db, second).loose_ends] == [
        "From an old note"
    ]
