"""The views' reads (db/*_read.py): one query each, read from a SQLite file with the
standard library or through the open database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import subprocess
import sys

import pytest

from handover_tui.db import dashboard_read, items_read
from handover_tui.db.read import file_reader, reading
from handover_tui.services import alternatives, clients, dashboard, quick, transitions
from tests.conftest import DEMO_TODAY


def test_the_checklist_read_lists_the_plan_then_the_open_reviews(demo_db):
    juniper = clients.resolve_client(demo_db, "juniper")
    plan = transitions.plan_for_client(demo_db, juniper.id)
    with reading(demo_db) as reader:
        found = items_read.items(reader, juniper.id)
        named = quick.named_client(reader, "JUNIPER h")
    assert named.id == juniper.id
    expected = [(item.id, item.phase, item.done_on) for item in plan.items]
    expected += [
        (i.id, "review", i.done_on) for i in alternatives.open_reviews(demo_db, juniper.id)
    ]
    assert [(item.id, item.phase, item.done_on) for item in found] == expected


@pytest.mark.sqlite_only("reads the SQLite file with the standard library")
def test_the_file_and_the_open_database_give_the_same_board(demo_db):
    """Dates, money and flags come back as text and integers from sqlite3: the board read
    from the file must equal the services' board, signals and all."""
    with file_reader(demo_db.path) as reader:
        assert reader is not None
        from_file = dashboard_read.board(reader, DEMO_TODAY)
    board = dashboard.dashboard(demo_db, DEMO_TODAY)
    assert from_file == board
    assert board.signals and board.agenda and board.renewals and board.handoffs


@pytest.mark.sqlite_only("quick commands read SQLite files without SQLAlchemy")
@pytest.mark.parametrize(
    "command",
    [["clients", "--json"], ["items", "juniper"], ["search", "juniper"], ["where"]],
)
def test_quick_reads_load_no_database_library(demo_db, command):
    probe = (
        "import sys; from handover_tui.cli import main; code = main(sys.argv[1:]); "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'textual') "
        "if m in sys.modules), file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(demo_db.path), *command],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert done.stderr.strip().splitlines()[-1] == "[]"
