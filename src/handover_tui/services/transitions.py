"""Transitions: start one, change its dates, complete, pause, resume or cancel it.

Each function is one transaction; the client's status is kept in step whenever the plan
changes. Reading a plan (``transition_plan``) and changing its checklist and sign-offs
(``transition_checklist``) are re-exported here, so ``transitions`` is the one module
callers need.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import plan
from handover_tui.domain.plan import Window
from handover_tui.domain.validation import (
    InvalidInput,
    clean_reason,
    clean_start,
    clean_summary,
    clean_transition,
)
from handover_tui.domain.vocab import ClientStatus, Phase, Side, TransitionStatus
from handover_tui.models import ChecklistItem, Client, Contact, Person, SignOff, Transition, utcnow
from handover_tui.services import NotFound, Refused
from handover_tui.services._records import apply_changes, fetch
from handover_tui.services.loose_ends import adopt_unplanned, pass_on
from handover_tui.services.templates import template_items
from handover_tui.services.transition_checklist import (
    add_feedback,
    add_item,
    add_sign_off,
    delete_item,
    move_item,
    open_transition,
    remove_feedback,
    remove_sign_off,
    restore_item,
    restore_sign_off,
    tick_item,
    toggle_signed,
    update_item,
    update_sign_off,
)
from handover_tui.services.transition_plan import (
    RUNNING,
    ChecklistRow,
    FeedbackRow,
    PlanSummary,
    SignOffRow,
    TransitionPlan,
    get_plan,
    get_transition,
    latest_for_client,
    plan_for_client,
    plan_summary,
    read_plan,
    windows_of,
)


class NotReady(Exception):
    """A transition cannot be completed yet; ``reasons`` says what is missing."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("Not ready to complete: " + " ".join(reasons))


# -- starting -----------------------------------------------------------------------------


def start_transition(
    db: Database, client_id: int, fields: Mapping[str, Any], *, today: date | None = None
) -> int:
    """Plan a handoff of the client to an incoming owner; returns the transition id."""
    values = clean_start(fields)
    with db.transaction() as session:
        return start_in(session, client_id, values, today or date.today())


def start_in(
    session: Session,
    client_id: int,
    values: Mapping[str, Any],
    today: date,
    *,
    expected_owner: int | None = None,
) -> int:
    """Start a handoff inside the caller's transaction (a portfolio move starts many in
    one); ``values`` are already cleaned by ``clean_start``. ``expected_owner`` refuses a
    client whose owner changed since the move was proposed."""
    client = fetch(session, Client, client_id, "Client", lock=True)
    if expected_owner is not None and client.owner_id != expected_owner:
        raise Refused(
            f"{client.name} changed owner since the proposal was made; nothing was started."
        )
    running = session.exec(
        select(Transition.id).where(
            Transition.client_id == client_id, col(Transition.status).in_(RUNNING)
        )
    ).first()
    if running is not None:
        raise InvalidInput({"incoming_id": f"{client.name} already has a transition under way."})
    if client.owner_id is None:
        raise InvalidInput(
            {"incoming_id": f"{client.name} has no owner yet: set one before a handoff."}
        )
    if values["incoming_id"] == client.owner_id:
        raise InvalidInput({"incoming_id": "Pick someone other than the current owner."})
    incoming = session.get(Person, values["incoming_id"])
    if incoming is None:
        raise InvalidInput({"incoming_id": "That person does not exist."})
    template_name, items = template_items(session, values["template_id"])
    windows = plan.default_windows(
        values["start"],
        {
            Phase.PREPARATION: values["preparation_days"],
            Phase.EXECUTION: values["execution_days"],
            Phase.SUPPORT: values["support_days"],
        },
    )
    phase_dates: dict[str, Any] = {f"{w.phase.value}_start": w.start for w in windows}
    phase_dates.update({f"{w.phase.value}_end": w.end for w in windows})
    # The default plan's rhythm of contact (a user's template sets none; D edits it).
    if template_name == plan.DEFAULT_TEMPLATE_NAME:
        phase_dates.update({f"every_{kind}": days for kind, days in plan.DEFAULT_CADENCE.items()})
    transition = Transition(
        client_id=client_id,
        outgoing_id=client.owner_id,
        incoming_id=incoming.id,
        reason=values["reason"],
        reason_detail=values["reason_detail"],
        consent_required=values["consent_required"],
        template_name=template_name,
        overlap_end=windows[1].end,
        roles_outgoing=plan.DEFAULT_ROLES[Side.OUTGOING],
        roles_incoming=plan.DEFAULT_ROLES[Side.INCOMING],
        roles_client=plan.DEFAULT_ROLES[Side.CLIENT],
        **phase_dates,
    )
    session.add(transition)
    session.flush()
    assert transition.id is not None  # the flush gave it one
    for position, item in enumerate(items):
        session.add(
            ChecklistItem(
                transition_id=transition.id,
                client_id=client_id,
                phase=item.phase.value,
                title=item.title,
                side=item.side.value,
                due_on=plan.due_date(item, windows),
                position=position,
            )
        )
    outgoing = session.get(Person, client.owner_id)
    for person, side in ((outgoing, Side.OUTGOING), (incoming, Side.INCOMING)):
        if person is not None:
            session.add(
                SignOff(
                    transition_id=transition.id,
                    name=person.name,
                    role=person.role or side.label,
                    side=side.value,
                    person_id=person.id,
                )
            )
    primary = session.exec(
        select(Contact).where(Contact.client_id == client_id, col(Contact.is_primary))
    ).first()
    if primary is not None:
        session.add(
            SignOff(
                transition_id=transition.id,
                name=primary.name,
                role=primary.title or "Client",
                side=Side.CLIENT.value,
            )
        )
    adopt_unplanned(session, client_id, transition.id)
    wanted = plan.client_status_for(windows, today)
    _set_client_status(client, wanted.value)
    return transition.id or 0


