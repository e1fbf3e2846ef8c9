"""From the bytes of a spreadsheet export to records with their line numbers.

Pure text work, used by ``domain.roster_csv``:

- :func:`decode` reads UTF-8 (with or without a BOM), UTF-16 (Excel's "Unicode text",
  little or big endian, with a BOM, or without one when the NUL bytes give it away), else
  Windows-1252. A workbook or any other binary file is refused with a sentence saying
  what to do, never shown as mojibake.
- :func:`sniff_delimiter` picks the comma, the semicolon (spreadsheets that write
  decimal commas) or the tab (Unicode text), honouring Excel's ``sep=;`` first line.
- :func:`records` gives each record with the physical line it starts on.
- :func:`is_report_footer` spots the lines a Salesforce report export ends with.
- :func:`shown` quotes a value from the file in a message: visible control characters,
  one line, never longer than a glance.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from handover_tui.domain.terminal import terminal_text

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


class CsvError(ValueError):
    """The file, or a ``--map`` pair, cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """A file's text and the encoding it was read in, as a person names it."""

    text: str
    encoding: str


# Files that are not text at all, by their first bytes, and what to do instead.
_BINARY = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF", "a PDF document"),
)
_SAVE_AS = "save it from the spreadsheet as CSV UTF-8 or Unicode Text and import that file"


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when every other byte of the start is NUL, as in
    mostly-Latin text written in UTF-16 without a BOM; None otherwise."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    high = sample[1::2].count(0) / (len(sample) // 2)
    low = sample[0::2].count(0) / (len(sample) // 2)
    if high > 0.5 and low == 0:
        return "utf-16-le"
    if low > 0.5 and high == 0:
        return "utf-16-be"
    return None


def decode_file(data: bytes) -> Decoded:
    """The text of a file and its encoding; see the module docstring for the order.

    Strict UTF-8 is tried before Windows-1252, which would accept any bytes. Bytes that
    are invalid in the chosen encoding become U+FFFD rather than failing the file.
    Raises :class:`CsvError` for a workbook, a PDF or text holding NUL bytes.
    """
    for magic, what in _BINARY:
        if data.startswith(magic):
            raise CsvError(f"The file is {what}, not CSV text: {_SAVE_AS}.")
    if data.startswith(b"\xef\xbb\xbf"):
        decoded = Decoded(data[3:].decode("utf-8", errors="replace"), "UTF-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        decoded = Decoded(data[2:].decode(codec, errors="replace"), codec.upper())
    elif (codec16 := utf16_without_bom(data)) is not None:
        decoded = Decoded(data.decode(codec16, errors="replace"), codec16.upper())
    else:
        try:
            decoded = Decoded(data.decode("utf-8"), "UTF-8")
        except UnicodeDecodeError:
            decoded = Decoded(data.decode("cp1252", errors="replace"), "Windows-1252")
    if "\x00" in decoded.text:
        raise CsvError(f"The file is not text (it holds NUL bytes): {_SAVE_AS}.")
    return decoded


def decode(data: bytes) -> str:
    """The text of a file (see :func:`decode_file`)."""
    return decode_file(data).text


_SEP_LINE = re.compile(r"\ufeff?\"?sep=(.)\"?[ \t]*(?:\r\n|\r|\n|$)", re.IGNORECASE)


def sep_line(text: str) -> str | None:
    """The delimiter Excel's ``sep=;`` first line names, or None without one."""
    match = _SEP_LINE.match(text)
    return match.group(1) if match else None


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
    """The delimiter of a CSV text: the one a ``sep=`` first line names, else the tab,
    semicolon or comma the header line holds most of outside quotes (a comma on a tie).

    Spreadsheets in countries that write decimal commas save CSV with semicolons; their
    "Unicode text" is tab-separated.
    """
    named = sep_line(text)
    if named is not None:
        return named
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in _first_line(text):
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(counts.values())
    return next((char for char in (",", ";", "\t") if best and counts[char] == best), ",")


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text (header first) with the physical line it starts on.

    A ``sep=`` first line is read as the delimiter and skipped, so the header is then
    line 2. Raises :class:`CsvError` naming the line that is not valid CSV.
    """
    delimiter = sniff_delimiter(text)
    first = 1
    if sep_line(text) is not None:
        match = _SEP_LINE.match(text)
        assert match is not None
        text = text[match.end() :]
        first = 2
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = first - 1
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvError(f"Line {start} is not valid CSV: {error}.") from None
        end = reader.line_num + first - 1
        yield start, cells


# The lines a Salesforce report export ends with, each alone in its first cell.
_FOOTER = re.compile(
    r"grand totals?\b.*|copyright\b.*salesforce\.com.*|confidential information\b.*",
    re.IGNORECASE,
)


_TOTALS = re.compile(r"grand totals? \(\d[\d,.\s]* records?\)", re.IGNORECASE)


def is_report_footer(cells: list[str]) -> bool:
    """A record that starts a Salesforce report's footer: "Grand Totals (12 records)"
    first (its sums may follow in the other cells), or alone in its record "Copyright
    (c) 2000-2026 salesforce.com, inc. …" or "Confidential Information - Do Not
    Distribute" (one filled cell, which a client row with such a name never is)."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if filled and _TOTALS.fullmatch(filled[0]):
        return True
    return len(filled) == 1 and _FOOTER.fullmatch(filled[0]) is not None


def shown(text: str, limit: int = 40) -> str:
    """A value from a file as a message quotes it: on one line, control characters
    visible, cut to ``limit`` characters with an ellipsis."""
    line = terminal_text(" ".join(text.split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def listed(values: list[str], limit: int = 12) -> str:
    """``'A', 'B', … and 3 more``: values from a file quoted with :func:`shown`."""
    quoted = ", ".join(f"'{shown(value)}'" for value in values[:limit])
    more = len(values) - limit
    return quoted + (f" and {more} more" if more > 0 else "") if values else "none"


__all__ = [
    "DELIMITERS",
    "CsvError",
    "Decoded",
    "decode",
    "decode_file",
    "is_report_footer",
    "listed",
    "records",
    "sep_line",
    "shown",
    "sniff_delimiter",
    "utf16_without_bom",
]
