"""The demo's loose ends: what the handoffs under way leave to settle, held by each side."""

from __future__ import annotations

from datetime import date, timedelta

from handover_tui.db.engine import Database
from handover_tui.services import loose_ends

# (client, title, holder, due this many days after the handoff starts)
LOOSE_ENDS = [
    ("Juniper Hotels", "Q2 invoice credit note", "outgoing", 20),
    ("Juniper Hotels", "Licence count for the spa system", "incoming", 35),
    ("Redwood Telecom", "Licence true-up not invoiced: needs a PO", "client", 30),
]


def populate(db: Database, transition_id: int, client: str, start: date) -> None:
    """Add the loose ends of ``client``'s handoff, which starts on ``start``."""
    for name, title, holder, days in LOOSE_ENDS:
        if name == client:
            due = (start + timedelta(days=days)).isoformat()
            values = {"title": title, "holder": holder, "due_on": due}
            loose_ends.add_loose_end(db, transition_id, values)
