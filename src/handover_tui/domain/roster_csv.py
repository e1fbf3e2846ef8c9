"""The client roster as CSV: read a CRM export by its header names, write cells safely.

Pure text work, no database: the service (``services.roster_csv``) validates what comes
out of here with ``domain.validation.clean_client`` and writes it.

Reading a file:

- :func:`decode` the bytes (UTF-8 with or without a BOM, else Windows-1252), find the
  delimiter with :func:`sniff_delimiter`, and map the header names to client fields with
  :data:`HEADER_ALIASES` (the column names of Salesforce account and HubSpot company
  exports, and our own export's) or the user's ``--map Column=field`` pairs
  (:func:`parse_mapping`).
- :func:`read_rows` gives each record with the physical line it starts on.
- :func:`client_fields` turns one record into the text :func:`clean_client` expects: dates
  and amounts in the forms CRMs write them become ISO dates and plain decimals, and the
  ``phone`` and ``website`` cells, which the Client record has no field for, are kept as
  ``Phone: …`` and ``Website: …`` lines at the end of the client's overview.

Writing a file: every cell goes through :func:`neutralise` so that a spreadsheet does not
run it as a formula (OWASP's guidance on CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date

# The fields a column can fill. ``owner`` is a person's name; ``phone`` and ``website``
# go into the overview (see :func:`client_fields`); the others are Client fields.
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
)

# Map a column to this to leave it out, e.g. ``--map "Lifecycle Stage=ignore"`` when the
# CRM's stages (lead, customer, …) are not ours.
IGNORE = "ignore"

# Cells written with a leading apostrophe on export, and read back without it.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The key under which :func:`read_rows` notes cells beyond the header's width, and the
# one under which :func:`client_fields` reports a problem with the row as a whole.
SURPLUS = "_surplus"
ROW = "row"


def normalise_header(header: str) -> str:
    """Lower case, trimmed, runs of spaces, underscores and hyphens made one space."""
    return re.sub(r"[\s_\-]+", " ", header.replace("\ufeff", "")).strip().lower()


def _aliases(field: str, *headers: str) -> dict[str, str]:
    return {normalise_header(header): field for header in (field, *headers)}


HEADER_ALIASES: dict[str, str] = {
    # Salesforce accounts, HubSpot companies, and plain words.
    **_aliases("name", "Account Name", "Company name", "Company", "Name", "Client"),
    **_aliases("owner", "Account Owner", "Company owner", "Owner", "Contact owner"),
    **_aliases("industry", "Industry"),
    **_aliases("annual_value", "Annual Revenue", "Annual value", "Revenue", "ARR"),
    **_aliases("phone", "Phone", "Phone Number"),
    **_aliases("website", "Website", "Company Domain Name", "Website URL"),
    **_aliases("renewal_date", "Renewal Date", "Contract End Date"),
    **_aliases("segment", "Segment", "Type", "Account Type"),
    **_aliases("tags", "Tags"),
    **_aliases("relationship_start", "Client since", "Create Date", "Created Date"),
    **_aliases("currency", "Currency", "Annual Revenue Currency", "Account Currency"),
    **_aliases("lifecycle_stage", "Lifecycle Stage"),
    **_aliases("overview", "Description", "Overview"),
    # Our own export's columns are the field names themselves.
    **_aliases("status", "Status"),
}


class CsvError(ValueError):
    """The file, or a ``--map`` pair, cannot be read at all; the message says why."""


# ---------------------------------------------------------------------------- reading


def decode(data: bytes) -> str:
    """The text of a file: UTF-8 (a BOM is stripped), else Windows-1252.

    Strict UTF-8 is tried first, since Windows-1252 would accept any bytes. Windows-1252
    leaves five byte values undefined; those become U+FFFD rather than failing the file.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _first_line(text: str) -> str:
    """The header record: up to the first line break outside double quotes."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[:index]
    return text


def sniff_delimiter(text: str) -> str:
    """``;`` if the header line holds more semicolons than commas outside quotes, else ``,``.

    Spreadsheets in countries that write decimal commas save CSV with semicolons.
    """
    counts = {",": 0, ";": 0}
    quoted = False
    for char in _first_line(text):
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _field_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["Column=field", …]`` as {normalised column: field}; ``field`` may be ``ignore``.

    Raises :class:`CsvError` naming the first pair that is not ``Column=field`` or whose
    field is not one of :data:`FIELDS`.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, field = pair.rpartition("=")
        column = normalise_header(column)
        if not equals or not column:
            raise CsvError(f"--map '{pair}': write it as Column=field, e.g. 'Legal name=name'.")
        field = _field_name(field)
        if field not in (*FIELDS, IGNORE):
            raise CsvError(
                f"--map '{pair}': '{field}' is not a field; use one of "
                f"{', '.join(FIELDS)}, or {IGNORE} to leave the column out."
            )
        mapping[column] = field
    return mapping


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise`: drop the apostrophe it put before a formula character."""
    if cell[:1] == "'" and cell[1:2] and cell[1] in (*FORMULA_TRIGGERS, "'"):
        return cell[1:]
    return cell


