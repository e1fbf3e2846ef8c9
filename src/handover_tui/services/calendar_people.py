"""The calendar export's people, alarms and meeting rhythms (``services.calendar``).

Attendees: the owners (a checklist item's responsible person, else the owner of its
side; a meeting's outgoing and incoming owners, else the client's owner). Client
contacts only when asked (``invite_clients``), and only on what they take part in: the
client updates, check-ins and other meetings, and items on the client's side, since a
calendar may send each attendee an invitation. Every address is checked as a draft's
are (``domain.mail``); a name or address that is not one is left out, never written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from handover_tui.domain import plan
from handover_tui.domain.formatting import vocab_label
from handover_tui.domain.mail import DraftError, checked_address, display_name
from handover_tui.domain.reminders import CalendarOptions, recurrence
from handover_tui.domain.vocab import ClientStatus, InteractionKind, Side
from handover_tui.models import ChecklistItem, Client, Contact, Person, Transition
from handover_tui.services.transition_plan import RUNNING, windows_of

UID_DOMAIN = "handover"
CADENCE_KINDS = ("status_meeting", "knowledge_transfer", "client_update", "check_in")
CLIENT_FACING = (
    InteractionKind.CLIENT_UPDATE.value,
    InteractionKind.CHECK_IN.value,
    InteractionKind.OTHER.value,
)
MEETING_ALARM = timedelta(minutes=15)


def cadence_uid(transition_id: int, kind: str) -> str:
    """The stable UID of the recurring event of one rhythm of a transition's plan."""
    return f"cadence-{transition_id}-{kind.replace('_', '-')}@{UID_DOMAIN}"


def _kind_label(kind: str) -> str:
    try:
        return InteractionKind(kind).label
    except ValueError:
        return vocab_label(kind)


def _address(name: str, email: str, role: str) -> Any | None:
    import icalendar

    try:
        address = checked_address(email, name)
    except DraftError:
        return None
    attendee = icalendar.vCalAddress(f"mailto:{address}")
    shown = display_name(name)
    if shown:
        attendee.params["cn"] = shown
    attendee.params["role"] = role
    attendee.params["partstat"] = "NEEDS-ACTION"
    return attendee


@dataclass
class People:
    """Who takes part in what, read once for the clients in the calendar."""

    invite_clients: bool
    persons: dict[int, Person] = field(default_factory=dict)
    owners: dict[int, int | None] = field(default_factory=dict)
    transitions: dict[int, Transition] = field(default_factory=dict)
    running: dict[int, Transition] = field(default_factory=dict)
    contacts: dict[int, list[Contact]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, session: Session, client_ids: Iterable[int], invite: bool) -> People:
        wanted = set(client_ids)
        found = cls(invite_clients=invite)
        if not wanted:
            return found
        found.persons = {p.id: p for p in session.exec(select(Person)) if p.id is not None}
        for client_id, owner_id in session.exec(
            select(Client.id, Client.owner_id).where(col(Client.id).in_(wanted))
        ):
            if client_id is not None:
                found.owners[client_id] = owner_id
        for transition in session.exec(
            select(Transition).where(col(Transition.client_id).in_(wanted))
        ):
            if transition.id is not None:
                found.transitions[transition.id] = transition
                if transition.status in RUNNING:
                    found.running[transition.client_id] = transition
        if invite:
            query = select(Contact).where(col(Contact.client_id).in_(wanted))
            for contact in session.exec(query.order_by(col(Contact.is_primary).desc())):
                found.contacts[contact.client_id].append(contact)
        return found

    def _people(self, ids: Iterable[int | None]) -> list[Any]:
        seen: list[Any] = []
        for person_id in dict.fromkeys(ids):
            person = self.persons.get(person_id) if person_id is not None else None
            if person is not None and not person.archived_at:
                attendee = _address(person.name, person.email, "REQ-PARTICIPANT")
                if attendee is not None:
                    seen.append(attendee)
        return seen

    def _clients(self, client_id: int) -> list[Any]:
        if not self.invite_clients:
            return []
        found = [_address(c.name, c.email, "REQ-PARTICIPANT") for c in self.contacts[client_id]]
        return [attendee for attendee in found if attendee is not None]

    def owners_of(self, client_id: int) -> list[Any]:
        """Both owners of the client's running handoff, else its owner."""
        transition = self.running.get(client_id)
        if transition is not None:
            return self._people([transition.outgoing_id, transition.incoming_id])
        return self._people([self.owners.get(client_id)])

    def for_item(self, item: ChecklistItem) -> list[Any]:
        if item.responsible_id is not None:
            return self._people([item.responsible_id])
        transition = self.transitions.get(item.transition_id or 0)
        client_id = item.client_id or (transition.client_id if transition else 0)
        if transition is None:
            return self._people([self.owners.get(client_id)])
        if item.side == Side.CLIENT.value:
            return self._clients(client_id)
        sides = {
            Side.OUTGOING.value: [transition.outgoing_id],
            Side.INCOMING.value: [transition.incoming_id],
            Side.BOTH.value: [transition.outgoing_id, transition.incoming_id],
        }
        return self._people(sides.get(item.side, []))

    def for_meeting(self, client_id: int, kind: str) -> list[Any]:
        owners = self.owners_of(client_id)
        return owners + (self._clients(client_id) if kind in CLIENT_FACING else [])


