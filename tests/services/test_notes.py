import pytest

from handover_tui.domain.validation import InvalidInput
from handover_tui.domain.vocab import NoteCategory
from handover_tui.services import clients, identity, notes


@pytest.fixture
def acme(db):
    return clients.create_client(db, {"name": "Acme"})


def test_notes_pinned_first_and_coverage(db, acme):
    first = notes.create_note(
        db, acme.id, {"title": "History", "category": "history"}, author="maya"
    )
    second = notes.create_note(db, acme.id, {"title": "Goals", "category": "goals"})
    assert second.author == identity.display_name()  # the login without settings
    assert [n.title for n in notes.list_notes(db, acme.id)] == ["Goals", "History"]
    notes.set_pinned(db, first.id, True)
    assert [n.title for n in notes.list_notes(db, acme.id)] == ["History", "Goals"]
    assert [n.title for n in notes.list_notes(db, acme.id, "goals")] == ["Goals"]
    missing = notes.missing_categories(db, acme.id)
    assert NoteCategory.HISTORY not in missing and NoteCategory.CHALLENGE in missing
    assert len(missing) == len(NoteCategory) - 2


def test_delete_is_undoable_and_edit_is_checked(db, acme):
    note = notes.create_note(
        db, acme.id, {"title": "Challenge", "category": "challenge", "body": "Call **Jane**"}
    )
    notes.delete_note(db, note.id)
    assert notes.list_notes(db, acme.id) == []
    assert NoteCategory.CHALLENGE in notes.missing_categories(db, acme.id)
    notes.restore_note(db, note.id)
    assert [n.body for n in notes.list_notes(db, acme.id)] == ["Call **Jane**"]
    with pytest.raises(InvalidInput):
        notes.update_note(db, note.id, {"title": " "}, expected_version=None)
    with pytest.raises(InvalidInput):
        notes.create_note(db, acme.id, {"title": "x", "category": "gossip"})
