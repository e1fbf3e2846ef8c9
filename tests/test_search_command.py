"""``handover search``: the app's search box from a shell prompt, one line a hit."""

from __future__ import annotations

import json

import pytest

from handover_tui import cli
from handover_tui.db.engine import open_database
from handover_tui.services import clients, contacts, notes
from handover_tui.services.search import search


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "search.db"
    database = open_database(f"sqlite:///{path}")
    juniper = clients.create_client(database, {"name": "Juniper Hotels", "industry": "Hotels"})
    contacts.add_contact(database, juniper.id, {"name": "Alex Schmidt", "title": "CFO"})
    notes.create_note(
        database, juniper.id, {"title": "Spa licences", "body": "Count the spa licences."}
    )
    database.close()
    return path


def test_one_line_a_hit_in_the_services_order(db_file, capsys):
    assert cli.main(["--db", str(db_file), "search", "spa", "lic"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["note\tJuniper Hotels\tSpa licences\tCount the spa licences."]


def test_json_matches_the_app_search(db_file, capsys):
    assert cli.main(["--db", str(db_file), "search", "--json", "juniper"]) == 0
    hits = json.loads(capsys.readouterr().out)
    database = open_database(f"sqlite:///{db_file}")
    try:
        expected = search(database, "juniper")
    finally:
        database.close()
    assert [(h["kind"], h["client"]) for h in hits] == [
        (hit.kind, hit.client_name) for hit in expected
    ]
    assert all("\x02" not in h["title"] + h["snippet"] for h in hits)  # no match marks


def test_nothing_found_is_not_an_error(db_file, capsys):
    assert cli.main(["--db", str(db_file), "search", "zzzz"]) == 0
    assert capsys.readouterr().out == ""


def test_the_file_read_and_the_app_search_agree(db_file):
    from handover_tui.db.read import file_reader
    from handover_tui.db.search_read import search as read_search

    for words in ("juniper", "spa lic", "alex", "cf"):
        with file_reader(db_file) as reader:
            assert reader is not None
            from_file = read_search(reader, words)
        database = open_database(f"sqlite:///{db_file}")
        try:
            assert from_file == search(database, words)
        finally:
            database.close()
