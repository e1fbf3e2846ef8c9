import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from handover_tui.db.engine import open_database
from handover_tui.domain.roster_csv import parse_mapping
from handover_tui.models import Client
from handover_tui.services import clients, people
from handover_tui.services.roster_csv import CsvError, export_csv, import_csv

SALESFORCE = """\
Account ID,Account Name,Account Owner,Type,Industry,Annual Revenue,Phone,Website,Created Date,\
Description,Billing City
0015g00000AbCdE,Acme Logistics,Maya Okafor,Customer - Direct,Transportation,"$1,200,000.00",\
(555) 010-2000,acme.example,3/14/2019,"Freight forwarding.
Two warehouses.",Oslo
0015g00000AbCdF,Bluefin Capital,maya okafor,Customer - Channel,Banking,350000,,,11/2/2021,,Bergen
0015g00000AbCdG,Cobalt Health,Jon Berg,Prospect,Healthcare,,,,1/5/2024,,Trondheim
"""

HUBSPOT = """\
Record ID,Company name,Company owner,Create Date,Phone Number,Industry,Annual Revenue,\
Company Domain Name,Lifecycle Stage,Type
9001,Delta Foods,Ada Lind,2023-05-02 14:11,+47 22 00 00 00,FOOD_PRODUCTION,90000,delta.example,\
Customer,Partner
9002,Echo Media,,2024-01-15 09:30,,MEDIA_PRODUCTION,,echo.example,Customer,Prospect
"""


def created(db):
    return {row.name: row for row in clients.list_clients(db, include_archived=True)}


def detail(db, name):
    return clients.get_client(db, created(db)[name].id).client


def test_salesforce_account_export(db):
    report = import_csv(db, SALESFORCE.encode())
    assert str(report) == "Imported 3 clients (2 new owners)"
    assert report.unmapped_columns == ["Account ID"]
    assert report.columns_used["Billing City"] == "city"
    assert report.columns[0].why == "a CRM record id"
    assert report.columns_used["Account Name"] == "name"
    rows = created(db)
    assert rows["Acme Logistics"].owner == "Maya Okafor"
    assert rows["Bluefin Capital"].owner == "Maya Okafor"  # matched in any case
    assert rows["Acme Logistics"].annual_value == Decimal("1200000.00")
    acme = detail(db, "Acme Logistics")
    assert acme.segment == "Customer - Direct"
    assert acme.relationship_start == date(2019, 3, 14)
    assert acme.overview == (
        "Freight forwarding.\nTwo warehouses.\n\nPhone: (555) 010-2000\nWebsite: acme.example\n"
        "Location: Oslo"
    )
    assert [p.name for p in people.list_people(db)] == ["Jon Berg", "Maya Okafor"]


def test_hubspot_company_export_with_lifecycle_stage_ignored(db):
    report = import_csv(db, HUBSPOT.encode(), mapping=parse_mapping(["Lifecycle Stage=ignore"]))
    assert str(report) == "Imported 2 clients (1 new owner)"
    delta = detail(db, "Delta Foods")
    assert delta.relationship_start == date(2023, 5, 2)
    assert delta.industry == "FOOD_PRODUCTION"
    assert delta.segment == "Partner"
    assert delta.lifecycle_stage == "onboarding"
    assert delta.overview == "Phone: +47 22 00 00 00\nWebsite: delta.example"
    assert created(db)["Echo Media"].owner == ""


def test_utf8_with_bom(db):
    report = import_csv(db, "Name,Owner\nÅrdal Kraft,Øyvind Ås\n".encode("utf-8-sig"))
    assert report.columns_used == {"Name": "name", "Owner": "owner"}
    assert created(db)["Årdal Kraft"].owner == "Øyvind Ås"


def test_cp1252_file(tmp_path: Path, db):
    path = tmp_path / "excel.csv"
    industry = "Gastronomie \u2013 Süd"
    path.write_bytes(f"Company,Industry\r\nCafé Müller GmbH,{industry}\r\n".encode("cp1252"))
    import_csv(db, path.read_bytes())
    assert created(db)["Café Müller GmbH"].industry == industry


def test_semicolon_file_with_european_amounts_and_dates(db):
    data = (
        "Kunde;Annual Revenue;Currency;Renewal Date;Tags\n"
        "Müller AG;1.200,50;EUR;31.12.2026;dach, key\n"
        "Rossi SpA;1.200.000,00 €;;1.7.2027;\n"
        "Dupont SA;950;;;\n"
    ).encode()
    report = import_csv(db, data, mapping=parse_mapping(["Kunde=name"]))
    assert report.created == 3
    rows = created(db)
    assert rows["Müller AG"].annual_value == Decimal("1200.50")
    assert rows["Müller AG"].renewal_date == date(2026, 12, 31)
    assert rows["Müller AG"].tags == "dach,key"
    assert (rows["Rossi SpA"].annual_value, rows["Rossi SpA"].currency) == (
        Decimal("1200000.00"),
        "EUR",
    )
    assert rows["Rossi SpA"].renewal_date == date(2027, 7, 1)
    assert rows["Dupont SA"].currency == "USD"


