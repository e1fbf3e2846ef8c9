"""The agenda's read: everything ``handover agenda`` and the app's daily notice list, in
plain SQL through a :class:`Reader` (``db.read``), so on a SQLite file it runs with the
standard library only. Checklist items, renewals and signals come from the dashboard's
own reads; meetings, meeting rhythms and loose ends are read here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from handover_tui.db import dashboard_read, signals_read
from handover_tui.db.read import Reader, day, line
from handover_tui.db.signals_read import PHASE_COLUMNS, RUNNING_SQL, windows
from handover_tui.domain import plan, signals
from handover_tui.domain.agenda import (
    CADENCE,
    ITEM,
    LOOSE_END,
    MEETING,
    RENEWAL,
    RENEWAL_DAYS,
    SIGNAL,
    Entry,
)
from handover_tui.domain.formatting import money_text, vocab_label
from handover_tui.domain.signals import Thresholds
from handover_tui.domain.vocab import InteractionKind, Severity, SignalKind

CADENCE_KINDS = ("status_meeting", "knowledge_transfer", "client_update", "check_in")

_MEETINGS = (
    "SELECT i.id, i.client_id, c.name, i.kind, i.next_planned_on FROM interaction i"
    " JOIN client c ON c.id = i.client_id"
    " WHERE i.next_planned_on IS NOT NULL AND i.next_planned_on >= :today"
    " AND i.next_planned_on <= :last AND c.status != 'archived'"
    # The plan made at the latest entry of each kind; an earlier one was met or replaced.
    " AND NOT EXISTS (SELECT 1 FROM interaction l WHERE l.client_id = i.client_id"
    " AND l.kind = i.kind AND (l.occurred_on > i.occurred_on"
    " OR (l.occurred_on = i.occurred_on AND l.id > i.id)))"
)
_RHYTHMS = (
    "SELECT t.client_id, c.name, t.completed_on, "
    + ", ".join(f"t.every_{kind}" for kind in CADENCE_KINDS)
    + f", {', '.join(f't.{column}' for column in PHASE_COLUMNS.split(', '))}"
    " FROM transition t JOIN client c ON c.id = t.client_id"
    f" WHERE t.status = 'active' AND c.status != 'archived'"
)
_LOGGED = (
    "SELECT i.client_id, i.kind, i.occurred_on FROM interaction i"
    " WHERE i.client_id IN (SELECT client_id FROM transition WHERE status = 'active')"
)
_LOOSE_ENDS = (
    "SELECT l.id, l.client_id, c.name, l.title, l.due_on FROM loose_end l"
    " JOIN client c ON c.id = l.client_id JOIN transition t ON t.id = l.transition_id"
    f" WHERE l.state = 'open' AND c.status != 'archived' AND t.status IN {RUNNING_SQL}"
    " ORDER BY l.due_on IS NULL, l.due_on, l.id"
)
_INVOLVED = (
    "SELECT id, owner_id FROM client WHERE owner_id IS NOT NULL"
    " UNION ALL SELECT client_id, outgoing_id FROM transition"
    f" WHERE outgoing_id IS NOT NULL AND status IN {RUNNING_SQL}"
    " UNION ALL SELECT client_id, incoming_id FROM transition"
    f" WHERE incoming_id IS NOT NULL AND status IN {RUNNING_SQL}"
)
_PEOPLE = "SELECT id, name, email FROM person ORDER BY archived_at IS NOT NULL, lower(name), id"


def entries(
    reader: Reader, today: date, *, days: int, limits: Thresholds | None = None
) -> list[Entry]:
    """Everything on the agenda for ``days`` days from ``today`` (renewals for
    :data:`RENEWAL_DAYS`), overdue items and the loose ends of running handoffs too,
    everyone's; ``domain.agenda`` narrows and groups them."""
    last = today + timedelta(days=max(days, 1) - 1)
    found = [
        Entry(
            ITEM,
            item.client_id,
            item.client,
            f"{item.title} ({item.who})",
            day=item.due_on,
            overdue=item.overdue(today),
            ref=item.id,
        )
        for item in dashboard_read.agenda(reader, today, days=max(days, 1) - 1)
    ]
    renewing = today + timedelta(days=RENEWAL_DAYS)
    found += [
        Entry(RENEWAL, r.client_id, r.client, _renewal(r), day=r.renewal_date)
        for r in dashboard_read.renewals(reader, today)
        if r.renewal_date <= renewing
    ]
    found += [
        Entry(SIGNAL, s.client_id, s.client, s.message)
        for s in signals.attention(signals_read.facts(reader, today, limits=limits), today, limits)
        # Overdue items are listed one by one already.
        if s.severity == Severity.HIGH and s.kind != SignalKind.OVERDUE_ITEMS
    ]
    found += [
        Entry(MEETING, client_id, line(client), f"{_kind(kind)} planned", day=day(on), ref=ref)
        for ref, client_id, client, kind, on in reader.rows(_MEETINGS, today=today, last=last)
    ]
    found += _rhythms(reader, today, last)
    found += [
        Entry(LOOSE_END, client_id, line(client), _loose_end(title, day(due)), ref=ref)
        for ref, client_id, client, title, due in reader.rows(_LOOSE_ENDS)
    ]
    return found


def _loose_end(title: str, due: date | None) -> str:
    return f"{line(title)} (due {due.isoformat()})" if due else line(title)


def _renewal(renewal: dashboard_read.Renewal) -> str:
    value = money_text(renewal.annual_value, renewal.currency)
    return f"Renewal ({value} a year)" if value else "Renewal"


def _kind(kind: str) -> str:
    try:
        return InteractionKind(kind).label
    except ValueError:
        return vocab_label(kind)


def _rhythms(reader: Reader, today: date, last: date) -> list[Entry]:
    """The next contact each running handoff's communication plan asks for, when due
    by ``last``: a period already open and not met reads "due since"."""
    logged: dict[tuple[int, str], list[date]] = defaultdict(list)
    for client_id, kind, occurred_on in reader.rows(_LOGGED):
        when = day(occurred_on)
        if when is not None:
            logged[(client_id, kind)].append(when)
    found = []
    for client_id, client, completed_on, *rest in reader.rows(_RHYTHMS):
        every = dict(zip(CADENCE_KINDS, rest[: len(CADENCE_KINDS)], strict=True))
        phases = windows(rest[len(CADENCE_KINDS) :])
        if not phases:
            continue
        for kind, days in every.items():
            span = plan.cadence_span(kind, phases, day(completed_on))
            if not days or span is None:
                continue
            status = plan.cadence_status(
                kind, days, span[0], span[1], logged[(client_id, kind)], today
            )
            due = status.next_due
            if due is None or due > last:
                continue
            text = f"{_kind(kind)} due (every {days} days)"
            if due < today:
                text = f"{_kind(kind)} due since {due.isoformat()} (every {days} days)"
            found.append(Entry(CADENCE, client_id, line(client), text, day=due))
    return found


def involved(reader: Reader) -> dict[int, set[int]]:
    """Client id to the people whose agenda it is on: its owner, and both owners of a
    running handoff."""
    found: dict[int, set[int]] = defaultdict(set)
    for client_id, person_id in reader.rows(_INVOLVED):
        found[client_id].add(person_id)
    return dict(found)


def people(reader: Reader) -> list[tuple[int, str, str]]:
    """Everyone's id, name and e-mail, current people first."""
    return [(i, line(name), line(email)) for i, name, email in reader.rows(_PEOPLE)]
