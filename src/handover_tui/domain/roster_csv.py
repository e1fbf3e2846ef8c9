"""The client roster as CSV: read a CRM export by its header names, write cells safely.

Pure text work, no database: the service (``services.roster_csv``) validates what comes
out of here with ``domain.validation.clean_client`` and writes it.

Reading a file:

- ``domain.csv_text`` decodes the bytes (UTF-8, UTF-16 or Windows-1252), finds the
  delimiter (comma, semicolon, tab, or Excel's ``sep=`` line) and splits the records.
- :func:`read_rows` maps the header names to client fields with :data:`HEADER_ALIASES`
  (Salesforce account and HubSpot company exports, with their labels or Salesforce's
  API names, and our own export's) or the user's ``--map Column=field`` pairs
  (:func:`parse_mapping`), compared without case, spaces, underscores or hyphens. It
  gives each record with the physical line it starts on, a sample value of each
  column, and leaves out a Salesforce report's footer.
- :func:`client_fields` turns one record into the text :func:`clean_client` expects: dates
  and amounts in the forms CRMs write them become ISO dates and plain decimals
  (``domain.crm_values``), HubSpot's lifecycle stages become ours, and the ``phone``,
  ``website``, ``city`` and ``country`` cells, which the Client record has no field for,
  are kept as lines at the end of the client's overview.

Writing a file: every cell goes through :func:`neutralise` so that a spreadsheet does not
run it as a formula (OWASP's guidance on CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from handover_tui.domain.crm_values import decimal_comma_in, iso_date, plain_amount
from handover_tui.domain.csv_text import (
    CsvError,
    decode,
    decode_file,
    is_report_footer,
    listed,
    records,
    shown,
    sniff_delimiter,
)
from handover_tui.domain.roster_fields import ROW, SURPLUS, RowFields, client_fields

# The fields a column can fill. ``owner`` is a person's name; ``phone``, ``website``,
# ``city`` and ``country`` go into the overview (see :func:`client_fields`); the others
# are Client fields.
FIELDS = (
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
    "overview",
    "phone",
    "website",
    "city",
    "country",
)

# Map a column to this to leave it out, e.g. ``--map "Lifecycle Stage=ignore"``.
IGNORE = "ignore"

# Cells written with a leading apostrophe on export, and read back without it.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def normalise_header(header: str) -> str:
    """A header as it is compared: lower case, without BOM, spaces, underscores or
    hyphens, so ``Annual Revenue``, ``annual_revenue`` and ``ANNUALREVENUE`` are one."""
    return re.sub(r"[\s_\-\ufeff]+", "", header).casefold()


def _aliases(field: str, *headers: str) -> dict[str, str]:
    return {normalise_header(header): field for header in (field, *headers)}


HEADER_ALIASES: dict[str, str] = {
    # Salesforce accounts (labels, and API names such as ANNUALREVENUE, which compare
    # equal), HubSpot companies, and plain words.
    **_aliases("name", "Account Name", "Company name", "Company", "Name", "Client"),
    **_aliases("owner", "Account Owner", "Company owner", "Owner", "Contact owner", "Owner.Name"),
    **_aliases("industry", "Industry"),
    **_aliases("annual_value", "Annual Revenue", "Annual value", "Revenue", "ARR"),
    **_aliases("phone", "Phone", "Phone Number"),
    **_aliases("website", "Website", "Company Domain Name", "Website URL", "Domain"),
    **_aliases("renewal_date", "Renewal Date", "Contract End Date"),
    **_aliases("segment", "Segment", "Type", "Account Type"),
    **_aliases("tags", "Tags"),
    **_aliases("relationship_start", "Client since", "Create Date", "Created Date"),
    **_aliases(
        "currency", "Currency", "Annual Revenue Currency", "Account Currency", "CurrencyIsoCode"
    ),
    **_aliases("lifecycle_stage", "Lifecycle Stage"),
    **_aliases("overview", "Description", "Overview"),
    **_aliases("city", "City", "Billing City"),
    **_aliases("country", "Country", "Billing Country", "Country/Region"),
    # Our own export's columns are the field names themselves.
    **_aliases("status", "Status"),
}

# Columns a CRM export holds that name no client field; said when the column is listed.
KNOWN_COLUMNS: dict[str, str] = {
    **dict.fromkeys(
        map(normalise_header, ("Id", "Account ID", "Record ID", "Company ID")), "a CRM record id"
    ),
    **dict.fromkeys(
        map(normalise_header, ("OwnerId", "Created By ID", "Last Modified By ID", "Parent ID")),
        "a CRM user or record id, not a name",
    ),
}


# ---------------------------------------------------------------------------- reading


def _field_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


_FIELD_KEYS = {_field_key(name): name for name in (*FIELDS, IGNORE)}


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["Column=field", …]`` as {normalised column: field}; ``field`` may be ``ignore``.

    Raises :class:`CsvError` naming the first pair that is not ``Column=field`` or whose
    field is not one of :data:`FIELDS`.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, field_text = pair.rpartition("=")
        key = normalise_header(column)
        if not equals or not key:
            raise CsvError(
                f"--map '{shown(pair)}': write it as Column=field, e.g. 'Legal name=name'."
            )
        name = _FIELD_KEYS.get(_field_key(field_text))
        if name is None:
            raise CsvError(
                f"--map '{shown(pair)}': '{shown(field_text.strip())}' is not a field; use one "
                f"of {', '.join(FIELDS)}, or {IGNORE} to leave the column out."
            )
        mapping[key] = name
    return mapping


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise`: drop the apostrophe it put before a formula character."""
    if cell[:1] == "'" and cell[1:2] and cell[1] in (*FORMULA_TRIGGERS, "'"):
        return cell[1:]
    return cell


