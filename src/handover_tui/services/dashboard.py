"""The dashboard's data: attention list, agenda, renewals, workload and running handoffs,
read in one transaction so the screen shows one consistent moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import signals
from handover_tui.domain.plan import Window
from handover_tui.domain.signals import Signal, Thresholds
from handover_tui.domain.vocab import ClientStatus, Side
from handover_tui.models import ChecklistItem, Client, Person, Transition
from handover_tui.services.people import PersonRow, list_people
from handover_tui.services.signals import gather
from handover_tui.services.transition_plan import RUNNING, windows_of

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
    workload: list[PersonRow]
    handoffs: list[RunningHandoff]
    clients: int
    """How many clients are on the roster (0: the app opens on the roster instead)."""


def has_clients(db: Database) -> bool:
    """Whether there is anything to put on a dashboard."""
    query = select(Client.id).where(Client.status != ClientStatus.ARCHIVED.value).limit(1)
    with db.reading() as session:
        return session.exec(query).first() is not None


def dashboard(db: Database, today: date, limits: Thresholds | None = None) -> Dashboard:
    workload = list_people(db)
    with db.reading() as session:
        facts = gather(session, today)
        found = signals.attention(facts, today, limits)
        agenda = _agenda(session, today)
        renewals = _renewals(session, today)
        handoffs = _handoffs(session)
    return Dashboard(
        today=today,
        signals=found,
        agenda=agenda,
        renewals=renewals,
        workload=[person for person in workload if person.capacity or person.active_clients],
        handoffs=handoffs,
        clients=len(facts),
    )


def _agenda(session: Session, today: date) -> list[AgendaItem]:
    responsible = aliased(Person)
    query = (
        select(
            col(ChecklistItem.id),
            col(Client.id),
            col(Client.name),
            col(ChecklistItem.title),
            col(ChecklistItem.due_on),
            col(ChecklistItem.side),
            sa.func.coalesce(col(responsible.name), ""),
            col(ChecklistItem.transition_id),
            col(ChecklistItem.version),
        )
        .join(Client, Client.id == ChecklistItem.client_id)
        .outerjoin(Transition, Transition.id == ChecklistItem.transition_id)
        .outerjoin(responsible, responsible.id == ChecklistItem.responsible_id)
        .where(
            col(ChecklistItem.done_on).is_(None),
            col(ChecklistItem.due_on).is_not(None),
            col(ChecklistItem.due_on) <= today + timedelta(days=AGENDA_DAYS),
            Client.status != ClientStatus.ARCHIVED.value,
            sa.or_(col(ChecklistItem.transition_id).is_(None), col(Transition.status).in_(RUNNING)),
        )
        .order_by(ChecklistItem.due_on, sa.func.lower(Client.name), ChecklistItem.id)
    )
    return [
        AgendaItem(
            id=item_id,
            client_id=client_id,
            client=client,
            title=title,
            due_on=due_on,
            who=person or Side(side).label,
            in_transition=transition_id is not None,
            version=version,
        )
        for (
            item_id,
            client_id,
            client,
            title,
            due_on,
            side,
            person,
            transition_id,
            version,
        ) in session.execute(query)
    ]


def _renewals(session: Session, today: date) -> list[Renewal]:
    owner = aliased(Person)
    query = (
        select(
            col(Client.id),
            col(Client.name),
            sa.func.coalesce(col(owner.name), ""),
            col(Client.renewal_date),
            col(Client.annual_value),
            col(Client.currency),
        )
        .outerjoin(owner, owner.id == Client.owner_id)
        .where(
            Client.status != ClientStatus.ARCHIVED.value,
            col(Client.renewal_date) >= today,
            col(Client.renewal_date) <= today + timedelta(days=RENEWAL_DAYS),
        )
        .order_by(Client.renewal_date, sa.func.lower(Client.name))
    )
    return [Renewal(*row) for row in session.execute(query)]


def _handoffs(session: Session) -> list[RunningHandoff]:
    outgoing, incoming = aliased(Person), aliased(Person)
    done = sa.func.count(col(ChecklistItem.done_on))
    query = (
        select(
            Transition,
            col(Client.name),
            sa.func.coalesce(col(outgoing.name), ""),
            sa.func.coalesce(col(incoming.name), ""),
            done,
            sa.func.count(col(ChecklistItem.id)),
        )
        .join(Client, Client.id == Transition.client_id)
        .outerjoin(outgoing, outgoing.id == Transition.outgoing_id)
        .outerjoin(incoming, incoming.id == Transition.incoming_id)
        .outerjoin(ChecklistItem, ChecklistItem.transition_id == Transition.id)
        .where(col(Transition.status).in_(RUNNING))
        .group_by(Transition.id, Client.name, outgoing.name, incoming.name)
        # NULLS FIRST is SQLite's default; PostgreSQL's is NULLS LAST.
        .order_by(
            sa.nulls_first(col(Transition.preparation_start)), sa.func.lower(col(Client.name))
        )
    )
    return [
        RunningHandoff(
            transition_id=transition.id or 0,
            client_id=transition.client_id,
            client=client,
            outgoing=out_name,
            incoming=in_name,
            paused=transition.status != RUNNING[0],
            windows=tuple(windows_of(transition)),
            done=done_count,
            total=total,
        )
        for transition, client, out_name, in_name, done_count, total in session.execute(query)
    ]
