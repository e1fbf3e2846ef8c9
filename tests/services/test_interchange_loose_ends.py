"""Loose ends in the JSON document: exported with the rest, and an older document that
kept them as summary text and notes filed as loose ends is imported as loose ends."""

from __future__ import annotations

from typing import Any

from handover_tui.db.engine import Database
from handover_tui.services import notes, transitions
from handover_tui.services.interchange import export_document, import_document


def _juniper(document: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    client = next(row for row in document["client"] if row["name"] == "Juniper Hotels")
    transition = next(row for row in document["transition"] if row["client_id"] == client["id"])
    return client["id"], transition


def test_the_export_carries_the_loose_ends(demo_db: Database) -> None:
    document = export_document(demo_db)
    titles = {row["title"]: row for row in document["loose_end"]}
    assert titles["Q2 invoice credit note"]["holder"] == "outgoing"
    assert titles["Q2 invoice credit note"]["state"] == "open"
    assert all("summary_loose_ends" not in row for row in document["transition"])
    assert all("summary_reach_channel" in row for row in document["transition"])


def test_an_older_document_is_imported_with_its_loose_ends_converted(
    db: Database, demo_document: dict[str, Any]
) -> None:
    old = demo_document
    old.pop("loose_end")
    client_id, transition = _juniper(old)
    for row in old["transition"]:
        row.pop("summary_reachable_until")
        row.pop("summary_reach_channel")
        row["summary_loose_ends"] = ""
    transition["summary_loose_ends"] = "- Credit note for Q2\n\n* Spa licences\n"
    next_id = max(row["id"] for row in old["note"]) + 1
    note = {**old["note"][0], "id": next_id, "client_id": client_id}
    note.update(category="loose_end", title="Call the CFO", body="About Q2", transition_id=None)
    old["note"].append(note)
    import_document(db, old)
    plan = transitions.plan_for_client(db, client_id)
    assert plan is not None
    ends = {end.title: end for end in plan.loose_ends}
    assert set(ends) == {"Credit note for Q2", "Spa licences", "Call the CFO"}
    assert ends["Call the CFO"].notes == "About Q2"
    assert {end.state for end in ends.values()} == {"open"}
    assert "Call the CFO" not in {n.title for n in notes.list_notes(db, client_id)}
