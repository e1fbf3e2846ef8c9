"""Client complexity: the weight from the answers, and what weights do to proposals."""

from __future__ import annotations

from datetime import date

import pytest

from handover_tui.domain import complexity, portfolio
from handover_tui.domain.cleaning import InvalidInput
from handover_tui.domain.portfolio import Account, Receiver
from handover_tui.domain.signal_facts import ClientFacts, Owner
from handover_tui.domain.signals import Thresholds, over_capacity

TODAY = date(2027, 3, 1)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, 1),
        ({"complexity_technical": 5}, 5),
        ({"complexity_technical": 2, "complexity_organisation": 3}, 3),  # 2.5 rounds up
        ({"complexity_technical": 1, "complexity_geography": 1, "complexity_customisation": 2}, 1),
        (dict.fromkeys(complexity.ANSWER_NAMES, 4), 4),
        ({"complexity_technical": 5, "complexity_organisation": 1}, 3),
    ],
)
def test_the_weight_is_the_rounded_mean_of_the_answers_given(answers, expected):
    assert complexity.weight(answers) == expected


def test_clean_answers_derives_the_weight_and_blank_clears():
    values = complexity.clean_answers({"complexity_technical": "4", "complexity_geography": " "})
    assert values["complexity_technical"] == 4
    assert values["complexity_geography"] is None
    assert values["complexity"] == 4


def test_an_answer_outside_the_scale_is_refused_by_field():
    with pytest.raises(InvalidInput) as refused:
        complexity.clean_answers({"complexity_organisation": "6", "complexity_technical": "x"})
    assert set(refused.value.errors) == {"complexity_organisation", "complexity_technical"}
    assert "1 (simple) to 5" in refused.value.errors["complexity_organisation"]


def test_complexity_text_names_the_answers():
    answers = {"complexity_technical": 4, "complexity_geography": 2}
    assert complexity.complexity_text(3, answers) == "3 of 5 (technical 4, geography 2)"
    assert complexity.complexity_text(1, {}) == "1 of 5, not assessed"


def test_a_heavy_client_goes_where_its_weight_fits():
    receivers = [Receiver(2, "Ann", capacity=10, load=8), Receiver(3, "Bob", capacity=10, load=6)]
    heavy = Account(1, "Heavy", owner_id=1, weight=4)
    (move,) = portfolio.assign([heavy], receivers)
    assert move.incoming_id == 3  # Ann would go to 12 of 10
    (assessed,) = portfolio.assess([move], receivers, [])
    assert not assessed.over_capacity
    proposal = portfolio.spread([heavy], receivers, TODAY)
    assert proposal.loads() == {2: 8, 3: 10}


def test_a_heavy_client_over_everyone_is_flagged():
    receivers = [Receiver(2, "Ann", capacity=4, load=3)]
    (move,) = portfolio.assess(
        portfolio.assign([Account(1, "Heavy", owner_id=1, weight=3)], receivers), receivers, []
    )
    assert move.over_capacity


def test_rebalance_sheds_weight_not_a_count_of_clients():
    owner = Receiver(1, "Maya", capacity=10, load=14)  # over by 4
    accounts = [
        Account(1, "Alpha", owner_id=1, weight=3),
        Account(2, "Bravo", owner_id=1, weight=2),
        Account(3, "Charlie", owner_id=1, weight=5, risk=9),
    ]
    shed = portfolio.to_shed(owner, accounts)
    assert [a.name for a in shed] == ["Alpha", "Bravo"]  # 3 + 2 covers the 4
    assert portfolio.to_shed(owner, accounts, leaving_already=4) == []


def test_over_capacity_counts_the_weighted_load_and_says_so():
    light = Owner(1, "Maya", capacity=5, active_clients=4, load=4)
    heavy = Owner(1, "Maya", capacity=5, active_clients=4, load=9)
    assert not light.over_capacity and heavy.over_capacity
    facts = ClientFacts(id=1, name="Acme", owner=heavy)
    signal = over_capacity(facts, TODAY, Thresholds())
    assert signal is not None
    assert signal.message == "Maya carries 4 clients weighing 9 against a capacity of 5."
