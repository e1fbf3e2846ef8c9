"""The client roster as CSV: import a CRM export, export a file safe to open in a spreadsheet.

The reading and writing of the text is in ``domain.roster_csv``; here rows are validated
with the same rules as the client form (``clean_client``), matched against the people and
clients already stored, and written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from handover_tui.db.engine import Database
from handover_tui.domain import roster_csv
from handover_tui.domain.cleaning import InvalidInput, drop_controls, dropped_text
from handover_tui.domain.csv_text import listed
from handover_tui.domain.roster_csv import CsvError, CsvTable
from handover_tui.domain.validation import clean_client, clean_person
from handover_tui.domain.vocab import ClientStatus
from handover_tui.models import Client, Person, utcnow
from handover_tui.services import audit as audit  # records every write from here on
from handover_tui.services.roster_csv_report import CsvImportReport

PROGRESS_EVERY = 100

EXPORT_COLUMNS = (
    "name",
    "owner",
    "status",
    "lifecycle_stage",
    "industry",
    "segment",
    "renewal_date",
    "annual_value",
    "currency",
    "tags",
    "relationship_start",
)


class _Blocked(Exception):
    """Leaves the import's transaction, rolling it back: bad rows stop the import."""


class _Roster:
    """The names already on the roster and the people who can own clients, as one
    import sees them; places each good row as a client to create or a duplicate."""

    def __init__(self, session: Any, report: CsvImportReport, *, write: bool) -> None:
        self.session = session
        self.report = report
        self.write = write
        self.names = {_key(name) for name in session.exec(select(Client.name))}
        self.people: dict[str, int | None] = {}
        # A name shared by several people goes to someone not archived, then the oldest.
        query = select(Person.id, Person.name).order_by(
            col(Person.archived_at).is_not(None), col(Person.id)
        )
        for person_id, name in session.exec(query):
            self.people.setdefault(_key(name), person_id)

    def place(self, line: int, values: dict[str, Any], owner: str) -> None:
        name = values["name"]
        if _key(name) in self.names:
            self.report.duplicates.append((line, name))
            return
        self.names.add(_key(name))
        self.report.created += 1
        owner_key = _key(owner)
        if owner and owner_key not in self.people:
            self.report.new_owners += 1
            self.people[owner_key] = None
            if self.write:
                person = Person(name=owner)
                self.session.add(person)
                self.session.flush()
                self.people[owner_key] = person.id
        if self.write:
            values = dict(values, owner_id=self.people.get(owner_key))
            if values["status"] == ClientStatus.ARCHIVED.value:
                values.update(previous_status=ClientStatus.ACTIVE.value, archived_at=utcnow())
            self.session.add(Client(**values))


