from datetime import date, timedelta

import pytest

from handover_tui.domain.plan import DEFAULT_TEMPLATE
from handover_tui.domain.validation import InvalidInput
from handover_tui.domain.vocab import Phase
from handover_tui.services import clients, contacts, people, templates, transitions
from handover_tui.services.transitions import NotReady

TODAY = date(2027, 1, 4)


@pytest.fixture
def setup(db):
    maya = people.create_person(db, {"name": "Maya Okafor", "role": "Partner"})
    sam = people.create_person(db, {"name": "Sam Whitfield"})
    client = clients.create_client(
        db, {"name": "Acme", "owner_id": maya.id, "renewal_date": "2027-06-30"}
    )
    contacts.add_contact(db, client.id, {"name": "Jane Roe", "title": "CFO", "is_primary": True})
    return maya, sam, client


def start(db, client, sam, **extra):
    fields = {"incoming_id": sam.id, "reason": "workload", "start": TODAY.isoformat(), **extra}
    return transitions.start_transition(db, client.id, fields, today=TODAY)


def test_start_with_the_default_template(db, setup):
    _maya, sam, client = setup
    transition_id = start(db, client, sam)
    plan = transitions.get_plan(db, transition_id)
    assert (plan.outgoing, plan.incoming) == ("Maya Okafor", "Sam Whitfield")
    assert len(plan.items) == len(DEFAULT_TEMPLATE)
    assert {item.phase for item in plan.items} == {p.value for p in Phase}
    assert all(item.due_on for item in plan.items)
    assert [(s.name, s.side) for s in plan.sign_offs] == [
        ("Maya Okafor", "outgoing"),
        ("Sam Whitfield", "incoming"),
        ("Jane Roe", "client"),
    ]
    assert clients.get_client(db, client.id).client.status == "transition_planned"
    assert transitions.plan_for_client(db, client.id).id == transition_id
    with pytest.raises(InvalidInput, match="already has a transition"):
        start(db, client, sam)


def test_start_refuses_bad_choices(db, setup):
    maya, _sam, client = setup
    with pytest.raises(InvalidInput) as caught:
        transitions.start_transition(
            db, client.id, {"incoming_id": maya.id, "reason": "x", "start": "soon"}
        )
    assert set(caught.value.errors) >= {"reason", "start"}
    with pytest.raises(InvalidInput, match="other than the current owner"):
        start(db, client, maya)


def test_tick_move_delete_restore(db, setup):
    _maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    first, second = plan.items_in(Phase.PREPARATION)[:2]
    transitions.tick_item(db, first.id, TODAY)
    transitions.tick_item(db, second.id, TODAY)
    plan = transitions.get_plan(db, plan.id)
    assert str(plan.progress()) == f"2/{len(DEFAULT_TEMPLATE)}"
    assert str(plan.progress(Phase.PREPARATION)) == "2/4"
    transitions.tick_item(db, second.id, TODAY)
    assert str(transitions.get_plan(db, plan.id).progress()) == f"1/{len(DEFAULT_TEMPLATE)}"
    transitions.move_item(db, second.id, -1)
    order = [i.id for i in transitions.get_plan(db, plan.id).items_in(Phase.PREPARATION)]
    assert order[:2] == [second.id, first.id]
    removed = transitions.delete_item(db, second.id)
    assert second.id not in [i.id for i in transitions.get_plan(db, plan.id).items]
    transitions.restore_item(db, removed)
    assert second.id in [i.id for i in transitions.get_plan(db, plan.id).items]


def test_complete_needs_sign_offs_or_an_override(db, setup):
    _maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    with pytest.raises(NotReady) as caught:
        transitions.complete(db, plan.id, TODAY)
    assert "sign-off" in str(caught.value)
    for item in plan.items:
        transitions.tick_item(db, item.id, TODAY)
    for row in plan.sign_offs:
        transitions.toggle_signed(db, row.id, TODAY)
    done = transitions.complete(db, plan.id, TODAY)
    assert done.transition.status == "completed"
    detail = clients.get_client(db, client.id)
    assert detail.owner == "Sam Whitfield" and detail.client.status == "handed_off"


def test_override_keeps_its_reason(db, setup):
    _maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    done = transitions.complete(db, plan.id, TODAY, override="Client asked to go early")
    assert done.transition.completion_override == "Client asked to go early"


def test_a_handed_off_client_counts_in_its_new_owners_load(db, setup):
    maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    transitions.complete(db, plan.id, TODAY, override="Early")
    load = {row.id: row.active_clients for row in people.list_people(db)}
    assert load == {maya.id: 0, sam.id: 1}


def test_pause_resume_cancel(db, setup):
    _maya, sam, client = setup
    transition_id = start(db, client, sam)
    with pytest.raises(InvalidInput):
        transitions.pause(db, transition_id, "  ")
    transitions.pause(db, transition_id, "Client reorganising")
    transitions.resume(db, transition_id, TODAY)
    transitions.cancel(db, transition_id, "Owner stays after all")
    plan = transitions.get_plan(db, transition_id)
    assert plan.transition.status == "cancelled"
    assert plan.transition.status_reason == "Owner stays after all"
    assert clients.get_client(db, client.id).client.status == "active"
    start(db, client, sam)  # a new one can start after a cancellation