@dataclass
class Column:
    """One column of the file: the field it fills ("" when ignored), why not when that
    says something, and its first value that is not blank."""

    header: str
    field: str
    sample: str = ""
    why: str = ""

    @property
    def label(self) -> str:
        """The header as a message names it."""
        return self.header or "(no header)"


@dataclass
class CsvTable:
    """What :func:`read_rows` found in a CSV text."""

    columns: list[Column]
    rows: list[tuple[int, dict[str, str]]]
    """Each record as ``(line it starts on, {field: cell})``."""
    delimiter: str = ","
    footer: tuple[int, int] | None = None
    """The first and last line of a Salesforce report footer left out, if any."""
    decimal_comma: bool = False
    """Whether amounts use a decimal comma (a semicolon file, or a tab file that says so)."""

    @property
    def used(self) -> dict[str, str]:
        """Each header that feeds a field, and that field, in file order."""
        return {column.header: column.field for column in self.columns if column.field}

    @property
    def unmapped(self) -> list[str]:
        """The headers that feed nothing and were not ignored on purpose."""
        return [
            column.header
            for column in self.columns
            if not column.field and column.header and column.why != "--map"
        ]

    def header_of(self, name: str) -> str:
        """The header of the column that fills ``name``, else ``name`` itself."""
        return next((column.label for column in self.columns if column.field == name), name)


def _columns(headers: list[str], mapping: Mapping[str, str]) -> list[Column]:
    """Which field each column fills: the user's mapping first, then the aliases, and
    the first column for a field wins."""
    columns = [Column(header, "") for header in headers]
    keys = [normalise_header(header) for header in headers]
    for wanted in mapping:
        if wanted not in keys:
            raise CsvError(
                f"--map: the file has no column '{shown(wanted)}'; its headers are "
                f"{listed(headers)}."
            )
    taken: dict[str, str] = {}
    for column, key in zip(columns, keys, strict=True):
        wanted_field = mapping.get(key)
        if wanted_field == IGNORE:
            column.why = "--map"
        elif wanted_field is not None and wanted_field not in taken:
            column.field = wanted_field
            taken[wanted_field] = column.label
    for column, key in zip(columns, keys, strict=True):
        alias = HEADER_ALIASES.get(key)
        if column.field or key in mapping:
            continue
        if alias is None:
            column.why = KNOWN_COLUMNS.get(key, "")
        elif alias in taken:
            column.why = f"{alias} comes from '{shown(taken[alias])}'"
        else:
            column.field = alias
            taken[alias] = column.label
    return columns