def _columns(
    headers: list[str], mapping: Mapping[str, str]
) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """Which field each column fills: the user's mapping first, then the aliases, and
    the first column for a field wins."""
    by_index: dict[int, str] = {}
    taken: set[str] = set()
    keys = [normalise_header(header) for header in headers]
    for wanted in mapping:
        if wanted not in keys:
            found = ", ".join(f"'{header}'" for header in headers)
            raise CsvError(f"--map: the file has no column '{wanted}'; its headers are {found}.")
    for index, key in enumerate(keys):
        if key in mapping and mapping[key] != IGNORE and mapping[key] not in taken:
            by_index[index] = mapping[key]
            taken.add(mapping[key])
    for index, key in enumerate(keys):
        field = HEADER_ALIASES.get(key)
        if index in by_index or key in mapping or field is None or field in taken:
            continue
        by_index[index] = field
        taken.add(field)
    used = {headers[index]: field for index, field in sorted(by_index.items())}
    unmapped = [
        header
        for index, header in enumerate(headers)
        if index not in by_index and header.strip() and mapping.get(keys[index]) != IGNORE
    ]
    return by_index, used, unmapped


def read_rows(
    text: str, mapping: Mapping[str, str] | None = None
) -> tuple[dict[str, str], list[str], list[tuple[int, dict[str, str]]]]:
    """``(columns_used, unmapped_columns, rows)`` of a CSV text.

    ``columns_used`` maps each header that feeds a field to that field, in file order;
    ``unmapped_columns`` are the other headers. Each row is ``(line, {field: cell})``,
    where ``line`` is the physical line the record starts on (the header is line 1; a
    quoted cell may span lines). Blank records are left out. Cells are trimmed and lose
    the apostrophe :func:`neutralise` adds. A row with cells beyond the header's width
    that are not blank gets a note under :data:`SURPLUS`, so the caller can refuse it.
    """
    mapping = {normalise_header(key): value for key, value in (mapping or {}).items()}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        headers = next(reader)
    except StopIteration:
        raise CsvError("The file is empty: expected a header line of column names.") from None
    except csv.Error as error:
        raise CsvError(f"Line 1 is not valid CSV: {error}.") from None
    headers = [header.strip() for header in headers]
    by_index, used, unmapped = _columns(headers, mapping)
    rows: list[tuple[int, dict[str, str]]] = []
    end = reader.line_num
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise CsvError(f"Line {start} is not valid CSV: {error}.") from None
        end = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            field: unneutralise(cells[index]).strip()
            for index, field in by_index.items()
            if index < len(cells)
        }
        surplus = [cell for cell in cells[len(headers) :] if cell.strip()]
        if surplus:
            values[SURPLUS] = f"the row has {len(cells)} cells where the header has {len(headers)}"
        rows.append((start, values))
    return used, unmapped, rows


# ----------------------------------------------------------------- dates and amounts

_TIME = r"(?:[T ,]+\d{1,2}:\d{2}.*)?"
_DATE_FORMS = [
    (re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}"), (0, 1, 2), "year-month-day"),
    (re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}"), (2, 0, 1), "month/day/year"),
    (re.compile(rf"(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}"), (2, 1, 0), "day.month.year"),
]


def iso_date(text: str) -> str:
    """A date cell as YYYY-MM-DD.

    Read: ``2026-03-31``, ``3/31/2026`` (slashes are month/day/year, as US CRMs write
    them) and ``31.03.2026`` (dots are day.month.year), each optionally followed by a
    time, which is dropped. A cell of one of these shapes that is no real date raises
    ``ValueError`` saying how it was read; any other text is returned as it is, for the
    validation rules to judge.
    """
    text = text.strip()
    for pattern, (y, m, d), reading in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groups()
            try:
                return date(int(parts[y]), int(parts[m]), int(parts[d])).isoformat()
            except ValueError:
                raise ValueError(
                    f"'{text}' is not a date: it is read as {reading}; use YYYY-MM-DD."
                ) from None
    return text


_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "", "¥": ""}
_CODE = re.compile(r"^([A-Za-z]{3})\s*|\s*([A-Za-z]{3})$")