BAD = """\
Name,Owner,Renewal Date,Annual value,Lifecycle Stage
Acme,Maya,2027-01-31,1000,growth
Bluefin,"Jon
Berg",2027-02-28,,
Cobalt,Maya,31/02/2026,,
,Maya,,,
Delta,Ada,,-5,mature
Echo,Ada,,,soon
"""


def test_bad_rows_are_reported_by_line_and_nothing_is_written(db):
    report = import_csv(db, BAD.encode())
    assert report.blocked
    assert report.bad == [
        (
            5,
            "Renewal Date: '31/02/2026' is not a date: it is read as month/day/year; "
            "use YYYY-MM-DD.",
        ),
        (6, "Name: A name is required."),
        (7, "Annual value: The amount must be zero or more."),
    ]
    assert report.warnings == [
        (
            8,
            "Lifecycle Stage: 'soon' is not one of Onboarding, Growth, Mature, Renewal, "
            "At risk: left as Onboarding, kept as the tag 'soon'.",
        )
    ]
    assert str(report).splitlines()[:3] == [
        "Nothing imported: fix the bad rows or pass --skip-bad to leave them out",
        "3 bad rows:",
        "  line 5: Renewal Date: '31/02/2026' is not a date: it is read as month/day/year; "
        "use YYYY-MM-DD.",
    ]
    assert (
        'To leave a column out instead, add --map "Renewal Date=ignore" --map "Annual value=ignore"'
    ) in str(report)
    assert (report.created, report.new_owners) == (0, 0)
    assert created(db) == {}
    assert people.list_people(db) == []


def test_skip_bad_writes_the_good_rows(db):
    report = import_csv(db, BAD.encode(), skip_bad=True)
    assert not report.blocked
    assert str(report).startswith("Imported 3 clients (3 new owners)\n3 bad rows:\n  line 5: ")
    rows = created(db)
    assert sorted(rows) == ["Acme", "Bluefin", "Echo"]
    assert (rows["Echo"].lifecycle_stage, rows["Echo"].tags) == ("onboarding", "soon")
    assert rows["Bluefin"].owner == "Jon Berg"  # a line holds no line break
    assert rows["Acme"].lifecycle_stage == "growth"


def test_a_row_with_several_problems_names_each_field(db):
    data = b"Name,Owner,Renewal Date,Annual value,Currency\nAcme,Maya,13.13.2026,1.2.3,euros\n"
    report = import_csv(db, data)
    (line, reason), *_ = report.bad
    assert line == 2
    assert reason.startswith("Renewal Date: '13.13.2026' is not a date: it is read as day.")
    assert "; Annual value: '1.2.3' is not an amount" in reason
    assert "; Currency: Use a three-letter currency code" in reason


def test_unquoted_separator_makes_the_row_bad(db):
    report = import_csv(db, b"Name,Annual value,Industry\nAcme,1,200,Retail\n")
    assert report.bad == [
        (
            2,
            "the row has 4 cells where the header has 3: quote cells that contain the "
            "delimiter, such as amounts written with a thousands separator.",
        )
    ]


def test_dry_run_writes_nothing(db):
    people.create_person(db, {"name": "Maya Okafor"})
    clients.create_client(db, {"name": "Bluefin Capital"})
    report = import_csv(db, SALESFORCE.encode(), dry_run=True)
    assert report.dry_run
    assert str(report).splitlines()[-2:] == [
        "Would import 2 clients (1 new owner)",
        "1 duplicate skipped (Bluefin Capital)",
    ]
    assert sorted(created(db)) == ["Bluefin Capital"]
    assert [p.name for p in people.list_people(db)] == ["Maya Okafor"]


def test_dry_run_with_bad_rows(db):
    report = import_csv(db, BAD.encode(), dry_run=True)
    assert report.headline().startswith("Would import nothing: fix the bad rows")
    report = import_csv(db, BAD.encode(), dry_run=True, skip_bad=True)
    assert report.headline() == "Would import 3 clients (3 new owners)"
    assert "\n3 bad rows:\n" in str(report)
    assert created(db) == {}


def test_duplicates_on_the_roster_and_in_the_file_are_skipped(db):
    archived = clients.create_client(db, {"name": "Old Co"})
    clients.archive_client(db, archived.id)
    clients.create_client(db, {"name": "Acme"})
    data = b"Name\nACME\nOld  co\nNew Co\nnew co\n"
    report = import_csv(db, data)
    assert report.duplicates == [(2, "ACME"), (3, "Old  co"), (5, "new co")]
    assert str(report) == "Imported 1 client\n3 duplicates skipped (ACME, Old co, new co)"
    assert sorted(created(db)) == ["Acme", "New Co", "Old Co"]


