"""The dashboard's tables: their columns at each width, and the cells of each row."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text

from handover_tui.domain.formatting import money_text
from handover_tui.ui.widgets.record_table import Column, fit

if TYPE_CHECKING:
    from handover_tui.services.dashboard import AgendaItem, Renewal

AGENDA: list[Column] = [("when", "When", 9), ("client", "Client", 22), ("item", "Item", None)]
AGENDA_WIDE: list[Column] = [*AGENDA, ("who", "Who", 16)]
RENEWALS: list[Column] = [
    ("when", "When", 9),
    ("client", "Client", None),
    ("date", "Renewal", 10),
    ("value", "Annual value", 14),
]
RENEWALS_WIDE: list[Column] = [*RENEWALS[:2], ("owner", "Owner", 16), *RENEWALS[2:]]
BUCKETS = ((30, "Next 30 days"), (60, "31 to 60 days"), (90, "61 to 90 days"))


def when_text(due: date, today: date) -> Text:
    """``3d late`` / ``today`` / ``in 5d``: the words carry it, colour only helps."""
    days = (due - today).days
    if days < 0:
        return Text(f"{-days}d late", style="bold")
    return Text("today" if days == 0 else f"in {days}d")


def heading(text: str, count: int, columns: int) -> list[Any]:
    """A group's heading row: its words in the wide client column, the rest blank."""
    cells: list[Any] = ["", ""] + [""] * (columns - 2)
    cells[1] = Text(f"{text} ({count:,})", style="bold")
    return cells


def more(text: str, columns: int) -> list[Any]:
    """The row that counts what a capped group leaves out."""
    cells: list[Any] = [""] * columns
    cells[1] = Text(text, style="italic")
    return cells


def agenda_cells(item: AgendaItem, widths: dict[str, int], today: date) -> list[Any]:
    cells = {
        "when": when_text(item.due_on, today),
        "client": fit(item.client, widths["client"]),
        "item": fit(item.title, widths["item"]),
        "who": fit(item.who, widths.get("who", 0)),
    }
    return [cells[key] for key in widths]


def renewal_cells(renewal: Renewal, widths: dict[str, int], today: date) -> list[Any]:
    cells = {
        "when": when_text(renewal.renewal_date, today),
        "date": renewal.renewal_date.isoformat(),
        "client": fit(renewal.client, widths["client"]),
        "owner": fit(renewal.owner or "—", widths.get("owner", 0)),
        "value": Text(money_text(renewal.annual_value, renewal.currency).rjust(widths["value"])),
    }
    return [cells[key] for key in widths]
