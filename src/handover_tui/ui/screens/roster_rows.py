"""The roster's columns, and the cells of one client's row in them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from handover_tui.domain.formatting import date_text, money_text, vocab_label
from handover_tui.domain.roster_view import RosterRow
from handover_tui.domain.vocab import Severity
from handover_tui.ui.format import status_text
from handover_tui.ui.widgets.record_table import Column, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.domain.signals import Signal

# The service's sort keys double as column keys.
WIDE: list[Column] = [
    ("name", "Client", None),
    ("signals", "Attention", 12),
    ("owner", "Owner", 15),
    ("status", "Status", 20),
    ("stage", "Stage", 10),
    ("renewal", "Renewal", 10),
    ("value", "Annual value", 13),
]
# Narrower, the stage goes and the status takes its short form.
NARROW: list[Column] = [
    ("name", "Client", None),
    ("signals", "!", 2),
    ("owner", "Owner", 13),
    ("status", "Status", 15),
    ("renewal", "Renewal", 10),
    ("value", "Value", 12),
]
TITLES = {key: title for key, title, _width in WIDE}
SORT_KEYS = [key for key, _title, _width in WIDE if key != "signals"]


def layout(total: int) -> list[tuple[str, str, int]]:
    """The columns for a screen ``total`` cells wide: every column while the client name
    keeps 20 cells, else the narrow set; the name takes what is left (less one cell: the
    mark beside each row takes two where padding took one)."""
    wide = fit_columns(total - 1, WIDE)
    return wide if wide[0][2] >= 20 else fit_columns(total - 1, NARROW)


def signal_cell(found: list[Signal], width: int) -> Text:
    """``‼ late +2``: the most severe signal's symbol and tag, and how many more; in two
    cells just the symbol and the count."""
    if not found:
        return Text("")
    top = found[0]
    style = "bold" if top.severity is Severity.HIGH else ""
    if width < 6:
        return Text(f"{top.severity.symbol}{min(len(found), 9)}", style=style)
    more = f" +{len(found) - 1}" if len(found) > 1 else ""
    text = fit(f"{top.severity.symbol} {top.kind.tag}", width - len(more))
    text.stylize(style)
    return text + Text(more, style="dim")


def row_cells(
    row: RosterRow, columns: list[tuple[str, str, int]], found: list[Signal] | None = None
) -> list[Any]:
    """The cells of one roster row for the given columns (the table cuts them to fit)."""
    widths = {key: width for key, _title, width in columns}
    cells = {
        "name": lambda: row.name,
        "signals": lambda: signal_cell(found or [], widths["signals"]),
        "owner": lambda: row.owner or Text("—", "dim"),
        "status": lambda: status_text(row.status, short=widths["status"] < 20),
        "stage": lambda: vocab_label(row.lifecycle_stage),
        "renewal": lambda: date_text(row.renewal_date),
        "value": lambda: Text(money_text(row.annual_value, row.currency).rjust(widths["value"])),
    }
    return [cells[key]() for key, _title, _width in columns]
