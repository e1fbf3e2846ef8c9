"""A client's stakeholders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from handover_tui.db.engine import Database
from handover_tui.domain.validation import clean_contact
from handover_tui.models import Client, Contact
from handover_tui.services._records import apply_changes, fetch, put_back


def list_contacts(db: Database, client_id: int) -> list[Contact]:
    """The client's contacts, primary first, then by name."""
    query = (
        select(Contact)
        .where(Contact.client_id == client_id)
        .order_by(Contact.is_primary.desc(), sa.func.lower(Contact.name), Contact.id)  # type: ignore[attr-defined]
    )
    with db.reading() as session:
        return list(session.exec(query))


def _one_primary(session: Any, contact: Contact) -> None:
    """A client has at most one primary contact: marking one unmarks the others."""
    if contact.is_primary:
        session.execute(
            sa.update(Contact)
            .where(Contact.client_id == contact.client_id, Contact.id != contact.id)
            .where(Contact.is_primary.is_(True))  # type: ignore[attr-defined]
            .values(is_primary=False, version=Contact.version + 1)
        )


def add_contact(
    db: Database, client_id: int, fields: Mapping[str, Any], *, region: str = "US"
) -> Contact:
    values = clean_contact(fields, region=region)
    with db.transaction() as session:
        fetch(session, Client, client_id, "Client")
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
    benchmark's data set); at most one primary per client, as :func:`add_contact` keeps.
    Returns how many were added."""
    count = 0
    with db.transaction() as session:
        known = set(session.exec(select(Client.id)))
        primary: set[int] = set()
        for client_id, fields in many:
            if client_id not in known:
                fetch(session, Client, client_id, "Client")  # raises NotFound
            values = clean_contact(fields, region=region)
            if values.get("is_primary"):
                if client_id in primary:
                    values["is_primary"] = False
                primary.add(client_id)
            session.add(Contact(client_id=client_id, **values))
            count += 1
            if count % chunk == 0:
                session.flush()
                session.expunge_all()
        session.flush()
        for client_id in primary:
            # A primary already on file gives way to the new one, as in add_contact.
            newest = session.exec(
                select(sa.func.max(Contact.id)).where(
                    Contact.client_id == client_id,
                    Contact.is_primary.is_(True),  # type: ignore[attr-defined]
                )
            ).one()
            session.execute(
                sa.update(Contact)
                .where(Contact.client_id == client_id, Contact.id != newest)
                .where(Contact.is_primary.is_(True))  # type: ignore[attr-defined]
                .values(is_primary=False, version=Contact.version + 1)
            )
    return count


def update_contact(
    db: Database,
    contact_id: int,
    fields: Mapping[str, Any],
    *,
    expected_version: int | None,
    region: str = "US",
) -> Contact:
    values = clean_contact(fields, partial=True, region=region)
    with db.transaction() as session:
        contact = fetch(session, Contact, contact_id, "Contact", lock=True)
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
