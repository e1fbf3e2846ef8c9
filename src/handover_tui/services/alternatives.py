"""Alternatives before replacement: what is tried for a relationship short of a new owner.

Choosing one writes the choice and a review on its date, as a checklist item of the
client, so the review shows up with the other due items and as overdue if forgotten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.validation import clean_alternative
from handover_tui.domain.vocab import AlternativeKind, Phase, Side
from handover_tui.models import Alternative, ChecklistItem, Client
from handover_tui.services import identity
from handover_tui.services._records import fetch


@dataclass(frozen=True)
class ChosenAlternative:
    """An alternative with the state of its review."""

    id: int
    kind: AlternativeKind
    notes: str
    chosen_on: date
    review_on: date | None
    review_item_id: int | None
    reviewed_on: date | None
    author: str


def review_title(kind: AlternativeKind) -> str:
    return f"Review: {kind.label.lower()}"


def list_alternatives(db: Database, client_id: int) -> list[ChosenAlternative]:
    """The client's chosen alternatives, the latest first."""
    query = (
        select(Alternative, col(ChecklistItem.done_on))
        .outerjoin(ChecklistItem, col(ChecklistItem.id) == col(Alternative.review_item_id))
        .where(Alternative.client_id == client_id)
        .order_by(col(Alternative.chosen_on).desc(), col(Alternative.id).desc())
    )
    with db.reading() as session:
        return [
            ChosenAlternative(
                id=row.id or 0,
                kind=AlternativeKind(row.kind),
                notes=row.notes,
                chosen_on=row.chosen_on,
                review_on=row.review_on,
                review_item_id=row.review_item_id,
                reviewed_on=done_on,
                author=row.author,
            )
            for row, done_on in session.exec(query)
        ]


def choose_alternative(
    db: Database, client_id: int, fields: Mapping[str, Any], *, author: str | None = None
) -> Alternative:
    """Record the alternative chosen and put its review on the client's checklist."""
    values = clean_alternative(fields)
    kind = AlternativeKind(values["kind"])
    with db.transaction() as session:
        fetch(session, Client, client_id, "Client")
        review = ChecklistItem(
            client_id=client_id,
            phase=Phase.SUPPORT.value,
            title=review_title(kind),
            side=Side.OUTGOING.value,
            due_on=values["review_on"],
            notes=values["notes"],
        )
        session.add(review)
        session.flush()
        chosen = Alternative(
            client_id=client_id,
            review_item_id=review.id,
            author=identity.display_name() if author is None else author,
            **values,
        )
        session.add(chosen)
        session.flush()
        return chosen


def open_reviews(db: Database, client_id: int) -> list[ChecklistItem]:
    """The client's own checklist items still open (reviews of alternatives)."""
    query = (
        select(ChecklistItem)
        .where(
            ChecklistItem.client_id == client_id,
            col(ChecklistItem.transition_id).is_(None),
            col(ChecklistItem.done_on).is_(None),
        )
        .order_by(col(ChecklistItem.due_on), col(ChecklistItem.id))
    )
    with db.reading() as session:
        return list(session.exec(query))
