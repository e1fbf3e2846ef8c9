"""Due checklist items, planned meetings and meeting rhythms as iCalendar, for any
calendar or task app, with alarms.

Every UID is made of the record's kind and id (``checklist-item-42@handover``), DTSTAMP is
the record's last change and SEQUENCE follows its version: exporting again and importing
the file updates the entries already in the calendar instead of adding copies, and the
same data always gives the same text.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.formatting import vocab_label
from handover_tui.domain.reminders import CalendarOptions
from handover_tui.domain.vocab import PHASE_LABELS, SIDE_LABELS, ClientStatus, InteractionKind
from handover_tui.models import ChecklistItem, Client, Interaction, Person, Transition
from handover_tui.services._records import fetch
from handover_tui.services.transition_plan import LIVE

PRODID = "-//handover//EN"
UID_DOMAIN = "handover"


def item_uid(item_id: int) -> str:
    """The stable UID of a checklist item's VTODO."""
    return f"checklist-item-{item_id}@{UID_DOMAIN}"


def meeting_uid(interaction_id: int) -> str:
    """The stable UID of the VEVENT for the meeting planned at a log entry."""
    return f"interaction-{interaction_id}-next@{UID_DOMAIN}"


def export_ics(
    db: Database,
    client_id: int | None = None,
    *,
    today: date,
    options: CalendarOptions | None = None,
    invite_clients: bool = False,
) -> str:
    """A VCALENDAR of open items with a due date, planned meetings and meeting rhythms.

    Items: open checklist items of running (active or paused) transitions and the
    client's own review items, overdue ones included, each with an alarm (by default at
    09:00 the day before, in the user's time zone). Meetings: the next date planned at
    the latest log entry of each kind, from ``today`` on, all day (the log has no time);
    an earlier entry's plan was met or replaced by the later one. Rhythms: each kind of
    contact an active handoff's communication plan sets, as one recurring event at the
    meeting time (``services.calendar_people``). Owners are attendees; client contacts
    only with ``invite_clients``. Archived clients are left out. ``client_id`` narrows
    the calendar to one client.
    """
    import icalendar

    from handover_tui.services.calendar_people import (
        People,
        add_alarm,
        add_people,
        cadence_events,
    )

    options = options or CalendarOptions()
    with db.reading() as session:
        name = "handover"
        if client_id is not None:
            name = f"handover: {fetch(session, Client, client_id, 'Client').name}"
        items = session.execute(_items(client_id)).all()
        meetings = session.execute(_meetings(client_id, today)).all()
        involved = [item.client_id for item, _c, _p in items if item.client_id is not None]
        involved += [entry.client_id for entry, _c in meetings]
        if client_id is not None:
            involved.append(client_id)
        else:
            involved += list(session.exec(select(Transition.client_id)))
        people = People.read(session, involved, invite_clients)
        rhythms = cadence_events(session, client_id, options, people)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", options.zone().key)
    for item, client, person in items:
        todo = icalendar.Todo()
        todo.add("uid", item_uid(item.id))
        todo.add("dtstamp", item.updated_at)
        # RFC 5545 starts SEQUENCE at 0; our versions start at 1.
        todo.add("sequence", item.version - 1)
        todo.add("due", item.due_on)
        todo.add("summary", f"{client}: {item.title}")
        todo.add("description", _item_text(item, person))
        todo.add("status", "NEEDS-ACTION")
        add_people(todo, people.for_item(item))
        add_alarm(todo, at=options.alarm_at(item.due_on), text=f"{client}: {item.title} is due")
        calendar.add_component(todo)
    for entry, client in meetings:
        kind = _kind_label(entry.kind)
        event = icalendar.Event()
        event.add("uid", meeting_uid(entry.id))
        event.add("dtstamp", entry.updated_at)
        event.add("sequence", entry.version - 1)
        # All day: a DATE start, and the exclusive end every calendar app expects.
        event.add("dtstart", entry.next_planned_on)
        event.add("dtend", entry.next_planned_on + timedelta(days=1))
        event.add("summary", f"{client}: {kind}")
        event.add("description", _meeting_text(entry, kind))
        # A date without a time should not block the day in anyone's free/busy view.
        event.add("transp", "TRANSPARENT")
        add_people(event, people.for_meeting(entry.client_id, entry.kind))
        add_alarm(event, at=options.alarm_at(entry.next_planned_on), text=f"{client}: {kind}")
        calendar.add_component(event)
    for event in rhythms:
        calendar.add_component(event)
    if rhythms:
        # The zone's rules, for the recurring events' local times, over the years shown.
        calendar.add_missing_timezones(
            first_date=date(today.year - 1, 1, 1), last_date=date(today.year + 3, 1, 1)
        )
    text: str = calendar.to_ical().decode("utf-8")
    return text


