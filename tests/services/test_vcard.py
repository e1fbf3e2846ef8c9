import pytest

from handover_tui.services import NotFound, clients, contacts
from handover_tui.services.vcard import VcfRefused, export_vcf, import_vcf


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def fields(contact) -> tuple:
    return (
        contact.name,
        contact.title,
        contact.email,
        contact.phone,
        contact.time_zone,
        contact.preferred_channel,
        contact.is_primary,
        contact.notes,
    )


def client_named(db, name: str) -> int:
    return next(row.id for row in clients.list_clients(db, name) if row.name == name)


@pytest.fixture
def fresh(db) -> int:
    return clients.create_client(db, {"name": "Fresh Start Ltd"}).id


def test_export_is_folded_crlf_vcard_3(demo_db):
    acme = client_named(demo_db, "Acme Logistics")
    first = contacts.list_contacts(demo_db, acme)[0]
    notes = "Prefers calls, not e-mail; never on Fridays.\nAssistant: Zoë Ångström. " + "é" * 90
    contacts.update_contact(demo_db, first.id, {"notes": notes}, expected_version=None)

    text = export_vcf(demo_db, acme)

    assert text.endswith("END:VCARD\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VCARD") == len(contacts.list_contacts(demo_db, acme))
    assert text.count("VERSION:3.0\r\n") == text.count("BEGIN:VCARD")
    assert text.count("ORG:Acme Logistics\r\n") == text.count("BEGIN:VCARD")
    assert "X-HANDOVER-PRIMARY:TRUE\r\n" in text
    assert "TZ;VALUE=text:" in text
    assert "NOTE:Prefers calls\\, not e-mail\\; never on Fridays.\\nAssistant" in text


def test_export_of_a_missing_client(db):
    with pytest.raises(NotFound):
        export_vcf(db, 999)


def test_round_trip_into_another_client(demo_db):
    acme = client_named(demo_db, "Acme Logistics")
    first = contacts.list_contacts(demo_db, acme)[0]
    contacts.update_contact(
        demo_db, first.id, {"notes": "Two lines,\nwith; escapes"}, expected_version=None
    )
    source = contacts.list_contacts(demo_db, acme)
    target = client_named(demo_db, "Zephyr Airlines")
    before = contacts.list_contacts(demo_db, target)

    report = import_vcf(demo_db, target, export_vcf(demo_db, acme))

    assert len(report.created) == len(source)
    assert (report.updated, report.skipped, report.warnings) == ((), (), ())
    assert str(report) == f"Imported {len(source)} contacts"
    after = contacts.list_contacts(demo_db, target)
    imported = [c for c in after if c.id not in {b.id for b in before}]
    assert sorted(map(fields, imported)) == sorted(map(fields, source))
    # The imported primary contact is now the only primary one of the target client.
    assert [c.name for c in after if c.is_primary] == [first.name]


def test_reimport_updates_instead_of_duplicating(demo_db, fresh):
    acme = client_named(demo_db, "Acme Logistics")
    text = export_vcf(demo_db, acme)
    import_vcf(demo_db, fresh, text)
    first = contacts.list_contacts(demo_db, fresh)[0]

    changed = text.replace(f"TITLE:{first.title}\r\n", "TITLE:Chief Executive\r\n", 1)
    report = import_vcf(demo_db, fresh, changed)

    assert report.created == ()
    assert report.updated == (first.name,)
    others = len(contacts.list_contacts(demo_db, acme)) - 1
    assert len(report.unchanged) == others
    assert str(report) == f"Imported 0 contacts, updated 1, {others} unchanged"
    again = contacts.list_contacts(demo_db, fresh)
    assert len(again) == others + 1
    retitled = next(c for c in again if c.id == first.id)
    assert retitled.title == "Chief Executive"
    assert retitled.version == first.version + 1
    assert all(c.version == 1 for c in again if c.id != first.id)  # unchanged: not touched


VCARD_4 = crlf(
    """BEGIN:VCARD
VERSION:4.0
KIND:individual
FN:Simon Perreault
N:Perreault;Simon;;;ing. jr,M.Sc.
BDAY:--0203
GENDER:M
LANG;PREF=1:fr
ORG;TYPE=work:Viagenie
ROLE:Head of networking
ADR;TYPE=work;LABEL="2875 Laurier\\nQuebec":;;2875 Laurier;Quebec;QC;G1V 2M2;Canada
TEL;VALUE=uri;TYPE="work,cell":tel:+1-418-262-6501
TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102
EMAIL;TYPE=work:simon.old@viagenie.example
EMAIL;TYPE=work;PREF=1:simon.perreault@viagenie.example
GEO:geo:46.772673,-71.282945
TZ;VALUE=text:America/Toronto
PHOTO:data:image/jpeg;base64,MIICajCCAdOgAwIBAgICBEUwDQYJKoZIhvcN
CLIENTPIDMAP:1;urn:uuid:3df403f4-5924-4bb7-b077-3c711d9eb34b
NOTE:Met at IETF 118\\, Prague.
X-HANDOVER-CHANNEL:video
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
END:VCARD
BEGIN:VCARD
VERSION:4.0
N:Tremblay;Marie;;;
TITLE:Procurement lead
TEL;VALUE=uri:tel:+1-514-555-0134
TZ;VALUE=utc-offset:-0500
END:VCARD
"""
)


