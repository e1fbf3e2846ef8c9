"""The dashboard's data: attention list, agenda, renewals, workload and running handoffs,
read in one transaction so the screen shows one consistent moment (``db.dashboard_read``,
the same read the screen makes of a SQLite file before the database is open)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from handover_tui.db import dashboard_read
from handover_tui.db.dashboard_read import (
    AGENDA_DAYS,
    RENEWAL_DAYS,
    AgendaItem,
    Dashboard,
    Load,
    Renewal,
    RunningHandoff,
)
from handover_tui.db.read import reading
from handover_tui.domain.signals import Thresholds

if TYPE_CHECKING:
    from handover_tui.db.engine import Database


def has_clients(db: Database) -> bool:
    """Whether there is anything to put on a dashboard."""
    with reading(db) as reader:
        return dashboard_read.has_clients(reader)


def dashboard(db: Database, today: date, limits: Thresholds | None = None) -> Dashboard:
    """Everything the dashboard shows, judged against the user's ``limits``."""
    with reading(db) as reader:
        return dashboard_read.board(reader, today, limits)


__all__ = [
    "AGENDA_DAYS",
    "RENEWAL_DAYS",
    "AgendaItem",
    "Dashboard",
    "Load",
    "Renewal",
    "RunningHandoff",
    "dashboard",
    "has_clients",
]
