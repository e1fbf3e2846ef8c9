"""Import a checked JSON document in one transaction: all of it, or nothing.

Into an empty database the ids are kept, so export, import and export again give the same
document. With ``merge`` every record gets a fresh id and every reference is remapped; people
already known (same e-mail, or same name when there is no e-mail) are reused.

The built-in checklist template is no row: it lives in ``domain.plan`` and is offered with
id None (see ``services.templates``), so an empty database holds no template rows. Should a
document carry a row marked ``builtin`` whose name a built-in row of the database has, that
row is reused rather than copied.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, col

from handover_tui.db.engine import Database
from handover_tui.models import ChecklistTemplate, Client, Credential, Note, Person, Transition
from handover_tui.services import audit as audit  # records every write from here on
from handover_tui.services.interchange_document import (
    TABLES,
    ImportRefused,
    Table,
    check_document,
    table_fields,
)

BATCH = 100
SHOWN_WARNINGS = 5
"""Warnings an import's summary spells out; the rest are counted (all are in the summary)."""

Progress = Callable[[int, int], None]


# A database holding any of these is not empty: importing without merge would mix two worlds.
_CONTENT = (Client, Person, Note, Transition)


@dataclass(frozen=True)
class ImportSummary:
    """How many records of each table were written, and what was reused or renamed."""

    counts: dict[str, int] = field(default_factory=dict)
    reused_people: int = 0
    renamed_templates: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        parts = [
            f"{n} {table.one if n == 1 else table.many}"
            for table in TABLES
            if (n := self.counts.get(table.name, 0))
        ]
        text = "Imported " + (", ".join(parts) if parts else "nothing")
        if self.reused_people:
            n = self.reused_people
            text += f"; {n} existing {'person' if n == 1 else 'people'} reused"
        if self.renamed_templates:
            text += "; templates renamed: " + ", ".join(self.renamed_templates)
        if self.warnings:
            n = len(self.warnings)
            shown = "; ".join(self.warnings[:SHOWN_WARNINGS])
            more = f"; and {n - SHOWN_WARNINGS:,} more" if n > SHOWN_WARNINGS else ""
            text += f"; {n:,} warning{'' if n == 1 else 's'}: {shown}{more}"
        return text + "."


def import_document(
    db: Database,
    document: Any,
    *,
    merge: bool = False,
    progress: Progress | None = None,
    region: str = "US",
) -> ImportSummary:
    """Write a document in one transaction: all of it, or nothing (:class:`ImportRefused`).

    Local phone numbers (without ``+``) are read in ``region``.
    """
    checked = check_document(document, region=region)
    tables = checked.tables
    total = sum(len(rows) for rows in tables.values())
    try:
        with db.transaction() as session:
            # Into an empty database the document's own trail comes back as it was, with
            # nothing added; a merge records each record it adds (services.audit).
            session.info.update({"audit_action": "import"} if merge else {"audit_skip": True})
            if not merge:
                for model in _CONTENT:
                    if _has_rows(session, model):
                        raise ImportRefused("The database is not empty: use --merge to add to it.")
            writer = _Writer(session, merge=merge, total=total, progress=progress)
            for table in TABLES:
                writer.write(table, tables[table.name])
            return writer.summary(checked.warnings)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise ImportRefused(
            f"The database refused the import, so nothing was written: {reason}."
        ) from error


def parse_json(data: bytes | str) -> Any:
    """The JSON in a file's contents, read as UTF-8 with or without a byte-order mark;
    :class:`ImportRefused` names the line and column of a syntax error.

    The one reading of a JSON import: the command line and the app both come here.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused(
                f"The file is not UTF-8 text (byte {error.start + 1:,} is not), "
                "so it is no handover export."
            ) from None
    try:
        return json.loads(data.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from error
    except (ValueError, RecursionError) as error:  # a number too long, lists nested too deep
        raise ImportRefused(f"The file cannot be read as JSON: {error}.") from error


def import_json(
    db: Database,
    data: bytes | str,
    *,
    merge: bool = False,
    progress: Progress | None = None,
    region: str = "US",
) -> ImportSummary:
    """:func:`parse_json` a file's contents and :func:`import_document` them."""
    return import_document(db, parse_json(data), merge=merge, progress=progress, region=region)