def test_import_vcard_4(db, fresh):
    report = import_vcf(db, fresh, VCARD_4)

    assert report.created == ("Simon Perreault", "Marie Tremblay")
    by_name = {c.name: c for c in contacts.list_contacts(db, fresh)}
    simon = by_name["Simon Perreault"]
    assert simon.title == "Head of networking"
    assert simon.email == "simon.perreault@viagenie.example"  # PREF=1, not the first
    assert simon.phone == "+1 418-656-9254 ext. 102"
    assert simon.time_zone == "America/Toronto"
    assert simon.preferred_channel == "video"
    assert simon.notes == (
        "Met at IETF 118, Prague.\n\nFrom the vCard:\n"
        "Phone (work, cell): +1-418-262-6501\n"
        "E-mail (work): simon.old@viagenie.example\n"
        "Organisation: Viagenie\n"
        "Address (work): 2875 Laurier, Quebec, QC G1V 2M2, Canada\n"
        "Birthday: --0203"
    )
    assert report.warnings == (
        "card 1 (Simon Perreault): kept in the notes: phone (work, cell), e-mail (work), "
        "organisation, address (work), birthday",
    )
    marie = by_name["Marie Tremblay"]  # no FN: the name comes from N
    assert (marie.title, marie.phone) == ("Procurement lead", "+1 514-555-0134")
    assert marie.time_zone == "Etc/GMT+5"  # a whole-hour offset becomes an Etc zone


APPLE_3 = crlf(
    """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.2//EN
N:Nakamura;Aiko;;;
FN:Aiko Nakamura
ORG:Helix Biotech;R&D
TITLE:Director\\, Clinical Operations
item1.EMAIL;type=INTERNET;type=WORK:aiko@helix.example
item1.X-ABLabel:_$!<Work>!$_
item2.EMAIL;type=INTERNET;type=HOME;type=pref:aiko.nakamura@home.example
TEL;type=CELL;type=VOICE:(212) 555-0199
TEL;type=WORK;type=VOICE;type=pref:+44 20 7946 0958
item3.ADR;type=WORK;type=pref:;;1 Lab Way;Cambridge;;CB2 1TN;United Kingdom
item3.X-ABADR:gb
BDAY:1984-07-09
CATEGORIES:Clients,VIP
X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\\:ABPerson
X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/aiko
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR
 ofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAAB
 AAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==
NOTE:Prefers a short agenda sent\\na day ahead.
REV:2024-01-15T09:30:00Z
END:VCARD
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.2//EN
N:;;;;
ORG:Helix Biotech;
TEL;type=WORK;type=VOICE:+1 617 555 0100
X-ABShowAs:COMPANY
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Broken Photo
EMAIL:broken.photo@helix.example
PHOTO;ENCODING=b;TYPE=JPEG:!!!this is not base64!!!
X-MS-OL-DEFAULT-POSTAL-ADDRESS:2
END:VCARD
"""
)


def test_import_phone_export_with_unknown_properties(db, fresh):
    report = import_vcf(db, fresh, APPLE_3)

    assert report.created == ("Aiko Nakamura", "Broken Photo")
    assert [(s.position, s.line, s.reason) for s in report.skipped] == [(2, 25, "has no name")]
    assert str(report).startswith("Imported 2 contacts; skipped 1: card 2 (line 25) has no name")
    aiko = next(c for c in contacts.list_contacts(db, fresh) if c.name == "Aiko Nakamura")
    assert aiko.title == "Director, Clinical Operations"
    assert aiko.email == "aiko.nakamura@home.example"  # type=pref wins over the first
    assert aiko.phone == "+44 20 7946 0958"
    assert aiko.notes == (
        "Prefers a short agenda sent\na day ahead.\n\nFrom the vCard:\n"
        "Phone (cell): (212) 555-0199\n"
        "E-mail (work): aiko@helix.example\n"
        "Organisation: Helix Biotech, R&D\n"
        "Address (work): 1 Lab Way, Cambridge, CB2 1TN, United Kingdom\n"
        "Birthday: 1984-07-09\n"
        "Categories: Clients, VIP"
    )
    assert (aiko.time_zone, aiko.preferred_channel, aiko.is_primary) == ("", "", False)


OUTLOOK_21 = crlf(
    """BEGIN:VCARD
VERSION:2.1
N;LANGUAGE=de;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller
ORG:Granite State Bank
TITLE:Head of Operations
TEL;WORK;VOICE:+49 30 901820
EMAIL;PREF;INTERNET:juergen.mueller@granite.example
ADR;WORK;PREF;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=C3=9Fe 1=
;Berlin;;10115;Deutschland
NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Bitte nur vormittags anrufen.=0D=0A=
Gr=C3=BC=C3=9Fe
X-MS-OL-DESIGN;CHARSET=utf-8:<card xmlns="http://schemas.microsoft.com/office/outl
 ook/12/electronicbusinesscards" ver="1.0" layout="left" bgcolor="ffffff"></card>
REV:20240115T093000Z
END:VCARD
"""
)