def read_rows(text: str, mapping: Mapping[str, str] | None = None) -> CsvTable:
    """The columns and rows of a CSV text (see :class:`CsvTable`).

    Each row is ``(line, {field: cell})``, where ``line`` is the physical line the
    record starts on (the header is line 1, or 2 after a ``sep=`` line; a quoted cell
    may span lines). Blank records are left out, as is a Salesforce report's footer:
    from its first footer line (see :func:`csv_text.is_report_footer`), with the lines
    of one cell just above it back to a blank record (the report's title), to the end.
    Cells are trimmed and lose the apostrophe :func:`neutralise` adds. A row with cells
    beyond the header's width that are not blank gets a note under :data:`SURPLUS`, so
    the caller can refuse it.
    """
    mapping = {normalise_header(key): value for key, value in (mapping or {}).items()}
    found = records(text)
    try:
        _, headers = next(found)
    except StopIteration:
        raise CsvError("The file is empty: expected a header line of column names.") from None
    headers = [header.strip() for header in headers]
    columns = _columns(headers, mapping)
    fields = {index: column.field for index, column in enumerate(columns) if column.field}
    rows: list[tuple[int, dict[str, str]]] = []
    cells_of: dict[int, list[str]] = {}
    footer: tuple[int, int] | None = None
    after_blank = 0  # the line after the latest blank record
    last = 0
    for start, cells in found:
        last = start
        if footer is not None:
            continue
        if not any(cell.strip() for cell in cells):
            after_blank = start + 1
            continue
        if is_report_footer(cells):
            begin = start
            # The report's title may stand alone just above: one cell after a blank line.
            while rows and 1 < after_blank <= rows[-1][0] and _one_cell(cells_of[rows[-1][0]]):
                begin = rows.pop()[0]
            footer = (begin, 0)
            continue
        cells_of[start] = cells
        values = {
            name: unneutralise(cells[index]).strip()
            for index, name in fields.items()
            if index < len(cells)
        }
        surplus = [cell for cell in cells[len(headers) :] if cell.strip()]
        if surplus:
            values[SURPLUS] = f"the row has {len(cells)} cells where the header has {len(headers)}"
        rows.append((start, values))
    if footer is not None:
        footer = (footer[0], last)
    kept = {line for line, _ in rows}
    for index, column in enumerate(columns):
        column.sample = next(
            (
                unneutralise(cells[index]).strip()
                for line, cells in cells_of.items()
                if line in kept and index < len(cells) and cells[index].strip()
            ),
            "",
        )
    delimiter = sniff_delimiter(text)
    decimal_comma = delimiter == ";"
    if delimiter == "\t":
        decimal_comma = decimal_comma_in(values.get("annual_value", "") for _, values in rows)
    return CsvTable(
        columns=[column for column in columns if column.header or column.sample],
        rows=rows,
        delimiter=delimiter,
        footer=footer,
        decimal_comma=decimal_comma,
    )


def _one_cell(cells: list[str]) -> bool:
    return sum(1 for cell in cells if cell.strip()) == 1


# ---------------------------------------------------------------------------- writing


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe (OWASP's CSV-injection advice). So does one that already starts
    with an apostrophe, so that :func:`unneutralise` restores every cell exactly, and a
    spreadsheet, which hides one leading apostrophe, still shows the original text.
    """
    if cell[:1] in (*FORMULA_TRIGGERS, "'") and cell:
        return "'" + cell
    return cell


def write_rows(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV text (comma-separated, every cell quoted and neutralised, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([neutralise("" if cell is None else str(cell)) for cell in row])
    return out.getvalue()


__all__ = [
    "FIELDS",
    "HEADER_ALIASES",
    "IGNORE",
    "ROW",
    "SURPLUS",
    "Column",
    "CsvError",
    "CsvTable",
    "RowFields",
    "client_fields",
    "decode",
    "decode_file",
    "iso_date",
    "neutralise",
    "normalise_header",
    "parse_mapping",
    "plain_amount",
    "read_rows",
    "shown",
    "sniff_delimiter",
    "unneutralise",
    "write_rows",
]
