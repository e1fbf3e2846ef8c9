"""Record the audit trail: who created, changed, archived, deleted, ticked, signed or
imported which record, when, and the old and new value of each field that changed.
Reading it (``audit_trail``) and its sentences (``audit_text``) are re-exported here.

One listener on every ORM session (:func:`register`, run when ``handover_tui.services`` is
imported) turns what a flush wrote into :class:`~handover_tui.models.Activity` rows. It runs
*after* the flush, so new records have their ids, yet before the flush is finalised, so the
attribute history still holds the old values. The rows go in by one Core insert on the
flush's own connection: they commit or roll back with the change they describe, cost no
ORM bookkeeping, and cannot be lost to an ``expunge_all`` (the JSON import does that).

A unit of work can say what it is: ``session.info["audit_action"] = "import"`` marks every
entry it writes as an import; ``session.info["audit_skip"] = True`` writes none (the JSON
import into an empty database, which restores the exported trail as it was).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm import util as orm_util
from sqlmodel import SQLModel

from handover_tui.domain.vocab import ClientStatus, TransitionStatus
from handover_tui.models import (
    Activity,
    Alternative,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Client,
    Contact,
    Credential,
    Feedback,
    HealthSnapshot,
    Interaction,
    LooseEnd,
    Note,
    Person,
    SignOff,
    Transition,
    utcnow,
)
from handover_tui.services.audit_text import field_label, summary, value_text
from handover_tui.services.audit_trail import ActivityRow, list_activity

AUDITED: tuple[type, ...] = (
    Person,
    Credential,
    Client,
    Contact,
    Transition,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Note,
    LooseEnd,
    Interaction,
    Feedback,
    SignOff,
    HealthSnapshot,
    Alternative,
)
"""The models whose changes are recorded (every table but the trail itself)."""

ACTIONS = (
    "create",
    "update",
    "delete",
    "archive",
    "restore",
    "tick",
    "untick",
    "sign",
    "unsign",
    "complete",
    "cancel",
    "pause",
    "resume",
    "import",
)
"""Every value :attr:`Activity.action` takes."""

UNRECORDED = frozenset({"id", "created_at", "updated_at", "version"})
"""Bookkeeping columns: they change with every write and say nothing a reader needs."""

LONG_TEXT = 500
"""Characters kept of a long value (a note's body, an overview, a summary)."""

_SKIP = "audit_skip"
_ACTION = "audit_action"
_PRESET = "_audit_preset_ids"
_CHUNK = 500  # ids per IN (...) of a lookup


# -- recording -----------------------------------------------------------------------------


def register() -> None:
    """Listen to every session's flushes (once, however often it is called)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    # A new record that already has its id is one put back by an undo: a restore.
    preset = {id(record) for record in session.new if getattr(record, "id", None) is not None}
    if preset:
        session.info[_PRESET] = preset


def _after_flush(session: Session, _context: Any) -> None:
    preset: set[int] = session.info.pop(_PRESET, set())
    if session.info.get(_SKIP):
        return
    entries: list[_Entry] = []
    for record in session.new:
        if isinstance(record, AUDITED):
            kind = "restore" if id(record) in preset else "create"
            entries.append(_Entry(record, kind, _values(record, created=True)))
    for record in session.dirty:
        if isinstance(record, AUDITED):
            changes = _changes(record)
            if changes:
                entries.append(_Entry(record, _refine(record, changes), changes))
    for record in session.deleted:
        if isinstance(record, AUDITED):
            entries.append(_Entry(record, "delete", _values(record, created=False)))
    if not entries:
        return
    from handover_tui.services import identity, notes  # at call time: tests stand in

    rows = _Writer(session, entries).rows(
        at=utcnow(),
        user=notes.os_user(),
        actor=identity.actor(),
        marker=session.info.get(_ACTION),
    )
    session.connection().execute(sa.insert(Activity.__table__), rows)  # type: ignore[attr-defined]


@dataclass
class _Entry:
    record: Any
    action: str
    changes: dict[str, tuple[Any, Any]]


@cache
def _columns(model: type[SQLModel]) -> tuple[str, ...]:
    mapper: sa.orm.Mapper[Any] = sa.inspect(model)
    return tuple(attr.key for attr in mapper.column_attrs if attr.key not in UNRECORDED)


def _values(record: Any, *, created: bool) -> dict[str, tuple[Any, Any]]:
    """Every field with a value, as (None, value) for a new record, (value, None) for a
    removed one."""
    values = {}
    model: type[SQLModel] = type(record)
    for name in _columns(model):
        value = getattr(record, name, None)
        if value is None or value == "" or value is False:
            continue
        values[name] = (None, value) if created else (value, None)
    return values


def _changes(record: Any) -> dict[str, tuple[Any, Any]]:
    """(old, new) of each field this flush changed."""
    state = sa.inspect(record)
    changes = {}
    model: type[SQLModel] = type(record)
    for name in _columns(model):
        history = state.attrs[name].history
        if not history.added and not history.deleted:
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            changes[name] = (old, new)
    return changes


def _refine(record: Any, changes: Mapping[str, tuple[Any, Any]]) -> str:
    """The most telling word for an update: archive, tick, sign, complete…"""

    def went(name: str) -> tuple[Any, Any] | None:
        return changes.get(name)

    if isinstance(record, Client) and (status := went("status")):
        if status[1] == ClientStatus.ARCHIVED:
            return "archive"
        if status[0] == ClientStatus.ARCHIVED:
            return "restore"
    elif isinstance(record, Person) and (archived := went("archived_at")):
        return "restore" if archived[1] is None else "archive"
    elif isinstance(record, Note) and (deleted := went("deleted_at")):
        return "restore" if deleted[1] is None else "delete"
    elif isinstance(record, ChecklistItem) and (done := went("done_on")):
        return "untick" if done[1] is None else "tick"
    elif isinstance(record, LooseEnd) and (state := went("state")):
        return {"done": "tick", "open": "untick"}.get(state[1], "update")
    elif isinstance(record, SignOff) and (signed := went("signed_on")):
        return "unsign" if signed[1] is None else "sign"
    elif isinstance(record, Transition) and (status := went("status")):
        words = {
            TransitionStatus.COMPLETED: "complete",
            TransitionStatus.CANCELLED: "cancel",
            TransitionStatus.PAUSED: "pause",
        }
        if status[1] in words:
            return words[status[1]]
        if status[1] == TransitionStatus.ACTIVE and status[0] == TransitionStatus.PAUSED:
            return "resume"
    return "update"


def _plain(value: Any) -> Any:
    """A value as JSON holds it: dates and amounts as text, long text cut short."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        value = str(value)
        return value if len(value) <= LONG_TEXT else value[: LONG_TEXT - 1] + "…"
    return value


class _Writer:
    """Turns one flush's entries into Activity rows, looking up the names and clients the
    sentences need in as few queries as the flush allows (none when all are at hand)."""

    def __init__(self, session: Session, entries: list[_Entry]) -> None:
        self.session = session
        self.entries = entries
        self.local = {(type(e.record), e.record.id): e.record for e in entries}

    def rows(
        self, *, at: datetime, user: str, actor: str, marker: str | None
    ) -> list[dict[str, Any]]:
        transitions = self._lookup(
            Transition,
            "client_id",
            {
                e.record.transition_id
                for e in self.entries
                if isinstance(e.record, SignOff | ChecklistItem)
                and getattr(e.record, "client_id", None) is None
            },
        )
        client_ids = {id(e): self._client_id(e.record, transitions) for e in self.entries}
        names = self._lookup(Client, "name", set(client_ids.values()))
        people = self._lookup(
            Person, "name", {e.record.person_id for e in self.entries if _is(e, Credential)}
        )
        templates = self._lookup(
            ChecklistTemplate,
            "name",
            {e.record.template_id for e in self.entries if _is(e, ChecklistTemplateItem)},
        )
        rows = []
        for entry in self.entries:
            client_id = client_ids[id(entry)]
            action = marker or entry.action
            record = entry.record
            if isinstance(record, Credential):
                owner = people.get(record.person_id) or f"person #{record.person_id}"
            elif isinstance(record, ChecklistTemplateItem):
                owner = templates.get(record.template_id) or f"#{record.template_id}"
            else:
                owner = ""
            rows.append(
                {
                    "at": at,
                    "os_user": user[:200],
                    "actor": actor[:200],
                    "action": action,
                    "entity": type(record).__tablename__,
                    "entity_id": record.id,
                    "client_id": client_id,
                    "summary": summary(
                        record,
                        entry.action,
                        list(entry.changes),
                        client=names.get(client_id, "") if client_id is not None else "",
                        owner=owner,
                        imported=marker == "import",
                    ),
                    "changes": _changes_json(entry.changes),
                }
            )
        return rows

    def _client_id(self, record: Any, transitions: Mapping[int, Any]) -> int | None:
        if isinstance(record, Client):
            return record.id
        if isinstance(record, Person | Credential | ChecklistTemplate | ChecklistTemplateItem):
            return None
        client_id = getattr(record, "client_id", None)
        if client_id is None and getattr(record, "transition_id", None) is not None:
            client_id = transitions.get(record.transition_id)
        return client_id

    def _lookup(self, model: type, column: str, ids: Iterable[int | None]) -> dict[int, Any]:
        """``column`` of each record by id: from this flush, the session, or one query."""
        found: dict[int, Any] = {}
        missing: list[int] = []
        for record_id in ids:
            if record_id is None:
                continue
            record = self.local.get((model, record_id))
            if record is None:
                key: Any = orm_util.identity_key(model, record_id)
                record = self.session.identity_map.get(key)
            # Only what is loaded: touching an expired attribute would query mid-flush.
            loaded = sa.inspect(record).dict if record is not None else {}
            if column in loaded:
                found[record_id] = loaded[column]
            else:
                missing.append(record_id)
        if not missing:
            return found
        table = model.__table__  # type: ignore[attr-defined]
        connection = self.session.connection()
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            query = sa.select(table.c.id, table.c[column]).where(table.c.id.in_(chunk))
            found.update((row[0], row[1]) for row in connection.execute(query))
        return found


def _changes_json(changes: Mapping[str, tuple[Any, Any]]) -> str:
    plain = {name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()}
    return json.dumps(plain, ensure_ascii=False)


def _is(entry: _Entry, model: type) -> bool:
    return isinstance(entry.record, model)


register()

__all__ = [
    "ACTIONS",
    "AUDITED",
    "ActivityRow",
    "field_label",
    "list_activity",
    "register",
    "summary",
    "value_text",
]