def test_import_outlook_2_1(db, fresh):
    report = import_vcf(db, fresh, OUTLOOK_21)

    assert report.created == ("Jürgen Müller",)
    [jurgen] = contacts.list_contacts(db, fresh)
    assert (jurgen.email, jurgen.phone) == ("juergen.mueller@granite.example", "+49 30 901820")
    assert jurgen.notes == (
        "Bitte nur vormittags anrufen.\nGrüße\n\nFrom the vCard:\n"
        "Organisation: Granite State Bank\n"
        "Address (work): Hauptstraße 1, Berlin, 10115, Deutschland"
    )


BAD = crlf(
    """BEGIN:VCARD
VERSION:3.0
FN:Good Person
EMAIL:good@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bad Mail
EMAIL:bad.mail@@example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bad Phone
TEL:call me maybe
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Odd Zone
TZ:+05:30
X-HANDOVER-CHANNEL:carrier pigeon
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Cut Short
EMAIL:cut@example.com
"""
)


def test_bad_cards_are_reported_and_skipped(db, fresh):
    report = import_vcf(db, fresh, BAD)

    assert report.created == ("Good Person", "Bad Phone", "Odd Zone")
    skipped = {s.position: s for s in report.skipped}
    assert set(skipped) == {2, 5}
    assert skipped[2].line == 6
    assert skipped[2].name == "Bad Mail"
    assert skipped[2].reason.startswith("has a bad e-mail: Not an e-mail address")
    assert skipped[5].reason == "is not closed by END:VCARD"
    assert str(report).startswith(
        "Imported 3 contacts; skipped 2: card 2 (line 6, Bad Mail) has a bad e-mail"
    )
    # A time zone or channel it cannot read costs the contact only that field; a phone
    # number it cannot read is kept as typed, marked unverified.
    assert len(report.warnings) == 3
    assert report.warnings[0] == (
        "card 3 (Bad Phone): phone 'call me maybe' kept as typed and marked unverified: "
        "it is no number the app can read"
    )
    by_name = {c.name: c for c in contacts.list_contacts(db, fresh)}
    assert (by_name["Odd Zone"].time_zone, by_name["Odd Zone"].preferred_channel) == ("", "")
    assert (by_name["Bad Phone"].phone, by_name["Bad Phone"].phone_unverified) == (
        "call me maybe",
        True,
    )
    assert by_name["Good Person"].phone_unverified is False
    assert set(by_name) == {"Good Person", "Bad Phone", "Odd Zone"}


def test_unreadable_card_does_not_spoil_the_others(db, fresh):
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Garbled\nTEL;TYPE=CELL 555 0100\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Fine\nEND:VCARD\n"
    )
    report = import_vcf(db, fresh, text)

    assert report.created == ("Fine",)
    [garbled] = report.skipped
    assert (garbled.position, garbled.line) == (1, 1)
    assert garbled.reason.startswith("could not be read")


def test_match_by_email_else_by_name(db, fresh):
    contacts.add_contact(db, fresh, {"name": "Ann Lee", "email": "ann@example.com"})
    contacts.add_contact(db, fresh, {"name": "Bo Chen", "is_primary": True})
    contacts.add_contact(db, fresh, {"name": "Cy Diaz", "email": "cy@one.example"})
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee-Park\nEMAIL:ANN@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:bo chen\nEMAIL:bo@example.com\n"
        "X-HANDOVER-PRIMARY:FALSE\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cy Diaz\nEMAIL:cy@two.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cy Diaz\nTITLE:Twin\nEND:VCARD\n"
    )
    report = import_vcf(db, fresh, text)

    assert report.updated == ("Ann Lee-Park", "bo chen", "Cy Diaz")  # the card's spelling
    assert report.created == ("Cy Diaz",)  # another address: another person
    by_email = {c.email.lower(): c for c in contacts.list_contacts(db, fresh)}
    assert by_email["ann@example.com"].name == "Ann Lee-Park"
    assert by_email["bo@example.com"].is_primary is False
    # The card without an e-mail updated the first Cy Diaz, keeping its address.
    assert by_email["cy@one.example"].title == "Twin"
    assert len(by_email) == 4


def test_not_a_vcard_is_refused(db, fresh):
    for text in ["", "name,email\nAnn,ann@example.com\n", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"]:
        with pytest.raises(VcfRefused) as refused:
            import_vcf(db, fresh, text)
        assert str(refused.value) == "This is not a vCard file: it has no BEGIN:VCARD line."
    assert isinstance(refused.value, ValueError)
    assert contacts.list_contacts(db, fresh) == []


def test_import_into_a_missing_client_writes_nothing(db):
    with pytest.raises(NotFound):
        import_vcf(db, 999, crlf("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n"))
