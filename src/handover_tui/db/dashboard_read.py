"""The dashboard's read: attention list, agenda, renewals, workload and running handoffs,
in one read transaction so the screen shows one moment. The one read behind the
dashboard screen (from the SQLite file while the app is still opening its database,
then from the open database) and ``services.dashboard``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from handover_tui.db import signals_read
from handover_tui.db.read import Reader, day, line, money
from handover_tui.db.signals_read import (
    LIVE_SQL,
    LOAD_SQL,
    PHASE_COLUMNS,
    RUNNING_SQL,
    loads,
    windows,
)
from handover_tui.domain import signals
from handover_tui.domain.plan import Window
from handover_tui.domain.signals import Signal, Thresholds
from handover_tui.domain.vocab import Side

AGENDA_DAYS = 14
RENEWAL_DAYS = 90


@dataclass(frozen=True)
class AgendaItem:
    """An open checklist item due within the agenda's horizon (or overdue)."""

    id: int
    client_id: int
    client: str
    title: str
    due_on: date
    who: str
    in_transition: bool
    version: int

    def overdue(self, today: date) -> bool:
        return self.due_on < today


@dataclass(frozen=True)
class Renewal:
    client_id: int
    client: str
    owner: str
    renewal_date: date
    annual_value: Decimal | None
    currency: str


@dataclass(frozen=True)
class Load:
    """One owner's bar on the workload chart."""

    id: int
    name: str
    capacity: int
    active_clients: int
    load: int = 0
    """The clients weighed by complexity: what the bar draws against capacity."""


@dataclass(frozen=True)
class RunningHandoff:
    """One running transition, for the timeline."""

    transition_id: int
    client_id: int
    client: str
    outgoing: str
    incoming: str
    paused: bool
    windows: tuple[Window, ...]
    done: int
    total: int


@dataclass(frozen=True)
class Dashboard:
    today: date
    signals: list[Signal]
    agenda: list[AgendaItem]
    renewals: list[Renewal]
    workload: list[Load]
    handoffs: list[RunningHandoff]
    clients: int
    """How many clients are on the roster (0: the app opens on the roster instead)."""


def board(reader: Reader, today: date, limits: Thresholds | None = None) -> Dashboard:
    """Everything the dashboard shows, judged against ``limits`` (the user's own)."""
    facts = signals_read.facts(reader, today, limits=limits)
    return Dashboard(
        today=today,
        signals=signals.attention(facts, today, limits),
        agenda=agenda(reader, today),
        renewals=renewals(reader, today),
        workload=[p for p in workload(reader) if p.capacity or p.active_clients],
        handoffs=handoffs(reader),
        clients=len(facts),
    )


def has_clients(reader: Reader) -> bool:
    """Whether there is anything to put on a dashboard."""
    return bool(reader.rows("SELECT 1 FROM client WHERE status != 'archived' LIMIT 1"))


def agenda(reader: Reader, today: date, *, days: int = AGENDA_DAYS) -> list[AgendaItem]:
    """Open items due within ``days`` (:data:`AGENDA_DAYS`) or overdue, of running
    transitions or the clients' own reviews, soonest first."""
    rows = reader.rows(
        "SELECT i.id, c.id, c.name, i.title, i.due_on, i.side, coalesce(p.name, ''),"
        " i.transition_id, i.version FROM checklist_item i"
        " JOIN client c ON c.id = i.client_id"
        " LEFT OUTER JOIN transition t ON t.id = i.transition_id"
        " LEFT OUTER JOIN person p ON p.id = i.responsible_id"
        " WHERE i.done_on IS NULL AND i.due_on IS NOT NULL AND i.due_on <= :horizon"
        f" AND c.status != 'archived' AND (i.transition_id IS NULL OR t.status IN {LIVE_SQL})"
        " ORDER BY i.due_on, lower(c.name), i.id",
        horizon=today + timedelta(days=days),
    )
    return [
        AgendaItem(
            id=item_id,
            client_id=client_id,
            client=line(client),
            title=line(title),
            due_on=day(due_on) or today,
            who=line(person) or Side(side).label,
            in_transition=transition_id is not None,
            version=version,
        )
        for item_id, client_id, client, title, due_on, side, person, transition_id, version in rows
    ]


def renewals(reader: Reader, today: date) -> list[Renewal]:
    """Clients renewing within :data:`RENEWAL_DAYS`, soonest first."""
    rows = reader.rows(
        "SELECT c.id, c.name, coalesce(p.name, ''), c.renewal_date, c.annual_value, c.currency"
        " FROM client c LEFT OUTER JOIN person p ON p.id = c.owner_id"
        " WHERE c.status != 'archived' AND c.renewal_date >= :today"
        " AND c.renewal_date <= :until ORDER BY c.renewal_date, lower(c.name), c.id",
        today=today,
        until=today + timedelta(days=RENEWAL_DAYS),
    )
    return [
        Renewal(client_id, line(name), line(owner), day(when) or today, money(value), currency)
        for client_id, name, owner, when, value, currency in rows
    ]


def workload(reader: Reader) -> list[Load]:
    """Everyone who can own accounts, by name, with the clients they carry: owned (all
    but archived ones) or being received in a handoff under way (``LOAD_SQL``)."""
    load = loads(reader.rows(LOAD_SQL))
    rows = reader.rows(
        "SELECT p.id, p.name, p.capacity FROM person p"
        " WHERE p.archived_at IS NULL ORDER BY lower(p.name), p.id"
    )
    return [Load(i, line(name), capacity, *load.get(i, (0, 0))) for i, name, capacity in rows]


def handoffs(reader: Reader) -> list[RunningHandoff]:
    """The running transitions for the timeline, by start (undated first), then client."""
    rows = reader.rows(
        "SELECT t.id, t.client_id, c.name, coalesce(o.name, ''), coalesce(n.name, ''),"
        # Its completeness: checklist items done and loose ends settled, of all of both.
        " t.status, (SELECT count(i.done_on) FROM checklist_item i WHERE i.transition_id = t.id)"
        " + (SELECT count(*) FROM loose_end l WHERE l.transition_id = t.id AND l.state != 'open'),"
        " (SELECT count(*) FROM checklist_item i WHERE i.transition_id = t.id)"
        " + (SELECT count(*) FROM loose_end l WHERE l.transition_id = t.id),"
        f" {', '.join(f't.{column}' for column in PHASE_COLUMNS.split(', '))}"
        " FROM transition t JOIN client c ON c.id = t.client_id"
        " LEFT OUTER JOIN person o ON o.id = t.outgoing_id"
        " LEFT OUTER JOIN person n ON n.id = t.incoming_id"
        f" WHERE t.status IN {RUNNING_SQL}"
        " ORDER BY CASE WHEN t.preparation_start IS NULL THEN 0 ELSE 1 END,"
        " t.preparation_start, lower(c.name), t.id"
    )
    return [
        RunningHandoff(
            transition_id=transition_id,
            client_id=client_id,
            client=line(client),
            outgoing=line(outgoing),
            incoming=line(incoming),
            paused=status != "active",
            windows=windows(dates),
            done=done,
            total=total,
        )
        for (
            transition_id,
            client_id,
            client,
            outgoing,
            incoming,
            status,
            done,
            total,
            *dates,
        ) in rows
    ]
