"""One validation policy for every way in: a JSON import checks each record by the rules a
form applies, says where it is wrong, and keeps a phone number it cannot verify, marked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handover_tui.db.engine import Database, open_database
from handover_tui.domain.cleaning import UNVERIFIED, InvalidInput, clean_imported
from handover_tui.domain.validation import record_rules
from handover_tui.services import clients, contacts, people
from handover_tui.services.interchange import (
    TABLES,
    ImportRefused,
    export_document,
    export_json,
    import_document,
    import_json,
    parse_json,
)
from handover_tui.services.interchange_document import table_fields
from handover_tui.services.vcard import import_vcf


def document(**tables: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "handover", "version": 1, **tables}


def content(exported: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in exported.items() if key != "exported_at"}


ACME = {"id": 17, "name": "Acme Logistics", "status": "active"}


def test_a_status_not_in_the_vocabulary_is_refused_naming_the_record(db: Database) -> None:
    rows = [{"id": 3, "name": "Fine"}, {"id": 9, "name": "Other"}, {**ACME, "status": "bogus"}]
    before = content(export_document(db))
    with pytest.raises(ImportRefused) as refused:
        import_document(db, document(client=rows))
    assert str(refused.value).startswith(
        "client[2] (id 17): status: 'bogus' is not one of: Active, Planned, In transition"
    )
    assert content(export_document(db)) == before  # nothing written


@pytest.mark.parametrize(
    ("table", "row", "message"),
    [
        ("client", {**ACME, "name": "N" * 300}, "client[0] (id 17): name: Keep it under 200"),
        ("client", {**ACME, "name": "x" * 5_000}, "client[0] (id 17): name: Keep it under 200"),
        ("client", {**ACME, "name": " \t "}, "client[0] (id 17): name: A name is required"),
        ("client", {**ACME, "annual_value": "-5.00"}, "annual_value: The amount must be zero"),
        ("client", {**ACME, "industry": "i" * 201}, "client[0] (id 17): industry: Keep it under"),
        ("person", {"id": 4, "name": "Ann", "capacity": -1}, "person[0] (id 4): capacity:"),
        ("person", {"id": 4, "name": "Ann", "email": "ann@"}, "person[0] (id 4): email: Not an"),
        ("person", {"id": 4, "name": "Ann", "phone": "9" * 201}, "person[0] (id 4): phone: Keep"),
    ],
)
def test_a_value_a_form_refuses_refuses_the_import(
    db: Database, table: str, row: dict[str, Any], message: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_document(db, document(**{table: [row]}))
    assert message in str(refused.value)
    assert export_document(db)[table] == []


def test_text_longer_than_its_column_is_refused_where_no_rule_speaks(db: Database) -> None:
    """A column no form fills (a note's author) still holds what PostgreSQL would take."""
    note = {"id": 1, "client_id": 17, "title": "Hello", "author": "a" * 201}
    with pytest.raises(ImportRefused, match=r"note\[0\] \(id 1\): author: 201 characters"):
        import_document(db, document(client=[ACME], note=[note]))


def test_control_characters_are_dropped_with_a_warning(db: Database) -> None:
    rows = [
        {**ACME, "name": "Acme\x1b]0;owned\x07 Logistics", "overview": "Line one\r\nLine\ttwo"},
        {"id": 18, "name": "Nul\x00 Corp"},
    ]
    summary = import_document(db, document(client=rows))
    assert summary.warnings == (
        "client[0] (id 17): control characters removed from name",
        "client[1] (id 18): control characters removed from name",
    )
    assert "2 warnings: client[0] (id 17): control characters removed from name" in str(summary)
    stored = {row["id"]: row for row in export_document(db)["client"]}
    assert stored[17]["name"] == "Acme]0;owned Logistics"
    assert stored[17]["overview"] == "Line one\nLine\ttwo"  # a block keeps its lines
    assert stored[18]["name"] == "Nul Corp"


def test_an_unreadable_phone_is_kept_marked_and_survives_a_round_trip(
    db: Database, tmp_path: Path
) -> None:
    person = {"id": 1, "name": "Maya", "phone": "12"}
    contact = {"id": 5, "client_id": 17, "name": "Jane Roe", "phone": " ext. 4411 (reception)"}
    verified = {"id": 6, "client_id": 17, "name": "Ola", "phone": "212 555 0100"}
    summary = import_document(
        db, document(person=[person], client=[ACME], contact=[contact, verified])
    )

    assert summary.warnings == (
        "person[0] (id 1): phone '12' kept as typed and marked unverified: "
        "it is no number the app can read",
        "contact[0] (id 5): phone 'ext. 4411 (reception)' kept as typed and marked unverified: "
        "it is no number the app can read",
    )
    first = export_document(db)
    assert [(r["phone"], r["phone_unverified"]) for r in first["person"]] == [("12", True)]
    assert [(r["phone"], r["phone_unverified"]) for r in first["contact"]] == [
        ("ext. 4411 (reception)", True),
        ("+1 212-555-0100", False),  # a number it can read is written as a form writes it
    ]
    # The export takes its marks along: imported again it is the same, without warnings.
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        again = import_json(other, export_json(db))
        second = export_document(other)
    finally:
        other.close()
    assert again.warnings == ()
    assert content(second) == content(first)


def test_a_form_refuses_the_phone_an_import_keeps(db: Database) -> None:
    acme = clients.create_client(db, {"name": "Acme"})
    with pytest.raises(InvalidInput) as refused:
        contacts.add_contact(db, acme.id, {"name": "Jane", "phone": "12"})
    assert refused.value.errors["phone"].startswith("'12' is not a phone number")
    with pytest.raises(InvalidInput, match="phone"):
        people.create_person(db, {"name": "Maya", "phone": "12"})
    with pytest.raises(InvalidInput) as invalid:
        contacts.add_contact(db, acme.id, {"name": "Jane", "phone": "555 0199"})
    assert "not a valid number in US" in invalid.value.errors["phone"]


def test_a_form_keeps_an_unverified_phone_it_shows_back_and_clears_the_mark_on_a_new_one(
    db: Database,
) -> None:
    acme = clients.create_client(db, {"name": "Acme"})
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Roe\r\nTEL:12\r\nEND:VCARD\r\n"
    report = import_vcf(db, acme.id, text)
    assert report.warnings == (
        "card 1 (Jane Roe): phone '12' kept as typed and marked unverified: "
        "it is no number the app can read",
    )
    [jane] = contacts.list_contacts(db, acme.id)
    assert (jane.phone, jane.phone_unverified) == ("12", True)

    # The form sends every field: the phone comes back as it was, and keeps its mark.
    shown = {"name": "Jane Roe", "title": "CFO", "phone": "12", "email": ""}
    jane = contacts.update_contact(db, jane.id, shown, expected_version=jane.version)
    assert (jane.title, jane.phone, jane.phone_unverified) == ("CFO", "12", True)
    # Another number it cannot verify is refused, as on any form.
    with pytest.raises(InvalidInput, match="phone"):
        contacts.update_contact(db, jane.id, {**shown, "phone": "13"}, expected_version=None)
    # A number typed anew is verified, and the mark goes.
    jane = contacts.update_contact(
        db, jane.id, {**shown, "phone": "+44 20 7946 0958"}, expected_version=jane.version
    )
    assert (jane.phone, jane.phone_unverified) == ("+44 20 7946 0958", False)


def test_a_person_form_clears_the_mark_when_it_verifies_the_phone(db: Database) -> None:
    import_document(db, document(person=[{"id": 1, "name": "Maya", "phone": "555 01"}]))
    [maya] = people.list_people(db)
    assert maya.phone_unverified
    updated = people.update_person(
        db, maya.id, {"name": "Maya", "phone": "212 555 0100"}, expected_version=maya.version
    )
    assert (updated.phone, updated.phone_unverified) == ("+1 212-555-0100", False)


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "N" * 201},
        {"name": "Nul\x00 Corp"},
        {"name": "Acme", "industry": "i" * 201},
        {"name": "Acme", "tags": ", ".join(f"tag{n}" for n in range(50))},
    ],
)
def test_forms_refuse_what_a_column_cannot_hold_on_either_database(
    db: Database, fields: dict[str, str]
) -> None:
    """Refused by the rules, before SQLite would keep it or PostgreSQL fail on it."""
    with pytest.raises(InvalidInput):
        clients.create_client(db, fields)
    assert clients.list_clients(db) == []


def test_every_rule_refuses_text_longer_than_its_column() -> None:
    for table in TABLES:
        rules = record_rules().get(table.name, {})
        for field in table_fields(table):
            if field.width is None or field.name not in rules:
                continue
            with pytest.raises(InvalidInput):
                clean_imported({field.name: "a" * (field.width + 1)}, rules)


def test_every_mark_has_its_column() -> None:
    for table in TABLES:
        names = {field.name for field in table_fields(table)}
        for name, mark in UNVERIFIED.items():
            assert (name in names) == (mark in names), table.name


def test_the_one_json_reading_takes_bytes_with_a_byte_order_mark() -> None:
    assert parse_json(b"\xef\xbb\xbf" + json.dumps({"a": "Zo\u00eb"}).encode()) == {"a": "Zoë"}
    with pytest.raises(ImportRefused, match=r"not valid JSON \(line 3, column 13"):
        parse_json(b'{"format": "handover",\n "version": 1,\n "client": [}')
    with pytest.raises(ImportRefused, match="not UTF-8 text"):
        parse_json(b'{"name": "\xff"}')
