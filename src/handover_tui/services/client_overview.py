"""What a client's overview tab shows, read in one call: the record, its plan's summary,
and how the relationship is doing (signals, health snapshots, chosen alternatives)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handover_tui.domain.signals import Signal, Thresholds
    from handover_tui.models import HealthSnapshot
    from handover_tui.services.alternatives import ChosenAlternative
    from handover_tui.services.clients import ClientDetail
    from handover_tui.services.store import Database
    from handover_tui.services.transition_plan import PlanSummary


@dataclass(frozen=True)
class Attention:
    """How the relationship is doing: its signals, health and what is being tried."""

    signals: list[Signal] = field(default_factory=list)
    health: list[HealthSnapshot] = field(default_factory=list)
    alternatives: list[ChosenAlternative] = field(default_factory=list)


@dataclass(frozen=True)
class ClientOverview:
    """The client, its running or latest plan's summary (or None), and its attention."""

    detail: ClientDetail
    plan: PlanSummary | None
    attention: Attention


def read_attention(
    db: Database, client_id: int, today: date, limits: Thresholds | None = None
) -> Attention:
    """Signals (judged with the user's own ``limits``), health and alternatives."""
    from handover_tui.services import alternatives, health, signals

    return Attention(
        signals=signals.for_client(db, client_id, today, limits),
        health=health.list_snapshots(db, client_id),
        alternatives=alternatives.list_alternatives(db, client_id),
    )


def read_overview(
    db: Database, client_id: int, today: date, limits: Thresholds | None = None
) -> ClientOverview:
    """Everything the overview tab shows; raises NotFound for an unknown client."""
    from handover_tui.services import clients, transitions

    return ClientOverview(
        clients.get_client(db, client_id),
        transitions.plan_summary(db, client_id),
        read_attention(db, client_id, today, limits),
    )
