"""Loose ends of a handoff: add, edit, mark done, drop with a reason, reopen, and list
those of a transition. Each function is one transaction.

A loose end is added and edited while its handoff runs; once the handoff is completed,
an open one (passed on with the account) may still be settled, and one settled since
reopened, as checklist items may (see ``domain.plan.tickable``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain import plan
from handover_tui.domain.validation import InvalidInput, clean_loose_end, clean_reason
from handover_tui.domain.vocab import LooseEndState
from handover_tui.models import Contact, LooseEnd, Transition, utcnow
from handover_tui.services import StaleRecord
from handover_tui.services._records import apply_changes, fetch
from handover_tui.services.loose_end_read import LooseEndRow, read_loose_ends
from handover_tui.services.transition_checklist import open_transition


def list_loose_ends(db: Database, transition_id: int) -> list[LooseEndRow]:
    """The loose ends of one transition (see :func:`read_loose_ends`)."""
    with db.reading() as session:
        return read_loose_ends(session, transition_id)


def get_loose_end(db: Database, loose_end_id: int) -> LooseEnd:
    """The loose end as stored now (a form reads it to edit it)."""
    with db.reading() as session:
        return fetch(session, LooseEnd, loose_end_id, "Loose end")


def add_loose_end(db: Database, transition_id: int, fields: Mapping[str, Any]) -> LooseEnd:
    """A new open loose end of a running handoff."""
    values = clean_loose_end({"holder": "outgoing", **fields})
    with db.transaction() as session:
        transition = open_transition(session, transition_id)
        _check_contact(session, transition.client_id, values.get("contact_id"))
        end = LooseEnd(transition_id=transition_id, client_id=transition.client_id, **values)
        session.add(end)
        session.flush()
        return end


def update_loose_end(
    db: Database, loose_end_id: int, fields: Mapping[str, Any], *, expected_version: int | None
) -> LooseEnd:
    """Change what it is, who holds it, its due date or notes (not its state)."""
    values = clean_loose_end(fields, partial=True)
    with db.transaction() as session:
        end = fetch(session, LooseEnd, loose_end_id, "Loose end", lock=True)
        open_transition(session, end.transition_id)
        _check_contact(session, end.client_id, values.get("contact_id"))
        apply_changes(end, values, expected_version=expected_version, what=f"“{end.title}”")
        return end


def mark_done(
    db: Database, loose_end_id: int, today: date, *, expected_version: int | None = None
) -> LooseEnd:
    """Settled today: done."""
    return _settle(db, loose_end_id, LooseEndState.DONE, today, "", expected_version)


def drop(
    db: Database,
    loose_end_id: int,
    reason: str,
    today: date,
    *,
    expected_version: int | None = None,
) -> LooseEnd:
    """Given up today, with the reason why (required)."""
    reason = clean_reason(reason)
    return _settle(db, loose_end_id, LooseEndState.DROPPED, today, reason, expected_version)


def reopen(db: Database, loose_end_id: int, *, expected_version: int | None = None) -> LooseEnd:
    """Open again a loose end marked done or dropped (its reason goes)."""
    return _settle(db, loose_end_id, LooseEndState.OPEN, None, "", expected_version)


def _settle(
    db: Database,
    loose_end_id: int,
    state: LooseEndState,
    day: date | None,
    reason: str,
    expected_version: int | None,
) -> LooseEnd:
    with db.transaction() as session:
        end = fetch(session, LooseEnd, loose_end_id, "Loose end", lock=True)
        if end.transition_id is not None:
            transition = fetch(session, Transition, end.transition_id, "Transition")
            if not plan.tickable(transition.status, transition.completed_on, end.closed_on):
                open_transition(session, end.transition_id)  # raises: kept as history
        if expected_version is not None and end.version != expected_version:
            raise StaleRecord(f"“{end.title}”", {"state": end.state})
        if end.state == state and state != LooseEndState.DROPPED:
            return end
        end.state = state.value
        end.closed_on = day
        end.drop_reason = reason
        end.version += 1
        end.updated_at = utcnow()
        return end


def _check_contact(session: Session, client_id: int, contact_id: int | None) -> None:
    if contact_id is None:
        return
    contact = session.get(Contact, contact_id)
    if contact is None or contact.client_id != client_id:
        raise InvalidInput({"holder": "Pick one of this client's contacts."})


def adopt_unplanned(session: Session, client_id: int, transition_id: int) -> int:
    """The client's loose ends that belong to no handoff (from notes written before any
    plan) join the new one; returns how many."""
    ends = session.exec(
        select(LooseEnd).where(
            LooseEnd.client_id == client_id, col(LooseEnd.transition_id).is_(None)
        )
    ).all()
    for end in ends:
        end.transition_id = transition_id
        end.version += 1
        end.updated_at = utcnow()
    return len(ends)


def pass_on(session: Session, transition: Transition) -> int:
    """At completion, the open loose ends the outgoing owner held become the incoming
    owner's; returns how many."""
    ends = session.exec(
        select(LooseEnd).where(
            LooseEnd.transition_id == transition.id,
            LooseEnd.state == LooseEndState.OPEN.value,
            LooseEnd.holder == "outgoing",
        )
    ).all()
    for end in ends:
        end.holder = "incoming"
        end.version += 1
        end.updated_at = utcnow()
    return len(ends)


__all__ = [
    "LooseEndRow",
    "add_loose_end",
    "adopt_unplanned",
    "drop",
    "get_loose_end",
    "list_loose_ends",
    "mark_done",
    "pass_on",
    "read_loose_ends",
    "reopen",
    "update_loose_end",
]
