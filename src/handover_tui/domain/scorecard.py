"""An owner's scorecard: how their portfolio is doing, in figures each explained once.

Over the clients they own now (archived ones aside):

- **Clients and load**: how many, and their load (each weighed by complexity) against
  capacity.
- **Renewal retention**, last 12 months: of the clients whose renewal was decided in the
  window (a health snapshot's outcome: renewed, expanded, reduced or lost; the last one
  per client counts), how many were kept (all but lost).
- **Revenue change**, last 12 months: for each client with two or more revenue figures
  in the window, the first against the last, added up per currency.
- **Satisfaction**: the average of each client's latest score in the window, and its
  trend: that average against the average of their first scores in the window (clients
  with two or more scores).
- **Interactions per client per month**: contacts logged on their clients in the last
  90 days, divided by the clients and by 3.
- **Open handoffs**: running handoffs they are the outgoing or incoming owner of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from handover_tui.domain.formatting import plural

WINDOW_DAYS = 365
ACTIVITY_DAYS = 90
DECIDED = frozenset({"renewed", "expanded", "reduced", "lost"})
KEPT = DECIDED - {"lost"}
STEADY = 0.25
"""A satisfaction change smaller than this reads as steady."""


def window_start(today: date) -> date:
    """The first day after which snapshots count: the last 12 months."""
    return today - timedelta(days=WINDOW_DAYS)


def activity_start(today: date) -> date:
    return today - timedelta(days=ACTIVITY_DAYS)


@dataclass(frozen=True)
class Snapshot:
    """A health snapshot inside the window, as the scorecard reads it."""

    client_id: int
    taken_on: date
    satisfaction: int | None = None
    revenue: Decimal | None = None
    outcome: str = ""


@dataclass(frozen=True)
class Revenue:
    currency: str
    before: Decimal
    now: Decimal
    clients: int

    @property
    def change(self) -> float | None:
        return None if not self.before else float((self.now - self.before) / self.before)


@dataclass(frozen=True)
class Scorecard:
    """One owner's figures; None where there is nothing to measure."""

    person_id: int
    name: str
    capacity: int
    clients: int
    load: int
    renewals_decided: int = 0
    renewals_kept: int = 0
    revenue: tuple[Revenue, ...] = ()
    satisfaction: float | None = None
    satisfaction_change: float | None = None
    interactions: int = 0
    open_handoffs: int = 0
    scored_clients: int = 0

    @property
    def retention(self) -> float | None:
        return self.renewals_kept / self.renewals_decided if self.renewals_decided else None

    @property
    def per_client_month(self) -> float | None:
        months = ACTIVITY_DAYS / 30
        return self.interactions / self.clients / months if self.clients else None

    def as_json(self) -> dict[str, Any]:
        """The figures as JSON values (amounts as text, exact)."""
        return {
            "person_id": self.person_id,
            "name": self.name,
            "clients": self.clients,
            "load": self.load,
            "capacity": self.capacity,
            "renewals_decided": self.renewals_decided,
            "renewals_kept": self.renewals_kept,
            "retention": _round(self.retention, 3),
            "revenue": [
                {
                    "currency": r.currency,
                    "before": str(r.before),
                    "now": str(r.now),
                    "change": _round(r.change, 3),
                    "clients": r.clients,
                }
                for r in self.revenue
            ],
            "satisfaction": _round(self.satisfaction, 2),
            "satisfaction_change": _round(self.satisfaction_change, 2),
            "interactions_90_days": self.interactions,
            "interactions_per_client_month": _round(self.per_client_month, 2),
            "open_handoffs": self.open_handoffs,
        }


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def score(
    person_id: int,
    name: str,
    capacity: int,
    load: int,
    clients: Mapping[int, str],
    snapshots: Iterable[Snapshot],
    interactions: Mapping[int, int],
    open_handoffs: int,
) -> Scorecard:
    """The scorecard of one owner of ``clients`` (id to currency), from the snapshots
    of the window (oldest first) and the interactions per client in the last 90 days."""
    by_client: dict[int, list[Snapshot]] = defaultdict(list)
    for snapshot in snapshots:
        if snapshot.client_id in clients:
            by_client[snapshot.client_id].append(snapshot)
    decided = kept = 0
    first_scores, last_scores, trend_first, trend_last = [], [], [], []
    sums: dict[str, list[Any]] = {}
    for client_id, taken in by_client.items():
        outcomes = [s.outcome for s in taken if s.outcome in DECIDED]
        if outcomes:
            decided += 1
            kept += outcomes[-1] in KEPT
        scores = [s.satisfaction for s in taken if s.satisfaction is not None]
        if scores:
            last_scores.append(scores[-1])
            first_scores.append(scores[0])
            if len(scores) > 1:
                trend_first.append(scores[0])
                trend_last.append(scores[-1])
        earned = [s.revenue for s in taken if s.revenue is not None]
        if len(earned) > 1:
            total = sums.setdefault(clients[client_id], [Decimal(0), Decimal(0), 0])
            total[0] += earned[0]
            total[1] += earned[-1]
            total[2] += 1
    change = None
    if trend_last:
        change = (sum(trend_last) - sum(trend_first)) / len(trend_last)
    return Scorecard(
        person_id=person_id,
        name=name,
        capacity=capacity,
        clients=len(clients),
        load=load,
        renewals_decided=decided,
        renewals_kept=kept,
        revenue=tuple(Revenue(c, *sums[c]) for c in sorted(sums)),
        satisfaction=sum(last_scores) / len(last_scores) if last_scores else None,
        satisfaction_change=change,
        interactions=sum(interactions.get(client_id, 0) for client_id in clients),
        open_handoffs=open_handoffs,
        scored_clients=len(last_scores),
    )


