"""The proposal rules of a portfolio move, on fixed data."""

from __future__ import annotations

from datetime import date

import pytest

from handover_tui.domain import portfolio
from handover_tui.domain.portfolio import Account, Receiver
from handover_tui.domain.vocab import Phase, TransitionReason

TODAY = date(2027, 3, 1)


def accounts(count: int, owner_id: int = 1, **extra) -> list[Account]:
    return [Account(i, f"Client {i:02d}", owner_id=owner_id, **extra) for i in range(1, count + 1)]


def incoming(proposal) -> list[str]:
    return [move.incoming for move in proposal.moves]


def test_no_receiver_goes_over_capacity_while_another_has_room():
    receivers = [
        Receiver(2, "Ann", capacity=4, load=3),  # one place left
        Receiver(3, "Bob", capacity=10, load=9),  # one place left
        Receiver(4, "Cem", capacity=5, load=0),  # five places
    ]
    moves = portfolio.assign(accounts(7), receivers)
    counts = {r.name: sum(m.incoming_id == r.id for m in moves) for r in receivers}
    assert counts == {"Ann": 1, "Bob": 1, "Cem": 5}
    assert not any(m.over_capacity for m in portfolio.assess(moves, receivers, []))


def test_balance_goes_to_the_least_full_relative_to_capacity():
    receivers = [Receiver(2, "Ann", capacity=10, load=5), Receiver(3, "Bob", capacity=4, load=1)]
    moves = portfolio.assign(accounts(2), receivers)
    # Bob is at 2/4 (50%) after one, Ann at 6/10 (60%): Bob first, then Bob again (75%)
    # loses to Ann (60%).
    assert [m.incoming_id for m in moves] == [3, 2]


def test_ties_go_to_the_name_then_the_id_and_the_order_is_stable():
    receivers = [
        Receiver(9, "Zoe", capacity=5, load=1),
        Receiver(7, "anna", capacity=5, load=1),
        Receiver(8, "Anna", capacity=5, load=1),
    ]
    first = portfolio.assign(accounts(3), receivers)
    assert [m.incoming_id for m in first] == [7, 8, 9]
    again = portfolio.assign(accounts(3), list(reversed(receivers)))
    assert [m.incoming_id for m in again] == [7, 8, 9]


def test_everyone_full_spreads_to_the_least_over_and_flags_it():
    receivers = [
        Receiver(2, "Ann", capacity=3, load=3),
        Receiver(3, "Bob", capacity=5, load=6),  # already over
        Receiver(4, "Cem", capacity=0, load=0),  # no capacity set: last resort
    ]
    moves = portfolio.assess(portfolio.assign(accounts(3), receivers), receivers, [])
    # Ann 4/3 (1 over) < Bob 7/5 (2 over); then Ann 5/3 and Bob 7/5 are both 2 over, and
    # Bob's share (1.4) is below Ann's (1.67).
    assert [m.incoming for m in moves] == ["Ann", "Bob", "Ann"]
    assert all(m.over_capacity for m in moves)
    assert "▲ over capacity" in moves[0].flags()


def test_people_without_capacity_take_clients_only_when_nobody_has_room():
    receivers = [Receiver(2, "Ann", capacity=1, load=0), Receiver(3, "Cem", capacity=0, load=0)]
    moves = portfolio.assess(portfolio.assign(accounts(2), receivers), receivers, [])
    assert [m.incoming for m in moves] == ["Ann", "Ann"]
    assert [m.over_capacity for m in moves] == [False, True]
    only_unset = [Receiver(3, "Cem"), Receiver(4, "Dan", load=2)]
    assert [
        m.incoming
        for m in portfolio.assess(portfolio.assign(accounts(2), only_unset), only_unset, [])
    ] == ["Cem", "Cem"]


def test_a_single_remaining_owner_takes_everything():
    receivers = [Receiver(2, "Ann", capacity=2, load=1)]
    moves = portfolio.assess(portfolio.assign(accounts(3), receivers), receivers, [])
    assert [m.incoming for m in moves] == ["Ann"] * 3
    assert [m.over_capacity for m in moves] == [False, True, True]


