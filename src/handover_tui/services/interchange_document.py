"""The tables and columns of the JSON document, and the check a document passes before
anything of it is imported.

Every record goes through the rules a form applies (``domain.validation.record_rules``):
a value a form would refuse refuses the import, naming the record (``client[3] (id 17):
status: …``); control characters are dropped with a warning; a phone number in a format
the app cannot verify is kept as typed, marked unverified, with a warning (the mark is
exported too, so a round trip never refuses its own export). Text longer than its column
is refused here, so SQLite and PostgreSQL take the same documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

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
    LooseEnd,
    Money,
    Note,
    Person,
    ShownText,
    SignOff,
    Transition,
    UTCDateTime,
)
from handover_tui.services.interchange_legacy import upgrade_document

FORMAT = "handover"
VERSION = 1


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
    Table("loose_end", LooseEnd, "loose end", "loose ends"),
    Table("activity", Activity, "activity entry", "activity entries"),
)
TABLE_NAMES = frozenset(table.name for table in TABLES)


@dataclass(frozen=True)
class DocumentField:
    name: str
    kind: str  # text, int, bool, date, timestamp, money
    nullable: bool
    required: bool
    target: str | None  # the table a foreign key refers to
    width: int | None  # the most characters a text column holds, if it has a limit


@cache
def table_fields(table: Table) -> tuple[DocumentField, ...]:
    """The columns of a table, as the document spells and checks them."""
    fields = []
    for column in table.model.__table__.columns:  # type: ignore[attr-defined]
        targets = [key.column.table.name for key in column.foreign_keys]
        model_field = table.model.model_fields[column.name]
        kind = _kind(column)
        fields.append(
            DocumentField(
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
    fields = table_fields(table)
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
    document = upgrade_document(document)  # loose ends kept as notes and summary text
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
        fields = table_fields(table)
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
        links = [f for f in table_fields(table) if f.target]
        for index, row in enumerate(tables[table.name]):
            for f in links:
                value = row.get(f.name)
                if value is not None and value not in ids[f.target or ""]:
                    raise ImportRefused(
                        f"{table.name}[{index}].{f.name}: there is no {f.target} "
                        f"with id {value} in the document."
                    )