def _set_client_status(client: Client, status: str) -> None:
    if client.status != status and client.status != ClientStatus.ARCHIVED:
        client.status = status
        client.version += 1
        client.updated_at = utcnow()


def sync_client_statuses(db: Database, today: date) -> int:
    """Bring every running transition's client status in line with today's phase."""
    changed = 0
    with db.transaction() as session:
        rows = session.exec(
            select(Transition, Client)
            .join(Client, col(Client.id) == col(Transition.client_id))
            .where(Transition.status == TransitionStatus.ACTIVE.value)
        ).all()
        for transition, client in rows:
            wanted = plan.client_status_for(windows_of(transition), today).value
            if client.status not in (wanted, ClientStatus.ARCHIVED.value):
                _set_client_status(client, wanted)
                changed += 1
    return changed


def update_transition(
    db: Database,
    transition_id: int,
    fields: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date | None = None,
) -> Transition:
    """Change dates, consent, reason or roles; phase dates must follow each other."""
    values = clean_transition(fields)
    with db.transaction() as session:
        transition = open_transition(session, transition_id)
        merged = {**transition.model_dump(), **values}
        windows = [
            Window(phase, merged[f"{phase.value}_start"], merged[f"{phase.value}_end"])
            for phase in Phase
        ]
        errors = plan.check_windows(windows)
        if errors:
            raise InvalidInput(errors)
        apply_changes(transition, values, expected_version=expected_version, what="The plan")
        if transition.status == TransitionStatus.ACTIVE:
            client = fetch(session, Client, transition.client_id, "Client")
            wanted = plan.client_status_for(windows, today or date.today()).value
            _set_client_status(client, wanted)
        return transition


def update_summary(
    db: Database, transition_id: int, fields: Mapping[str, Any], *, expected_version: int | None
) -> Transition:
    """Write the handoff summary; it may still be completed after the handoff itself."""
    values = clean_summary(fields)
    with db.transaction() as session:
        transition = fetch(session, Transition, transition_id, "Transition", lock=True)
        apply_changes(
            transition, values, expected_version=expected_version, what="The handoff summary"
        )
        return transition


# -- the end ------------------------------------------------------------------------------


