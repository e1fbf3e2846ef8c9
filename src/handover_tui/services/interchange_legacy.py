"""JSON documents written before loose ends were tracked, read as today's.

Such a document keeps loose ends as the handoff summary's ``summary_loose_ends`` text
and as notes filed in the category ``loose_end``. As migration 0013 does for a database,
each non-empty line of that text becomes an open loose end of its transition, held by
the outgoing owner, and each such note one of its transition (else the client's running,
else latest, one), its title and text kept; a deleted note becomes a dropped loose end.
"""

from __future__ import annotations

from typing import Any

from handover_tui.domain.loose_ends import summary_lines

_RUNNING = ("active", "paused")


def upgrade_document(document: Any) -> Any:
    """``document`` with its old loose ends turned into ``loose_end`` rows; a document
    with none (or not shaped as a document at all) is returned as it is."""
    if not isinstance(document, dict):
        return document
    transitions = document.get("transition", [])
    notes = document.get("note", [])
    ends = document.get("loose_end", [])
    if not all(isinstance(rows, list) for rows in (transitions, notes, ends)):
        return document
    old_texts = any(isinstance(row, dict) and "summary_loose_ends" in row for row in transitions)
    old_notes = any(_is_old_note(row) for row in notes)
    if not (old_texts or old_notes):
        return document
    added = _Added(ends)
    kept_transitions = []
    for row in transitions:
        if isinstance(row, dict) and "summary_loose_ends" in row:
            row = dict(row)
            text = row.pop("summary_loose_ends")
            for title, body in summary_lines(text if isinstance(text, str) else ""):
                added.add(row.get("client_id"), row.get("id"), title, body, row)
        kept_transitions.append(row)
    latest = _latest_transitions(kept_transitions)
    kept_notes = []
    for row in notes:
        if not _is_old_note(row):
            kept_notes.append(row)
            continue
        transition_id = row.get("transition_id")
        if transition_id is None:
            transition_id = latest.get(row.get("client_id"))
        extra: dict[str, Any] = {}
        deleted = row.get("deleted_at")
        if isinstance(deleted, str):
            extra = {"state": "dropped", "closed_on": deleted[:10]}
            extra["drop_reason"] = "The note was deleted."
        added.add(row.get("client_id"), transition_id, row.get("title"), row.get("body"), row)
        added.rows[-1].update(extra)
    return {
        **document,
        "transition": kept_transitions,
        "note": kept_notes,
        "loose_end": [*ends, *added.rows],
    }


def _is_old_note(row: Any) -> bool:
    return isinstance(row, dict) and row.get("category") == "loose_end"


def _latest_transitions(rows: list[Any]) -> dict[Any, Any]:
    """Each client's running transition, else its latest (highest id)."""
    best: dict[Any, tuple[bool, int]] = {}
    for row in rows:
        if not isinstance(row, dict) or type(row.get("id")) is not int:
            continue
        rank = (row.get("status") in _RUNNING, row["id"])
        client = row.get("client_id")
        if client not in best or rank > best[client]:
            best[client] = rank
    return {client: rank[1] for client, rank in best.items()}


class _Added:
    """New loose-end rows, numbered after the document's own."""

    def __init__(self, existing: list[Any]) -> None:
        ids = [row.get("id") for row in existing if isinstance(row, dict)]
        self.next_id = max((i for i in ids if type(i) is int), default=0) + 1
        self.rows: list[dict[str, Any]] = []

    def add(self, client_id: Any, transition_id: Any, title: Any, body: Any, source: Any) -> None:
        row: dict[str, Any] = {
            "id": self.next_id,
            "client_id": client_id,
            "transition_id": transition_id,
            "title": title,
            "notes": body if isinstance(body, str) else "",
            "holder": "outgoing",
            "state": "open",
        }
        for stamp in ("created_at", "updated_at"):
            if isinstance(source.get(stamp), str):
                row[stamp] = source[stamp]
        self.rows.append(row)
        self.next_id += 1
