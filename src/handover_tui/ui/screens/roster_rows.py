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
# Narrower, the stage goes, the status takes its short form and one cell parts columns.
NARROW: list[Column] = [
    ("name", "Client", None),
    ("signals", "!", 2),
    ("owner", "Owner", 13),
    ("status", "Status", 15),
    ("renewal", "Renewal", 10),
    ("value", "Value", 10),
]
NAME_ROOM = 24
"""Cells a client's name gets before the owner's name is cut."""
TITLES = {key: title for key, title, _width in WIDE}
SORT_KEYS = [key for key, _title, _width in WIDE if key != "signals"]


def layout(total: int) -> list[tuple[str, str, int]]:
    """The columns for a screen ``total`` cells wide: every column while the client name
    keeps ``NAME_ROOM`` cells (20 with one cell between columns), else the narrow set; the
    name takes what is left (less one cell: the mark beside each row takes two where
    padding took one), and in the narrow set the owner's column gives up cells until the
    name has ``NAME_ROOM``."""
    for gap in (2, 1):
        wide = fit_columns(total - 1, WIDE, gap=gap)
        if wide[0][2] >= (NAME_ROOM if gap == 2 else 20):
            return wide
    return fit_columns(total - 1, NARROW, gap=1, squeeze={"owner": 10}, want=NAME_ROOM)


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
