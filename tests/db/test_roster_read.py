"""The roster's read of a SQLite file with the standard library: the same rows as the
services' (the same query on the open database: what sqlite3 gives is turned into dates,
money and shown text alike), without loading SQLAlchemy, and no answer when it cannot
vouch for one."""

import subprocess
import sys

import pytest

from handover_tui.db import migrations
from handover_tui.db.roster_read import roster_rows
from handover_tui.services import clients

pytestmark = pytest.mark.sqlite_only("reads the SQLite file with the standard library")


def test_the_same_rows_as_the_services(demo_db):
    """The demo has owners, an archived client, amounts in two currencies and blanks."""
    clients.create_client(demo_db, {"name": "No Owner Yet"})
    fast = roster_rows(demo_db.path)
    assert fast is not None
    assert sorted(fast) == sorted(clients.roster_rows(demo_db))
    assert any(row.annual_value is None for row in fast)
    assert any(row.archived for row in fast)


def test_no_answer_for_a_file_an_upgrade_is_due_for(tmp_path):
    from handover_tui.db.engine import create_engine

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0006")
    engine.dispose()
    assert roster_rows(path) is None


def test_no_answer_for_something_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database at all " * 100)
    assert roster_rows(path) is None
    assert roster_rows(tmp_path / "missing.db") is None


def test_it_loads_neither_sqlalchemy_nor_textual():
    probe = (
        "import sys; import handover_tui.db.roster_read; "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'textual') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_first_rows_are_those_the_roster_shows_first(demo_db):
    from handover_tui.db.roster_read import first_rows
    from handover_tui.domain.roster_view import filter_rows, sort_rows

    clients.create_client(demo_db, {"name": "aardvark Advisory"})  # lower case sorts first
    shown = filter_rows(sort_rows(clients.roster_rows(demo_db)))  # archived hidden, by name
    answer = first_rows(demo_db.path, 5)
    assert answer is not None
    rows, total = answer
    assert sort_rows(rows) == shown[:5]
    assert rows[0].name == "aardvark Advisory"
    assert total == len(shown)
    assert first_rows(demo_db.path.parent / "missing.db", 5) is None