def test_owners_match_existing_people_and_new_ones_are_made_once(db):
    maya = people.create_person(db, {"name": "Maya Okafor"})
    data = b"Name,Owner\nA,MAYA OKAFOR\nB,Jon Berg\nC,jon berg\nD,\n"
    report = import_csv(db, data)
    assert report.new_owners == 1
    rows = created(db)
    assert clients.get_client(db, rows["A"].id).client.owner_id == maya.id
    assert rows["B"].owner == rows["C"].owner == "Jon Berg"
    assert rows["D"].owner == ""


def test_map_for_an_unusual_header(db):
    data = b"Mandant,Betreuer,Jahresumsatz\nHansa Werft,Ada Lind,250000\n"
    with pytest.raises(CsvError) as caught:
        import_csv(db, data)
    assert str(caught.value) == (
        "No column holds the client's name (headers found: 'Mandant', 'Betreuer', "
        "'Jahresumsatz'); name it with --map, e.g. --map \"Mandant=name\"."
    )
    mapping = parse_mapping(["Mandant=name", "Betreuer=owner", "Jahresumsatz=annual_value"])
    report = import_csv(db, data, mapping=mapping)
    assert report.columns_used == {
        "Mandant": "name",
        "Betreuer": "owner",
        "Jahresumsatz": "annual_value",
    }
    row = created(db)["Hansa Werft"]
    assert (row.owner, row.annual_value) == ("Ada Lind", Decimal("250000.00"))


def test_progress_is_reported_every_hundred_rows(db):
    data = ("Name\n" + "".join(f"Client {n}\n" for n in range(250))).encode()
    calls = []
    report = import_csv(db, data, progress=lambda done, total: calls.append((done, total)))
    assert report.created == 250
    assert calls == [(100, 250), (200, 250), (250, 250)]


# --------------------------------------------------------------------------- export

NASTY = ['=HYPERLINK("http://evil.example","Click")', "+1", "-2", "@x", "'quoted"]


def test_export_neutralises_every_cell(db):
    owner = people.create_person(db, {"name": "=cmd|' /C calc'!A0"})
    for name in NASTY:
        clients.create_client(db, {"name": name, "owner_id": owner.id, "industry": "-risky"})
    with db.transaction() as session:  # the form would trim these; a database need not
        session.add(Client(name="\tx", segment="\rx"))
        session.add(Client(name="\rx"))
    text = export_csv(db)
    records = list(csv.reader(io.StringIO(text)))
    assert records[0] == [
        "name",
        "owner",
        "status",
        "lifecycle_stage",
        "industry",
        "segment",
        "renewal_date",
        "annual_value",
        "currency",
        "tags",
        "relationship_start",
    ]
    names = {record[0] for record in records[1:]}
    assert names == {
        '\'=HYPERLINK("http://evil.example","Click")',
        "'+1",
        "'-2",
        "'@x",
        "''quoted",
        "␉x",  # a control character stored by another program reads back shown
        "␍x",
    }
    for record in records[1:]:
        for cell in record:
            assert not cell or cell[0] not in "=+-@\t\r", record
    by_name = {record[0]: record for record in records[1:]}
    assert by_name["'+1"][1:5] == ["'=cmd|' /C calc'!A0", "active", "onboarding", "'-risky"]
    assert by_name["␉x"][5] == "␍x"


def test_export_imports_back(tmp_path, db):
    maya = people.create_person(db, {"name": "Maya Okafor"})
    for name in NASTY:
        clients.create_client(db, {"name": name, "owner_id": maya.id})
    clients.create_client(
        db,
        {
            "name": 'Café Müller GmbH, "Süd" zweite Zeile',
            "owner_id": maya.id,
            "industry": "Gastronomie",
            "segment": "SMB",
            "lifecycle_stage": "at_risk",
            "status": "in_transition",
            "renewal_date": "2027-03-31",
            "relationship_start": "2019-01-02",
            "annual_value": "1234567.89",
            "currency": "EUR",
            "tags": "dach, key",
        },
    )
    gone = clients.create_client(db, {"name": "Gone GmbH", "annual_value": "10"})
    clients.archive_client(db, gone.id)
    assert "Gone GmbH" not in export_csv(db)

    text = export_csv(db, include_archived=True)
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        report = import_csv(other, text.encode())
        assert report.unmapped_columns == []
        assert report.created == len(NASTY) + 2
        fields = ("name", "owner", "status", "lifecycle_stage", "renewal_date")
        fields += ("annual_value", "currency", "industry", "tags")

        def roster(database):
            return sorted(
                tuple(getattr(row, field) for field in fields)
                for row in clients.list_clients(database, include_archived=True)
            )

        assert roster(other) == roster(db)
        back = {row.name: row for row in clients.list_clients(other, include_archived=True)}
        cafe = clients.get_client(other, back['Café Müller GmbH, "Süd" zweite Zeile'].id)
        assert cafe.client.segment == "SMB"
        assert cafe.client.relationship_start == date(2019, 1, 2)
        assert back["Gone GmbH"].archived
        assert export_csv(other, include_archived=True) == text
        clients.unarchive_client(other, back["Gone GmbH"].id)  # to the status it had: active
        assert clients.list_clients(other, "gone")[0].status == "active"
    finally:
        other.close()
