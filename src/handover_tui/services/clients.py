"""The client roster: list, filter, sort, create, edit, archive and bring back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from handover_tui.db import roster_read
from handover_tui.db.engine import Database
from handover_tui.db.read import reading
from handover_tui.domain import roster_view
from handover_tui.domain.roster_view import RosterRow
from handover_tui.domain.validation import InvalidInput, clean_client
from handover_tui.domain.vocab import ClientStatus
from handover_tui.models import Client, Person, utcnow
from handover_tui.services._records import apply_changes, fetch
from handover_tui.services.lookup import Ambiguous, pick

SORT_KEYS = ("name", "owner", "status", "stage", "renewal", "value")


ClientRow = RosterRow
"""One line of the roster (the roster's own plain row)."""


@dataclass(frozen=True)
class ClientDetail:
    """A client with the names the overview shows beside the ids."""

    client: Client
    owner: str
    deputy: str


def list_clients(
    db: Database,
    text: str = "",
    *,
    include_archived: bool = False,
    sort: str = "name",
    descending: bool = False,
    only: int | None = None,
    status: str | None = None,
    owner_name: str | None = None,
) -> list[RosterRow]:
    """Roster rows matching ``text`` (name, owner, industry, segment or tags), sorted.

    ``only`` narrows the result to one client, to refresh a single row; ``status`` to one
    status; ``owner_name`` to owners whose name contains it (any case). The roster's read
    (``db.roster_read``), filtered and sorted as the roster screen does.
    """
    return roster_view.narrowed(
        roster_rows(db, only=only),
        text,
        include_archived=include_archived,
        sort=sort,
        descending=descending,
        status=status,
        owner_name=owner_name,
    )


def roster_rows(db: Database, *, only: int | None = None) -> list[RosterRow]:
    """Every client, archived too, as plain rows in no particular order: the roster holds
    them and filters and sorts in memory (``domain.roster_view``). ``only`` reads one."""
    with reading(db) as reader:
        return roster_read.rows(reader, only=only)


def get_client(db: Database, client_id: int) -> ClientDetail:
    owner = aliased(Person)
    deputy = aliased(Person)
    query = (
        select(Client, owner.name, deputy.name)
        .outerjoin(owner, col(owner.id) == col(Client.owner_id))
        .outerjoin(deputy, col(deputy.id) == col(Client.deputy_id))
        .where(Client.id == client_id)
    )
    with db.reading() as session:
        row = session.exec(query).first()
        if row is None:
            fetch(session, Client, client_id, "Client")  # raises NotFound
        assert row is not None
        client, owner_name, deputy_name = row
        return ClientDetail(client=client, owner=owner_name or "", deputy=deputy_name or "")


def find_clients(db: Database, name: str) -> list[ClientRow]:
    """Clients whose name matches exactly (any case), else those containing ``name``."""
    rows = list_clients(db, include_archived=True)
    wanted = name.strip().lower()
    exact = [row for row in rows if row.name.lower() == wanted]
    return exact or [row for row in rows if wanted in row.name.lower()]


def resolve_client(db: Database, text: str) -> ClientRow:
    """The one client ``text`` names: an id, an exact name (any case), or the only name
    that starts with it. Raises :class:`NotFound` or :class:`Ambiguous`."""
    return pick(list_clients(db, include_archived=True), text)


def _check_people(session: Any, values: Mapping[str, Any]) -> None:
    for field in ("owner_id", "deputy_id"):
        person_id = values.get(field)
        if person_id is not None and session.get(Person, person_id) is None:
            raise InvalidInput({field: "That person does not exist; pick one from the list."})


def create_client(db: Database, fields: Mapping[str, Any]) -> Client:
    """A new client on the roster, validated as a whole."""
    values = clean_client(fields)
    with db.transaction() as session:
        _check_people(session, values)
        client = Client(**values)
        session.add(client)
        session.flush()
        return client


def create_clients(db: Database, many: Iterable[Mapping[str, Any]], *, chunk: int = 2000) -> int:
    """Many new clients in one unit of work (an import, a benchmark's data set); each is
    validated as :func:`create_client` would. Returns how many were added."""
    count = 0
    with db.transaction() as session:
        owners = set(session.exec(select(Person.id)))
        for values in map(clean_client, many):
            for field in ("owner_id", "deputy_id"):
                if values.get(field) is not None and values[field] not in owners:
                    raise InvalidInput({field: "That person does not exist; pick one."})
            session.add(Client(**values))
            count += 1
            if count % chunk == 0:
                session.flush()
                session.expunge_all()  # the audit rows are written; keep memory flat
    return count


def update_client(
    db: Database,
    client_id: int,
    fields: Mapping[str, Any],
    *,
    expected_version: int | None,
    seen: Mapping[str, Any] | None = None,
) -> Client:
    """Change some fields; refuses with :class:`StaleRecord` if someone saved in between."""
    values = clean_client(fields, partial=True)
    with db.transaction() as session:
        _check_people(session, values)
        client = fetch(session, Client, client_id, "Client", lock=True)
        apply_changes(
            client, values, expected_version=expected_version, what=client.name, seen=seen
        )
        return client


def archive_client(db: Database, client_id: int) -> Client:
    """Take a client off the roster; the status it had is kept for :func:`unarchive_client`."""
    with db.transaction() as session:
        client = fetch(session, Client, client_id, "Client", lock=True)
        if client.status == ClientStatus.ARCHIVED:
            return client
        client.previous_status = client.status
        client.status = ClientStatus.ARCHIVED.value
        client.archived_at = utcnow()
        client.version += 1
        client.updated_at = utcnow()
        return client


def unarchive_client(db: Database, client_id: int) -> Client:
    """Bring an archived client back with the status it had before."""
    with db.transaction() as session:
        client = fetch(session, Client, client_id, "Client", lock=True)
        if client.status != ClientStatus.ARCHIVED:
            return client
        client.status = client.previous_status or ClientStatus.ACTIVE.value
        client.previous_status = ""
        client.archived_at = None
        client.version += 1
        client.updated_at = utcnow()
        return client


def client_names(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every client not archived, for jumping to one by name."""
    query = (
        select(Client.id, Client.name)
        .where(Client.status != ClientStatus.ARCHIVED.value)
        .order_by(sa.func.lower(Client.name))
    )
    with db.reading() as session:
        return [(row[0], row[1]) for row in session.execute(query)]


__all__ = [
    "SORT_KEYS",
    "Ambiguous",
    "ClientDetail",
    "ClientRow",
    "archive_client",
    "client_names",
    "create_client",
    "create_clients",
    "find_clients",
    "get_client",
    "list_clients",
    "roster_rows",
    "unarchive_client",
    "update_client",
]
