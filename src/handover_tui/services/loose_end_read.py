"""A transition's loose ends as the plan tab, the document and the drafts read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from handover_tui.domain import loose_ends as rules
from handover_tui.models import Contact, LooseEnd


@dataclass(frozen=True)
class LooseEndRow:
    """A loose end as the plan tab, the document and the drafts show it."""

    id: int
    transition_id: int | None
    title: str
    holder: str
    contact_id: int | None
    contact: str
    due_on: date | None
    state: str
    closed_on: date | None
    drop_reason: str
    notes: str
    version: int

    @property
    def settled(self) -> bool:
        return rules.is_settled(self.state)

    def overdue(self, today: date) -> bool:
        return rules.is_overdue(self.state, self.due_on, today)

    def state_text(self) -> str:
        return rules.state_text(self.state, self.closed_on, self.drop_reason)


def read_loose_ends(session: Session, transition_id: int) -> list[LooseEndRow]:
    """A transition's loose ends, open ones first, each group by due date (none last)."""
    rows = session.exec(
        select(LooseEnd, Contact.name)
        .join(Contact, col(Contact.id) == col(LooseEnd.contact_id), isouter=True)
        .where(LooseEnd.transition_id == transition_id)
    ).all()
    found = [_row(end, name or "") for end, name in rows]
    found.sort(key=lambda r: (r.settled, r.due_on is None, r.due_on or date.min, r.id))
    return found


def _row(end: LooseEnd, contact: str) -> LooseEndRow:
    return LooseEndRow(
        id=end.id or 0,
        transition_id=end.transition_id,
        title=end.title,
        holder=end.holder,
        contact_id=end.contact_id,
        contact=contact,
        due_on=end.due_on,
        state=end.state,
        closed_on=end.closed_on,
        drop_reason=end.drop_reason,
        notes=end.notes,
        version=end.version,
    )
