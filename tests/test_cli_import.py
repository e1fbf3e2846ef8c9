"""`handover import csv` on files as CRMs and spreadsheets write them: what a dry run
shows, how long a refusal gets, and that no message prints bytes it did not decode."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import assert_one_sentence, run

FIXTURES = Path(__file__).parent / "fixtures" / "crm"


def test_dry_run_shows_each_column_its_field_and_a_sample(tmp_path):
    db = ["--db", str(tmp_path / "mine.db")]
    source = FIXTURES / "salesforce_dataloader_accounts.csv"
    result = run(*db, "import", "csv", "--dry-run", str(source))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Read as UTF-8, comma-separated; columns:"
    assert "  ANNUALREVENUE  → annual_value  e.g. 6.0E7" in lines
    assert "  OWNERID        → ignored (a CRM user or record id, not a name)  e.g. " in "\n".join(
        lines
    )
    assert "  DESCRIPTION    → overview  e.g. Port logistics; two depots. Renewal tal…" in lines
    assert "  BILLINGCITY    → city (a line of the overview)  e.g. San Francisco" in lines
    assert "Would import 3 clients" in lines
    assert run(*db, "clients").stdout.count("Harbour Freight") == 0


def test_a_refused_import_lists_twenty_bad_rows_then_a_count_and_a_map_hint(tmp_path):
    source = tmp_path / "dates.csv"
    source.write_text(
        "Name,Renewal Date\n" + "".join(f"Client {n},soon\n" for n in range(300)),
        encoding="utf-8",
    )
    result = run("--db", str(tmp_path / "mine.db"), "import", "csv", str(source))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "handover: Nothing imported: fix the bad rows or pass --skip-bad to leave them out"
    )
    assert lines[1] == "300 bad rows:"
    assert lines[22] == "  … and 280 more."
    assert lines[23] == 'To leave a column out instead, add --map "Renewal Date=ignore"'
    assert len(lines) == 24 and len(result.stderr) < 3000
    ignored = run(
        "--db",
        str(tmp_path / "mine.db"),
        "import",
        "csv",
        str(source),
        "--map",
        "renewal date=ignore",
    )
    assert ignored.returncode == 0, ignored.stderr
    assert ignored.stdout.startswith("Imported 300 clients")


def test_excel_unicode_text_imports_and_a_workbook_is_refused_in_one_sentence(tmp_path):
    db = ["--db", str(tmp_path / "mine.db")]
    maps = ["--map", "Kunde=name", "--map", "Betreuer=owner"]
    result = run(*db, "import", "csv", str(FIXTURES / "excel_unicode_text.txt"), *maps)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported 3 clients (2 new owners)")
    assert "Østfold Maskin AS" in run(*db, "clients").stdout

    workbook = tmp_path / "roster.xlsx"
    workbook.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe[Content_Types]")
    refused = run(*db, "import", "csv", str(workbook))
    assert_one_sentence(refused)
    assert "an Excel workbook (.xlsx)" in refused.stderr
    assert "[Content_Types]" not in refused.stderr and "\ufffd" not in refused.stderr


def test_vcard_import_reads_8_bit_2_1_and_fails_when_every_card_is_skipped(tmp_path):
    db = ["--db", str(tmp_path / "mine.db")]
    roster = tmp_path / "roster.csv"
    roster.write_text("Name\nLarkspur Health Trust\n", encoding="utf-8")
    assert run(*db, "import", "csv", str(roster)).returncode == 0
    vcards = FIXTURES.parent / "vcard"
    result = run(*db, "import", "vcf", "larkspur", str(vcards / "latin1_2_1.vcf"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported 3 contacts")
    again = run(*db, "import", "vcf", "larkspur", str(vcards / "latin1_2_1.vcf"))
    assert again.stdout.startswith("Imported 0 contacts, 3 unchanged")

    nameless = tmp_path / "nameless.vcf"
    nameless.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+1 212 555 0100\r\nEND:VCARD\r\n")
    refused = run(*db, "import", "vcf", "larkspur", str(nameless))
    assert refused.returncode == 2
    assert refused.stderr.startswith("handover: Imported 0 contacts; skipped 1: card 1")
