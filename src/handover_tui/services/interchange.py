"""The whole database as one JSON document: export, import in one transaction, merge.

The document is ``{"format": "handover", "version": 1, "exported_at": ..., "<table>": [...]}``
with every row of every table, every column included (ids too, so references survive).
Dates are ``YYYY-MM-DD``, timestamps ISO 8601 with their offset, money a decimal string.

An import is checked whole before anything is written, then written in one transaction.
Every record goes through the rules a form applies (``domain.validation.record_rules``):
a value a form would refuse refuses the import, naming the record (``client[3] (id 17):
status: …``); control characters are dropped with a warning; a phone number in a format
the app cannot verify is kept as typed, marked unverified, with a warning (the mark is
exported too, so a round trip never refuses its own export). Text longer than its column
is refused here, so SQLite and PostgreSQL take the same documents.
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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, col

from handover_tui.db.engine import Database
from handover_tui.domain.cleaning import (
    UNVERIFIED,
    InvalidInput,
    clean_imported,
    drop_controls,
    dropped_text,
)
from handover_tui.domain.validation import record_rules
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
    Money,
    Note,
    Person,
    ShownText,
    SignOff,
    Transition,
    UTCDateTime,
    utcnow,
)
from handover_tui.services import audit as audit  # records every write from here on

FORMAT = "handover"
VERSION = 1
BATCH = 100
SHOWN_WARNINGS = 5
"""Warnings an import's summary spells out; the rest are counted (all are in the summary)."""

Progress = Callable[[int, int], None]


class ImportRefused(ValueError):
    """The document cannot be imported; the message says why in one sentence."""


@dataclass(frozen=True)
class Table:
    """One table of the document: its key, its model, and how to count its rows."""

    name: str
    model: type[SQLModel]
    one: str
    many: str


# In the order they are written: every table comes after the tables it refers to.
TABLES: tuple[Table, ...] = (
    Table("person", Person, "person", "people"),
    Table("credential", Credential, "credential", "credentials"),
    Table("client", Client, "client", "clients"),
    Table("contact", Contact, "contact", "contacts"),
    Table("transition", Transition, "transition", "transitions"),
    Table("checklist_template", ChecklistTemplate, "template", "templates"),
    Table("checklist_template_item", ChecklistTemplateItem, "template item", "template items"),
    Table("checklist_item", ChecklistItem, "checklist item", "checklist items"),
    Table("note", Note, "note", "notes"),
    Table("interaction", Interaction, "log entry", "log entries"),
    Table("feedback", Feedback, "feedback entry", "feedback entries"),
    Table("sign_off", SignOff, "sign-off", "sign-offs"),
    Table("health_snapshot", HealthSnapshot, "health snapshot", "health snapshots"),
    Table("alternative", Alternative, "alternative", "alternatives"),
    Table("activity", Activity, "activity entry", "activity entries"),
)
TABLE_NAMES = frozenset(table.name for table in TABLES)
# A database holding any of these is not empty: importing without merge would mix two worlds.
_CONTENT = (Client, Person, Note, Transition)


@dataclass(frozen=True)
class _Field:
    name: str
    kind: str  # text, int, bool, date, timestamp, money
    nullable: bool
    required: bool
    target: str | None  # the table a foreign key refers to
    width: int | None  # the most characters a text column holds, if it has a limit


@cache
def _fields(table: Table) -> tuple[_Field, ...]:
    """The columns of a table, as the document spells and checks them."""
    fields = []
    for column in table.model.__table__.columns:  # type: ignore[attr-defined]
        targets = [key.column.table.name for key in column.foreign_keys]
        model_field = table.model.model_fields[column.name]
        kind = _kind(column)
        fields.append(
            _Field(
                name=column.name,
                kind=kind,
                nullable=bool(column.nullable) and not column.primary_key,
                required=column.primary_key or model_field.is_required(),
                target=targets[0] if targets else None,
                width=getattr(_stored_type(column), "length", None) if kind == "text" else None,
            )
        )
    return tuple(fields)