def complete(
    db: Database, transition_id: int, today: date, *, override: str = ""
) -> TransitionPlan:
    """Hand the account over: the incoming owner becomes the owner, the client is handed off.

    Refused with :class:`NotReady` while a required sign-off or an item is missing,
    unless ``override`` gives the reason to complete anyway (it is kept).
    """
    override = clean_reason(override) if override.strip() else ""
    with db.transaction() as session:
        transition = fetch(session, Transition, transition_id, "Transition", lock=True)
        if transition.status not in RUNNING:
            raise NotReady([f"This transition is already {transition.status}."])
        current = read_plan(session, transition_id)
        reasons = current.not_ready()
        if reasons and not override:
            raise NotReady(reasons)
        client = fetch(session, Client, transition.client_id, "Client", lock=True)
        if _pass_on_open_items(session, transition) + pass_on(session, transition):
            session.flush()  # the trail lists the items first, the handoff itself last
        transition.status = TransitionStatus.COMPLETED.value
        transition.completed_on = today
        transition.completion_override = override if reasons else ""
        transition.version += 1
        transition.updated_at = utcnow()
        client.owner_id = transition.incoming_id
        if client.deputy_id is not None and client.deputy_id == client.owner_id:
            client.deputy_id = None  # the new owner cannot stand in for themselves
        client.status = ClientStatus.HANDED_OFF.value
        client.version += 1
        client.updated_at = utcnow()
        session.flush()
        return read_plan(session, transition_id)


def _pass_on_open_items(session: Session, transition: Transition) -> int:
    """The outgoing owner's open items on the client become the incoming owner's: those
    naming them, and this plan's outgoing-side items that name nobody. Notes, planned
    interactions and every other item stay with the client as they are."""
    outgoing, incoming = transition.outgoing_id, transition.incoming_id
    if outgoing is None or incoming is None or outgoing == incoming:
        return 0
    theirs = sa.or_(
        col(ChecklistItem.responsible_id) == outgoing,
        sa.and_(
            col(ChecklistItem.transition_id) == transition.id,
            col(ChecklistItem.responsible_id).is_(None),
            col(ChecklistItem.side) == Side.OUTGOING.value,
        ),
    )
    items = session.exec(
        select(ChecklistItem).where(
            ChecklistItem.client_id == transition.client_id,
            col(ChecklistItem.done_on).is_(None),
            theirs,
        )
    ).all()
    for item in items:
        item.responsible_id = incoming
        item.version += 1
        item.updated_at = utcnow()
    return len(items)


def _stop(db: Database, transition_id: int, status: TransitionStatus, reason: str) -> Transition:
    reason = clean_reason(reason)
    with db.transaction() as session:
        transition = fetch(session, Transition, transition_id, "Transition", lock=True)
        if transition.status not in RUNNING:
            raise InvalidInput({"reason": f"This transition is already {transition.status}."})
        transition.status = status.value
        transition.status_reason = reason
        transition.version += 1
        transition.updated_at = utcnow()
        if status is TransitionStatus.CANCELLED:
            client = fetch(session, Client, transition.client_id, "Client", lock=True)
            _set_client_status(client, ClientStatus.ACTIVE.value)
        return transition


def cancel(db: Database, transition_id: int, reason: str) -> Transition:
    """Call the handoff off; the plan and its history stay, the client is active again."""
    return _stop(db, transition_id, TransitionStatus.CANCELLED, reason)


def pause(db: Database, transition_id: int, reason: str) -> Transition:
    return _stop(db, transition_id, TransitionStatus.PAUSED, reason)


def resume(db: Database, transition_id: int, today: date) -> Transition:
    with db.transaction() as session:
        transition = fetch(session, Transition, transition_id, "Transition", lock=True)
        if transition.status != TransitionStatus.PAUSED:
            raise InvalidInput({"reason": "Only a paused transition can be resumed."})
        transition.status = TransitionStatus.ACTIVE.value
        transition.version += 1
        transition.updated_at = utcnow()
        client = fetch(session, Client, transition.client_id, "Client", lock=True)
        _set_client_status(client, plan.client_status_for(windows_of(transition), today).value)
        return transition


__all__ = [
    "RUNNING",
    "ChecklistRow",
    "FeedbackRow",
    "NotFound",
    "NotReady",
    "PlanSummary",
    "SignOffRow",
    "TransitionPlan",
    "add_feedback",
    "add_item",
    "add_sign_off",
    "cancel",
    "complete",
    "delete_item",
    "get_plan",
    "get_transition",
    "latest_for_client",
    "move_item",
    "pause",
    "plan_for_client",
    "plan_summary",
    "remove_feedback",
    "remove_sign_off",
    "restore_item",
    "restore_sign_off",
    "resume",
    "start_in",
    "start_transition",
    "sync_client_statuses",
    "tick_item",
    "toggle_signed",
    "update_item",
    "update_sign_off",
    "update_summary",
    "update_transition",
    "windows_of",
]