def plain_amount(text: str, *, decimal_comma: bool = False) -> tuple[str, str]:
    """An amount cell as ``(digits with a decimal point, currency code or "")``.

    The rule: a currency symbol (``$ € £ ¥``) or a three-letter code before or after the
    number is taken off (``€`` and ``£`` and a code are returned as the currency), as are
    spaces and apostrophes used to group thousands. Then:

    - with both ``.`` and ``,`` present, the one that comes last is the decimal mark
      (``$1,200,000.00`` and ``1.200.000,00 €`` are both 1200000.00);
    - a mark that appears more than once groups thousands (``1.200.000``);
    - a single mark followed by exactly three digits groups thousands unless it is the
      file's decimal mark (a comma in a semicolon file, else a point): ``1,200`` is 1200
      in a comma file, ``1.200`` is 1200 in a semicolon file;
    - any other single mark is the decimal mark (``1200,50``).

    Grouping must come in threes. Text that fits none of this is returned unchanged, for
    the validation rules to report.
    """
    original = text.strip()
    if not original:
        return "", ""
    code = ""
    rest = original
    for symbol, symbol_code in _SYMBOLS.items():
        if symbol in rest:
            rest = rest.replace(symbol, "")
            code = code or symbol_code
    match = _CODE.search(rest.strip())
    if match:
        code = (match.group(1) or match.group(2)).upper()
        rest = _CODE.sub("", rest.strip(), count=1)
    rest = re.sub(r"[\s'\u2019\u00a0\u202f]", "", rest)
    if not re.fullmatch(r"-?[\d.,]*\d[\d.,]*", rest):
        return original, ""
    sign, rest = ("-", rest[1:]) if rest.startswith("-") else ("", rest)
    file_mark = "," if decimal_comma else "."
    decimal = group = ""
    if "." in rest and "," in rest:
        decimal = "." if rest.rfind(".") > rest.rfind(",") else ","
        group = "," if decimal == "." else "."
    elif "." in rest or "," in rest:
        mark = "." if "." in rest else ","
        thousands = len(rest.partition(mark)[2]) == 3 and mark != file_mark
        if rest.count(mark) > 1 or thousands:
            group = mark
        else:
            decimal = mark
    whole, _, fraction = rest.partition(decimal) if decimal else (rest, "", "")
    if (decimal and decimal in fraction) or (group and group in fraction):
        return original, ""
    if group:
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole):
            return original, ""
        whole = whole.replace(group, "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return original, ""
    return sign + whole + (f".{fraction}" if fraction else ""), code


# ------------------------------------------------------------------ one row as fields

DATE_FIELDS = ("renewal_date", "relationship_start")
# Fields handed to the service separately, or folded into the overview.
NOT_CLIENT_FIELDS = ("owner", "phone", "website", SURPLUS)


def client_fields(
    values: Mapping[str, str], *, decimal_comma: bool = False
) -> tuple[dict[str, str], str, dict[str, str]]:
    """One record as ``(client fields as text, owner name, {field: problem})``.

    Dates become ISO, the amount a plain decimal (see :func:`iso_date` and
    :func:`plain_amount`); a currency written with the amount fills an empty currency cell.
    ``phone`` and ``website`` cells are appended to the overview as ``Phone: …`` and
    ``Website: …`` lines. A field with a problem is left out of the client fields, so
    the validation rules can still judge the rest of the row.
    """
    problems: dict[str, str] = {}
    if SURPLUS in values:
        problems[ROW] = (
            f"{values[SURPLUS]}: quote cells that contain the delimiter, "
            "such as amounts written with a thousands separator."
        )
    fields = {key: value for key, value in values.items() if key not in NOT_CLIENT_FIELDS}
    for name in DATE_FIELDS:
        if name in fields:
            try:
                fields[name] = iso_date(fields[name])
            except ValueError as error:
                problems[name] = str(error)
                del fields[name]
    if "annual_value" in fields:
        amount, code = plain_amount(fields["annual_value"], decimal_comma=decimal_comma)
        fields["annual_value"] = amount
        stated = fields.get("currency", "").strip().upper()
        if code and not stated:
            fields["currency"] = code
        elif code and stated != code:
            problems["currency"] = f"the amount is in {code} but the currency cell says {stated}."
            del fields["currency"]
    extras = [
        f"{label}: {values[key]}"
        for key, label in (("phone", "Phone"), ("website", "Website"))
        if values.get(key)
    ]
    if extras:
        fields["overview"] = "\n\n".join(
            part for part in (fields.get("overview", ""), "\n".join(extras)) if part
        )
    return fields, values.get("owner", ""), problems


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
    "CsvError",
    "client_fields",
    "decode",
    "iso_date",
    "neutralise",
    "normalise_header",
    "parse_mapping",
    "plain_amount",
    "read_rows",
    "sniff_delimiter",
    "unneutralise",
    "write_rows",
]
