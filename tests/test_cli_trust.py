"""Quick commands keep their promises: no raw control sequence reaches the terminal,
--read-only writes nothing, --demo never opens the user's database, a closed pipe is
not an error and a password is never printed."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import pytest

from handover_tui.db.engine import open_database
from handover_tui.services import demo
from tests.conftest import DEMO_TODAY
from tests.test_cli import HANDOVER, assert_one_sentence, run

TITLE = "Evil\x1b]2;pwned\x07Corp\x9b2J"
RAW = ("\x1b", "\x07", "\x9b")


@pytest.fixture
def hostile_file(tmp_path):
    """A demo database into which another program wrote control sequences."""
    path = tmp_path / "hostile.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE client SET name = ? WHERE name LIKE 'Juniper%'", (TITLE,))
        connection.execute(
            "UPDATE person SET name = 'Maya\x1b[2J Okafor' WHERE name = 'Maya Okafor'"
        )
        connection.execute("UPDATE checklist_item SET title = title || '\x1b]52;c;AAAA\x07'")
    connection.close()
    return path


def assert_shown_safely(text: str) -> None:
    assert not any(code in text for code in RAW), repr(text)


def test_lines_printed_from_data_show_control_characters(hostile_file):
    db = ["--db", str(hostile_file)]
    listed = run(*db, "clients")
    assert listed.returncode == 0
    assert_shown_safely(listed.stdout)
    assert "Evil␛]2;pwned␇Corp" in listed.stdout and "Maya␛[2J Okafor" in listed.stdout
    as_json = run(*db, "clients", "--json")
    assert_shown_safely(as_json.stdout)
    assert any(row["name"].startswith("Evil") for row in json.loads(as_json.stdout))
    for command in (["items", "evil"], ["log", "--limit", "500"], ["note", "evil", "Called"]):
        result = run(*db, *command)
        assert result.returncode == 0, result.stderr
        assert_shown_safely(result.stdout + result.stderr)
    confirmed = run(*db, "note", "evil", "Second call")
    assert "to Evil␛]2;pwned␇Corp" in confirmed.stdout
    exported = run(*db, "export", "plan", "evil", "-o", str(hostile_file.parent / "plan.md"))
    assert exported.returncode == 0 and "Evil␛]2;pwned␇Corp" in exported.stderr
    assert_shown_safely(exported.stderr)


def test_error_messages_quote_input_safely(hostile_file, tmp_path):
    db = ["--db", str(hostile_file)]
    refused = run(*db, "note", "bluefin", "look\x1b]2;owned\x07here")
    assert_one_sentence(refused)
    assert "␛" in refused.stderr
    assert_shown_safely(refused.stderr)
    unknown = run(*db, "note", "nobody\x1b[2J", "text")
    assert_one_sentence(unknown)
    assert_shown_safely(unknown.stderr)
    header = tmp_path / "header.csv"
    header.write_bytes(b"Company\x1b]2;x\x07,Industry\nAcme,Tech\n")
    bad_header = run(*db, "import", "csv", str(header))
    assert bad_header.returncode == 2
    assert_shown_safely(bad_header.stderr)


def test_an_imported_csv_loses_its_control_characters_and_says_where(tmp_path):
    rows = tmp_path / "crm.csv"
    rows.write_text('name,industry\n"Evil\x1b]2;pwned\x07Corp",Tech\nGood Co,"Re\x9btail"\n')
    database = tmp_path / "mine.db"
    result = run("--db", str(database), "import", "csv", str(rows))
    assert result.returncode == 0, result.stderr
    assert "line 2: control characters removed from name" in result.stdout
    assert "line 3: control characters removed from industry" in result.stdout
    assert "EvilCorp" not in run("--db", str(database), "clients").stdout
    assert "Evil]2;pwnedCorp" in run("--db", str(database), "clients").stdout


@pytest.mark.parametrize(
    "command",
    [
        ["note", "bluefin", "text"],
        ["tick", "bluefin", "1"],
        ["import", "json", "--merge", "{export}"],
        ["restore", "--yes", "{backup}"],
        ["reassign", "--from", "helen", "--to", "maya"],
    ],
)
def test_read_only_writes_nothing(command, hostile_file, tmp_path):
    exported = tmp_path / "all.json"
    assert run("--db", str(hostile_file), "export", "json", "-o", str(exported)).returncode == 0
    backup = tmp_path / "copy.db"
    assert run("--db", str(hostile_file), "backup", str(backup)).returncode == 0
    before = hostile_file.read_bytes()
    args = [part.format(export=exported, backup=backup) for part in command]
    result = run("--db", str(hostile_file), "--read-only", *args)
    assert_one_sentence(result)
    assert "--read-only" in result.stderr
    assert hostile_file.read_bytes() == before


def test_read_only_still_lists_and_dry_runs(hostile_file):
    assert run("--db", str(hostile_file), "--read-only", "clients").returncode == 0
    dry = run("--db", str(hostile_file), "--read-only", "reassign", "--from", "helen", "--to",
              "maya", "--dry-run")  # fmt: skip
    assert dry.returncode == 0 and "nothing was written" in dry.stdout


def test_demo_with_a_quick_command_uses_a_throwaway_database(isolated_home):
    listed = run("--demo", "clients")
    assert listed.returncode == 0 and "Acme Logistics" in listed.stdout
    plan = run("--demo", "export", "plan", "juniper")
    assert plan.returncode == 0 and "Juniper" in plan.stdout
    written = run("--demo", "note", "acme", "A demo note")
    assert written.returncode == 0
    assert not list(isolated_home.rglob("handover.db")), "the user's database was created"


def test_a_closed_pipe_ends_quietly(hostile_file):
    for command in ("clients", "log", "items bluefin"):
        done = subprocess.run(
            f"'{HANDOVER}' --db '{hostile_file}' {command} | head -0",
            shell=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.stderr == "", done.stderr


def test_where_masks_a_password():
    shown = run("--db", "postgresql+psycopg://team:s3cret@db.example/handover", "where")
    assert shown.returncode == 0
    assert "s3cret" not in shown.stdout and "team:***@db.example" in shown.stdout
