"""A client's stakeholders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.validation import InvalidInput, clean_contact
from handover_tui.models import Client, Contact, Interaction, Person
from handover_tui.services._records import apply_changes, fetch, put_back


def list_contacts(db: Database, client_id: int) -> list[Contact]:
    """The client's contacts, primary first, then by name."""
    with db.reading() as session:
        return list(session.exec(_contacts_of(client_id)))


def get_contact(db: Database, contact_id: int) -> Contact:
    """One contact, as the edit form reads it when it opens."""
    with db.reading() as session:
        return fetch(session, Contact, contact_id, "contact")


def _one_primary(session: Any, contact: Contact) -> None:
    """A client has at most one primary contact: marking one unmarks the others."""
    if contact.is_primary:
        session.execute(
            sa.update(Contact)
            .where(col(Contact.client_id) == contact.client_id, col(Contact.id) != contact.id)
            .where(Contact.is_primary.is_(True))  # type: ignore[attr-defined]
            .values(is_primary=False, version=Contact.version + 1)
        )


def _check_holder(session: Any, values: Mapping[str, Any]) -> None:
    """Who holds the relationship must be one of the people."""
    holder = values.get("relationship_holder_id")
    if holder is not None and session.get(Person, holder) is None:
        raise InvalidInput({"relationship_holder_id": "Pick one of the people."})


@dataclass(frozen=True)
class StakeholderMap:
    """A client's contacts with who on our side holds each relationship and when each
    was last met, as the contacts tab shows them."""

    contacts: list[Contact]
    holders: dict[int, str]
    """Contact id to the name of the person holding the relationship."""
    last_contact: dict[int, date]


def stakeholder_map(db: Database, client_id: int) -> StakeholderMap:
    """The client's contacts (primary first, then by name), their relationship holders
    and their last contact dates from the log, read in one transaction."""
    with db.reading() as session:
        contacts = list(session.exec(_contacts_of(client_id)))
        held = {c.relationship_holder_id for c in contacts if c.relationship_holder_id}
        names = {
            person.id: person.name
            for person in session.exec(select(Person).where(col(Person.id).in_(held)))
        }
        entries = _log_entries(session, client_id)
    holders = {
        c.id or 0: names.get(c.relationship_holder_id, "")
        for c in contacts
        if c.relationship_holder_id
    }
    return StakeholderMap(contacts, holders, _last_met(contacts, entries))


def _contacts_of(client_id: int) -> Any:
    return (
        select(Contact)
        .where(Contact.client_id == client_id)
        .order_by(col(Contact.is_primary).desc(), sa.func.lower(col(Contact.name)), col(Contact.id))
    )


def _log_entries(session: Any, client_id: int) -> list[tuple[date, str]]:
    return list(
        session.exec(
            select(col(Interaction.occurred_on), col(Interaction.attendees))
            .where(Interaction.client_id == client_id, col(Interaction.attendees) != "")
            .order_by(col(Interaction.occurred_on).desc())
        ).all()
    )


def last_contacted(db: Database, client_id: int) -> dict[int, date]:
    """Each contact's last contact date, from the log: the latest entry whose attendees
    name them (their name or e-mail address, in any case)."""
    with db.reading() as session:
        people = list(session.exec(select(Contact).where(Contact.client_id == client_id)))
        entries = _log_entries(session, client_id)
    return _last_met(people, entries)


def _last_met(people: Iterable[Contact], entries: list[tuple[date, str]]) -> dict[int, date]:
    found: dict[int, date] = {}
    for contact in people:
        keys = [key.casefold() for key in (contact.name, contact.email) if key.strip()]
        for occurred_on, attendees in entries:
            text = attendees.casefold()
            if any(key in text for key in keys):
                found[contact.id or 0] = occurred_on
                break
    return found


def add_contact(
    db: Database, client_id: int, fields: Mapping[str, Any], *, region: str = "US"
) -> Contact:
    values = clean_contact(fields, region=region)
    with db.transaction() as session:
        fetch(session, Client, client_id, "Client")
        _check_holder(session, values)
        contact = Contact(client_id=client_id, **values)
        session.add(contact)
        session.flush()
        _one_primary(session, contact)
        return contact


def add_contacts(
    db: Database,
    many: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    region: str = "US",
    chunk: int = 2000,
) -> int:
    """Many contacts, ``(client_id, fields)`` each, in one unit of work (an import, a
    benchmark's data set). As if added one by one with :func:`add_contact`: a client's
    last new primary contact is its primary. Returns how many were added."""
    rows = [(client_id, clean_contact(fields, region=region)) for client_id, fields in many]
    last_primary = {
        client_id: n for n, (client_id, values) in enumerate(rows) if values.get("is_primary")
    }
    with db.transaction() as session:
        known = set(session.exec(select(Client.id)))
        for client_id in {client_id for client_id, _values in rows} - known:
            fetch(session, Client, client_id, "Client")  # raises NotFound
        wanted = sorted(last_primary)
        for start in range(0, len(wanted), 500):  # primaries on file give way
            session.execute(
                sa.update(Contact)
                .where(Contact.client_id.in_(wanted[start : start + 500]))  # type: ignore[attr-defined]
                .where(Contact.is_primary.is_(True))  # type: ignore[attr-defined]
                .values(is_primary=False, version=Contact.version + 1)
            )
        for count, (client_id, values) in enumerate(rows, start=1):
            values["is_primary"] = last_primary.get(client_id) == count - 1
            session.add(Contact(client_id=client_id, **values))
            if count % chunk == 0:
                session.flush()
                session.expunge_all()  # the audit rows are written; keep memory flat
    return len(rows)


def update_contact(
    db: Database,
    contact_id: int,
    fields: Mapping[str, Any],
    *,
    expected_version: int | None,
    region: str = "US",
) -> Contact:
    with db.transaction() as session:
        contact = fetch(session, Contact, contact_id, "Contact", lock=True)
        # An unverified phone shown back unchanged keeps its mark (domain.validation.verified).
        values = clean_contact(fields, partial=True, region=region, on_file=contact.model_dump())
        _check_holder(session, values)
        apply_changes(contact, values, expected_version=expected_version, what=contact.name)
        session.flush()
        _one_primary(session, contact)
        return contact


def delete_contact(db: Database, contact_id: int) -> Contact:
    """Remove a contact; the returned copy can be handed to :func:`restore_contact`."""
    with db.transaction() as session:
        contact = fetch(session, Contact, contact_id, "Contact", lock=True)
        session.delete(contact)
        return contact


def restore_contact(db: Database, contact: Contact) -> Contact:
    """Undo a delete: the same contact comes back with its id."""
    with db.transaction() as session:
        fetch(session, Client, contact.client_id, "Client")
        copy = put_back(session, contact)
        _one_primary(session, copy)
        return copy
