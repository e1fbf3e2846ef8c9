"""vCard files in the shapes phones and mail programs write them (fixtures under
tests/fixtures/vcard/, written for these tests): several phones and e-mails per card,
8-bit vCard 2.1, UTF-16; and what a re-import and an export do with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from handover_tui.services import clients, contacts
from handover_tui.services.vcard import export_vcf, import_vcf

FIXTURES = Path(__file__).parent.parent / "fixtures" / "vcard"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def larkspur(db) -> int:
    return clients.create_client(db, {"name": "Larkspur Health Trust"}).id


def by_name(db, client_id):
    return {contact.name: contact for contact in contacts.list_contacts(db, client_id)}


def test_every_phone_and_email_is_kept_with_its_type(db, larkspur):
    report = import_vcf(db, larkspur, fixture("iphone_outlook_3.vcf"))
    assert report.created == ("Chiamaka Okonkwo", "Henrik Lindqvist")
    chi = by_name(db, larkspur)["Chiamaka Okonkwo"]
    assert (chi.email, chi.phone, chi.title) == (
        "c.okonkwo@larkspur.example",
        "+44 7700 900123",
        "Chief Financial Officer",
    )
    assert chi.notes == (
        "Assistant: Priya (ext. 214).\n\nFrom the vCard:\n"
        "Phone (work): +44 20 7946 0321\n"
        "Phone (home): 020 7946 0999\n"
        "Phone (work, fax): +44 20 7946 0322\n"
        "E-mail (home): chi.okonkwo@mail.example\n"
        "E-mail: finance-office@larkspur.example\n"
        "Organisation: Larkspur Health Trust, Finance\n"
        "Address (work): Floor 4, 12 Wharf Road, London, N1 7GR, United Kingdom\n"
        "Birthday: 1979-11-23\n"
        "Nickname: Chi\n"
        "Categories: Board, Budget holders"
    )
    henrik = by_name(db, larkspur)["Henrik Lindqvist"]
    assert (henrik.email, henrik.phone) == ("henrik.lindqvist@larkspur.example", "+46 8 123 456 78")
    assert henrik.notes == (
        "From the vCard:\n"
        "Phone (cell): ext 5 via the switchboard\n"  # kept as typed, whatever it is
        "E-mail: h.lindqvist@old-domain.example\n"
        "Organisation: Larkspur Health Trust, IT"
    )
    kept = [warning for warning in report.warnings if "kept in the notes" in warning]
    assert kept[0] == (
        "card 1 (Chiamaka Okonkwo): kept in the notes: phone (work), phone (home), "
        "phone (work, fax), e-mail (home), e-mail, organisation, address (work), birthday, "
        "nickname, categories"
    )


def test_importing_the_same_file_twice_changes_nothing(db, larkspur):
    data = fixture("iphone_outlook_3.vcf")
    import_vcf(db, larkspur, data)
    before = {c.id: (c.version, c.notes) for c in contacts.list_contacts(db, larkspur)}
    again = import_vcf(db, larkspur, data)
    assert (again.created, again.updated) == ((), ())
    assert again.unchanged == ("Chiamaka Okonkwo", "Henrik Lindqvist")
    assert str(again).startswith("Imported 0 contacts, 2 unchanged")
    after = {c.id: (c.version, c.notes) for c in contacts.list_contacts(db, larkspur)}
    assert after == before


def test_latin1_and_windows_1252_vcard_2_1_is_decoded(db, larkspur):
    report = import_vcf(db, larkspur, fixture("latin1_2_1.vcf"))
    assert report.skipped == ()
    assert report.created == ("Françoise Lefèvre", "Jörg Müller", "Ana María Peña")
    rows = by_name(db, larkspur)
    francoise = rows["Françoise Lefèvre"]
    assert francoise.title == "Directrice générale"
    assert francoise.notes == "Préfère le téléphone\nle matin."
    jorg = rows["Jörg Müller"]
    assert (jorg.title, jorg.notes) == ("Einkauf \u2013 Leitung", "Budget 50.000 € pro Jahr")
    assert rows["Ana María Peña"].email == "ana.pena@ejemplo.example"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_read(db, larkspur, codec):
    data = fixture("iphone_outlook_3.vcf").decode("utf-8").encode(codec)  # utf-16: a BOM
    report = import_vcf(db, larkspur, data)
    assert report.created == ("Chiamaka Okonkwo", "Henrik Lindqvist")


def test_a_changed_email_updates_the_contact_found_by_its_uid(db, larkspur):
    contacts.add_contact(
        db, larkspur, {"name": "Maya Berg", "email": "maya@old.example", "title": "CTO"}
    )
    exported = export_vcf(db, larkspur)
    changed = exported.replace("maya@old.example", "maya.berg@new.example")
    report = import_vcf(db, larkspur, changed)
    assert (report.created, report.updated) == ((), ("Maya Berg",))
    [maya] = contacts.list_contacts(db, larkspur)
    assert maya.email == "maya.berg@new.example"

    elsewhere = clients.create_client(db, {"name": "Other Co"}).id
    import_vcf(db, elsewhere, changed)  # another client's contact: no UID of its own
    assert len(contacts.list_contacts(db, elsewhere)) == 1


def test_an_export_has_a_stable_uid_per_contact_and_lines_of_75_octets(db, larkspur):
    contacts.add_contact(
        db,
        larkspur,
        {
            "name": "홍길동",
            "title": "재무 담당 이사 " * 8,
            "notes": "다음 분기 예산 검토 회의는 서울 본사에서 열립니다. " * 4,
            "email": "gildong.hong@larkspur.example",
        },
    )
    contacts.add_contact(db, larkspur, {"name": "Ann Lee", "email": "ann@larkspur.example"})
    first = export_vcf(db, larkspur)
    assert export_vcf(db, larkspur) == first
    uids = [line for line in first.split("\r\n") if line.startswith("UID:")]
    assert len(uids) == 2 and len(set(uids)) == 2
    assert all(len(line.encode()) <= 75 for line in first.split("\r\n"))
    report = import_vcf(db, larkspur, first.encode())
    assert report.created == report.updated == ()
    assert sorted(report.unchanged) == ["Ann Lee", "홍길동"]


@pytest.mark.parametrize("name", ["iphone_outlook_3.vcf", "latin1_2_1.vcf"])
def test_each_card_file_round_trips_through_our_export_field_by_field(db, larkspur, name):
    import_vcf(db, larkspur, fixture(name))
    exported = export_vcf(db, larkspur)
    other = clients.create_client(db, {"name": "Other Trust"}).id
    report = import_vcf(db, other, exported.encode())
    assert report.skipped == ()
    assert not [warning for warning in report.warnings if "kept in the notes" in warning]

    def fields(client_id):
        return {
            c.name: (c.title, c.email, c.phone, c.phone_unverified, c.notes, c.is_primary)
            for c in contacts.list_contacts(db, client_id)
        }

    assert fields(other) == fields(larkspur)
    assert export_vcf(db, other).count("BEGIN:VCARD") == exported.count("BEGIN:VCARD")


def test_a_file_of_many_broken_cards_gives_a_bounded_summary(db, larkspur):
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+1 212 555 {n:04}\r\nEND:VCARD\r\n" for n in range(2000)
    )
    report = import_vcf(db, larkspur, cards)
    assert report.failed and len(report.skipped) == 2000
    text = str(report)
    assert text.startswith("Imported 0 contacts; skipped 2000: card 1 (line 1) has no name; ")
    assert text.endswith("; and 1980 more") and len(text) < 1500
