"""Gather the facts the signal rules read, for every client on the roster, in a few queries.

The rules themselves live in ``domain.signals``; this module only reads. One query per
kind of fact (never one per client), so the whole roster is judged in one pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import signals
from handover_tui.domain.signals import (
    ClientFacts,
    Credential,
    Handoff,
    OpenItem,
    Owner,
    Signal,
    Thresholds,
)
from handover_tui.domain.vocab import ClientStatus, TransitionStatus
from handover_tui.models import (
    ChecklistItem,
    Client,
    HealthSnapshot,
    Interaction,
    Note,
    Person,
    SignOff,
    Transition,
)
from handover_tui.models import Credential as CredentialRow
from handover_tui.services.people import CARRIED
from handover_tui.services.transition_plan import RUNNING, windows_of


def attention(db: Database, today: date, limits: Thresholds | None = None) -> list[Signal]:
    """Every signal on the roster, most severe first."""
    with db.reading() as session:
        return signals.attention(gather(session, today), today, limits)


def for_client(
    db: Database, client_id: int, today: date, limits: Thresholds | None = None
) -> list[Signal]:
    """The signals of one client (the client screen's "needs attention" list)."""
    with db.reading() as session:
        found = gather(session, today, only=client_id)
    return signals.signals_for(found[0], today, limits) if found else []


def gather(session: Session, today: date, *, only: int | None = None) -> list[ClientFacts]:
    """The facts of every client not archived (or of client ``only``)."""
    query = select(
        col(Client.id),
        col(Client.name),
        col(Client.owner_id),
        col(Client.deputy_id),
        col(Client.renewal_date),
        col(Client.relationship_start),
    ).where(Client.status != ClientStatus.ARCHIVED.value)
    if only is not None:
        query = query.where(Client.id == only)
    clients = session.execute(query.order_by(Client.id)).all()
    if not clients:
        return []
    few = only is not None

    def narrow(statement: Any, column: Any) -> Any:  # one client: say so, so an index is used
        return statement.where(column == only) if few else statement

    owners = _owners(session)
    last_contact: dict[int, date] = dict(
        session.execute(
            narrow(
                select(Interaction.client_id, sa.func.max(Interaction.occurred_on)).group_by(
                    col(Interaction.client_id)
                ),
                Interaction.client_id,
            )
        ).all()
    )
    scores: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for client_id, taken_on, score in session.execute(
        narrow(
            select(
                col(HealthSnapshot.client_id),
                col(HealthSnapshot.taken_on),
                col(HealthSnapshot.satisfaction),
            )
            .where(col(HealthSnapshot.satisfaction).is_not(None))
            .order_by(
                col(HealthSnapshot.client_id), col(HealthSnapshot.taken_on), col(HealthSnapshot.id)
            ),
            HealthSnapshot.client_id,
        )
    ):
        scores[client_id].append((taken_on, score))
    handed_over = {
        (client_id, incoming): day
        for client_id, incoming, day in session.execute(
            narrow(
                select(
                    Transition.client_id,
                    Transition.incoming_id,
                    sa.func.max(Transition.completed_on),
                )
                .where(Transition.status == TransitionStatus.COMPLETED.value)
                .group_by(col(Transition.client_id), col(Transition.incoming_id)),
                Transition.client_id,
            )
        )
    }
    names = {person_id: owner.name for person_id, owner in owners.items()}
    handoffs = _handoffs(session, narrow, names)
    items: dict[int, list[OpenItem]] = defaultdict(list)
    open_items = (
        select(
            col(ChecklistItem.client_id),
            col(ChecklistItem.title),
            col(ChecklistItem.due_on),
            col(ChecklistItem.transition_id),
        )
        .outerjoin(Transition, col(Transition.id) == col(ChecklistItem.transition_id))
        .where(
            col(ChecklistItem.done_on).is_(None),
            col(ChecklistItem.due_on).is_not(None),
            col(ChecklistItem.due_on) < today,
            sa.or_(col(ChecklistItem.transition_id).is_(None), col(Transition.status).in_(RUNNING)),
        )
    )
    for client_id, title, due_on, transition_id in session.execute(
        narrow(open_items, ChecklistItem.client_id)
    ):
        items[client_id].append(OpenItem(title, due_on, transition_id is not None))
    notes: dict[int, set[str]] = defaultdict(set)
    if handoffs:
        note_query = (
            select(Note.client_id, Note.category)
            .where(col(Note.deleted_at).is_(None), col(Note.client_id).in_(list(handoffs)))
            .distinct()
        )
        for client_id, category in session.execute(note_query):
            notes[client_id].add(category)
    facts = []
    for row in clients:
        owner = owners.get(row.owner_id) if row.owner_id else None
        since = handed_over.get((row.id, row.owner_id)) or row.relationship_start
        facts.append(
            ClientFacts(
                id=row.id,
                name=row.name,
                owner=owner,
                owner_since=since,
                has_deputy=row.deputy_id is not None,
                renewal_date=row.renewal_date,
                relationship_start=row.relationship_start,
                last_interaction=last_contact.get(row.id),
                satisfaction=tuple(scores.get(row.id, ())),
                open_items=tuple(items.get(row.id, ())),
                handoff=handoffs.get(row.id),
                notes_in=frozenset(notes.get(row.id, ())),
            )
        )
    return facts


def _owners(session: Session) -> dict[int, Owner]:
    load = dict(
        session.execute(
            select(Client.owner_id, sa.func.count())
            .where(col(Client.status).in_(CARRIED), col(Client.owner_id).is_not(None))
            .group_by(col(Client.owner_id))
        ).all()
    )
    credentials: dict[int, list[Credential]] = defaultdict(list)
    for person_id, name, expires_on in session.execute(
        select(col(CredentialRow.person_id), col(CredentialRow.name), col(CredentialRow.expires_on))
    ):
        credentials[person_id].append(Credential(name, expires_on))
    return {
        person_id: Owner(
            id=person_id,
            name=name,
            capacity=capacity,
            active_clients=load.get(person_id, 0),
            credentials=tuple(credentials.get(person_id, ())),
        )
        for person_id, name, capacity in session.execute(
            select(Person.id, Person.name, Person.capacity)
        )
    }


def _handoffs(
    session: Session, narrow: Callable[[Any, Any], Any], names: dict[int, str]
) -> dict[int, Handoff]:
    running = list(
        session.exec(
            narrow(
                select(Transition).where(col(Transition.status).in_(RUNNING)),
                Transition.client_id,
            )
        )
    )
    if not running:
        return {}
    ids = [transition.id for transition in running]
    unsigned: dict[int, list[str]] = defaultdict(list)
    for transition_id, name in session.execute(
        select(SignOff.transition_id, SignOff.name)
        .where(
            col(SignOff.transition_id).in_(ids),
            col(SignOff.required),
            col(SignOff.signed_on).is_(None),
        )
        .order_by(col(SignOff.id))
    ):
        unsigned[transition_id].append(name)
    return {
        transition.client_id: Handoff(
            windows=tuple(windows_of(transition)),
            incoming=names.get(transition.incoming_id or 0, ""),
            consent_required=transition.consent_required,
            consent_obtained_on=transition.consent_obtained_on,
            missing_sign_offs=tuple(unsigned.get(transition.id or 0, ())),
        )
        for transition in running
    }
