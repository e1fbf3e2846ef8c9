"""A transition plan as the screens read it: its checklist, sign-offs, feedback and
warnings in one go, and the short summary a client's overview shows.

The phase a transition is in follows from its dates (see ``domain.plan``).
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
from handover_tui.domain.vocab import LooseEndState, Phase, Side, TransitionStatus
from handover_tui.models import (
    ChecklistItem,
    Client,
    Feedback,
    LooseEnd,
    Person,
    SignOff,
    Transition,
)
from handover_tui.services._records import fetch
from handover_tui.services.loose_end_read import LooseEndRow, read_loose_ends

RUNNING = (TransitionStatus.ACTIVE.value, TransitionStatus.PAUSED.value)
# Transitions whose open items still count (due lists, calendar): running or completed,
# whose open items were passed on to the incoming owner.
LIVE = (*RUNNING, TransitionStatus.COMPLETED.value)


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
    loose_ends: list[LooseEndRow] = field(default_factory=list)

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
        """Items done in ``phase``; for the whole handoff (no phase), loose ends settled
        count too: its completeness."""
        done = [item.done for item in self.items if phase in (None, item.phase)]
        if phase is None:
            done += [end.settled for end in self.loose_ends]
        return plan.progress(done)

    def checklist_progress(self) -> Progress:
        """Checklist items done, loose ends left out."""
        return plan.progress(item.done for item in self.items)

    def items_in(self, phase: Phase) -> list[ChecklistRow]:
        return [item for item in self.items if item.phase == phase]

    def can_tick(self, item: ChecklistRow) -> bool:
        """Whether ``item`` may be ticked or opened again (see ``domain.plan.tickable``)."""
        transition = self.transition
        return plan.tickable(transition.status, transition.completed_on, item.done_on)

    def holder_side(self, item: ChecklistRow) -> str:
        """The owner's side holding ``item`` by name ("outgoing", "incoming"), else ""."""
        transition = self.transition
        if item.responsible_id is None:
            return ""
        if item.responsible_id == transition.incoming_id:
            return Side.INCOMING.value
        if item.responsible_id == transition.outgoing_id:
            return Side.OUTGOING.value
        return ""

    def duties(self) -> dict[Side, list[str]]:
        """Each side's checklist items, by who holds them now: an item passed on to the
        incoming owner is theirs; one held by someone else names them."""
        return plan.responsibilities(
            (item.side, item.title, self.holder_side(item), item.responsible) for item in self.items
        )

    def role_text(self, side: Side) -> str:
        """What ``side`` does in this handoff: the plan's own text, else the default."""
        written = {
            Side.OUTGOING: self.transition.roles_outgoing,
            Side.INCOMING: self.transition.roles_incoming,
            Side.CLIENT: self.transition.roles_client,
        }
        return plan.role_text(side, written.get(side, ""))

    def team(self, side: Side) -> str:
        """The owner of ``side`` and anyone else named on its open items (a team)."""
        owner = self.outgoing if side == Side.OUTGOING else self.incoming
        names = [owner] if owner else []
        for item in self.items:
            if item.done or not item.responsible or self.holder_side(item):
                continue
            if item.side in (side.value, Side.BOTH.value) and item.responsible not in names:
                names.append(item.responsible)
        return ", ".join(names)

    def missing_sign_offs(self) -> list[SignOffRow]:
        return [row for row in self.sign_offs if row.required and row.signed_on is None]

    def not_ready(self) -> list[str]:
        """Why it cannot be completed yet; empty when every item and signature is in."""
        return plan.readiness(
            [row.name for row in self.missing_sign_offs()],
            sum(not item.done for item in self.items),
            sum(not end.settled for end in self.loose_ends),
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
        return read_plan(session, transition_id)


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
        for state, count in session.execute(
            select(LooseEnd.state, sa.func.count())
            .where(LooseEnd.transition_id == transition_id)
            .group_by(LooseEnd.state)
        ):
            total += count
            done += count if state != LooseEndState.OPEN else 0
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


def read_plan(session: Session, transition_id: int) -> TransitionPlan:
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
        loose_ends=read_loose_ends(session, transition_id),
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
