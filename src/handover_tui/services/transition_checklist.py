"""A transition's checklist and sign-off sheet, changed while it runs, and the feedback
on its handoff. Each function is one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import plan
from handover_tui.domain.validation import clean_feedback, clean_item, clean_sign_off
from handover_tui.models import ChecklistItem, Feedback, SignOff, Transition, utcnow
from handover_tui.services import Refused, StaleRecord
from handover_tui.services._records import apply_changes, fetch, put_back
from handover_tui.services.transition_plan import RUNNING

# -- the checklist ------------------------------------------------------------------------


def open_transition(session: Session, transition_id: int | None) -> Transition:
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

    A completed handoff's open items were passed on and are ticked as any other; what
    was done before it completed stays as history (see ``domain.plan.tickable``).

    With ``expected_version``, an item someone else changed meanwhile is not touched.
    """
    with db.transaction() as session:
        item = fetch(session, ChecklistItem, item_id, "Checklist item", lock=True)
        if item.transition_id is not None:  # a client's own review item has no plan
            transition = fetch(session, Transition, item.transition_id, "Transition")
            if not plan.tickable(transition.status, transition.completed_on, item.done_on):
                open_transition(session, item.transition_id)  # raises: kept as history
        if expected_version is not None and item.version != expected_version:
            state = "done" if item.done_on else "open"
            raise StaleRecord(f"“{item.title}”", {"done": state})
        wanted = (item.done_on is None) if done is None else done
        if wanted != (item.done_on is not None):
            item.done_on = today if wanted else None
            item.version += 1
            item.updated_at = utcnow()
            if item.done_on and item.transition_id and plan.is_introduction(item.title):
                record_informed(session, item.transition_id, item.done_on)
        return item


def record_informed(session: Session, transition_id: int, day: date) -> None:
    """The client was told of the handoff on ``day`` (the successor was introduced):
    the plan's "client informed on" becomes that day unless it holds an earlier one."""
    transition = fetch(session, Transition, transition_id, "Transition", lock=True)
    wanted = plan.informed_on(transition.client_informed_on, [day])
    if wanted != transition.client_informed_on:
        transition.client_informed_on = wanted
        transition.version += 1
        transition.updated_at = utcnow()


def add_item(db: Database, transition_id: int, fields: Mapping[str, Any]) -> ChecklistItem:
    values = clean_item(fields)
    with db.transaction() as session:
        transition = open_transition(session, transition_id)
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
        open_transition(session, item.transition_id)
        apply_changes(item, values, expected_version=expected_version, what=item.title)
        return item


def delete_item(db: Database, item_id: int) -> ChecklistItem:
    """Remove an item; the returned copy can be handed to :func:`restore_item`."""
    with db.transaction() as session:
        item = fetch(session, ChecklistItem, item_id, "Checklist item", lock=True)
        open_transition(session, item.transition_id)
        session.delete(item)
        return item


def restore_item(db: Database, item: ChecklistItem) -> ChecklistItem:
    with db.transaction() as session:
        open_transition(session, item.transition_id)
        copy = put_back(session, item)
        return copy


def move_item(db: Database, item_id: int, step: int) -> ChecklistItem:
    """Move an item up (``step`` < 0) or down within its phase by swapping places."""
    with db.transaction() as session:
        item = fetch(session, ChecklistItem, item_id, "Checklist item", lock=True)
        open_transition(session, item.transition_id)
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


# -- sign-off ----------------------------------------------------------------------------


def add_sign_off(db: Database, transition_id: int, fields: Mapping[str, Any]) -> SignOff:
    values = clean_sign_off({"required": True, "side": "stakeholder", **fields})
    with db.transaction() as session:
        open_transition(session, transition_id)
        row = SignOff(transition_id=transition_id, **values)
        session.add(row)
        session.flush()
        return row


def update_sign_off(db: Database, sign_off_id: int, fields: Mapping[str, Any]) -> SignOff:
    values = clean_sign_off(fields, partial=True)
    with db.transaction() as session:
        row = fetch(session, SignOff, sign_off_id, "Sign-off", lock=True)
        open_transition(session, row.transition_id)
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
        open_transition(session, row.transition_id)
        wanted = (row.signed_on is None) if signed is None else signed
        if wanted != (row.signed_on is not None):
            row.signed_on = today if wanted else None
        return row


def remove_sign_off(db: Database, sign_off_id: int) -> SignOff:
    with db.transaction() as session:
        row = fetch(session, SignOff, sign_off_id, "Sign-off", lock=True)
        open_transition(session, row.transition_id)
        session.delete(row)
        return row


def restore_sign_off(db: Database, row: SignOff) -> SignOff:
    """Undo a removal: the same signatory comes back, signature and all."""
    with db.transaction() as session:
        open_transition(session, row.transition_id)
        copy = put_back(session, row)
        return copy


# -- feedback -----------------------------------------------------------------------------


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


def sign_as_me(db: Database, transition_id: int, today: date) -> SignOff:
    """Sign the transition as the user of this process (``services.identity``): their
    line is the one for the person ``me`` names, else the one with their name; a user
    with no line yet gets one (on the side their person takes in the handoff)."""
    from handover_tui.models import Person
    from handover_tui.services import identity

    who = identity.current()
    name = who.display_name
    key = who.me.strip().casefold()
    with db.transaction() as session:
        transition = open_transition(session, transition_id)
        person = None
        if key:
            person = next(
                (
                    p
                    for p in session.exec(select(Person).where(col(Person.archived_at).is_(None)))
                    if key in (p.name.casefold(), p.email.casefold())
                ),
                None,
            )
        rows = list(session.exec(select(SignOff).where(SignOff.transition_id == transition_id)))
        mine = next(
            (r for r in rows if person is not None and r.person_id == person.id),
            None,
        ) or next((r for r in rows if r.name.strip().casefold() == name.casefold()), None)
        if mine is None:
            side = "stakeholder"
            if person is not None and person.id == transition.outgoing_id:
                side = "outgoing"
            elif person is not None and person.id == transition.incoming_id:
                side = "incoming"
            values = clean_sign_off(
                {"name": name, "role": who.title, "side": side, "required": True}
            )
            mine = SignOff(
                transition_id=transition_id,
                person_id=person.id if person is not None else None,
                **values,
            )
            session.add(mine)
        if mine.signed_on is None:
            mine.signed_on = today
        session.flush()
        return mine
