"""Scorecards on every database: the demo's owners, each with figures."""

from __future__ import annotations

from handover_tui.services import people, scorecard
from tests.conftest import DEMO_TODAY


def test_every_owner_has_a_scorecard_that_agrees_with_the_people_list(demo_db):
    cards = scorecard.scorecards(demo_db, DEMO_TODAY)
    rows = people.list_people(demo_db)
    assert sorted(cards) == sorted(row.id for row in rows)
    for row in rows:
        card = cards[row.id]
        assert (card.name, card.load, card.capacity) == (row.name, row.load, row.capacity)
        assert card.clients <= row.active_clients  # owned, not those being received
    assert any(card.renewals_decided for card in cards.values())
    assert any(card.satisfaction is not None for card in cards.values())
    assert sum(card.open_handoffs for card in cards.values()) > 0
