"""Bulk edits of chosen clients (tags, status, archive), each in one transaction, and the
summary of the chosen clients a confirmation shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from handover_tui.db.engine import Database
from handover_tui.domain.field_values import tags
from handover_tui.domain.validation import InvalidInput, clean_client
from handover_tui.domain.vocab import ClientStatus
from handover_tui.models import Client, Person, Transition, utcnow
from handover_tui.services import NotFound, Refused
from handover_tui.services import audit as audit  # records every write from here on
from handover_tui.services.transition_plan import RUNNING


@dataclass(frozen=True)
class BulkResult:
    """How many of the chosen clients changed, and their names (for the toast)."""

    changed: int
    names: tuple[str, ...]


def _clients(session: Session, client_ids: Iterable[int]) -> list[Client]:
    ids = sorted(set(client_ids))
    if not ids:
        raise Refused("No clients are chosen.")
    found = list(
        session.exec(
            select(Client)
            .where(col(Client.id).in_(ids))
            .order_by(sa.func.lower(col(Client.name)), col(Client.id))
            .with_for_update()
        )
    )
    missing = set(ids) - {client.id for client in found}
    if missing:
        raise NotFound(f"Client #{min(missing)} does not exist any more; nothing was changed.")
    return found


def _touch(client: Client) -> None:
    client.version += 1
    client.updated_at = utcnow()


def change_tags(
    db: Database, client_ids: Sequence[int], *, add: str = "", remove: str = ""
) -> BulkResult:
    """Add and remove tags (comma-separated) on every chosen client, in one transaction."""
    adding, removing = tags(add).split(","), set(tags(remove).split(","))
    adding, removing = [t for t in adding if t], {t for t in removing if t}
    if not adding and not removing:
        raise InvalidInput({"add": "Type a tag to add or to remove."})
    names = []
    with db.transaction() as session:
        for client in _clients(session, client_ids):
            current = [t for t in client.tags.split(",") if t]
            wanted = tags([t for t in current if t not in removing] + adding)
            if wanted != client.tags:
                client.tags = wanted
                _touch(client)
                names.append(client.name)
    return BulkResult(len(names), tuple(names))


# Statuses a user sets by hand; the transition ones follow a running plan's dates.
SETTABLE = (ClientStatus.ACTIVE, ClientStatus.HANDED_OFF)


def change_status(db: Database, client_ids: Sequence[int], status: str) -> BulkResult:
    """Set every chosen client's status; a client with a handoff under way is refused,
    since its status follows the plan's dates."""
    wanted = clean_client({"status": status}, partial=True)["status"]
    if wanted not in SETTABLE:
        allowed = " or ".join(s.label.lower() for s in SETTABLE)
        raise InvalidInput(
            {
                "status": f"Set {allowed} here; archive with its own action, and the "
                "transition statuses follow a plan's dates."
            }
        )
    names = []
    with db.transaction() as session:
        chosen = _clients(session, client_ids)
        busy = set(
            session.exec(
                select(Transition.client_id).where(
                    col(Transition.client_id).in_([c.id for c in chosen]),
                    col(Transition.status).in_(RUNNING),
                )
            )
        )
        blocked = [c.name for c in chosen if c.id in busy]
        if blocked:
            raise Refused(
                f"{', '.join(blocked)} {'has' if len(blocked) == 1 else 'have'} a handoff under "
                "way, whose dates set the status; nothing was changed."
            )
        for client in chosen:
            if client.status != wanted and client.status != ClientStatus.ARCHIVED:
                client.status = wanted
                _touch(client)
                names.append(client.name)
    return BulkResult(len(names), tuple(names))


def archive_clients(db: Database, client_ids: Sequence[int]) -> BulkResult:
    """Archive every chosen client (each keeps its status for a restore)."""
    names = []
    with db.transaction() as session:
        for client in _clients(session, client_ids):
            if client.status == ClientStatus.ARCHIVED:
                continue
            client.previous_status = client.status
            client.status = ClientStatus.ARCHIVED.value
            client.archived_at = utcnow()
            _touch(client)
            names.append(client.name)
    return BulkResult(len(names), tuple(names))


def client_summaries(db: Database, client_ids: Sequence[int]) -> list[tuple[int, str, str, str]]:
    """(id, name, owner, status) of the chosen clients, by name, for a summary."""
    with db.reading() as session:
        rows = session.execute(
            select(Client.id, Client.name, sa.func.coalesce(Person.name, ""), Client.status)
            .outerjoin(Person, col(Person.id) == col(Client.owner_id))
            .where(col(Client.id).in_(list(client_ids)))
            .order_by(sa.func.lower(col(Client.name)), col(Client.id))
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]
