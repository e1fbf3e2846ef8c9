"""Moving a portfolio: proposals read from the database, and the moves made in one go.

A proposal (``domain.portfolio``) is built from what the database holds now; the user may
edit it; :func:`apply` then starts every handoff in one transaction, so either all of
them exist afterwards or none does. The audit trail records every row written, through
the flush listener in ``services.audit``. The bulk edits of chosen clients
(``bulk_edits``) and finding a person by name (``people.resolve_person``) are
re-exported here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import portfolio
from handover_tui.domain.field_values import required_date
from handover_tui.domain.portfolio import Account, Proposal, Receiver
from handover_tui.domain.profiles import folded
from handover_tui.domain.signals import Thresholds, signals_for
from handover_tui.domain.validation import InvalidInput
from handover_tui.domain.vocab import ClientStatus, LifecycleStage, Severity, TransitionReason
from handover_tui.models import Client, Person, Transition
from handover_tui.services import NotFound, Refused
from handover_tui.services import signals as signal_facts
from handover_tui.services._records import fetch
from handover_tui.services.bulk_edits import (
    SETTABLE,
    BulkResult,
    archive_clients,
    change_status,
    change_tags,
    client_summaries,
)
from handover_tui.services.people import CARRIED, resolve_person
from handover_tui.services.transition_plan import RUNNING
from handover_tui.services.transitions import start_in

# How much each signal adds to a client's risk; an account at risk adds the most.
RISK_WEIGHT = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}
AT_RISK = 3


# -- reading what a proposal needs --------------------------------------------------------


def _receivers(session: Session) -> list[Receiver]:
    """Everyone not archived, with the clients they carry or are taking over now,
    weighed by complexity, and their profile (industries listed or owned, languages,
    time zone)."""
    load: dict[int, int] = defaultdict(int)
    industries: dict[int, set[str]] = defaultdict(set)
    for owner_id, industry, weight in session.execute(
        select(Client.owner_id, Client.industry, Client.complexity).where(
            col(Client.status).in_(CARRIED), col(Client.owner_id).is_not(None)
        )
    ):
        load[owner_id] += weight
        if industry.strip():
            industries[owner_id].add(industry.strip().casefold())
    for incoming_id, weight in session.execute(
        select(Transition.incoming_id, Client.complexity)
        .join(Client, col(Client.id) == col(Transition.client_id))
        .where(
            col(Transition.status).in_(RUNNING),
            col(Transition.incoming_id).is_not(None),
            Client.status != ClientStatus.ARCHIVED.value,
            sa.or_(
                col(Client.owner_id).is_(None), col(Client.owner_id) != col(Transition.incoming_id)
            ),
        )
    ):
        load[incoming_id] += weight
    people = session.execute(
        select(
            Person.id,
            Person.name,
            Person.capacity,
            Person.industries,
            Person.languages,
            Person.time_zone,
        ).where(col(Person.archived_at).is_(None))
    )
    return [
        Receiver(
            id=person_id,
            name=name,
            capacity=capacity,
            load=load.get(person_id, 0),
            industries=frozenset(industries.get(person_id, ())) | folded(listed),
            languages=folded(spoken),
            time_zone=zone,
        )
        for person_id, name, capacity, listed, spoken, zone in people
    ]


def _accounts(
    session: Session,
    today: date,
    limits: Thresholds | None = None,
    *,
    owner_id: int | None = None,
    client_ids: Sequence[int] | None = None,
) -> list[Account]:
    """Clients that may move: not archived, with an owner, and no handoff under way.

    With ``limits`` each client's risk and owner-since date are read as the signals see
    them (rebalance and rotation need them); that judges the whole roster, so the plain
    moves do without.
    """
    owner = aliased(Person)
    query = (
        select(
            col(Client.id),
            col(Client.name),
            col(Client.owner_id),
            col(owner.name),
            col(Client.industry),
            col(Client.renewal_date),
            col(Client.lifecycle_stage),
            col(Client.complexity),
            col(Client.languages),
            col(Client.time_zone),
        )
        .join(owner, owner.id == Client.owner_id)
        .where(Client.status != ClientStatus.ARCHIVED.value)
        .order_by(Client.id)
    )
    if owner_id is not None:
        query = query.where(Client.owner_id == owner_id)
    if client_ids is not None:
        query = query.where(col(Client.id).in_(list(client_ids)))
    rows = session.execute(query).all()
    busy = set(
        session.exec(
            select(Transition.client_id).where(
                col(Transition.status).in_(RUNNING),
                col(Transition.client_id).in_([row[0] for row in rows]),
            )
        )
    )
    facts = {}
    if limits is not None:
        facts = {fact.id: fact for fact in signal_facts.gather(session, today)}
    accounts = []
    for row in rows:
        client_id, name, owner_key, owner_name, industry, renewal, stage, weight, *where = row
        if client_id in busy:
            continue
        fact = facts.get(client_id)
        risk = 0
        if fact is not None:
            risk = sum(RISK_WEIGHT[s.severity] for s in signals_for(fact, today, limits))
        if stage == LifecycleStage.AT_RISK:
            risk += AT_RISK
        accounts.append(
            Account(
                id=client_id,
                name=name,
                owner_id=owner_key,
                owner=owner_name,
                industry=industry,
                renewal_date=renewal,
                risk=risk,
                owner_since=fact.owner_since if fact is not None else None,
                weight=weight,
                languages=where[0],
                time_zone=where[1],
            )
        )
    return accounts


def _person(receivers: Sequence[Receiver], person_id: int) -> Receiver:
    for receiver in receivers:
        if receiver.id == person_id:
            return receiver
    raise NotFound(f"Person #{person_id} does not exist (or is archived).")


def _leaving_already(session: Session, person_id: int) -> int:
    """The load (clients weighed by complexity) of the person's clients whose handoff
    to someone else is under way."""
    return (
        session.execute(
            select(sa.func.sum(Client.complexity))
            .select_from(Transition)
            .join(Client, col(Client.id) == col(Transition.client_id))
            .where(
                col(Transition.status).in_(RUNNING),
                Transition.outgoing_id == person_id,
                Client.owner_id == person_id,
            )
        ).scalar_one()
        or 0
    )


# -- proposals ---------------------------------------------------------------------------


def propose_owner_leaving(
    db: Database,
    person_id: int,
    last_day: date | str,
    *,
    today: date,
    start: date | str | None = None,
) -> Proposal:
    """Every active client of someone who leaves, spread over the others, with phases
    that end by their last day."""
    last, begin = _dates(last_day, start, today)
    with db.reading() as session:
        receivers = _receivers(session)
        leaving = _person(receivers, person_id)
        accounts = _accounts(session, today, owner_id=person_id)
    try:
        return portfolio.owner_leaving(leaving, accounts, receivers, begin, last)
    except ValueError as error:
        raise InvalidInput({"last_day": str(error)}) from None


def _dates(last_day: date | str, start: date | str | None, today: date) -> tuple[date, date]:
    errors = {}
    values: dict[str, date] = {}
    for name, value in (("last_day", last_day), ("start", start or today)):
        try:
            values[name] = value if isinstance(value, date) else required_date(value)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise InvalidInput(errors)
    if values["start"] < today:
        raise InvalidInput({"start": "A handoff planned now cannot start in the past."})
    if values["last_day"] < values["start"]:
        raise InvalidInput({"last_day": "The last day is before the handoffs would start."})
    return values["last_day"], values["start"]


def propose_rebalance(
    db: Database, person_id: int, *, today: date, limits: Thresholds | None = None
) -> Proposal:
    """Which clients an owner over capacity hands on, and to whom."""
    with db.reading() as session:
        receivers = _receivers(session)
        owner = _person(receivers, person_id)
        accounts = _accounts(session, today, limits or Thresholds(), owner_id=person_id)
        leaving = _leaving_already(session, person_id)
    return portfolio.rebalance(owner, accounts, receivers, today, leaving)


def propose_rotation(db: Database, *, today: date, limits: Thresholds | None = None) -> Proposal:
    """Every client whose owner has held it past the rotation interval, to someone new."""
    limits = limits or Thresholds()
    with db.reading() as session:
        receivers = _receivers(session)
        accounts = _accounts(session, today, limits)
    return portfolio.rotation(accounts, receivers, today, limits.rotation_years)


def _chosen(session: Session, client_ids: Sequence[int], today: date) -> list[Account]:
    accounts = _accounts(session, today, client_ids=client_ids)
    if not accounts:
        raise Refused(
            "None of the chosen clients can move: each has a handoff under way, no owner, "
            "or is archived."
        )
    return accounts


def propose_spread(
    db: Database,
    client_ids: Sequence[int],
    *,
    today: date,
    receiver_ids: Sequence[int] | None = None,
    reason: str = TransitionReason.WORKLOAD.value,
) -> Proposal:
    """The chosen clients spread over several incoming owners (everyone, or those given)."""
    with db.reading() as session:
        receivers = _receivers(session)
        if receiver_ids:
            receivers = [r for r in receivers if r.id in set(receiver_ids)]
        accounts = _chosen(session, client_ids, today)
    return portfolio.spread(accounts, receivers, today, TransitionReason(reason))


def propose_to_one(
    db: Database,
    client_ids: Sequence[int],
    incoming_id: int,
    *,
    today: date,
    start: date | str | None = None,
    reason: str = TransitionReason.WORKLOAD.value,
) -> Proposal:
    """The chosen clients, all to one incoming owner."""
    errors = {}
    if not incoming_id:
        errors["incoming_id"] = "Pick who takes the clients over."
    try:
        begin = start if isinstance(start, date) else required_date(start or today.isoformat())
    except ValueError as error:
        errors["start"] = str(error)
    if errors:
        raise InvalidInput(errors)
    with db.reading() as session:
        receiver = _person(_receivers(session), incoming_id)
        accounts = _chosen(session, client_ids, today)
    return portfolio.to_one(accounts, receiver, begin, TransitionReason(reason))


def propose_reassign(
    db: Database,
    source_id: int,
    target_id: int,
    *,
    today: date,
    client_ids: Sequence[int] = (),
    last_day: date | str | None = None,
    reason: str | None = None,
) -> Proposal:
    """Clients of one owner (all their active ones, or those named) to another, with
    phases that end by the outgoing owner's last day when one is given."""
    if source_id == target_id:
        raise InvalidInput({"target": "The incoming owner must be someone else."})
    last = None if last_day is None else _dates(last_day, today, today)[0]
    chosen = TransitionReason(
        reason or (TransitionReason.OWNER_LEAVING if last else TransitionReason.OTHER)
    )
    with db.reading() as session:
        receivers = _receivers(session)
        source, target = _person(receivers, source_id), _person(receivers, target_id)
        accounts = _accounts(session, today, owner_id=source_id)
        if client_ids:
            movable = {account.id for account in accounts}
            for client_id in client_ids:
                if client_id not in movable:
                    client = fetch(session, Client, client_id, "Client")
                    why = (
                        f"is not {source.name}'s client"
                        if client.owner_id != source_id
                        else "has a handoff under way already or is archived"
                    )
                    raise Refused(f"{client.name} {why}.")
            accounts = [account for account in accounts if account.id in set(client_ids)]
    if not accounts:
        raise Refused(f"{source.name} has no active client without a handoff under way.")
    try:
        return portfolio.to_one(accounts, target, today, chosen, last)
    except ValueError as error:
        raise InvalidInput({"last_day": str(error)}) from None


