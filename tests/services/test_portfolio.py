"""Portfolio moves against the database: proposals read, moves made in one transaction,
bulk edits, and what passes to the incoming owner when a handoff completes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from handover_tui.domain.plan import DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME
from handover_tui.domain.portfolio import started_text
from handover_tui.domain.validation import InvalidInput
from handover_tui.models import Activity, ChecklistItem, Interaction, Note, Transition
from handover_tui.services import (
    NotFound,
    Refused,
    alternatives,
    clients,
    log,
    notes,
    people,
    portfolio,
    transitions,
)

TODAY = date(2027, 3, 1)


@pytest.fixture
def team(db):
    """Maya leaves with three clients; Ann has room for one, Bob for plenty, Cy is full."""
    maya = people.create_person(db, {"name": "Maya Okafor", "capacity": 5})
    ann = people.create_person(db, {"name": "Ann Lee", "capacity": 3})
    bob = people.create_person(db, {"name": "Bob Stone", "capacity": 10})
    cy = people.create_person(db, {"name": "Cy Young", "capacity": 1})

    def client(name, owner, **extra):
        return clients.create_client(db, {"name": name, "owner_id": owner.id, **extra}).id

    ids = {
        "acme": client("Acme", maya, industry="Logistics", renewal_date="2027-03-20"),
        "beta": client("Beta", maya, industry="Retail"),
        "gamma": client("Gamma", maya),
    }
    client("Ann's one", ann)
    client("Ann's two", ann)
    for n in range(8):
        client(f"Bob {n}", bob)
    client("Cy's", cy, industry="Logistics")
    return {"maya": maya, "ann": ann, "bob": bob, "cy": cy, **ids}


def count(db, model, *where) -> int:
    with db.reading() as session:
        return len(session.exec(select(model).where(*where)).all())


def test_owner_leaving_proposal_balances_and_fits_the_last_day(db, team):
    proposal = portfolio.propose_owner_leaving(db, team["maya"].id, "2027-03-29", today=TODAY)
    assert proposal.end == date(2027, 3, 29)
    assert [m.account.name for m in proposal.moves] == ["Acme", "Beta", "Gamma"]
    # Ann (2/3) has one place, Bob (8/10) two; Cy is full though he knows logistics.
    # Bob at 9/10 is less full than Ann at 3/3; then both would be full, Ann carries less.
    assert [m.incoming for m in proposal.moves] == ["Bob Stone", "Ann Lee", "Bob Stone"]
    assert not any(m.over_capacity for m in proposal.moves)
    assert proposal.moves[0].renewal_in_window is not None
    with pytest.raises(InvalidInput) as caught:
        portfolio.propose_owner_leaving(db, team["maya"].id, "2027-02-01", today=TODAY)
    assert "last_day" in caught.value.errors
    with pytest.raises(InvalidInput):
        portfolio.propose_owner_leaving(db, team["maya"].id, "soon", today=TODAY)
    with pytest.raises(NotFound):
        portfolio.propose_owner_leaving(db, 999, "2027-06-01", today=TODAY)


def test_apply_creates_every_transition_in_one_go_with_the_default_template(db, team):
    proposal = portfolio.propose_owner_leaving(db, team["maya"].id, "2027-03-29", today=TODAY)
    edited = proposal.with_incoming(2, team["ann"].id)  # Gamma to Ann after all
    before = count(db, Activity)
    ids = portfolio.apply(db, edited, today=TODAY)
    assert len(ids) == 3
    for transition_id, move in zip(ids, edited.moves, strict=True):
        plan = transitions.get_plan(db, transition_id)
        assert plan.client_name == move.account.name
        assert (plan.outgoing, plan.incoming) == ("Maya Okafor", move.incoming)
        assert plan.transition.reason == "owner_leaving"
        assert plan.transition.template_name == DEFAULT_TEMPLATE_NAME
        assert len(plan.items) == len(DEFAULT_TEMPLATE)
        assert plan.transition.support_end == date(2027, 3, 29)
    assert started_text(edited) == "Started 3 transitions to Ann Lee (2) and Bob Stone (1)."
    # The audit trail has each transition's creation, written by the flush listener.
    with db.reading() as session:
        created = session.exec(
            select(Activity.entity_id).where(
                Activity.entity == "transition", Activity.action == "create"
            )
        ).all()
    assert set(ids) <= set(created)
    assert count(db, Activity) > before


def test_a_refused_move_starts_nothing(db, team):
    proposal = portfolio.propose_owner_leaving(db, team["maya"].id, "2027-03-29", today=TODAY)
    # Someone plans Gamma's handoff meanwhile: the whole set is refused.
    transitions.start_transition(
        db,
        team["gamma"],
        {"incoming_id": team["bob"].id, "reason": "workload", "start": TODAY.isoformat()},
        today=TODAY,
    )
    with pytest.raises(Refused, match=r"Gamma.*Nothing was started"):
        portfolio.apply(db, proposal, today=TODAY)
    assert count(db, Transition) == 1
    # An owner changed since the proposal: refused too.
    proposal = portfolio.propose_owner_leaving(db, team["maya"].id, "2027-03-29", today=TODAY)
    clients.update_client(db, team["acme"], {"owner_id": team["bob"].id}, expected_version=None)
    with pytest.raises(Refused, match="Acme changed owner"):
        portfolio.apply(db, proposal, today=TODAY)
    assert count(db, Transition) == 1


def test_rebalance_and_rotation_proposals(db, team):
    cy = team["cy"]
    clients.create_client(db, {"name": "Cy's second", "owner_id": cy.id})
    clients.create_client(
        db, {"name": "Cy's third", "owner_id": cy.id, "lifecycle_stage": "at_risk"}
    )
    proposal = portfolio.propose_rebalance(db, cy.id, today=TODAY)
    # Cy carries 3 of 1: two go, the one at risk stays.
    assert {m.account.name for m in proposal.moves} == {"Cy's", "Cy's second"}
    assert all(m.incoming_id not in (cy.id, None) for m in proposal.moves)
    calm = portfolio.propose_rebalance(db, team["bob"].id, today=TODAY)
    assert not calm.moves and "nothing to move" in calm.note
    clients.create_client(
        db, {"name": "Old friend", "owner_id": team["ann"].id, "relationship_start": "2020-01-01"}
    )
    rotation = portfolio.propose_rotation(db, today=TODAY)
    assert [m.account.name for m in rotation.moves] == ["Old friend"]
    assert rotation.moves[0].incoming_id != team["ann"].id


def test_spread_and_to_one_over_chosen_clients(db, team):
    chosen = [team["acme"], team["beta"], team["gamma"]]
    spread = portfolio.propose_spread(
        db, chosen, today=TODAY, receiver_ids=[team["ann"].id, team["bob"].id]
    )
    assert {m.incoming for m in spread.moves} == {"Ann Lee", "Bob Stone"}
    one = portfolio.propose_to_one(db, chosen, team["bob"].id, today=TODAY)
    ids = portfolio.apply(db, one, today=TODAY)
    assert len(ids) == 3
    assert started_text(one) == "Started 3 transitions to Bob Stone."
    with pytest.raises(Refused, match="None of the chosen clients can move"):
        portfolio.propose_to_one(db, chosen, team["ann"].id, today=TODAY)
    with pytest.raises(InvalidInput):
        portfolio.propose_to_one(db, chosen, 0, today=TODAY, start="later")


def test_bulk_tags_status_and_archive_each_in_one_transaction(db, team):
    chosen = [team["acme"], team["beta"]]
    clients.update_client(db, team["acme"], {"tags": "vip,old"}, expected_version=None)
    result = portfolio.change_tags(db, chosen, add="Strategic, vip", remove="old")
    assert result.changed == 2
    assert clients.get_client(db, team["acme"]).client.tags == "vip,strategic"
    assert clients.get_client(db, team["beta"]).client.tags == "strategic,vip"
    with pytest.raises(InvalidInput):
        portfolio.change_tags(db, chosen)
    assert portfolio.change_status(db, chosen, "handed off").changed == 2
    with pytest.raises(InvalidInput):
        portfolio.change_status(db, chosen, "in_transition")
    transitions.start_transition(
        db,
        team["gamma"],
        {"incoming_id": team["bob"].id, "reason": "workload", "start": TODAY.isoformat()},
        today=TODAY,
    )
    with pytest.raises(Refused, match="Gamma has a handoff under way"):
        portfolio.change_status(db, [*chosen, team["gamma"]], "active")
    assert clients.get_client(db, team["acme"]).client.status == "handed_off"  # untouched
    with pytest.raises(NotFound):
        portfolio.archive_clients(db, [team["acme"], 999])
    assert clients.get_client(db, team["acme"]).client.status == "handed_off"
    archived = portfolio.archive_clients(db, chosen)
    assert archived.names == ("Acme", "Beta")
    restored = clients.unarchive_client(db, team["acme"]).status
    assert restored == "handed_off"
    with db.reading() as session:
        actions = session.exec(
            select(Activity.action).where(
                Activity.entity == "client", Activity.entity_id == team["beta"]
            )
        ).all()
    assert "archive" in actions


def test_completion_passes_the_outgoing_owners_open_items_on(db, team):
    maya, bob = team["maya"], team["bob"]
    acme = team["acme"]
    transition_id = transitions.start_transition(
        db,
        acme,
        {"incoming_id": bob.id, "reason": "owner_leaving", "start": TODAY.isoformat()},
        today=TODAY,
    )
    plan = transitions.get_plan(db, transition_id)
    named = plan.items[0]
    transitions.update_item(db, named.id, {"responsible_id": maya.id}, expected_version=None)
    done = plan.items[1]
    transitions.update_item(db, done.id, {"responsible_id": maya.id}, expected_version=None)
    transitions.tick_item(db, done.id, TODAY)
    review = alternatives.choose_alternative(
        db,
        acme,
        {"kind": "extra_support", "chosen_on": "2027-03-01", "review_on": "2027-04-01"},
        author="me",
    )
    notes.create_note(db, acme, {"title": "History", "body": "Since 2019", "category": "history"})
    log.add_interaction(
        db,
        acme,
        {"kind": "check_in", "occurred_on": "2027-03-02", "next_planned_on": "2027-04-02"},
    )
    outgoing_side = [i for i in plan.items if i.side == "outgoing" and i.id != named.id]
    transitions.complete(db, transition_id, TODAY, override="Maya left early")
    after = {i.id: i for i in transitions.get_plan(db, transition_id).items}
    assert after[named.id].responsible_id == bob.id
    assert after[done.id].responsible_id == maya.id  # done: history stays as it was
    assert all(after[i.id].responsible_id == bob.id for i in outgoing_side)
    assert all(
        after[i.id].responsible_id is None
        for i in plan.items
        if i.side != "outgoing" and i.id not in (named.id, done.id)
    )
    # Notes, planned interactions and open items stay with the client.
    assert count(db, Note, Note.client_id == acme) == 1
    assert count(db, Interaction, Interaction.client_id == acme) == 1
    assert count(db, ChecklistItem, ChecklistItem.client_id == acme) == len(DEFAULT_TEMPLATE) + (
        1 if review.review_item_id else 0
    )
    with db.reading() as session:
        passed = session.exec(
            select(Activity).where(
                Activity.entity == "checklist_item",
                Activity.entity_id == named.id,
                col(Activity.changes).contains("responsible_id"),
            )
        ).all()
    assert passed, "the reassignment is in the audit trail"


def test_people_are_found_by_name_or_id(db, team):
    assert portfolio.resolve_person(db, "maya").id == team["maya"].id
    assert portfolio.resolve_person(db, "stone").id == team["bob"].id
    assert portfolio.resolve_person(db, str(team["ann"].id)).name == "Ann Lee"
    people.create_person(db, {"name": "Ann Other"})
    with pytest.raises(LookupError, match="could be"):
        portfolio.resolve_person(db, "ann")
    with pytest.raises(NotFound):
        portfolio.resolve_person(db, "zed")
