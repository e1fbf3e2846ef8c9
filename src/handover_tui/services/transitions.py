"""Transition plans: start one, run its checklist, sign it off, complete, pause or cancel.

Each function is one transaction. The phase a transition is in follows from its dates
(see ``domain.plan``); the client's status is kept in step whenever the plan changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import plan
from handover_tui.domain.plan import OtherTransition, Progress, Window
from handover_tui.domain.validation import (
    InvalidInput,
    clean_feedback,
    clean_item,
    clean_reason,
    clean_sign_off,
    clean_start,
    clean_summary,
    clean_transition,
)
from handover_tui.domain.vocab import ClientStatus, Phase, Side, TransitionStatus
from handover_tui.models import (
    ChecklistItem,
    Client,
    Contact,
    Feedback,
    Person,
    SignOff,
    Transition,
    utcnow,
)
from handover_tui.services import NotFound, Refused, StaleRecord
from handover_tui.services._records import apply_changes, fetch, put_back
from handover_tui.services.templates import template_items

RUNNING = (TransitionStatus.ACTIVE.value, TransitionStatus.PAUSED.value)


class NotReady(Exception):
    """A transition cannot be completed yet; ``reasons`` says what is missing."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("Not ready to complete: " + " ".join(reasons))


@dataclass(frozen=True)
class ChecklistRow:
    id: int
    phase: str
    title: str
    side: str
    responsible: str
    responsible_id: int | None
    due_on: date | None
    done_on: date | None
    notes: str
    position: int
    version: int

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def overdue(self, today: date) -> bool:
        return plan.is_overdue(self.due_on, self.done_on, today)


@dataclass(frozen=True)
class SignOffRow:
    id: int
    name: str
    role: str
    side: str
    required: bool
    signed_on: date | None
    person_id: int | None


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    source: str
    author: str
    rating: int
    comment: str
    given_on: date


@dataclass(frozen=True)
class TransitionPlan:
    """Everything the transition and sign-off tabs show, read in one go."""

    transition: Transition
    client_name: str
    outgoing: str
    incoming: str
    items: list[ChecklistRow]
    sign_offs: list[SignOffRow]
    warnings: list[str] = field(default_factory=list)
    feedback: list[FeedbackRow] = field(default_factory=list)

    @property
    def feedback_summary(self) -> str:
        return plan.feedback_summary([(row.source, row.rating) for row in self.feedback])

    @property
    def id(self) -> int:
        return self.transition.id or 0

    @property
    def windows(self) -> list[Window]:
        return windows_of(self.transition)

    @property
    def running(self) -> bool:
        return self.transition.status in RUNNING

    def progress(self, phase: Phase | None = None) -> Progress:
        return plan.progress(item.done for item in self.items if phase in (None, item.phase))

    def items_in(self, phase: Phase) -> list[ChecklistRow]:
        return [item for item in self.items if item.phase == phase]

    def missing_sign_offs(self) -> list[SignOffRow]:
        return [row for row in self.sign_offs if row.required and row.signed_on is None]

    def not_ready(self) -> list[str]:
        """Why it cannot be completed yet; empty when every item and signature is in."""
        return plan.readiness(
            [row.name for row in self.missing_sign_offs()],
            sum(not item.done for item in self.items),
        )


def windows_of(transition: Transition) -> list[Window]:
    """The phases with both dates set (an old or hand-made record may lack some)."""
    windows = []
    for phase in Phase:
        start = getattr(transition, f"{phase.value}_start")
        end = getattr(transition, f"{phase.value}_end")
        if start is not None and end is not None:
            windows.append(Window(phase, start, end))
    return windows


# -- reading ------------------------------------------------------------------------------


def latest_for_client(db: Database, client_id: int) -> int | None:
    """The client's running transition, else its most recent one, else None."""
    query = (
        select(Transition.id)
        .where(Transition.client_id == client_id)
        .order_by(col(Transition.status).in_(RUNNING).desc(), col(Transition.id).desc())
    )
    with db.reading() as session:
        return session.exec(query).first()


