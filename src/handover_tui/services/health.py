"""Health snapshots: the client's satisfaction, revenue and renewal outcome on a date.

Their trend feeds the satisfaction signal; the overview draws them as a sparkline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.validation import clean_health
from handover_tui.models import Client, HealthSnapshot
from handover_tui.services._records import fetch, put_back


def list_snapshots(db: Database, client_id: int) -> list[HealthSnapshot]:
    """The client's snapshots, oldest first (the order a trend is read in)."""
    query = (
        select(HealthSnapshot)
        .where(HealthSnapshot.client_id == client_id)
        .order_by(col(HealthSnapshot.taken_on), col(HealthSnapshot.id))
    )
    with db.reading() as session:
        return list(session.exec(query))


def record_snapshot(db: Database, client_id: int, fields: Mapping[str, Any]) -> HealthSnapshot:
    """Record how the client is doing on a date; one transaction."""
    values = clean_health(fields)
    with db.transaction() as session:
        fetch(session, Client, client_id, "Client")
        snapshot = HealthSnapshot(client_id=client_id, **values)
        session.add(snapshot)
        session.flush()
        return snapshot


def remove_snapshot(db: Database, snapshot_id: int) -> HealthSnapshot:
    """Delete a snapshot typed by mistake; the returned copy can be put back."""
    with db.transaction() as session:
        snapshot = fetch(session, HealthSnapshot, snapshot_id, "Health snapshot", lock=True)
        session.delete(snapshot)
        return snapshot


def restore_snapshot(db: Database, snapshot: HealthSnapshot) -> HealthSnapshot:
    with db.transaction() as session:
        return put_back(session, snapshot)
