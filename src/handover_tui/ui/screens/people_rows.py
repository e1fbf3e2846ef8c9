"""The people screen's columns, and the cells of a person's row and a credential's."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text

from handover_tui.ui.screens.client.contacts import phone_cell
from handover_tui.ui.widgets.record_table import Column, fit, fit_columns

if TYPE_CHECKING:
    from handover_tui.models import Credential
    from handover_tui.services.people import PersonRow

PEOPLE_WIDE: list[Column] = [
    ("name", "Name", None),
    ("role", "Role", 24),
    ("load", "Load / capacity", 24),
    ("email", "E-mail", 36),
    ("phone", "Phone", 18),
]
PEOPLE_MEDIUM: list[Column] = [
    ("name", "Name", None),
    ("role", "Role", 16),
    ("load", "Load / capacity", 22),
    ("email", "E-mail", 28),
    ("phone", "Phone", 16),
]
PEOPLE_NARROW: list[Column] = [
    ("name", "Name", None),
    ("load", "Load", 11),
    ("email", "E-mail", 24),
    ("phone", "Phone", 16),
]
"""At 80 cells the role gives way: it shows above the person's credentials."""


def people_layout(total: int) -> list[tuple[str, str, int]]:
    """Columns that fit ``total`` cells: no sideways scrolling at 80, room at 200."""
    columns = PEOPLE_WIDE if total >= 160 else PEOPLE_MEDIUM if total >= 110 else PEOPLE_NARROW
    return fit_columns(total, columns, minimum=12)


CREDENTIAL_WIDE: list[Column] = [
    ("name", "Credential", None),
    ("issuer", "Issued by", 24),
    ("expires", "Expires", 10),
    ("status", "Status", 22),
]
CREDENTIAL_NARROW: list[Column] = [
    ("name", "Credential", None),
    ("issuer", "Issued by", 16),
    ("expires", "Expires", 10),
    ("status", "Status", 21),
]

SOON = 30
"""Days: a credential expiring within this is flagged, as the dashboard flags its owner."""


def person_cells(person: PersonRow, columns: list[tuple[str, str, int]]) -> list[Any]:
    widths = {key: width for key, _title, width in columns}
    capacity = str(person.capacity) if person.capacity else "—"
    if widths["load"] >= 22:
        load = Text(f"{person.load} / {capacity}")
        if person.over_capacity:
            load.append("  ▲ over capacity", style="bold")
    else:
        load = Text(f"{person.load}/{capacity}")
        if person.over_capacity:
            load.append(" ▲ over", style="bold")
    cells = {
        "name": lambda: fit(person.name, widths["name"]),
        "role": lambda: fit(person.role, widths["role"]),
        "load": lambda: load,
        "email": lambda: fit(person.email, widths["email"]),
        "phone": lambda: phone_cell(person.phone, person.phone_unverified, widths["phone"]),
    }
    return [cells[key]() for key, _title, _width in columns]


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def expiry_words(expires_on: date | None, today: date) -> Text:
    """How long a credential stays valid, in words (the marks and bold only repeat them)."""
    if expires_on is None:
        return Text("never expires", style="dim")
    left = (expires_on - today).days
    if left < 0:
        return Text(f"✖ expired {_days(-left)} ago", style="bold")
    if left == 0:
        return Text("▲ expires today", style="bold")
    words = f"expires in {_days(left)}"
    return Text(f"▲ {words}", style="bold") if left <= SOON else Text(words)


def credential_layout(total: int) -> list[tuple[str, str, int]]:
    return fit_columns(total, CREDENTIAL_WIDE if total >= 100 else CREDENTIAL_NARROW)


def credential_cells(
    credential: Credential, columns: list[tuple[str, str, int]], today: date
) -> list[Any]:
    widths = {key: width for key, _title, width in columns}
    status = expiry_words(credential.expires_on, today)
    status.truncate(widths["status"], overflow="ellipsis")
    cells = {
        "name": fit(credential.name, widths["name"]),
        "issuer": fit(credential.issuer, widths["issuer"]),
        "expires": str(credential.expires_on) if credential.expires_on else "—",
        "status": status,
    }
    return [cells[key] for key, _title, _width in columns]
