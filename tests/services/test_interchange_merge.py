"""Importing into a database that holds rows already: ids remapped, people and templates
reused, and a summary that says so."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from handover_tui.db.engine import Database
from handover_tui.models import ChecklistTemplate, Client, Note, Person
from handover_tui.services import clients, people, search, templates
from handover_tui.services.interchange import ImportSummary, export_document, import_document
from tests.services.conftest import content


def test_merge_remaps_ids_and_reuses_people(db: Database, demo_document) -> None:
    owner = next(p for p in demo_document["person"] if p["email"].startswith("maya@"))
    mine = people.create_person(db, {"name": "M. Okafor", "email": owner["email"].upper()})
    mine_client = clients.create_client(db, {"name": "Mine", "owner_id": mine.id})

    summary = import_document(db, demo_document, merge=True)
    assert summary.reused_people == 1
    assert summary.counts["person"] == len(demo_document["person"]) - 1
    assert summary.counts["client"] == 29
    assert "1 existing person reused" in str(summary)

    people_by_id = {p["id"]: p for p in demo_document["person"]}
    with db.reading() as session:
        assert len(session.exec(select(Person)).all()) == len(demo_document["person"])
        emails = {p.email.casefold() for p in session.exec(select(Person))}
        assert len(emails) == len(demo_document["person"])
        imported = {
            c.name: c for c in session.exec(select(Client).where(Client.id != mine_client.id))
        }
        persons = {p.id: p for p in session.exec(select(Person))}
        for row in demo_document["client"]:
            client = imported[row["name"]]
            if row["owner_id"] is None:
                assert client.owner_id is None
                continue
            expected = people_by_id[row["owner_id"]]["email"].casefold()
            assert persons[client.owner_id].email.casefold() == expected
            if row["owner_id"] == owner["id"]:
                assert client.owner_id == mine.id
        assert min(c.id for c in imported.values()) > mine_client.id
        notes = session.exec(select(Note)).all()
        assert len(notes) == len(demo_document["note"])
    assert any(hit.kind == "note" for hit in search.search(db, "Nimbus"))

    again = import_document(db, demo_document, merge=True)
    assert again.reused_people == len(demo_document["person"])
    assert again.counts["person"] == 0 and again.counts["credential"] == 0
    assert again.renamed_templates == ("Hotel handover (imported)",)
    names = {choice.name for choice in templates.list_templates(db)}
    assert {"Hotel handover", "Hotel handover (imported)"} <= names


def test_merge_keeps_each_reference_on_its_record(db: Database, demo_document) -> None:
    clients.create_client(db, {"name": "Padding so that ids shift"})
    import_document(db, demo_document, merge=True)
    merged = export_document(db)
    old_clients = {row["id"]: row["name"] for row in demo_document["client"]}
    new_clients = {row["id"]: row["name"] for row in merged["client"]}
    old_items = {row["id"]: row["title"] for row in demo_document["checklist_item"]}
    new_items = {row["id"]: row["title"] for row in merged["checklist_item"]}
    for table in ("contact", "note", "health_snapshot", "interaction", "checklist_item"):
        pairs_before = sorted(
            (old_clients[row["client_id"]], _text(row))
            for row in demo_document[table]
            if row.get("client_id") is not None
        )
        pairs_after = sorted(
            (new_clients[row["client_id"]], _text(row))
            for row in merged[table]
            if row.get("client_id") is not None
        )
        assert pairs_after == pairs_before, table
    for old, new in zip(demo_document["alternative"], merged["alternative"], strict=True):
        assert new["client_id"] != old["client_id"]
        assert new_clients[new["client_id"]] == old_clients[old["client_id"]]
        if old["review_item_id"] is not None:
            assert new_items[new["review_item_id"]] == old_items[old["review_item_id"]]


def _text(row: dict[str, Any]) -> str:
    return str(row.get("title") or row.get("name") or row.get("summary") or row.get("taken_on"))


def test_merge_matches_people_without_email_by_name(db: Database) -> None:
    known = people.create_person(db, {"name": "Sam Lee"})
    document = {
        "format": "handover",
        "version": 1,
        "person": [{"id": 7, "name": " sam lee ", "email": ""}, {"id": 8, "name": "Ana"}],
        "client": [{"id": 3, "name": "Acme", "owner_id": 7, "deputy_id": 8}],
    }
    summary = import_document(db, document, merge=True)
    assert (summary.reused_people, summary.counts["person"], summary.counts["client"]) == (1, 1, 1)
    with db.reading() as session:
        acme = session.exec(select(Client).where(Client.name == "Acme")).one()
        assert acme.owner_id == known.id
        assert session.get(Person, acme.deputy_id).name == "Ana"


def test_a_builtin_template_row_is_reused_not_copied(db: Database) -> None:
    with db.transaction() as session:
        session.add(ChecklistTemplate(id=5, name="Built in", builtin=True))
    document = {
        "format": "handover",
        "version": 1,
        "checklist_template": [{"id": 1, "name": "Built in", "builtin": True}],
        "checklist_template_item": [{"id": 1, "template_id": 1, "title": "Step"}],
    }
    before = export_document(db)
    summary = import_document(db, document)
    assert summary.total == 0
    assert content(export_document(db)) == content(before)


def test_summary_reads_as_a_sentence() -> None:
    summary = ImportSummary({"person": 1, "client": 2, "note": 0}, reused_people=2)
    assert str(summary) == "Imported 1 person, 2 clients; 2 existing people reused."
    assert str(ImportSummary()) == "Imported nothing."