def _stored_type(column: sa.Column[Any]) -> Any:
    """The column's type as the database holds it (a decorated type's own type)."""
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def _kind(column: sa.Column[Any]) -> str:
    if isinstance(column.type, Money):
        return "money"
    if isinstance(column.type, UTCDateTime):
        return "timestamp"
    kind = _stored_type(column)
    if isinstance(kind, sa.Boolean):
        return "bool"
    if isinstance(kind, sa.Date):
        return "date"
    if isinstance(kind, sa.Integer):
        return "int"
    if isinstance(kind, sa.String | ShownText):
        return "text"
    raise TypeError(f"{column.table.name}.{column.name}: no JSON form for {column.type!r}")


# -- export ------------------------------------------------------------------------------


def export_document(db: Database) -> dict[str, Any]:
    """Every row of every table as a JSON-ready dict, ordered by id, keys sorted per row."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
    }
    with db.reading() as session:
        if db.engine.dialect.name == "postgresql":
            # One snapshot for every table, as SQLite's single read transaction gives.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        for table in TABLES:
            fields = sorted(_fields(table), key=lambda f: f.name)
            source = table.model.__table__  # type: ignore[attr-defined]
            rows = session.execute(sa.select(source).order_by(source.c.id)).mappings()
            document[table.name] = [
                {f.name: _dump(f.kind, row[f.name]) for f in fields} for row in rows
            ]
    return document


def _dump(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("date", "timestamp"):
        return value.isoformat()
    if kind == "money":
        return str(value)
    return value


def export_json(db: Database) -> str:
    """The document as JSON text: indented, UTF-8 as is, one key order for stable diffs."""
    return json.dumps(export_document(db), indent=2, ensure_ascii=False) + "\n"


def write_json(db: Database, stream: TextIO) -> None:
    """Write :func:`export_json` to an open text stream."""
    stream.write(export_json(db))


# -- checking a document -----------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"-?\d+(\.\d{1,2})?")
_INT64 = 2**63


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _load(kind: str, value: Any, where: str) -> Any:
    """The Python value of one field, or :class:`ImportRefused` naming where and why."""
    if kind == "text" and isinstance(value, str):
        return value
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and type(value) is int and -_INT64 <= value < _INT64:
        return value
    if kind == "date" and isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    if kind == "timestamp" and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
        except (ValueError, OverflowError):
            pass
    if kind == "money" and (
        (isinstance(value, str) and _AMOUNT.fullmatch(value)) or type(value) is int
    ):
        amount = Decimal(value)
        if abs(amount * 100) < _INT64:
            return amount
    expected = {
        "text": "text",
        "bool": "true or false",
        "int": "a whole number",
        "date": "a date (YYYY-MM-DD)",
        "timestamp": "a timestamp with a time zone",
        "money": 'an amount (a string such as "1234.50")',
    }[kind]
    raise ImportRefused(f"{where}: {_show(value)} is not {expected}.")


def _load_row(table: Table, index: int, row: Any) -> dict[str, Any]:
    where = f"{table.name}[{index}]"
    if not isinstance(row, dict):
        raise ImportRefused(f"{where} is not an object.")
    fields = _fields(table)
    unknown = sorted(set(row) - {f.name for f in fields})
    if unknown:
        raise ImportRefused(f"{where}.{unknown[0]}: there is no such field.")
    values: dict[str, Any] = {}
    for f in fields:
        if f.name not in row:
            if f.required:
                raise ImportRefused(f"{where}.{f.name}: the field is missing.")
            continue  # an older document: the model's default fills it
        value = row[f.name]
        if value is None:
            if not f.nullable:
                raise ImportRefused(f"{where}.{f.name}: a value is required.")
            values[f.name] = None
        else:
            values[f.name] = _load(f.kind, value, f"{where}.{f.name}")
    return values


@dataclass(frozen=True)
class CheckedDocument:
    """A document fit to import: its rows as clean Python values, per table, and what
    checking them changed or could not verify (one sentence each)."""

    tables: dict[str, list[dict[str, Any]]]
    warnings: tuple[str, ...] = ()


def check_document(document: Any, *, region: str = "US") -> CheckedDocument:
    """The document's rows checked for form and by the domain's rules; local phone numbers
    are read in ``region``. :class:`ImportRefused` says where it is wrong."""
    if not isinstance(document, dict):
        raise ImportRefused("The document is not a JSON object.")
    if document.get("format") != FORMAT:
        raise ImportRefused(f"This is not a handover export: its 'format' is not '{FORMAT}'.")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise ImportRefused("The document has no valid 'version'.")
    if version > VERSION:
        raise ImportRefused(
            f"The document is version {version}, newer than this program reads ({VERSION})."
        )
    unknown = sorted(set(document) - TABLE_NAMES - {"format", "version", "exported_at"})
    if unknown:
        raise ImportRefused(f"The document holds an unknown table '{unknown[0]}'.")
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        rows = document.get(table.name, [])
        if not isinstance(rows, list):
            raise ImportRefused(f"'{table.name}' is not a list of rows.")
        tables[table.name] = [_load_row(table, i, row) for i, row in enumerate(rows)]
    _check_references(tables)
    warnings = _check_values(tables, region)
    return CheckedDocument(tables, tuple(warnings))


def _check_values(tables: dict[str, list[dict[str, Any]]], region: str) -> list[str]:
    """Clean every record in place by the rules a form applies; the warnings to give.

    Control characters are dropped first (an import reports them and goes on); then the
    rules of the record's kind refuse what a form refuses, except that a value no rule
    can verify (a phone number) is kept as typed and marked; last, every text must fit
    its column, so that PostgreSQL, which refuses longer text, and SQLite, which would
    keep it, take the same documents.
    """
    rules = record_rules(region)
    warnings: list[str] = []
    for table in TABLES:
        fields = _fields(table)
        texts = [f.name for f in fields if f.kind == "text"]
        amounts = {f.name for f in fields if f.kind == "money"}
        widths = [(f.name, f.width) for f in fields if f.width]
        own = rules.get(table.name, {})
        for index, row in enumerate(tables[table.name]):
            where = f"{table.name}[{index}] (id {row['id']})"
            kept, dropped = drop_controls({n: row[n] for n in texts if row.get(n) is not None})
            if dropped:
                warnings.append(f"{where}: {dropped_text(dropped)}")
            row.update(kept)
            # The rules check an amount from its text: a Decimal passes unchecked.
            given = {
                name: str(row[name]) if name in amounts else row[name]
                for name in own
                if row.get(name) is not None
            }
            try:
                values, doubts = clean_imported(given, own)
            except InvalidInput as error:
                raise ImportRefused(f"{where}: {error}") from None
            for name in doubts:
                if not row.get(UNVERIFIED[name]):  # an export's own mark needs no warning
                    warnings.append(
                        f"{where}: {name} {values[name]!r} kept as typed and marked "
                        "unverified: it is no number the app can read"
                    )
            row.update(values)
            for name, width in widths:
                value = row.get(name)
                if isinstance(value, str) and len(value) > width:
                    raise ImportRefused(
                        f"{where}: {name}: {len(value):,} characters, where {width} fit."
                    )
    return warnings


def _check_references(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Ids are unique per table and every reference names a row of the document."""
    ids: dict[str, set[int]] = {}
    for table in TABLES:
        seen: dict[int, int] = {}
        for index, row in enumerate(tables[table.name]):
            if row["id"] in seen:
                raise ImportRefused(
                    f"{table.name}[{index}].id: {row['id']} is used by "
                    f"{table.name}[{seen[row['id']]}] too."
                )
            seen[row["id"]] = index
        ids[table.name] = set(seen)
    for table in TABLES:
        links = [f for f in _fields(table) if f.target]
        for index, row in enumerate(tables[table.name]):
            for f in links:
                value = row.get(f.name)
                if value is not None and value not in ids[f.target or ""]:
                    raise ImportRefused(
                        f"{table.name}[{index}].{f.name}: there is no {f.target} "
                        f"with id {value} in the document."
                    )


# -- import ------------------------------------------------------------------------------


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
        for f in _fields(table):
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


__all__ = [
    "FORMAT",
    "TABLES",
    "VERSION",
    "CheckedDocument",
    "ImportRefused",
    "ImportSummary",
    "check_document",
    "export_document",
    "export_json",
    "import_document",
    "import_json",
    "parse_json",
    "read_json",
    "write_json",
]
