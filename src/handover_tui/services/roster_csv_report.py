"""What a roster import did, or in a dry run would do, and how it reads to a person.

The text is short whatever the file: bad rows and warnings are listed up to
:data:`SHOWN` each, then counted, so a file of 50,000 bad rows still gives a screenful.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handover_tui.domain.csv_text import DELIMITERS, shown
from handover_tui.domain.roster_csv import Column

# Fields the Client record has no column for, kept as lines of its overview.
FOLDED = ("phone", "website", "city", "country")

# Bad rows (and warnings, and cleaned rows) listed one by one before the rest are counted.
SHOWN = 20


@dataclass
class CsvImportReport:
    """What an import did, or in a dry run would do.

    ``created`` and ``new_owners`` count the clients and people written (or that would
    be); ``duplicates`` holds ``(line, name)``; ``bad``, ``warnings`` and ``cleaned`` hold
    ``(line, message)``: rows refused, rows imported with a value left out or changed,
    and rows that lost control characters. ``bad_columns`` are the headers bad rows
    were refused for. ``blocked`` says bad rows stopped the import: nothing was written.
    """

    created: int = 0
    new_owners: int = 0
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    cleaned: list[tuple[int, str]] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    bad_columns: list[str] = field(default_factory=list)
    footer: tuple[int, int] | None = None
    """The lines of a Salesforce report footer that were left out."""
    encoding: str = "UTF-8"
    delimiter: str = ","
    dry_run: bool = False
    blocked: bool = False

    @property
    def columns_used(self) -> dict[str, str]:
        """Each header that feeds a field, and that field, in file order."""
        return {column.header: column.field for column in self.columns if column.field}

    @property
    def unmapped_columns(self) -> list[str]:
        """Headers that feed nothing and were not ignored with ``--map``."""
        return [
            column.header
            for column in self.columns
            if not column.field and column.header and column.why != "--map"
        ]

    def headline(self) -> str:
        """The first line: how many clients were (or would be) imported, or why none."""
        if self.blocked:
            verb = "Would import nothing" if self.dry_run else "Nothing imported"
            return f"{verb}: fix the bad rows or pass --skip-bad to leave them out"
        verb = "Would import" if self.dry_run else "Imported"
        owners = f" ({_count(self.new_owners, 'new owner')})" if self.new_owners else ""
        return f"{verb} {_count(self.created, 'client')}{owners}"

    def column_lines(self) -> list[str]:
        """Each column: the field it fills or "ignored" (and why), and a sample value."""
        width = min(max((len(shown(column.label, 24)) for column in self.columns), default=0), 24)
        lines = [
            f"Read as {self.encoding}, {DELIMITERS.get(self.delimiter, 'other')}-separated; "
            "columns:"
        ]
        for column in self.columns:
            target = column.field or "ignored"
            if column.field in FOLDED:
                target += " (a line of the overview)"
            if not column.field and column.why:
                why = "by --map" if column.why == "--map" else column.why
                target += f" ({why})"
            sample = f"  e.g. {shown(column.sample)}" if column.sample else "  (empty)"
            lines.append(f"  {shown(column.label, 24):<{width}} → {target}{sample}")
        return lines

    def lines(self) -> list[str]:
        """The whole report, a line each; see :meth:`__str__`."""
        out = self.column_lines() if self.dry_run else []
        out.append(self.headline())
        if self.duplicates:
            names = ", ".join(shown(name) for _, name in self.duplicates[:5])
            more = ", …" if len(self.duplicates) > 5 else ""
            out.append(f"{_count(len(self.duplicates), 'duplicate')} skipped ({names}{more})")
        if self.footer is not None:
            first, last = self.footer
            out.append(f"Left out the Salesforce report footer (lines {first} to {last}).")
        out += _listed(self.bad, "bad row")
        hint = [f'--map "{shown(header)}=ignore"' for header in self.bad_columns]
        if hint:
            out.append(f"To leave a column out instead, add {' '.join(hint)}")
        out += _listed(self.warnings, "warning")
        out += _listed(self.cleaned, "row", "cleaned")
        return out

    def __str__(self) -> str:
        """The headline, then duplicates, a footer left out, bad rows (the first
        :data:`SHOWN`, then a count) with a ``--map`` hint, warnings and cleaned rows;
        a dry run starts with the columns."""
        return "\n".join(self.lines())


def _listed(entries: list[tuple[int, str]], noun: str, verb: str = "") -> list[str]:
    if not entries:
        return []
    heading = _count(len(entries), noun) + (f" {verb}" if verb else "")
    lines = [f"{heading}:"]
    lines += [f"  line {line}: {message}" for line, message in entries[:SHOWN]]
    if len(entries) > SHOWN:
        lines.append(f"  … and {len(entries) - SHOWN} more.")
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


__all__ = ["SHOWN", "CsvImportReport"]