def read_json(
    db: Database, stream: TextIO, *, merge: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Read JSON from an open text stream and :func:`import_document` it."""
    return import_json(db, stream.read(), merge=merge, progress=progress)


def _has_rows(session: Session, model: type[SQLModel]) -> bool:
    source = model.__table__  # type: ignore[attr-defined]
    return session.execute(sa.select(source.c.id).limit(1)).first() is not None


class _Writer:
    """Inserts a checked document table by table, remembering old id → new id."""

    def __init__(
        self, session: Session, *, merge: bool, total: int, progress: Progress | None
    ) -> None:
        self.session = session
        self.merge = merge
        self.total = total
        self.progress = progress
        self.done = 0
        self.ids: dict[str, dict[int, int]] = {table.name: {} for table in TABLES}
        self.counts = {table.name: 0 for table in TABLES}
        self.reused_people = 0
        self.renamed: list[str] = []
        self.reused_templates: set[int] = set()  # old ids whose items are not copied
        self.kept_credentials: set[tuple[int, str, str]] = set()
        if progress is not None:
            progress(0, total)

    def summary(self, warnings: tuple[str, ...] = ()) -> ImportSummary:
        return ImportSummary(dict(self.counts), self.reused_people, tuple(self.renamed), warnings)

    def write(self, table: Table, rows: Iterable[dict[str, Any]]) -> None:
        source = table.model.__table__  # type: ignore[attr-defined]
        # Ids are kept unless merging; one already taken (a table that was not empty)
        # gets a fresh one, inserted after the kept ones so it cannot take theirs.
        taken: set[int] = set()
        if not self.merge and _has_rows(self.session, table.model):
            taken = set(self.session.execute(sa.select(source.c.id)).scalars())
        self._prepare(table)
        kept: list[tuple[int, SQLModel]] = []
        fresh: list[tuple[int, SQLModel]] = []
        for row in rows:
            values = self._remap(table, row)
            self._tick()
            if values is None:
                continue
            old = values.pop("id")
            if self.merge or old in taken:
                fresh.append((old, table.model(**values)))
            else:
                kept.append((old, table.model(id=old, **values)))
            if len(kept) >= BATCH:
                self._insert(table, kept)
            if self.merge and len(fresh) >= BATCH:
                self._insert(table, fresh)
        self._insert(table, kept)
        if self.ids[table.name] and not self.merge:
            self._reset_sequence(table)
        self._insert(table, fresh)

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None and (self.done % BATCH == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def _insert(self, table: Table, pending: list[tuple[int, SQLModel]]) -> None:
        if not pending:
            return
        self.session.add_all(record for _old, record in pending)
        self.session.flush()
        for old, record in pending:
            self.ids[table.name][old] = record.id  # type: ignore[attr-defined]
        self.counts[table.name] += len(pending)
        self.session.expunge_all()
        pending.clear()

    def _reset_sequence(self, table: Table) -> None:
        """After explicit ids, PostgreSQL's sequence must move past them; SQLite picks
        max(id) + 1 by itself."""
        bind = self.session.get_bind()
        if bind.dialect.name != "postgresql":
            return
        quoted = bind.dialect.identifier_preparer.quote(table.name)
        self.session.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence(:name, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {quoted}), 0) + 1, false)"
            ),
            {"name": table.name},
        )

    def _prepare(self, table: Table) -> None:
        """Load what the database already holds that a row may match."""
        if table.name == "person" and self.merge:
            self.emails: dict[str, int] = {}
            self.names: dict[str, int] = {}
            for person_id, email, name in self.session.execute(
                sa.select(col(Person.id), col(Person.email), col(Person.name)).order_by(
                    col(Person.id)
                )
            ):
                if email.strip():
                    self.emails.setdefault(email.strip().casefold(), person_id)
                self.names.setdefault(name.strip().casefold(), person_id)
        elif table.name == "credential" and self.reused_people:
            self.kept_credentials = {
                (person_id, name, issuer)
                for person_id, name, issuer in self.session.execute(
                    sa.select(
                        col(Credential.person_id), col(Credential.name), col(Credential.issuer)
                    )
                )
            }
        elif table.name == "checklist_template":
            self.templates: dict[str, tuple[int, bool]] = {
                name.casefold(): (template_id, builtin)
                for template_id, name, builtin in self.session.execute(
                    sa.select(
                        col(ChecklistTemplate.id),
                        col(ChecklistTemplate.name),
                        col(ChecklistTemplate.builtin),
                    )
                )
            }

    def _remap(self, table: Table, row: dict[str, Any]) -> dict[str, Any] | None:
        """The row with its references translated, or None when an existing one serves."""
        values = dict(row)
        for f in table_fields(table):
            if f.target and values.get(f.name) is not None:
                values[f.name] = self.ids[f.target][values[f.name]]
        name = table.name
        if name == "person" and self.merge:
            email = values.get("email", "").strip().casefold()
            match = (
                self.emails.get(email)
                if email
                else self.names.get(values["name"].strip().casefold())
            )
            if match is not None:
                self.ids[name][row["id"]] = match
                self.reused_people += 1
                return None
        elif name == "credential":
            key = (values["person_id"], values["name"], values.get("issuer", ""))
            if key in self.kept_credentials:
                return None
        elif name == "checklist_template":
            return self._template(values)
        elif name == "checklist_template_item" and row["template_id"] in self.reused_templates:
            return None
        elif name == "activity":
            # Not foreign keys (the trail outlives its records), so remapped when known.
            values["client_id"] = self._soft("client", values.get("client_id"))
            entity = values.get("entity", "client")
            if entity in self.ids:
                values["entity_id"] = self._soft(entity, values.get("entity_id"))
            elif self.merge:
                values["entity_id"] = None
        return values

    def _template(self, values: dict[str, Any]) -> dict[str, Any] | None:
        existing = self.templates.get(values["name"].casefold())
        if existing is not None and existing[1] and values.get("builtin"):
            self.ids["checklist_template"][values["id"]] = existing[0]
            self.reused_templates.add(values["id"])
            return None
        if existing is not None:
            original, number = values["name"], 1
            while values["name"].casefold() in self.templates:
                suffix = " (imported)" if number == 1 else f" (imported {number})"
                values["name"], number = original + suffix, number + 1
            self.renamed.append(values["name"])
        self.templates[values["name"].casefold()] = (0, bool(values.get("builtin")))
        return values

    def _soft(self, table: str, value: int | None) -> int | None:
        if value is None:
            return None
        mapped = self.ids[table].get(value)
        if mapped is not None:
            return mapped
        return None if self.merge else value
