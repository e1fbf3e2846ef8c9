"""A client's checklist as a quick read lists it: the items of its current transition
(the running one, else the most recent), then its own reviews still open. The read
behind ``handover items`` and ``handover tick`` (which checks the item is the client's),
on a SQLite file with the standard library or on an open database (``db.read``).

Also the client a command names (:func:`client_names`): an id, a name in any case, or
the start of one, resolved by ``domain.naming`` over every client's id and name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handover_tui.db.read import Reader, day, line
from handover_tui.domain.loose_ends import holder_text

_CURRENT = (
    "SELECT id FROM transition WHERE client_id = :client"
    " ORDER BY CASE WHEN status IN ('active', 'paused') THEN 0 ELSE 1 END, id DESC LIMIT 1"
)
_PLAN = (
    "SELECT id, phase, title, due_on, done_on, version FROM checklist_item"
    " WHERE transition_id = :transition ORDER BY position, id"
)
_REVIEWS = (
    "SELECT id, 'review', title, due_on, done_on, version FROM checklist_item"
    " WHERE client_id = :client AND transition_id IS NULL AND done_on IS NULL"
    " ORDER BY CASE WHEN due_on IS NULL THEN 0 ELSE 1 END, due_on, id"
)
_LOOSE_ENDS = (
    "SELECT l.id, l.title, l.due_on, l.state, l.closed_on, l.holder, COALESCE(ct.name, ''),"
    " COALESCE(po.name, ''), COALESCE(pi.name, '') FROM loose_end l"
    " JOIN transition t ON t.id = l.transition_id"
    " LEFT JOIN contact ct ON ct.id = l.contact_id"
    " LEFT JOIN person po ON po.id = t.outgoing_id LEFT JOIN person pi ON pi.id = t.incoming_id"
    " WHERE l.transition_id = :transition"
    " ORDER BY CASE WHEN l.state = 'open' THEN 0 ELSE 1 END,"
    " CASE WHEN l.due_on IS NULL THEN 1 ELSE 0 END, l.due_on, l.id"
)
_NAMES = "SELECT id, name, status FROM client"


@dataclass(frozen=True)
class Item:
    """One line of ``handover items``: ``phase`` is ``review`` for the client's own."""

    id: int
    phase: str
    title: str
    due_on: date | None
    done_on: date | None
    version: int


@dataclass(frozen=True)
class LooseEnd:
    """A loose end of the client's current transition, as ``handover items`` lists it:
    ``holder`` is who holds it, by name when known."""

    id: int
    title: str
    due_on: date | None
    state: str
    closed_on: date | None
    holder: str


@dataclass(frozen=True)
class Named:
    """A client as a command names it."""

    id: int
    name: str
    status: str


def items(reader: Reader, client_id: int) -> list[Item]:
    """The client's checklist: its current transition's items, then its open reviews."""
    found = reader.one(_CURRENT, client=client_id)
    rows = reader.rows(_PLAN, transition=found[0]) if found else []
    rows += reader.rows(_REVIEWS, client=client_id)
    return [
        Item(item_id, phase, line(title), day(due), day(done), version)
        for item_id, phase, title, due, done, version in rows
    ]


def loose_ends(reader: Reader, client_id: int) -> list[LooseEnd]:
    """The loose ends of the client's current transition, open ones first, by due date."""
    found = reader.one(_CURRENT, client=client_id)
    if not found:
        return []
    rows = reader.rows(_LOOSE_ENDS, transition=found[0])
    return [
        LooseEnd(
            end_id,
            line(title),
            day(due),
            state,
            day(closed),
            holder_text(
                holder, line(contact), line({"outgoing": out, "incoming": inc}.get(holder, ""))
            ),
        )
        for end_id, title, due, state, closed, holder, contact, out, inc in rows
    ]


def client_names(reader: Reader) -> list[Named]:
    """Every client's id, name and status, archived too, for resolving a name typed."""
    return [Named(i, line(name), status) for i, name, status in reader.rows(_NAMES)]
