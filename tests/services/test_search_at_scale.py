"""Search over many notes: only the newest matches are ranked, and every hit kept still
has its marked title and snippet (they are made in a second pass, for the kept rows)."""

import pytest

from handover_tui.domain.search import END, START
from handover_tui.services import clients, notes, search


@pytest.mark.sqlite_only("the ranking window is the FTS5 query's")
def test_a_common_query_ranks_the_newest_matches_and_marks_them(db, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 3)
    acme = clients.create_client(db, {"name": "Acme"})
    notes.create_notes(
        db,
        [
            (acme.id, {"title": f"Renewal {n}", "body": f"Renewal pricing, round {n}."}, None)
            for n in range(6)
        ],
        author="maya",
    )
    gone = notes.list_notes(db, acme.id)[0]
    notes.delete_note(db, gone.id)

    hits = [hit for hit in search.search(db, "renewal pricing") if hit.kind == "note"]

    titles = sorted(hit.title for hit in hits)
    newest = sorted(f"{START}Renewal{END} {n}" for n in (3, 4, 5) if n != int(gone.title[-1]))
    assert titles == newest  # the newest three, less the deleted one
    for hit in hits:
        assert f"{START}pricing{END}" in hit.snippet
        assert hit.client_name == "Acme"


def test_a_rare_query_finds_every_match(db):
    acme = clients.create_client(db, {"name": "Acme"})
    notes.create_notes(
        db,
        [(acme.id, {"title": f"Note {n}", "body": "Escalation warehouse."}, None) for n in (1, 2)],
    )
    hits = [hit for hit in search.search(db, "escal wareh") if hit.kind == "note"]
    assert sorted(hit.title for hit in hits) == ["Note 1", "Note 2"]
