"""Search over many notes: only the newest matches are ranked, and every hit kept still
has its marked title and snippet (they are made in a second pass, for the kept rows)."""

import pytest

from handover_tui.db import search_read
from handover_tui.domain.search import END, START
from handover_tui.services import clients, notes, search


@pytest.mark.sqlite_only("the ranking window is the FTS5 query's")
def test_a_common_query_ranks_the_newest_matches_and_marks_them(db, monkeypatch):
    monkeypatch.setattr(search_read, "RANKED", 3)
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


LARGEST = 1_000_000  # domain.validation.MAX_NOTE_BODY: the largest note


def _log(size: int) -> str:
    """A running log that names renewal pricing on every line, ``size`` characters."""
    line = "Call with Maya: renewal pricing for the warehouse again.\n"
    return (line * (size // len(line) + 1))[:size]


def test_a_note_of_the_largest_size_is_found_and_gets_a_short_marked_snippet(db):
    """Both databases: the note is found, its title marked, and its snippet is the same
    fourteen words of its first lines (on PostgreSQL too, where ts_headline made it)."""
    acme = clients.create_client(db, {"name": "Acme"})
    notes.create_note(db, acme.id, {"title": "Renewal log", "body": _log(LARGEST)})

    (hit,) = [hit for hit in search.search(db, "renewal pric") if hit.kind == "note"]

    assert hit.title == f"{START}Renewal{END} log"
    assert hit.snippet == (
        f"Call with Maya: {START}renewal{END} {START}pricing{END} for the warehouse again."
        f" Call with Maya: {START}renewal{END} {START}pricing{END}…"
    )


@pytest.mark.sqlite_only("FTS5's snippet() is SQLite's")
def test_note_text_is_never_marked_by_fts5(db, monkeypatch):
    """FTS5's snippet() weighs every match in a note against every other one: the square
    of their number (2.5 s at a million characters naming the word every eighth word, 5
    to 8 minutes at ten million). No query of a search may call it, nor highlight()."""
    statements: list[str] = []
    from handover_tui.db.read import Reader

    rows_of = Reader.rows

    def recording(self, sql, **params):
        statements.append(sql)
        return rows_of(self, sql, **params)

    monkeypatch.setattr(Reader, "rows", recording)
    acme = clients.create_client(db, {"name": "Acme"})
    notes.create_note(db, acme.id, {"title": "Renewal log", "body": _log(20_000)})

    assert [hit.kind for hit in search.search(db, "renewal pricing")] == ["note"]
    assert any("note_fts MATCH" in sql for sql in statements)  # the recording saw them
    assert not [sql for sql in statements if "snippet(" in sql or "highlight(" in sql]
