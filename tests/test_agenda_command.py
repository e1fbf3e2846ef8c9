"""``handover agenda``: what is due, grouped by day, for my clients or everyone's; exit
code 1 when something is overdue; read from a SQLite file without SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest

from handover_tui import cli
from handover_tui.config import config_dir
from handover_tui.db.engine import open_database
from handover_tui.services import clients, demo, people, transitions
from handover_tui.services.agenda import agenda
from tests.conftest import DEMO_TODAY

DAY = timedelta(days=1)


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    return path.read_bytes()


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(cli, "_today", lambda: DEMO_TODAY)
    return DEMO_TODAY


@pytest.fixture
def demo_file(tmp_path, demo_bytes, today):
    path = tmp_path / "demo.db"
    path.write_bytes(demo_bytes)
    return path


def settings(text: str) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.toml").write_text(text, encoding="utf-8")


def run_agenda(capsys, path, *options: str) -> tuple[int, str]:
    code = cli.main(["--db", str(path), "agenda", *options])
    return code, capsys.readouterr().out


def listed(capsys, path, *options: str) -> list[dict]:
    _code, out = run_agenda(capsys, path, "--json", *options)
    return json.loads(out)


@pytest.fixture
def small_file(tmp_path, today):
    """One client of Helen's with one item, due as each test sets it."""
    path = tmp_path / "small.db"
    database = open_database(f"sqlite:///{path}")
    helen = people.create_person(database, {"name": "Helen Park", "email": "helen@example.com"})
    sam = people.create_person(database, {"name": "Sam Whitfield"})
    client = clients.create_client(database, {"name": "Acme", "owner_id": helen.id})
    plan = transitions.start_transition(
        database,
        client.id,
        {"incoming_id": sam.id, "start": today.isoformat(), "reason": "workload"},
        today=today,
    )
    database.close()
    return path, plan


def set_due(path, due) -> int:
    from sqlmodel import select

    from handover_tui.models import ChecklistItem

    database = open_database(f"sqlite:///{path}")
    try:
        with database.transaction() as session:
            items = list(session.exec(select(ChecklistItem)))
            for item in items:
                item.due_on = due
            return items[0].id
    finally:
        database.close()


def test_exit_code_one_when_something_is_overdue(capsys, small_file, today):
    path, _plan = small_file
    set_due(path, today + DAY)
    code, out = run_agenda(capsys, path, "--all")
    assert code == 0 and "Overdue" not in out
    set_due(path, today - DAY)
    code, out = run_agenda(capsys, path, "--all")
    assert code == 1
    assert out.splitlines()[0] == "Overdue"
    assert "(#" in out and f"due {(today - DAY).isoformat()})" in out


def test_grouped_by_day_one_line_each(capsys, demo_file):
    code, out = run_agenda(capsys, demo_file, "--all", "--days", "14")
    lines = out.splitlines()
    headings = [line for line in lines if not line.startswith("  ")]
    assert headings[0] == "Overdue"
    assert headings[1] == "Mon 2026-11-23 (today)"
    assert "Tue 2026-11-24 (tomorrow)" in headings
    assert headings[-1] == "Loose ends"
    days = [h.split()[1] for h in headings[1:-1]]
    assert days == sorted(days)
    assert code == 1
    assert any("Renewal" in line for line in lines)
    assert any("Satisfaction dropped" in line for line in lines)  # a high signal


def test_json_lists_every_entry_with_its_kind(capsys, demo_file):
    entries = listed(capsys, demo_file, "--all", "--days", "14")
    kinds = {entry["kind"] for entry in entries}
    assert {"item", "renewal", "signal", "cadence", "loose_end"} <= kinds
    assert all(set(entry) >= {"date", "overdue", "client", "text"} for entry in entries)
    overdue_items = [e for e in entries if e["overdue"]]
    assert overdue_items and all(e["kind"] == "item" for e in overdue_items)


def test_my_clients_by_default_everyones_with_all(capsys, demo_file):
    everyone = listed(capsys, demo_file, "--days", "14")
    settings('me = "helen@northstar-consulting.example"\n')
    mine = listed(capsys, demo_file, "--days", "14")
    assert listed(capsys, demo_file, "--days", "14", "--all") == everyone
    assert 0 < len(mine) < len(everyone)
    assert {e["client"] for e in mine} <= {
        "Bluefin Capital",  # Helen owns it
        "Juniper Hotels",  # Helen takes it over
        "Ironclad Security",
        "Pioneer Agritech",
        "Riverbend Credit Union",
        "Brightline Media",
    }
    assert "Juniper Hotels" in {e["client"] for e in mine}
    assert listed(capsys, demo_file, "--days", "14", "--owner", "Helen") == mine


def test_an_unknown_owner_is_one_sentence(capsys, demo_file):
    code = cli.main(["--db", str(demo_file), "agenda", "--owner", "Nobody Here"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED and err.startswith("handover: Nobody's name or e-mail")


def test_days_must_be_positive(capsys, demo_file):
    code = cli.main(["--db", str(demo_file), "agenda", "--days", "0"])
    assert code == cli.EXIT_FAILED and "--days" in capsys.readouterr().err


def test_the_file_read_and_the_open_database_agree(capsys, demo_file, today):
    from_file = listed(capsys, demo_file, "--all", "--days", "10")
    database = open_database(f"sqlite:///{demo_file}")
    try:
        opened = agenda(database, today, days=10)
    finally:
        database.close()
    assert [entry.as_json() for entry in opened.entries] == from_file


def test_agenda_loads_neither_sqlalchemy_nor_textual(demo_file):
    probe = (
        "import sys, contextlib, io\n"
        "from handover_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--db', {str(demo_file)!r}, 'agenda', '--all', '--json'])\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'textual') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
    # The same as python -X importtime sees it: no module of SQLAlchemy is imported.
    command = ["-m", "handover_tui", "--db", str(demo_file), "agenda", "--all"]
    timed = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
    )
    imported = [line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines()]
    assert "handover_tui.db.agenda_read" in imported
    assert not [name for name in imported if name.split(".")[0] in ("sqlalchemy", "textual")]