def next_meeting(db: Database, client_id: int, today: date) -> date | None:
    """The first meeting planned with the client from ``today`` on, as the calendar
    shows it (the plan of the latest log entry of each kind), or None."""
    with db.reading() as session:
        first = session.execute(_meetings(client_id, today).limit(1)).first()
    return None if first is None else first[0].next_planned_on


def _items(client_id: int | None) -> sa.Select[ChecklistItem, str, str]:
    responsible = aliased(Person)
    query = (
        select(ChecklistItem, Client.name, responsible.name)
        .join(Client, col(Client.id) == col(ChecklistItem.client_id))
        .outerjoin(Transition, col(Transition.id) == col(ChecklistItem.transition_id))
        .outerjoin(responsible, col(responsible.id) == col(ChecklistItem.responsible_id))
        .where(
            col(ChecklistItem.done_on).is_(None),
            col(ChecklistItem.due_on).is_not(None),
            Client.status != ClientStatus.ARCHIVED.value,
            sa.or_(col(ChecklistItem.transition_id).is_(None), col(Transition.status).in_(LIVE)),
        )
        .order_by(col(ChecklistItem.due_on), sa.func.lower(col(Client.name)), col(ChecklistItem.id))
    )
    if client_id is not None:
        query = query.where(ChecklistItem.client_id == client_id)
    return query


def _meetings(client_id: int | None, today: date) -> sa.Select[Interaction, str]:
    later = aliased(Interaction)
    newer_of_same_kind = (
        select(later.id)
        .where(
            later.client_id == Interaction.client_id,
            later.kind == Interaction.kind,
            sa.or_(
                col(later.occurred_on) > col(Interaction.occurred_on),
                sa.and_(
                    col(later.occurred_on) == col(Interaction.occurred_on),
                    col(later.id) > col(Interaction.id),
                ),
            ),
        )
        .exists()
    )
    query = (
        select(Interaction, Client.name)
        .join(Client, col(Client.id) == col(Interaction.client_id))
        .where(
            col(Interaction.next_planned_on).is_not(None),
            col(Interaction.next_planned_on) >= today,
            Client.status != ClientStatus.ARCHIVED.value,
            ~newer_of_same_kind,
        )
        .order_by(
            col(Interaction.next_planned_on), sa.func.lower(col(Client.name)), col(Interaction.id)
        )
    )
    if client_id is not None:
        query = query.where(Interaction.client_id == client_id)
    return query


def _item_text(item: ChecklistItem, person: str | None) -> str:
    if item.transition_id is None:
        where = "Client review (no transition)"
    else:
        where = f"Phase: {PHASE_LABELS.get(item.phase, vocab_label(item.phase))}"
    who = person or SIDE_LABELS.get(item.side, vocab_label(item.side))
    lines = [where, f"Responsible: {who}"]
    if item.notes:
        lines += ["", item.notes]
    return "\n".join(lines)


def _kind_label(kind: str) -> str:
    try:
        return InteractionKind(kind).label
    except ValueError:
        return vocab_label(kind)


def _meeting_text(entry: Interaction, kind: str) -> str:
    lines = [f"Planned at the {kind.lower()} of {entry.occurred_on.isoformat()}."]
    if entry.attendees:
        lines.append(f"Attendees then: {entry.attendees}")
    if entry.summary:
        lines += ["", entry.summary]
    return "\n".join(lines)


__all__ = ["PRODID", "export_ics", "item_uid", "meeting_uid", "next_meeting"]