def test_nobody_to_take_over():
    moves = portfolio.assign(accounts(2), [Receiver(1, "The owner", capacity=9)])
    assert [m.incoming_id for m in moves] == [None, None]
    assert moves[0].flags() == ["nobody to take it"]


def test_industry_match_is_preferred_unless_much_fuller():
    receivers = [
        Receiver(2, "Ann", capacity=10, load=2),
        Receiver(3, "Bob", capacity=10, load=3, industries=frozenset({"logistics"})),
    ]
    logistics = Account(1, "Acme", owner_id=1, industry="Logistics")
    retail = Account(2, "Shop", owner_id=1, industry="Retail")
    moves = portfolio.assess(portfolio.assign([logistics, retail], receivers), receivers, [])
    assert [(m.incoming, m.industry_match) for m in moves] == [("Bob", True), ("Ann", False)]
    assert "knows the industry" in moves[0].flags()
    crowded = [Receiver(2, "Ann", capacity=10, load=1), replace_load(receivers[1], 6)]
    assert portfolio.assign([logistics], crowded)[0].incoming == ""
    assert portfolio.assign([logistics], crowded)[0].incoming_id == 2


def replace_load(receiver: Receiver, load: int) -> Receiver:
    from dataclasses import replace

    return replace(receiver, load=load)


def test_the_owner_of_a_client_never_receives_it():
    receivers = [Receiver(1, "Ann", capacity=10), Receiver(2, "Bob", capacity=10, load=8)]
    moves = portfolio.assign([Account(5, "Acme", owner_id=1)], receivers)
    assert moves[0].incoming_id == 2


def test_phases_end_by_the_last_day():
    assert portfolio.phase_days(TODAY, None) == (14, 30, 14)
    assert portfolio.phase_days(TODAY, date(2027, 12, 31)) == (14, 30, 14)
    days = portfolio.phase_days(TODAY, date(2027, 3, 29))  # 29 days
    assert sum(days) == 29 and all(d >= 1 for d in days)
    assert days == (7, 15, 7)
    assert portfolio.phase_days(TODAY, date(2027, 3, 3)) == (1, 1, 1)
    with pytest.raises(ValueError, match="at least 3 days"):
        portfolio.phase_days(TODAY, date(2027, 3, 2))


def test_owner_leaving_flags_renewals_inside_the_window():
    leaving = Receiver(1, "Maya", capacity=5, load=3)
    clients = [
        Account(10, "Beta", owner_id=1, renewal_date=date(2027, 3, 20)),
        Account(11, "Alpha", owner_id=1, renewal_date=date(2027, 9, 1)),
        Account(12, "Gamma", owner_id=1),
    ]
    receivers = [leaving, Receiver(2, "Ann", capacity=4, load=1), Receiver(3, "Bob", capacity=4)]
    proposal = portfolio.owner_leaving(leaving, clients, receivers, TODAY, date(2027, 3, 29))
    assert proposal.reason is TransitionReason.OWNER_LEAVING
    assert proposal.end == date(2027, 3, 29)
    assert [m.account.name for m in proposal.moves] == ["Alpha", "Beta", "Gamma"]
    assert "Maya" not in incoming(proposal)
    assert incoming(proposal) == ["Bob", "Ann", "Bob"]
    beta = proposal.moves[1]
    assert beta.renewal_in_window is Phase.EXECUTION
    assert "renewal 2027-03-20 in transition execution" in beta.flags()
    assert proposal.moves[0].renewal_in_window is None
    assert proposal.loads() == {2: 2, 3: 2}