def get_transition(db: Database, transition_id: int) -> Transition:
    """The transition's own row, as stored now (a form reads it to edit it)."""
    with db.reading() as session:
        return fetch(session, Transition, transition_id, "Transition")


def get_plan(db: Database, transition_id: int) -> TransitionPlan:
    with db.reading() as session:
        return _plan(session, transition_id)


def plan_for_client(db: Database, client_id: int) -> TransitionPlan | None:
    transition_id = latest_for_client(db, client_id)
    return None if transition_id is None else get_plan(db, transition_id)


@dataclass(frozen=True)
class PlanSummary:
    """What a client's overview shows of its plan (who, when, how far), read without
    its checklist rows: the overview is the first thing a client screen paints."""

    transition: Transition
    outgoing: str
    incoming: str
    done: int
    total: int

    @property
    def windows(self) -> list[Window]:
        return windows_of(self.transition)

    def progress(self) -> Progress:
        return Progress(self.done, self.total)


def plan_summary(db: Database, client_id: int) -> PlanSummary | None:
    """The client's current plan as the overview shows it: one row and two counts."""
    transition_id = latest_for_client(db, client_id)
    if transition_id is None:
        return None
    with db.reading() as session:
        transition = fetch(session, Transition, transition_id, "Transition")
        done, total = session.execute(
            select(sa.func.count(col(ChecklistItem.done_on)), sa.func.count()).where(
                ChecklistItem.transition_id == transition_id
            )
        ).one()
        return PlanSummary(
            transition=transition,
            outgoing=_name(session, transition.outgoing_id),
            incoming=_name(session, transition.incoming_id),
            done=done,
            total=total,
        )


def _name(session: Session, person_id: int | None) -> str:
    if person_id is None:
        return ""
    person = session.get(Person, person_id)
    return person.name if person else ""


def _plan(session: Session, transition_id: int) -> TransitionPlan:
    transition = fetch(session, Transition, transition_id, "Transition")
    client = fetch(session, Client, transition.client_id, "Client")
    rows = list(
        session.exec(
            select(ChecklistItem)
            .where(ChecklistItem.transition_id == transition_id)
            .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
        )
    )
    wanted = {transition.outgoing_id, transition.incoming_id}
    wanted |= {item.responsible_id for item in rows}
    wanted.discard(None)
    people = {
        person.id: person.name
        for person in session.exec(select(Person).where(col(Person.id).in_(wanted)))
    }
    items = [
        ChecklistRow(
            id=item.id or 0,
            phase=item.phase,
            title=item.title,
            side=item.side,
            responsible=people.get(item.responsible_id, "") if item.responsible_id else "",
            responsible_id=item.responsible_id,
            due_on=item.due_on,
            done_on=item.done_on,
            notes=item.notes,
            position=item.position,
            version=item.version,
        )
        for item in rows
    ]
    order = {phase.value: index for index, phase in enumerate(Phase)}
    items.sort(key=lambda row: (order.get(row.phase, 9), row.position, row.id))
    sign_offs = [
        SignOffRow(
            id=row.id or 0,
            name=row.name,
            role=row.role,
            side=row.side,
            required=row.required,
            signed_on=row.signed_on,
            person_id=row.person_id,
        )
        for row in session.exec(
            select(SignOff)
            .where(col(SignOff.transition_id) == transition_id)
            .order_by(col(SignOff.id))
        )
    ]
    warnings = (
        _warnings(session, transition, client, people) if transition.status in RUNNING else []
    )
    feedback = [
        FeedbackRow(
            id=row.id or 0,
            source=row.source,
            author=row.author,
            rating=row.rating or 0,
            comment=row.comment,
            given_on=row.given_on,
        )
        for row in session.exec(
            select(Feedback)
            .where(Feedback.transition_id == transition_id)
            .order_by(col(Feedback.given_on), col(Feedback.id))
        )
    ]
    return TransitionPlan(
        transition=transition,
        client_name=client.name,
        outgoing=people.get(transition.outgoing_id, "") if transition.outgoing_id else "",
        incoming=people.get(transition.incoming_id, "") if transition.incoming_id else "",
        items=items,
        sign_offs=sign_offs,
        warnings=warnings,
        feedback=feedback,
    )


