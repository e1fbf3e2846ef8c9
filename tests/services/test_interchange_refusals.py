"""Importing the whole database as JSON: a refused document leaves the database as it
was, and says which table, row and field is wrong."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from handover_tui.db.engine import Database
from handover_tui.services import clients, people, search
from handover_tui.services.interchange import ImportRefused, export_document, import_document
from tests.services.conftest import content


def _broken_last_row(document: dict[str, Any]) -> tuple[dict[str, Any], str]:
    broken = json.loads(json.dumps(document))
    broken["health_snapshot"][-1]["taken_on"] = "soon"
    last = len(broken["health_snapshot"]) - 1
    return broken, rf"health_snapshot\[{last}\]\.taken_on: 'soon' is not a date"


def _not_an_object(document: dict[str, Any]) -> tuple[dict[str, Any], str]:
    rows = document["client"]
    return {**document, "client": [*rows, 7]}, rf"client\[{len(rows)}\] is not an object"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: ({**d, "format": "trello"}, "not a handover export"),
        lambda d: ({**d, "version": 2}, "version 2, newer"),
        lambda d: ({**d, "client": {"id": 1}}, "'client' is not a list of rows"),
        lambda d: ({**d, "clients": []}, "unknown table 'clients'"),
        _not_an_object,
        _broken_last_row,
    ],
)
def test_refused_document_changes_nothing(
    db: Database, demo_document: dict[str, Any], change
) -> None:
    clients.create_client(db, {"name": "Already here"})
    before = export_document(db)
    broken, message = change(demo_document)
    with pytest.raises(ImportRefused, match=message):
        import_document(db, broken, merge=True)
    assert content(export_document(db)) == content(before)


def test_field_errors_name_table_row_and_field(db: Database, demo_document) -> None:
    cases = [
        ("client", 3, "renewal_date", "soon", "client[3].renewal_date: 'soon' is not a date"),
        ("client", 0, "annual_value", 12.5, "client[0].annual_value: 12.5 is not an amount"),
        ("client", 1, "name", None, "client[1].name: a value is required"),
        ("contact", 2, "is_primary", "yes", "contact[2].is_primary: 'yes' is not true or false"),
        ("note", 0, "created_at", "2026-01-01T10:00:00", "note[0].created_at: '2026-01-01T10"),
        ("person", 1, "colour", "red", "person[1].colour: there is no such field"),
        ("client", 4, "owner_id", 999, "client[4].owner_id: there is no person with id 999"),
        ("contact", 1, "id", 1, "contact[1].id: 1 is used by contact[0] too"),
    ]
    for table, index, name, value, message in cases:
        broken = json.loads(json.dumps(demo_document))
        broken[table][index][name] = value
        with pytest.raises(ImportRefused) as refused:
            import_document(db, broken)
        assert str(refused.value).startswith(message)
    missing = json.loads(json.dumps(demo_document))
    del missing["note"][2]["client_id"]
    with pytest.raises(ImportRefused, match=r"note\[2\]\.client_id: the field is missing"):
        import_document(db, missing)


def test_non_empty_database_is_refused_without_merge(db: Database, demo_document) -> None:
    people.create_person(db, {"name": "Only me"})
    before = export_document(db)
    with pytest.raises(ImportRefused, match=r"^The database is not empty: use --merge"):
        import_document(db, demo_document)
    assert content(export_document(db)) == content(before)


def test_failure_while_writing_rolls_everything_back(db: Database, demo_document) -> None:
    before = export_document(db)

    def stop(done: int, total: int) -> None:
        if done >= total:
            raise KeyboardInterrupt  # everything was written, not yet committed

    with pytest.raises(KeyboardInterrupt):
        import_document(db, demo_document, progress=stop)
    assert content(export_document(db)) == content(before)
    assert search.search(db, "Nimbus") == []


def test_database_error_on_the_last_row_rolls_everything_back(db: Database, demo_document) -> None:
    with db.transaction() as session:
        session.execute(
            sa.text(
                "CREATE TRIGGER refuse_activity BEFORE INSERT ON activity "
                "BEGIN SELECT RAISE(ABORT, 'activity is read-only'); END"
            )
        )
    document = {**demo_document, "activity": [{"id": 1, "summary": "the last row"}]}
    before = export_document(db)
    with pytest.raises(ImportRefused, match="nothing was written: activity is read-only"):
        import_document(db, document)
    assert content(export_document(db)) == content(before)
    assert search.search(db, "Nimbus") == []