def test_a_proposal_is_edited_row_by_row():
    leaving = Receiver(1, "Maya", capacity=5, load=2)
    receivers = [Receiver(2, "Ann", capacity=1), Receiver(3, "Bob", capacity=1)]
    proposal = portfolio.owner_leaving(leaving, accounts(2), receivers, TODAY, date(2027, 6, 1))
    assert incoming(proposal) == ["Ann", "Bob"]
    edited = proposal.cycle(1, 1)  # Bob → next after Bob wraps to Ann
    assert incoming(edited) == ["Ann", "Ann"]
    assert [m.over_capacity for m in edited.moves] == [False, True]
    back = edited.cycle(1, -1)
    assert incoming(back) == ["Ann", "Bob"]
    dropped = back.without(0)
    assert [m.account.id for m in dropped.moves] == [2]
    assert proposal.with_incoming(0, 3).moves[0].incoming == "Bob"


def test_rebalance_sheds_the_lowest_risk_furthest_from_renewal_first():
    owner = Receiver(1, "Sam", capacity=3, load=6)
    clients = [
        Account(1, "Risky", owner_id=1, risk=5, renewal_date=date(2028, 1, 1)),
        Account(2, "Calm soon", owner_id=1, risk=0, renewal_date=date(2027, 4, 1)),
        Account(3, "Calm late", owner_id=1, risk=0, renewal_date=date(2027, 12, 1)),
        Account(4, "Calm undated", owner_id=1, risk=0),
        Account(5, "Mild", owner_id=1, risk=1, renewal_date=date(2029, 1, 1)),
        Account(6, "Risky too", owner_id=1, risk=3),
    ]
    chosen = portfolio.to_shed(owner, clients)
    assert [a.name for a in chosen] == ["Calm undated", "Calm late", "Calm soon"]
    assert [a.name for a in portfolio.to_shed(owner, clients, leaving_already=2)] == [
        "Calm undated"
    ]
    receivers = [owner, Receiver(2, "Ann", capacity=10, load=2)]
    proposal = portfolio.rebalance(owner, clients, receivers, TODAY)
    assert proposal.reason is TransitionReason.WORKLOAD
    assert incoming(proposal) == ["Ann", "Ann", "Ann"]
    assert not portfolio.rebalance(
        Receiver(1, "Sam", capacity=3, load=3), clients, receivers, TODAY
    ).moves
    assert (
        "nothing to move"
        in portfolio.rebalance(
            Receiver(1, "Sam", capacity=3, load=3), clients, receivers, TODAY
        ).note
    )


def test_rotation_lists_tenure_past_the_interval_longest_first():
    clients = [
        Account(1, "Fresh", owner_id=2, owner_since=date(2025, 1, 1)),
        Account(2, "Old", owner_id=2, owner_since=date(2020, 5, 5)),
        Account(3, "Exactly", owner_id=3, owner_since=date(2024, 3, 1)),
        Account(4, "Leap", owner_id=3, owner_since=date(2024, 2, 29)),
        Account(5, "Ownerless", owner_since=date(2001, 1, 1)),
    ]
    due = portfolio.due_for_rotation(clients, TODAY, 3)
    assert [a.name for a in due] == ["Old", "Leap", "Exactly"]
    receivers = [Receiver(2, "Ann", capacity=9), Receiver(3, "Bob", capacity=9)]
    proposal = portfolio.rotation(clients, receivers, TODAY, 3)
    assert proposal.reason is TransitionReason.ROTATION
    # Nobody keeps their own client.
    assert all(m.incoming_id != m.account.owner_id for m in proposal.moves)
    assert portfolio.rotation(clients, receivers, TODAY, 30).note.startswith("No client")


def test_to_one_leaves_out_their_own_clients():
    ann = Receiver(2, "Ann", capacity=2, load=1)
    clients = [Account(1, "A", owner_id=1), Account(2, "B", owner_id=2), Account(3, "C", 1)]
    proposal = portfolio.to_one(clients, ann, TODAY)
    assert [m.account.name for m in proposal.moves] == ["A", "C"]
    assert [m.over_capacity for m in proposal.moves] == [False, True]
    assert "B: already Ann's" in proposal.note