def _warnings(
    session: Session, transition: Transition, client: Client, people: Mapping[Any, str]
) -> list[str]:
    windows = windows_of(transition)
    warnings = plan.timing_warnings(windows, client.renewal_date)
    for person_id in {transition.outgoing_id, transition.incoming_id} - {None}:
        others = session.exec(
            select(Transition, Client.name)
            .join(Client, col(Client.id) == col(Transition.client_id))
            .where(
                Transition.id != transition.id,
                col(Transition.status).in_(RUNNING),
                sa.or_(
                    col(Transition.outgoing_id) == person_id,
                    col(Transition.incoming_id) == person_id,
                ),
            )
        ).all()
        overlapping = [
            OtherTransition(name, other.preparation_start, other.support_end)
            for other, name in others
            if other.preparation_start and other.support_end
        ]
        warnings += plan.timing_warnings(
            windows, None, overlapping, owner=people.get(person_id, "The owner")
        )
    return warnings


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
    transition = Transition(
        client_id=client_id,
        outgoing_id=client.owner_id,
        incoming_id=incoming.id,
        reason=values["reason"],
        reason_detail=values["reason_detail"],
        consent_required=values["consent_required"],
        template_name=template_name,
        overlap_end=windows[1].end,
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
        transition = _open_transition(session, transition_id)
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


# -- the checklist ------------------------------------------------------------------------


def _open_transition(session: Session, transition_id: int | None) -> Transition:
    """The transition, if its plan may still change; a finished one is history."""
    transition = fetch(session, Transition, transition_id, "Transition")
    if transition.status not in RUNNING:
        raise Refused(
            f"This transition is {transition.status}: its plan is kept as history and "
            "cannot change."
        )
    return transition


def tick_item(
    db: Database,
    item_id: int,
    today: date,
    *,
    done: bool | None = None,
    expected_version: int | None = None,
) -> ChecklistItem:
    """Mark an item done today (``done=True``) or open again; ``None`` flips it.

    With ``expected_version``, an item someone else changed meanwhile is not touched.
    """
    with db.transaction() as session:
        item = fetch(session, ChecklistItem, item_id, "Checklist item", lock=True)
        if item.transition_id is not None:  # a client's own review item has no plan
            _open_transition(session, item.transition_id)
        if expected_version is not None and item.version != expected_version:
            state = "done" if item.done_on else "open"
            raise StaleRecord(f"“{item.title}”", {"done": state})
        wanted = (item.done_on is None) if done is None else done
        if wanted != (item.done_on is not None):
            item.done_on = today if wanted else None
            item.version += 1
            item.updated_at = utcnow()
        return item


def add_item(db: Database, transition_id: int, fields: Mapping[str, Any]) -> ChecklistItem:
    values = clean_item(fields)
    with db.transaction() as session:
        transition = _open_transition(session, transition_id)
        last = session.exec(
            select(sa.func.max(ChecklistItem.position)).where(
                ChecklistItem.transition_id == transition_id,
                ChecklistItem.phase == values["phase"],
            )
        ).first()
        item = ChecklistItem(
            transition_id=transition_id,
            client_id=transition.client_id,
            position=(last or 0) + 1,
            **values,
        )
        session.add(item)
        session.flush()
        return item


def update_item(
    db: Database, item_id: int, fields: Mapping[str, Any], *, expected_version: int | None
) -> ChecklistItem:
    values = clean_item(fields, partial=True)
    with db.transaction() as session:
        item = fetch(session, ChecklistItem, item_id, "Checklist item", lock=True)
        _open_transition(session, item.transition_id)
        apply_changes(item, values, expected_version=expected_version, what=item.title)
        return item


def delete_item(db: Database, item_id: int) -> ChecklistItem:
    """Remove an item; the returned copy can be handed to :func:`restore_item`."""
    with db.transaction() as session:
        item = fetch(session, ChecklistItem, item_id, "Checklist item", lock=True)
        _open_transition(session, item.transition_id)
        session.delete(item)
        return item


def restore_item(db: Database, item: ChecklistItem) -> ChecklistItem:
    with db.transaction() as session:
        _open_transition(session, item.transition_id)
        copy = put_back(session, item)
        return copy


def move_item(db: Database, item_id: int, step: int) -> ChecklistItem:
    """Move an item up (``step`` < 0) or down within its phase by swapping places."""
    with db.transaction() as session:
        item = fetch(session, ChecklistItem, item_id, "Checklist item", lock=True)
        _open_transition(session, item.transition_id)
        siblings = list(
            session.exec(
                select(ChecklistItem)
                .where(
                    ChecklistItem.transition_id == item.transition_id,
                    ChecklistItem.phase == item.phase,
                )
                .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
            )
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.id == item.id)
        target = index + (1 if step > 0 else -1)
        if not 0 <= target < len(siblings):
            return item
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.version += 1
        return item


# -- sign-off and the end -----------------------------------------------------------------


def add_sign_off(db: Database, transition_id: int, fields: Mapping[str, Any]) -> SignOff:
    values = clean_sign_off({"required": True, "side": "stakeholder", **fields})
    with db.transaction() as session:
        _open_transition(session, transition_id)
        row = SignOff(transition_id=transition_id, **values)
        session.add(row)
        session.flush()
        return row


def update_sign_off(db: Database, sign_off_id: int, fields: Mapping[str, Any]) -> SignOff:
    values = clean_sign_off(fields, partial=True)
    with db.transaction() as session:
        row = fetch(session, SignOff, sign_off_id, "Sign-off", lock=True)
        _open_transition(session, row.transition_id)
        for name, value in values.items():
            setattr(row, name, value)
        return row


def toggle_signed(
    db: Database, sign_off_id: int, today: date, *, signed: bool | None = None
) -> SignOff:
    """Sign today (``signed=True``) or take a signature back; ``None`` flips it.

    Saying what is wanted, rather than flipping, means two people signing the same
    line at once both get a signed line.
    """
    with db.transaction() as session:
        row = fetch(session, SignOff, sign_off_id, "Sign-off", lock=True)
        _open_transition(session, row.transition_id)
        wanted = (row.signed_on is None) if signed is None else signed
        if wanted != (row.signed_on is not None):
            row.signed_on = today if wanted else None
        return row


def remove_sign_off(db: Database, sign_off_id: int) -> SignOff:
    with db.transaction() as session:
        row = fetch(session, SignOff, sign_off_id, "Sign-off", lock=True)
        _open_transition(session, row.transition_id)
        session.delete(row)
        return row


def restore_sign_off(db: Database, row: SignOff) -> SignOff:
    """Undo a removal: the same signatory comes back, signature and all."""
    with db.transaction() as session:
        _open_transition(session, row.transition_id)
        copy = put_back(session, row)
        return copy


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
        current = _plan(session, transition_id)
        reasons = current.not_ready()
        if reasons and not override:
            raise NotReady(reasons)
        client = fetch(session, Client, transition.client_id, "Client", lock=True)
        if _pass_on_open_items(session, transition):
            session.flush()  # the trail lists the items first, the handoff itself last
        transition.status = TransitionStatus.COMPLETED.value
        transition.completed_on = today
        transition.completion_override = override if reasons else ""
        transition.version += 1
        transition.updated_at = utcnow()
        client.owner_id = transition.incoming_id
        client.status = ClientStatus.HANDED_OFF.value
        client.version += 1
        client.updated_at = utcnow()
        session.flush()
        return _plan(session, transition_id)


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


def add_feedback(db: Database, transition_id: int, fields: Mapping[str, Any]) -> Feedback:
    """Feedback on the handoff from one side; welcome after completion too."""
    values = clean_feedback(fields)
    with db.transaction() as session:
        transition = fetch(session, Transition, transition_id, "Transition")
        row = Feedback(client_id=transition.client_id, transition_id=transition_id, **values)
        session.add(row)
        session.flush()
        return row


def remove_feedback(db: Database, feedback_id: int) -> Feedback:
    with db.transaction() as session:
        row = fetch(session, Feedback, feedback_id, "Feedback", lock=True)
        session.delete(row)
        return row


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


__all__ = ["NotFound", "NotReady"]
