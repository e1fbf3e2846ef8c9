"""Quick commands from a shell prompt: list, note, items, tick, backup and restore."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading

import pytest

from handover_tui.db.engine import open_database
from handover_tui.services import clients, demo, notes, transitions
from tests.conftest import DEMO_TODAY
from tests.test_cli import assert_one_sentence, run


@pytest.fixture
def demo_file(tmp_path):
    """A demo database on disk, for the installed command to open."""
    path = tmp_path / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    return path


def test_every_command_has_help():
    for command in (
        ["clients"],
        ["note"],
        ["items"],
        ["tick"],
        ["export", "plan"],
        ["export", "json"],
        ["export", "csv"],
        ["export", "vcf"],
        ["export", "ics"],
        ["import", "json"],
        ["import", "csv"],
        ["import", "vcf"],
        ["backup"],
        ["restore"],
        ["where"],
    ):
        helped = run(*command, "--help")
        assert helped.returncode == 0 and "usage: handover" in helped.stdout, command


def test_clients_as_json_filtered_by_status_and_owner(demo_file):
    result = run("--db", str(demo_file), "clients", "--json", "--status", "in transition")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["name"] for row in rows} == {"Juniper Hotels", "Cedar & Pine Architects"}
    owned = json.loads(run("--db", str(demo_file), "clients", "--json", "--owner", "sam").stdout)
    assert owned and {row["owner"] for row in owned} == {"Sam Whitfield"}
    assert_one_sentence(run("--db", str(demo_file), "clients", "--status", "sleepy"))


def test_note_items_and_tick_by_name_prefix(demo_file):
    added = run("--db", str(demo_file), "note", "junip", "Call the CFO before Friday\nabout Q2")
    assert added.returncode == 0, added.stderr
    assert "Juniper Hotels" in added.stdout
    database = open_database(f"sqlite:///{demo_file}")
    try:
        juniper = clients.find_clients(database, "Juniper Hotels")[0].id
        assert "Call the CFO before Friday" in [
            n.title for n in notes.list_notes(database, juniper)
        ]
        first_open = next(
            i for i in transitions.plan_for_client(database, juniper).items if not i.done
        )
    finally:
        database.close()
    listed = run("--db", str(demo_file), "items", "Juniper", "--open")
    assert listed.returncode == 0
    assert f"{first_open.id}\t" in listed.stdout and "done" not in listed.stdout
    ticked = run("--db", str(demo_file), "tick", "juniper hotels", str(first_open.id))
    assert ticked.returncode == 0, ticked.stderr
    assert "done on" in ticked.stdout
    again = run("--db", str(demo_file), "items", "Juniper")
    (line,) = [row for row in again.stdout.splitlines() if row.startswith(f"{first_open.id}\t")]
    assert f"\tdone {DEMO_TODAY.isoformat()}\t" in line or "\tdone " in line
    undone = run("--db", str(demo_file), "tick", "juniper", str(first_open.id), "--undo")
    assert undone.returncode == 0 and "open again" in undone.stdout


def test_client_names_that_are_ambiguous_or_unknown_exit_2(demo_file):
    ambiguous = run("--db", str(demo_file), "items", "h")
    assert_one_sentence(ambiguous)
    assert "Harborview Hospital" in ambiguous.stderr and "Helix Biotech" in ambiguous.stderr
    assert_one_sentence(run("--db", str(demo_file), "note", "zzz", "text"))
    assert_one_sentence(run("--db", str(demo_file), "tick", "juniper", "99999"))


def test_backup_while_another_process_holds_a_write_transaction(demo_file, tmp_path):
    writer = sqlite3.connect(demo_file)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE client SET overview = 'uncommitted' WHERE id = 1")
    try:
        result = run("--db", str(demo_file), "backup", str(tmp_path))
    finally:
        writer.rollback()
        writer.close()
    assert result.returncode == 0, result.stderr
    (copy,) = tmp_path.glob("handover-*.db")
    check = sqlite3.connect(copy)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert check.execute("SELECT count(*) FROM client").fetchone()[0] == 29
    assert "uncommitted" not in {row[0] for row in check.execute("SELECT overview FROM client")}
    check.close()
    assert oct(copy.stat().st_mode & 0o777) == "0o600"


def test_backups_are_kept_to_the_last_n(demo_file):
    from handover_tui.services import backup

    for _ in range(4):
        backup.backup(demo_file, keep=3)
    assert len(backup.backups(backup.default_folder(demo_file))) == 3


def test_restore_asks_and_keeps_what_it_replaces(demo_file, tmp_path):
    saved = tmp_path / "saved.db"
    assert run("--db", str(demo_file), "backup", str(saved)).returncode == 0
    run("--db", str(demo_file), "note", "acme", "Written after the backup")
    refused = run("--db", str(demo_file), "restore", str(saved))  # no terminal to ask on
    assert_one_sentence(refused)
    assert "--yes" in refused.stderr
    restored = run("--db", str(demo_file), "restore", str(saved), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "previous contents are saved" in restored.stdout
    database = open_database(f"sqlite:///{demo_file}")
    try:
        acme = clients.find_clients(database, "Acme Logistics")[0].id
        assert "Written after the backup" not in [n.title for n in notes.list_notes(database, acme)]
    finally:
        database.close()
    text = tmp_path / "not-a-db.db"
    text.write_text("hello")
    assert_one_sentence(run("--db", str(demo_file), "restore", str(text), "--yes"))


def test_restore_answers_no_over_a_terminal(demo_file, tmp_path):
    """The confirmation prompt itself, answered by a person (here: a pseudo-terminal)."""
    import pty

    saved = tmp_path / "saved.db"
    assert run("--db", str(demo_file), "backup", str(saved)).returncode == 0
    from tests.test_cli import HANDOVER

    main, follower = pty.openpty()
    process = subprocess.Popen(
        [str(HANDOVER), "--db", str(demo_file), "restore", str(saved)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    output = b""

    def read() -> None:
        nonlocal output
        while b"[y/N]" not in output:
            output += __import__("os").read(main, 1024)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)
    __import__("os").write(main, b"n\n")
    assert process.wait(timeout=30) == 0
    assert b"Replace everything in" in output


def test_backup_of_a_server_database_says_what_to_use(tmp_path):
    result = run("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "backup")
    assert_one_sentence(result)
    assert "pg_dump" in result.stderr


def test_export_plan_json_csv_vcf_and_ics(demo_file, tmp_path):
    db = str(demo_file)
    plan = run("--db", db, "export", "plan", "juniper", "--by", "maya")
    assert plan.returncode == 0, plan.stderr
    assert plan.stdout.startswith("# ") and "Juniper Hotels" in plan.stdout
    html = run(
        "--db", db, "export", "plan", "juniper", "--format", "html", "-o", str(tmp_path / "p.html")
    )
    assert html.returncode == 0 and "Wrote the transition plan" in html.stderr
    assert "<html" in (tmp_path / "p.html").read_text().lower()
    assert_one_sentence(run("--db", db, "export", "plan", "acme"))  # no transition yet

    roster = run("--db", db, "export", "csv")
    assert roster.returncode == 0 and roster.stdout.count("\n") >= 29
    cards = run("--db", db, "export", "vcf", "juniper")
    assert cards.returncode == 0 and cards.stdout.count("BEGIN:VCARD") >= 2
    calendar = run("--db", db, "export", "ics")
    assert calendar.returncode == 0 and "BEGIN:VTODO" in calendar.stdout
    import icalendar

    assert icalendar.Calendar.from_ical(calendar.stdout)


def test_json_round_trip_through_the_command(demo_file, tmp_path):
    exported = tmp_path / "all.json"
    assert run("--db", str(demo_file), "export", "json", "-o", str(exported)).returncode == 0
    refused = run("--db", str(demo_file), "import", "json", str(exported))
    assert_one_sentence(refused)
    assert "--merge" in refused.stderr
    fresh = tmp_path / "fresh.db"
    imported = run("--db", str(fresh), "import", "json", str(exported))
    assert imported.returncode == 0, imported.stderr
    assert "29 clients" in imported.stdout
    again = run("--db", str(fresh), "export", "json")
    first, second = json.loads(exported.read_text()), json.loads(again.stdout)
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "handover",\n "version": 1,\n "client": [}')
    bad = run("--db", str(fresh), "import", "json", str(broken))
    assert_one_sentence(bad)
    assert "line 3" in bad.stderr


def test_csv_import_reports_bad_rows_and_writes_nothing(demo_file, tmp_path):
    source = tmp_path / "crm.csv"
    source.write_text(
        "Company name;Company owner;Annual Revenue;Renewal Date\n"
        "Nordlicht GmbH;Maya Okafor;1.200.000,50;31.03.2027\n"
        "Kaputt AG;Maya Okafor;lots;\n",
        encoding="utf-8-sig",
    )
    blocked = run("--db", str(demo_file), "import", "csv", str(source))
    assert (
        blocked.returncode == 2 and "line 3" in blocked.stderr and "Traceback" not in blocked.stderr
    )
    dry = run("--db", str(demo_file), "import", "csv", str(source), "--dry-run", "--skip-bad")
    assert dry.returncode == 0 and "Would import 1 client" in dry.stdout
    listed = run("--db", str(demo_file), "clients", "nordlicht")
    assert listed.stdout == ""
    done = run("--db", str(demo_file), "import", "csv", str(source), "--skip-bad")
    assert done.returncode == 0, done.stderr
    listed = run("--db", str(demo_file), "clients", "nordlicht").stdout
    assert "1,200,000.50" in listed and "Maya Okafor" in listed


def test_vcf_import_by_command(demo_file, tmp_path):
    card = tmp_path / "one.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ines Duarte\r\nEMAIL:ines@acme.example\r\n"
        "X-UNKNOWN:ignored\r\nEND:VCARD\r\n"
    )
    done = run("--db", str(demo_file), "import", "vcf", "acme", str(card))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 contact" in done.stdout
    assert_one_sentence(
        run("--db", str(demo_file), "import", "vcf", "acme", str(tmp_path / "none.vcf"))
    )


def test_log_shows_who_changed_what(demo_file):
    run("--db", str(demo_file), "note", "acme", "Audited note")
    everyone = run("--db", str(demo_file), "log", "--limit", "5")
    assert everyone.returncode == 0, everyone.stderr
    first = everyone.stdout.splitlines()[0].split("\t")
    assert first[2] == "create" and "Audited note" in first[3]
    mine = run("--db", str(demo_file), "log", "acme", "--changes", "--limit", "3")
    assert mine.returncode == 0 and "Acme Logistics" in mine.stdout
    assert "→" in mine.stdout
    assert_one_sentence(run("--db", str(demo_file), "log", "zzz"))


def test_the_name_in_config_prepares_the_plan_and_writes_the_note(demo_file, isolated_home):
    config = isolated_home / "config" / "handover" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        'name = "Maya Okafor"\ntitle = "Account director"\nemail = "maya@example.com"\n'
    )
    db = str(demo_file)
    plan = run("--db", db, "export", "plan", "juniper")
    assert plan.returncode == 0, plan.stderr
    assert "**Prepared by:** Maya Okafor, Account director (maya@example.com)" in plan.stdout
    assert "Prepared by:** root" not in plan.stdout
    by = run("--db", db, "export", "plan", "juniper", "--by", "Team lead")
    assert "**Prepared by:** Team lead" in by.stdout
    assert run("--db", db, "note", "juniper", "Call the CFO").returncode == 0
    database = open_database(f"sqlite:///{demo_file}")
    try:
        juniper = clients.find_clients(database, "Juniper Hotels")[0].id
        newest = max(notes.list_notes(database, juniper), key=lambda note: note.id)
        assert newest.author == "Maya Okafor"
    finally:
        database.close()
    trail = run("--db", db, "log", "juniper", "--limit", "1")
    assert "(Maya Okafor)" in trail.stdout or "\tMaya Okafor\t" in trail.stdout


def test_mine_lists_the_clients_of_the_person_named_me(demo_file, isolated_home):
    db = str(demo_file)
    refused = run("--db", db, "clients", "--mine")
    assert_one_sentence(refused)
    assert "me =" in refused.stderr
    config = isolated_home / "config" / "handover" / "config.toml"
    config.parent.mkdir(parents=True)
    database = open_database(f"sqlite:///{demo_file}")
    try:
        owner = next(row for row in clients.list_clients(database) if row.owner)
        expected = sorted(r.name for r in clients.list_clients(database) if r.owner == owner.owner)
    finally:
        database.close()
    config.write_text(f'me = "{owner.owner.upper()}"\n')
    mine = run("--db", db, "clients", "--mine")
    assert mine.returncode == 0, mine.stderr
    assert sorted(line.split("\t")[1] for line in mine.stdout.splitlines()) == expected
    config.write_text('me = "nobody@example.com"\n')
    assert "names nobody" in run("--db", db, "clients", "--mine").stderr


def test_items_list_the_loose_ends_after_the_checklist(demo_file):
    listed = run("--db", str(demo_file), "items", "Juniper", "--open")
    assert listed.returncode == 0, listed.stderr
    ends = [line.split("\t") for line in listed.stdout.splitlines() if line.startswith("-\t")]
    assert [(end[1], end[2]) for end in ends] == [("Loose end", "open"), ("Loose end", "open")]
    assert ends[0][4] == "Q2 invoice credit note — held by Tomás Alvarez (outgoing owner)"
    assert listed.stdout.splitlines()[-1].startswith("-\t")  # after every item