def test_timing_warning_for_renewal_inside_the_window(db, setup):
    _maya, sam, client = setup
    clients.update_client(
        db,
        client.id,
        {"renewal_date": (TODAY + timedelta(days=20)).isoformat()},
        expected_version=None,
    )
    plan = transitions.get_plan(db, start(db, client, sam))
    assert any("renewal" in warning for warning in plan.warnings)


def test_dates_are_checked_and_move_the_client_status(db, setup):
    _maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    with pytest.raises(InvalidInput) as caught:
        transitions.update_transition(
            db, plan.id, {"preparation_end": "2026-01-01"}, expected_version=1, today=TODAY
        )
    assert "preparation_end" in caught.value.errors
    transitions.update_transition(
        db,
        plan.id,
        {
            "preparation_start": "2026-12-01",
            "preparation_end": "2026-12-10",
            "execution_start": "2026-12-11",
        },
        expected_version=1,
        today=TODAY,
    )
    assert clients.get_client(db, client.id).client.status == "in_transition"


def test_save_as_template_and_start_from_it(db, setup):
    maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    transitions.add_item(
        db,
        plan.id,
        {
            "phase": "execution",
            "title": "Hand over the keys",
            "side": "outgoing",
            "due_on": "2027-01-25",
        },
    )
    template = templates.save_as_template(db, plan.id, {"name": "Acme style"})
    choices = templates.list_templates(db)
    assert [c.name for c in choices][1:] == ["Acme style"]
    assert choices[1].items == len(DEFAULT_TEMPLATE) + 1
    with pytest.raises(InvalidInput):
        templates.save_as_template(db, plan.id, {"name": "acme STYLE"})
    other = clients.create_client(db, {"name": "Bluefin", "owner_id": maya.id})
    new_id = transitions.start_transition(
        db,
        other.id,
        {
            "incoming_id": sam.id,
            "reason": "rotation",
            "start": "2027-02-01",
            "template_id": template.id,
        },
        today=TODAY,
    )
    new_plan = transitions.get_plan(db, new_id)
    keys = [i for i in new_plan.items if i.title == "Hand over the keys"]
    assert keys and keys[0].due_on == date(2027, 2, 1) + timedelta(days=14 + 7)
    _name, items = templates.read_template(db, template.id)
    templates.replace_items(db, template.id, "Acme style v2", list(reversed(items)))
    assert templates.read_template(db, template.id)[1][0].title == items[-1].title
    templates.delete_template(db, template.id)
    assert len(templates.list_templates(db)) == 1


def test_sync_statuses_follow_the_calendar(db, setup):
    _maya, sam, client = setup
    start(db, client, sam)
    assert transitions.sync_client_statuses(db, TODAY + timedelta(days=20)) == 1
    assert clients.get_client(db, client.id).client.status == "in_transition"


def test_a_closed_transition_refuses_changes(db, setup):
    from handover_tui.services import Refused

    _maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    transitions.cancel(db, plan.id, "No longer needed")
    item = plan.items[0]
    for attempt in (
        lambda: transitions.tick_item(db, item.id, TODAY),
        lambda: transitions.add_item(
            db, plan.id, {"phase": "execution", "title": "x", "side": "both"}
        ),
        lambda: transitions.delete_item(db, item.id),
        lambda: transitions.move_item(db, item.id, 1),
        lambda: transitions.toggle_signed(db, plan.sign_offs[0].id, TODAY),
        lambda: transitions.update_transition(
            db, plan.id, {"reason_detail": "x"}, expected_version=None
        ),
    ):
        with pytest.raises(Refused, match="history"):
            attempt()


def test_ticking_says_what_is_wanted(db, setup):
    from handover_tui.services import StaleRecord

    _maya, sam, client = setup
    item = transitions.get_plan(db, start(db, client, sam)).items[0]
    # Two people tick the same item: both want it done, and it stays done.
    transitions.tick_item(db, item.id, TODAY, done=True)
    stored = transitions.tick_item(db, item.id, TODAY, done=True)
    assert stored.done_on == TODAY
    # Acting on an old view of the item is refused rather than undoing someone's tick.
    with pytest.raises(StaleRecord):
        transitions.tick_item(db, item.id, TODAY, done=False, expected_version=item.version)


def test_feedback_is_rated_and_summarised(db, setup):
    _maya, sam, client = setup
    plan = transitions.get_plan(db, start(db, client, sam))
    with pytest.raises(InvalidInput) as caught:
        transitions.add_feedback(
            db, plan.id, {"source": "client", "rating": "9", "given_on": "2027-01-10"}
        )
    assert "rating" in caught.value.errors
    transitions.add_feedback(
        db,
        plan.id,
        {"source": "client", "rating": "5", "given_on": "2027-01-10", "comment": "Smooth"},
    )
    transitions.add_feedback(
        db, plan.id, {"source": "incoming", "rating": "4", "given_on": "2027-01-11"}
    )
    summary = transitions.get_plan(db, plan.id).feedback_summary
    assert summary == "4.5/5 from 2 (client 5, incoming owner 4)"
