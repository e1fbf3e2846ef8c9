"""Helpers shared by the services: optimistic updates and field diffs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from handover_tui.models import utcnow
from handover_tui.services import NotFound, StaleRecord
from handover_tui.services import audit as audit  # records every write from here on

Record = TypeVar("Record", bound=SQLModel)


def fetch(
    session: Session, model: type[Record], record_id: int | None, what: str, *, lock: bool = False
) -> Record:
    """The record, or :class:`NotFound` naming ``what`` was missing.

    ``lock`` takes a row lock (PostgreSQL) so a version check and the write that follows
    cannot interleave with another session's; SQLite serialises writers anyway.
    """
    record = session.get(model, record_id, with_for_update=lock or None)
    if record is None:
        raise NotFound(f"{what} #{record_id} does not exist.")
    return record


def apply_changes(
    record: Any,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
    what: str,
    seen: Mapping[str, Any] | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Write ``changes`` if the record is still at ``expected_version``; returns the diff.

    ``seen`` holds the values the user loaded, so a conflict can name what the other
    session changed. ``expected_version=None`` means "overwrite knowingly".
    """
    override = _expected.get()
    if override is not None:
        expected_version = override
    if expected_version is not None and record.version != expected_version:
        seen = seen or {}
        current = {name: getattr(record, name) for name in changes}
        changed = {
            name: value for name, value in current.items() if name in seen and seen[name] != value
        }
        raise StaleRecord(what, changed, current=current, version=record.version)
    diff = {
        name: (getattr(record, name), value)
        for name, value in changes.items()
        if getattr(record, name) != value
    }
    for name, (_old, new) in diff.items():
        setattr(record, name, new)
    if diff:
        record.version += 1
        record.updated_at = utcnow()
    return diff


_expected: ContextVar[int | None] = ContextVar("expected_version", default=None)


@contextmanager
def expecting_version(version: int) -> Iterator[None]:
    """Within this block every update expects the record at ``version``: the one a user
    has now seen after a conflict. Saving then overwrites the change they have seen,
    and is refused again if yet another session saved meanwhile."""
    token = _expected.set(version)
    try:
        yield
    finally:
        _expected.reset(token)


def put_back(session: Session, record: Record) -> Record:
    """Undo a delete: insert a copy of the removed record, same id and all."""
    copy = type(record).model_validate(record.model_dump())
    session.add(copy)
    session.flush()
    return copy