def add_people(component: Any, attendees: list[Any]) -> None:
    """ATTENDEE lines, and the first of them as ORGANIZER (calendars want one)."""
    import icalendar

    if not attendees:
        return
    organizer = icalendar.vCalAddress(str(attendees[0]))
    if "CN" in attendees[0].params:
        organizer.params["cn"] = attendees[0].params["CN"]
    component.add("organizer", organizer)
    for attendee in attendees:
        component.add("attendee", attendee)


def add_alarm(
    component: Any, *, at: datetime | None = None, before: timedelta | None = None, text: str
) -> None:
    """A VALARM that shows ``text``: at a moment (UTC), or some time before the start."""
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    if at is not None:
        # An absolute trigger must say so (RFC 5545 3.8.6.3); a relative one is the default.
        alarm.add("trigger", at, parameters={"VALUE": "DATE-TIME"})
    else:
        alarm.add("trigger", -(before or timedelta()))
    component.add_component(alarm)


def cadence_events(
    session: Session,
    client_id: int | None,
    options: CalendarOptions,
    people: People,
) -> list[Any]:
    """One recurring event for each rhythm of each active handoff's communication plan:
    from its first day, at the meeting time, every N days (or weeks) until it ends."""
    import icalendar

    query = (
        select(Transition, Client.name)
        .join(Client, col(Client.id) == col(Transition.client_id))
        .where(Transition.status == "active", Client.status != ClientStatus.ARCHIVED.value)
        .order_by(col(Transition.id))
    )
    if client_id is not None:
        query = query.where(Transition.client_id == client_id)
    zone = options.zone()
    events = []
    for transition, client in session.exec(query):
        phases = windows_of(transition)
        if not phases or transition.id is None:
            continue
        for kind in CADENCE_KINDS:
            every = getattr(transition, f"every_{kind}")
            span = plan.cadence_span(kind, phases, transition.completed_on)
            if not every or span is None:
                continue
            first, until = span
            label = _kind_label(kind)
            event = icalendar.Event()
            event.add("uid", cadence_uid(transition.id, kind))
            event.add("dtstamp", transition.updated_at)
            event.add("sequence", transition.version - 1)
            event.add("dtstart", options.meeting_start(first))
            event.add("duration", timedelta(minutes=options.meeting_minutes))
            event.add("rrule", recurrence(every, until, zone))
            event.add("summary", f"{client}: {label}")
            event.add(
                "description",
                f"Every {every} days during the handoff of {client}, "
                f"{first.isoformat()} to {until.isoformat()} (communication plan).",
            )
            add_people(event, people.for_meeting(transition.client_id, kind))
            add_alarm(event, before=MEETING_ALARM, text=f"{client}: {label}")
            events.append(event)
    return events


__all__ = [
    "CADENCE_KINDS",
    "CLIENT_FACING",
    "People",
    "add_alarm",
    "add_people",
    "cadence_events",
    "cadence_uid",
]