def _percent(value: float) -> str:
    return f"{value * 100:+.0f}%"


def retention_text(card: Scorecard) -> str:
    if card.retention is None:
        return "no renewal decided"
    return f"{card.renewals_kept} of {card.renewals_decided} kept ({card.retention:.0%})"


def revenue_text(card: Scorecard) -> str:
    parts = [
        f"{r.currency} {_percent(r.change)} ({plural(r.clients, 'client')})"
        for r in card.revenue
        if r.change is not None
    ]
    return ", ".join(parts) or "fewer than two figures a client"


def satisfaction_text(card: Scorecard) -> str:
    if card.satisfaction is None:
        return "no score"
    text = f"{card.satisfaction:.1f}/10"
    if card.satisfaction_change is None:
        return text
    delta = card.satisfaction_change
    if abs(delta) < STEADY:
        return f"{text}, steady"
    return f"{text}, {'up' if delta > 0 else 'down'} {abs(delta):.1f}"


def activity_text(card: Scorecard) -> str:
    rate = card.per_client_month
    return "no clients" if rate is None else f"{rate:.1f} per client a month"


def load_text(card: Scorecard) -> str:
    capacity = f"of {card.capacity}" if card.capacity else "(no capacity set)"
    over = ""
    if card.capacity and card.load > card.capacity:
        over = f", over by {card.load - card.capacity}"
    return f"{plural(card.clients, 'client')}, load {card.load} {capacity}{over}"


def lines(card: Scorecard) -> list[str]:
    """The scorecard as labelled lines, for a terminal."""
    return [
        f"{card.name}: {load_text(card)}",
        f"  Renewal retention (12 months): {retention_text(card)}",
        f"  Revenue change (12 months):    {revenue_text(card)}",
        f"  Satisfaction (12 months):      {satisfaction_text(card)}",
        f"  Interactions (90 days):        {activity_text(card)}",
        f"  Open handoffs:                 {card.open_handoffs}",
    ]


def summary(card: Scorecard) -> str:
    """The scorecard in two short lines, under the people list."""
    renewals = "no renewal decided"
    if card.retention is not None:
        renewals = f"renewals {card.renewals_kept}/{card.renewals_decided} kept"
    revenue = ", ".join(
        f"{r.currency} {_percent(r.change)}" for r in card.revenue if r.change is not None
    )
    contacts = card.per_client_month
    return (
        f"{load_text(card)} · {renewals}" + (f" · revenue {revenue}" if revenue else "") + "\n"
        f"satisfaction {satisfaction_text(card)}"
        + (f" · {contacts:.1f} contacts/client/month" if contacts is not None else "")
        + f" · {plural(card.open_handoffs, 'open handoff')}"
    )