def import_csv(
    db: Database,
    data: bytes,
    *,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    skip_bad: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> CsvImportReport:
    """Add the clients of a CSV file (a CRM export, or our own export) to the roster.

    Columns are found by their header names (``domain.roster_csv.HEADER_ALIASES``) or
    ``mapping`` (from :func:`domain.roster_csv.parse_mapping`). Every row is validated
    with the client form's rules; if any is bad and ``skip_bad`` is not set, nothing is
    written. Otherwise the good rows are written in one transaction: owners are matched to
    people by name in any case (someone not archived first) and those not found are
    created; a client whose name is already on the roster, archived or not, or earlier in
    the file, is skipped as a duplicate. ``dry_run`` does all of this but writes nothing.
    ``progress(done, total)`` is called every :data:`PROGRESS_EVERY` rows and at the end.

    Raises :class:`CsvError` if the file has no column for the client's name, or cannot
    be read as CSV at all.
    """
    decoded = roster_csv.decode_file(data)
    table = roster_csv.read_rows(decoded.text, mapping)
    if "name" not in table.used.values():
        headers = [column.header for column in table.columns if column.header]
        example = next(iter(table.unmapped), None) or next(iter(headers), "Column")
        raise CsvError(
            f"No column holds the client's name (headers found: {listed(headers)}); name "
            f'it with --map, e.g. --map "{roster_csv.shown(example)}=name".'
        )
    report = CsvImportReport(
        columns=table.columns,
        footer=table.footer,
        encoding=decoded.encoding,
        delimiter=table.delimiter,
        dry_run=dry_run,
    )
    rows = table.rows
    try:
        with db.reading() if dry_run else db.transaction() as session:
            session.info["audit_action"] = "import"  # services.audit marks each entry
            roster = _Roster(session, report, write=not dry_run)
            for done, (line, raw) in enumerate(rows, start=1):
                raw, dropped = drop_controls(raw)
                if dropped:
                    report.cleaned.append((line, dropped_text(dropped)))
                checked = _check(raw, table, report, line)
                if checked is None:
                    # Nothing will be written: the rest is only checked and counted.
                    roster.write = roster.write and skip_bad
                else:
                    roster.place(line, *checked)
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(rows)):
                    progress(done, len(rows))
            report.blocked = bool(report.bad) and not skip_bad
            if report.blocked and not dry_run:
                raise _Blocked
    except _Blocked:
        pass
    if report.blocked:
        report.created = report.new_owners = 0
    return report


def _check(
    raw: Mapping[str, str], table: CsvTable, report: CsvImportReport, line: int
) -> tuple[dict[str, Any], str] | None:
    """A row's clean client values and owner name, or None once its problems (each
    named by its column) are in ``report.bad``; its warnings go to ``report.warnings``."""
    row = roster_csv.client_fields(raw, decimal_comma=table.decimal_comma)
    errors = dict(row.problems)
    values: dict[str, Any] = {}
    try:
        values = clean_client(row.fields)
    except InvalidInput as error:
        errors.update(error.errors)
    owner = row.owner
    if owner:
        try:
            owner = clean_person({"name": owner}, partial=True)["name"]
        except InvalidInput as error:
            errors["owner"] = error.errors["name"]
    for name, message in row.warnings.items():
        report.warnings.append((line, f"{table.header_of(name)}: {message}"))
    if not errors:
        return values, owner
    # Every column but the name's can be left out; a problem of no column (a currency
    # written with the amount) is not the column's to leave.
    for name in errors:
        header = table.header_of(name)
        leavable = name not in (roster_csv.ROW, "name") and name in table.used.values()
        if leavable and header not in report.bad_columns:
            report.bad_columns.append(header)
    report.bad.append(
        (
            line,
            "; ".join(
                message if name == roster_csv.ROW else f"{table.header_of(name)}: {message}"
                for name, message in errors.items()
            ),
        )
    )
    return None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def export_csv(db: Database, *, include_archived: bool = False) -> str:
    """The roster as CSV text: a header of :data:`EXPORT_COLUMNS`, then one row per client
    by name. Every cell is neutralised against formula injection; the file imports back."""
    owner = aliased(Person)
    query = select(
        col(Client.name),
        sa.func.coalesce(col(owner.name), ""),
        col(Client.status),
        col(Client.lifecycle_stage),
        col(Client.industry),
        col(Client.segment),
        col(Client.renewal_date),
        col(Client.annual_value),
        col(Client.currency),
        col(Client.tags),
        col(Client.relationship_start),
    ).outerjoin(owner, owner.id == Client.owner_id)
    if not include_archived:
        query = query.where(Client.status != ClientStatus.ARCHIVED.value)
    query = query.order_by(sa.func.lower(Client.name), Client.id)
    with db.reading() as session:
        rows = [
            [
                "" if cell is None else cell.isoformat() if hasattr(cell, "isoformat") else cell
                for cell in row
            ]
            for row in session.execute(query)
        ]
    return roster_csv.write_rows(EXPORT_COLUMNS, rows)


__all__ = ["EXPORT_COLUMNS", "CsvError", "CsvImportReport", "export_csv", "import_csv"]
