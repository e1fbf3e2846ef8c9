"""Client complexity through the services: the weight stored, and every load counting it."""

from __future__ import annotations

import pytest

from handover_tui.domain.vocab import SignalKind
from handover_tui.services import (
    StaleRecord,
    clients,
    complexity,
    dashboard,
    people,
    portfolio,
    signals,
    transitions,
)
from tests.conftest import DEMO_TODAY as TODAY


@pytest.fixture
def team(db):
    maya = people.create_person(db, {"name": "Maya", "capacity": "6"})
    sam = people.create_person(db, {"name": "Sam", "capacity": "10"})
    made = [
        clients.create_client(db, {"name": name, "owner_id": maya.id})
        for name in ("Acme", "Bolt", "Corvid")
    ]
    return maya, sam, made


def test_assessing_stores_the_answers_and_the_weight(db, team):
    _maya, _sam, (acme, *_rest) = team
    assert acme.complexity == 1 and acme.complexity_technical is None
    saved = complexity.assess_complexity(
        db,
        acme.id,
        {"complexity_technical": "5", "complexity_organisation": "4", "complexity_geography": ""},
        expected_version=acme.version,
    )
    stored = clients.get_client(db, acme.id).client
    assert (stored.complexity, stored.complexity_technical) == (5, 5)  # 4.5 rounds up
    assert stored.complexity_geography is None
    assert stored.version == saved.version == acme.version + 1
    with pytest.raises(StaleRecord):
        complexity.assess_complexity(
            db, acme.id, {"complexity_technical": "1"}, expected_version=acme.version
        )


def test_every_load_counts_weights_not_clients(db, team):
    _maya, sam, (acme, bolt, _corvid) = team
    answers = dict.fromkeys(("complexity_technical", "complexity_customisation"), "4")
    complexity.assess_complexity(db, acme.id, answers, expected_version=None)
    rows = {row.name: row for row in people.list_people(db)}
    assert (rows["Maya"].active_clients, rows["Maya"].load) == (3, 6)
    assert not rows["Maya"].over_capacity
    assert SignalKind.OVER_CAPACITY not in {s.kind for s in signals.for_client(db, acme.id, TODAY)}
    complexity.assess_complexity(db, bolt.id, {"complexity_technical": "3"}, expected_version=None)
    rows = {row.name: row for row in people.list_people(db)}
    assert (rows["Maya"].load, rows["Maya"].over_capacity) == (8, True)
    board = dashboard.dashboard(db, TODAY)
    assert [(p.name, p.active_clients, p.load) for p in board.workload] == [
        ("Maya", 3, 8),
        ("Sam", 0, 0),
    ]
    (signal,) = [
        s for s in signals.for_client(db, acme.id, TODAY) if s.kind is SignalKind.OVER_CAPACITY
    ]
    assert signal.message == "Maya carries 3 clients weighing 8 against a capacity of 6."
    # A client being received counts with its weight for the incoming owner.
    transitions.start_transition(
        db,
        acme.id,
        {"incoming_id": sam.id, "reason": "workload", "start": TODAY.isoformat()},
        today=TODAY,
    )
    rows = {row.name: row for row in people.list_people(db)}
    assert (rows["Sam"].active_clients, rows["Sam"].load) == (1, 4)


def test_rebalance_moves_enough_weight(db, team):
    maya, sam, (acme, bolt, _corvid) = team
    complexity.assess_complexity(db, acme.id, {"complexity_technical": "5"}, expected_version=None)
    complexity.assess_complexity(db, bolt.id, {"complexity_technical": "2"}, expected_version=None)
    # Maya: 5 + 2 + 1 = 8 of 6: over by 2.
    proposal = portfolio.propose_rebalance(db, maya.id, today=TODAY)
    moved = [(m.account.name, m.account.weight, m.incoming) for m in proposal.moves]
    assert sum(weight for _n, weight, _i in moved) >= 2
    assert all(incoming == "Sam" for _n, _w, incoming in moved)
    assert proposal.note == "Maya carries 8 of 6."
    leaving = portfolio.propose_owner_leaving(db, maya.id, "2027-03-31", today=TODAY)
    assert {m.account.name: m.account.weight for m in leaving.moves} == {
        "Acme": 5,
        "Bolt": 2,
        "Corvid": 1,
    }
    assert leaving.loads()[sam.id] == 8
