"""The demo's relationships that raise the relationship signals (``domain.
relationship_signals``): a client with no owner, one whose contact is thinning out, one
outgrowing us, and one that hangs on a single contact, so the dashboard shows them all;
and where the demo's contacts stand on the stakeholder map."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from handover_tui.db.engine import Database
from handover_tui.services import clients, contacts, health, log


def populate(db: Database, client_ids: dict[str, int], today: date) -> None:
    """Shape four of the demo's clients (``services.demo``) to raise those signals."""
    orphan = client_ids["Evergreen Property Group"]  # its owner left: nobody owns it now
    clients.update_client(db, orphan, {"owner_id": None, "deputy_id": None}, expected_version=None)
    for days_ago in (170, 150, 130, 115, 100):  # contacts every few weeks, then one since
        log.add_interaction(
            db,
            client_ids["Oakridge Municipal Utilities"],
            {
                "kind": "check_in",
                "occurred_on": (today - timedelta(days=days_ago)).isoformat(),
                "summary": "Monthly review.",
            },
        )
    health.record_snapshot(
        db,
        client_ids["Meridian Pharma"],
        {"taken_on": (today - timedelta(days=3)).isoformat(), "renewal_outcome": "reduced"},
    )
    single = client_ids["Copperfield Insurance"]
    for contact in contacts.list_contacts(db, single)[1:]:
        contacts.delete_contact(db, contact.id or 0)


def on_the_map(number: int, owner_id: int) -> dict[str, Any]:
    """The stakeholder map of a demo client's contacts: the primary contact decides and
    is held by the owner, the second influences, the others are not placed yet."""
    if number == 0:
        return {
            "decision_role": "decision_maker",
            "seniority": "executive",
            "sentiment": "positive",
            "relationship_holder_id": owner_id,
        }
    if number == 1:
        return {"decision_role": "influencer", "seniority": "manager", "sentiment": "neutral"}
    return {}
