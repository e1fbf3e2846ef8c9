"""People on the consulting side: the owners clients are assigned to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain.validation import clean_credential, clean_person
from handover_tui.domain.vocab import ClientStatus
from handover_tui.models import Credential, Person
from handover_tui.services import NotFound
from handover_tui.services._records import apply_changes, fetch, put_back

# Clients that occupy their owner: all but archived ones. A handed-off client belongs to
# its new owner (completing the transition set it), who carries it from then on.
CARRIED = [s.value for s in ClientStatus if s is not ClientStatus.ARCHIVED]


@dataclass(frozen=True)
class PersonRow:
    """One line of the people list, with the load they carry."""

    id: int
    name: str
    role: str
    email: str
    phone: str
    capacity: int
    active_clients: int
    version: int
    phone_unverified: bool = False
    load: int = 0
    """The clients weighed by complexity: what counts against capacity."""
    department: str = ""
    skills: str = ""
    industries: str = ""
    languages: str = ""
    time_zone: str = ""

    @property
    def over_capacity(self) -> bool:
        return self.capacity > 0 and self.load > self.capacity


def list_people(db: Database) -> list[PersonRow]:
    """Everyone who can own accounts, by name, with the clients they carry: owned, or
    being received in a handoff under way (the dashboard's count, ``LOAD_SQL``)."""
    from handover_tui.db.signals_read import LOAD_SQL, loads

    query = (
        select(Person)
        .where(col(Person.archived_at).is_(None))
        .order_by(sa.func.lower(col(Person.name)), col(Person.id))
    )
    with db.reading() as session:
        load = loads(session.execute(sa.text(LOAD_SQL)))
        return [
            PersonRow(
                id=person.id or 0,
                name=person.name,
                role=person.role,
                email=person.email,
                phone=person.phone,
                capacity=person.capacity,
                active_clients=load.get(person.id or 0, (0, 0))[0],
                version=person.version,
                phone_unverified=person.phone_unverified,
                load=load.get(person.id or 0, (0, 0))[1],
                department=person.department,
                skills=person.skills,
                industries=person.industries,
                languages=person.languages,
                time_zone=person.time_zone,
            )
            for person in session.exec(query)
        ]


def resolve_person(db: Database, text: str) -> PersonRow:
    """The one person ``text`` names: an id, a full name, or the start of a name or of
    one of its words (any case). Raises :class:`NotFound` or :class:`LookupError`."""
    wanted = text.strip()
    rows = list_people(db)
    if wanted.lstrip("#").isdigit():
        number = int(wanted.lstrip("#"))
        for row in rows:
            if row.id == number:
                return row
        raise NotFound(f"There is no person #{number}.")
    key = wanted.casefold()
    for found in (
        [row for row in rows if row.name.casefold() == key],
        [row for row in rows if row.name.casefold().startswith(key)],
        [row for row in rows if any(w.startswith(key) for w in row.name.casefold().split())],
    ):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"{row.name} (#{row.id})" for row in found[:8])
            raise LookupError(f"'{wanted}' could be {names}: type more of the name, or the id.")
    raise NotFound(f"Nobody's name starts with '{wanted}'.")


def create_person(db: Database, fields: Mapping[str, Any], *, region: str = "US") -> Person:
    values = clean_person(fields, region=region)
    with db.transaction() as session:
        person = Person(**values)
        session.add(person)
        session.flush()
        return person


def update_person(
    db: Database,
    person_id: int,
    fields: Mapping[str, Any],
    *,
    expected_version: int | None,
    region: str = "US",
) -> Person:
    with db.transaction() as session:
        person = fetch(session, Person, person_id, "Person", lock=True)
        # An unverified phone shown back unchanged keeps its mark (domain.validation.verified).
        values = clean_person(fields, partial=True, region=region, on_file=person.model_dump())
        apply_changes(person, values, expected_version=expected_version, what=person.name)
        return person


def list_credentials(db: Database, person_id: int) -> list[Credential]:
    """The person's licences and certifications: soonest expiry first, those that never
    expire last, then by name."""
    query = (
        select(Credential)
        .where(Credential.person_id == person_id)
        .order_by(
            col(Credential.expires_on).is_(None),
            col(Credential.expires_on),
            sa.func.lower(Credential.name),
            col(Credential.id),
        )
    )
    with db.reading() as session:
        return list(session.exec(query))


def add_credential(db: Database, person_id: int, fields: Mapping[str, Any]) -> Credential:
    """Record a licence or certification the person holds."""
    values = clean_credential(fields)
    with db.transaction() as session:
        fetch(session, Person, person_id, "Person")
        credential = Credential(person_id=person_id, **values)
        session.add(credential)
        session.flush()
        return credential


def remove_credential(db: Database, credential_id: int) -> Credential:
    """Remove a credential; the returned copy can be handed to :func:`restore_credential`."""
    with db.transaction() as session:
        credential = fetch(session, Credential, credential_id, "Credential", lock=True)
        session.delete(credential)
        return credential


def restore_credential(db: Database, credential: Credential) -> Credential:
    """Undo a removal: the same credential comes back with its id."""
    with db.transaction() as session:
        fetch(session, Person, credential.person_id, "Person")
        return put_back(session, credential)
