"""``handover clients`` reads a current SQLite file with the standard library: the same
clients, in the same order, as the services list, and without loading SQLAlchemy."""

import json
import subprocess
import sys

import pytest

from handover_tui.cli import main
from handover_tui.db.engine import open_database
from handover_tui.services import clients, demo
from tests.conftest import DEMO_TODAY


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    clients.create_client(database, {"name": "No Owner Yet"})
    database.close()
    return path


@pytest.mark.parametrize(
    ("options", "service"),
    [
        ([], {}),
        (["--archived"], {"include_archived": True}),
        (["--sort", "owner"], {"sort": "owner"}),
        (["--sort", "value", "--desc"], {"sort": "value", "descending": True}),
        (["--sort", "renewal"], {"sort": "renewal"}),
        (["--status", "in transition"], {"status": "in_transition"}),
        (["--owner", "PRIYA"], {"owner_name": "PRIYA"}),
        (["bank"], {"text": "bank"}),
        (["fin", "--sort", "stage"], {"text": "fin", "sort": "stage"}),
    ],
)
def test_the_same_clients_in_the_same_order_as_the_services(demo_file, capsys, options, service):
    assert main(["--db", str(demo_file), "clients", "--json", *options]) == 0
    listed = [row["id"] for row in json.loads(capsys.readouterr().out)]
    database = open_database(f"sqlite:///{demo_file}")
    try:
        expected = [row.id for row in clients.list_clients(database, **service)]
    finally:
        database.close()
    assert listed == expected
    assert listed or options  # the unfiltered list is not empty


def test_listing_loads_neither_sqlalchemy_nor_textual(demo_file):
    probe = (
        "import sys, contextlib, io\n"
        "from handover_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--db', {str(demo_file)!r}, 'clients', '--json'])\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'textual') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
