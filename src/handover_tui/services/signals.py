"""Which relationships need attention: the facts from ``db.signals_read`` (one query per
kind of fact, never one per client), judged by the rules in ``domain.signals`` against
the user's thresholds."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from handover_tui.db import signals_read
from handover_tui.db.read import over, reading
from handover_tui.domain import signals
from handover_tui.domain.signals import ClientFacts, Signal, Thresholds

if TYPE_CHECKING:
    from sqlmodel import Session

    from handover_tui.db.engine import Database


def attention(db: Database, today: date, limits: Thresholds | None = None) -> list[Signal]:
    """Every signal on the roster, most severe first."""
    with reading(db) as reader:
        facts = signals_read.facts(reader, today, limits=limits)
    return signals.attention(facts, today, limits)


def for_client(
    db: Database, client_id: int, today: date, limits: Thresholds | None = None
) -> list[Signal]:
    """The signals of one client (the client screen's "needs attention" list)."""
    with reading(db) as reader:
        found = signals_read.facts(reader, today, only=client_id, limits=limits)
    return signals.signals_for(found[0], today, limits) if found else []


def gather(session: Session, today: date, *, only: int | None = None) -> list[ClientFacts]:
    """The facts of every client not archived (or of client ``only``), read in the
    transaction of ``session`` (a service that judges clients while it works)."""
    return signals_read.facts(over(session.connection()), today, only=only)
