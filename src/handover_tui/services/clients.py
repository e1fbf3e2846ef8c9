"""The client roster: list, filter, sort, create, edit, archive and bring back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.roster_view import RosterRow, roster_rows_of
from handover_tui.domain.validation import InvalidInput, clean_client
from handover_tui.domain.vocab import ClientStatus
from handover_tui.models import Client, Person, utcnow
from handover_tui.services import NotFound
from handover_tui.services._records import apply_changes, fetch

SORT_KEYS = ("name", "owner", "status", "stage", "renewal", "value")


@dataclass(frozen=True)
class ClientRow:
    """One line of the roster."""

    id: int
    name: str
    owner: str
    status: str
    lifecycle_stage: str
    renewal_date: date | None
    annual_value: Decimal | None
    currency: str
    industry: str
    tags: str
    version: int

    @property
    def archived(self) -> bool:
        return self.status == ClientStatus.ARCHIVED


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
) -> list[ClientRow]:
    """Roster rows matching ``text`` (name, owner, industry, segment or tags), sorted.

    ``only`` narrows the result to one client, to refresh a single row; ``status`` to one
    status; ``owner_name`` to owners whose name contains it (any case).
    """
    owner = aliased(Person)
    query = _rows_query(owner, only, Client.tags, Client.version)
    if status is not None:
        query = query.where(Client.status == status)
    if owner_name:
        pattern = f"%{_escape_like(owner_name.lower())}%"
        query = query.where(sa.func.lower(owner.name).like(pattern, escape="\\"))
    if not include_archived:
        query = query.where(Client.status != ClientStatus.ARCHIVED.value)
    for word in text.lower().split():
        pattern = f"%{_escape_like(word)}%"
        query = query.where(
            sa.or_(
                *(
                    sa.func.lower(column).like(pattern, escape="\\")
                    for column in (
                        Client.name,
                        owner.name,
                        Client.industry,
                        Client.segment,
                        Client.tags,
                        Client.status,
                    )
                )
            )
        )
    query = query.order_by(*_ordering(sort, descending, owner))
    with db.reading() as session:
        return [ClientRow(*row) for row in session.execute(query)]


def _rows_query(owner: Any, only: int | None, *last: Any) -> Any:
    """The columns a roster row starts with, the owner's name joined in, then ``last``."""
    query = select(
        col(Client.id),
        col(Client.name),
        sa.func.coalesce(col(owner.name), "").label("owner"),
        col(Client.status),
        col(Client.lifecycle_stage),
        col(Client.renewal_date),
        col(Client.annual_value),
        col(Client.currency),
        col(Client.industry),
        *last,
    ).outerjoin(owner, owner.id == Client.owner_id)
    return query if only is None else query.where(Client.id == only)


def roster_rows(db: Database, *, only: int | None = None) -> list[RosterRow]:
    """Every client, archived too, as plain rows in no particular order: the roster holds
    them and filters and sorts in memory (``domain.roster_view``). ``only`` reads one."""
    owner = aliased(Person)
    query = _rows_query(owner, only, Client.segment, Client.tags, Client.version)
    with db.reading() as session:
        return roster_rows_of(session.execute(query))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ordering(sort: str, descending: bool, owner: Any) -> list[Any]:
    if sort not in SORT_KEYS:
        raise ValueError(f"Cannot sort by '{sort}': use one of {', '.join(SORT_KEYS)}.")
    column = {
        "name": sa.func.lower(Client.name),
        "owner": sa.func.lower(owner.name),
        "status": col(Client.status),
        "stage": col(Client.lifecycle_stage),
        "renewal": col(Client.renewal_date),
        "value": col(Client.annual_value),
    }[sort]
    primary = column.desc() if descending else column.asc()
    tie = sa.func.lower(Client.name)
    # Blanks go last whichever way the list is sorted: they are the least interesting.
    return [sa.nulls_last(primary), tie, Client.id]


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


class Ambiguous(LookupError):
    """More than one client answers to a name; ``candidates`` lists them."""

    def __init__(self, text: str, candidates: list[ClientRow]) -> None:
        self.candidates = candidates
        names = ", ".join(f"{row.name} (#{row.id})" for row in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"'{text}' could be {names}{more}: type more of the name, or the id.")


def resolve_client(db: Database, text: str) -> ClientRow:
    """The one client ``text`` names: an id, an exact name (any case), or the only name
    that starts with it. Raises :class:`NotFound` or :class:`Ambiguous`."""
    wanted = text.strip()
    rows = list_clients(db, include_archived=True)
    if wanted.lstrip("#").isdigit():
        number = int(wanted.lstrip("#"))
        for row in rows:
            if row.id == number:
                return row
        raise NotFound(f"There is no client #{number}.")
    key = wanted.casefold()
    for found in (
        [row for row in rows if row.name.casefold() == key],
        [row for row in rows if row.name.casefold().startswith(key)],
    ):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise Ambiguous(wanted, found)
    raise NotFound(f"No client's name starts with '{wanted}'.")


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
