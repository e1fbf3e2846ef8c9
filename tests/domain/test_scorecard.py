"""The scorecard's figures, on fixed data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handover_tui.domain import scorecard
from handover_tui.domain.scorecard import Snapshot

TODAY = date(2026, 11, 23)


def card(snapshots, clients=None, interactions=None, handoffs=0):
    clients = clients if clients is not None else {1: "USD", 2: "USD", 3: "EUR"}
    return scorecard.score(7, "Maya", 10, 12, clients, snapshots, interactions or {}, handoffs)


def test_retention_counts_the_last_decided_outcome_per_client():
    found = card(
        [
            Snapshot(1, date(2026, 1, 10), outcome="pending"),
            Snapshot(1, date(2026, 2, 10), outcome="renewed"),
            Snapshot(2, date(2026, 3, 1), outcome="renewed"),
            Snapshot(2, date(2026, 6, 1), outcome="lost"),
            Snapshot(3, date(2026, 4, 1), outcome="reduced"),
            Snapshot(9, date(2026, 4, 1), outcome="lost"),  # not theirs
        ]
    )
    assert (found.renewals_kept, found.renewals_decided) == (2, 3)
    assert scorecard.retention_text(found) == "2 of 3 kept (67%)"
    assert scorecard.retention_text(card([])) == "no renewal decided"


def test_revenue_compares_first_and_last_per_currency():
    found = card(
        [
            Snapshot(1, date(2026, 1, 1), revenue=Decimal("100")),
            Snapshot(1, date(2026, 9, 1), revenue=Decimal("130")),
            Snapshot(2, date(2026, 1, 1), revenue=Decimal("100")),
            Snapshot(2, date(2026, 9, 1), revenue=Decimal("90")),
            Snapshot(3, date(2026, 9, 1), revenue=Decimal("500")),  # one figure: left out
        ]
    )
    (usd,) = found.revenue
    assert (usd.currency, usd.before, usd.now, usd.clients) == ("USD", 200, 220, 2)
    assert usd.change == pytest.approx(0.1)
    assert scorecard.revenue_text(found) == "USD +10% (2 clients)"


def test_satisfaction_average_and_trend():
    found = card(
        [
            Snapshot(1, date(2026, 1, 1), satisfaction=6),
            Snapshot(1, date(2026, 8, 1), satisfaction=8),
            Snapshot(2, date(2026, 1, 1), satisfaction=9),
            Snapshot(2, date(2026, 8, 1), satisfaction=8),
            Snapshot(3, date(2026, 8, 1), satisfaction=5),
        ]
    )
    assert found.satisfaction == pytest.approx(7.0)  # 8, 8 and 5
    assert found.satisfaction_change == pytest.approx(0.5)  # (8 + 8 - 6 - 9) / 2
    assert scorecard.satisfaction_text(found) == "7.0/10, up 0.5"


def test_interactions_per_client_per_month_and_handoffs():
    found = card([], interactions={1: 6, 2: 3, 9: 40}, handoffs=2)
    assert found.interactions == 9
    assert found.per_client_month == pytest.approx(1.0)  # 9 / 3 clients / 3 months
    assert scorecard.lines(found) == [
        "Maya: 3 clients, load 12 of 10, over by 2",
        "  Renewal retention (12 months): no renewal decided",
        "  Revenue change (12 months):    fewer than two figures a client",
        "  Satisfaction (12 months):      no score",
        "  Interactions (90 days):        1.0 per client a month",
        "  Open handoffs:                 2",
    ]
    assert found.as_json()["interactions_per_client_month"] == 1.0
    assert card([], clients={}).per_client_month is None