# -- making the moves ----------------------------------------------------------------------


def reason_detail(proposal: Proposal) -> str:
    """What a moved client's plan says beside its reason: the outgoing owner's last day
    when one was given; the move itself ("3 clients to Sam") only when no reason was
    chosen, since "Workload" says it all."""
    if proposal.last_day is not None:
        return f"Last day of the outgoing owner: {proposal.last_day.isoformat()}"
    return proposal.title if proposal.reason == TransitionReason.OTHER else ""


def apply(
    db: Database, proposal: Proposal, *, today: date, template_id: int | None = None
) -> list[int]:
    """Start a handoff for every move that has an incoming owner, all in one transaction,
    with the default (or given) template; returns the new transitions' ids."""
    moves = proposal.ready
    if not moves:
        raise Refused("Nothing to start: no client in the proposal has an incoming owner.")
    preparation, execution, support = proposal.days
    started = []
    with db.transaction() as session:
        for move in moves:
            values = {
                "incoming_id": move.incoming_id,
                "reason": proposal.reason.value,
                "reason_detail": reason_detail(proposal),
                "start": proposal.start,
                "preparation_days": preparation,
                "execution_days": execution,
                "support_days": support,
                "template_id": template_id,
                "consent_required": False,
            }
            try:
                started.append(
                    start_in(
                        session,
                        move.account.id,
                        values,
                        today,
                        expected_owner=move.account.owner_id,
                    )
                )
            except InvalidInput as error:  # name the client: there are many in one go
                message = "; ".join(error.errors.values())
                if move.account.name not in message:
                    message = f"{move.account.name}: {message}"
                raise Refused(f"{message} Nothing was started.") from None
    return started


__all__ = [
    "AT_RISK",
    "RISK_WEIGHT",
    "SETTABLE",
    "BulkResult",
    "apply",
    "archive_clients",
    "change_status",
    "change_tags",
    "client_summaries",
    "propose_owner_leaving",
    "propose_reassign",
    "propose_rebalance",
    "propose_rotation",
    "propose_spread",
    "propose_to_one",
    "resolve_person",
]
