"""``handover note CLIENT -`` reads the note from standard input; ``--edit`` opens the
user's editor."""

from __future__ import annotations

import io

import pytest

from handover_tui import cli
from handover_tui.db.engine import open_database
from handover_tui.services import clients, notes


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "notes.db"
    database = open_database(f"sqlite:///{path}")
    clients.create_client(database, {"name": "Juniper Hotels"})
    database.close()
    return path


def newest_note(path):
    database = open_database(f"sqlite:///{path}")
    try:
        juniper = clients.resolve_client(database, "juniper").id
        return max(notes.list_notes(database, juniper), key=lambda note: note.id)
    finally:
        database.close()


def test_a_dash_reads_the_note_from_standard_input(db_file, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("# Call the CFO\n\nBefore Friday, about Q2.\n"))
    code = cli.main(["--db", str(db_file), "note", "juniper", "-", "--category", "ongoing project"])
    assert code == 0, capsys.readouterr().err
    note = newest_note(db_file)
    assert note.title == "Call the CFO"
    assert note.body == "# Call the CFO\n\nBefore Friday, about Q2."
    assert note.category == "ongoing_project"
    assert "Added note" in capsys.readouterr().out


def test_empty_standard_input_adds_nothing(db_file, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    assert cli.main(["--db", str(db_file), "note", "juniper", "-"]) == cli.EXIT_FAILED
    assert "The note is empty." in capsys.readouterr().err


def test_edit_opens_the_editor_from_the_text_given(db_file, capsys, monkeypatch):
    # The "editor" appends a line to the file it is given, as a user would.
    monkeypatch.setenv("VISUAL", """sh -c 'printf "and the spa licences\\n" >> "$0"'""")
    code = cli.main(["--db", str(db_file), "note", "juniper", "Loose ends\n", "--edit"])
    assert code == 0, capsys.readouterr().err
    assert newest_note(db_file).body == "Loose ends\nand the spa licences"


def test_an_editor_that_fails_adds_nothing(db_file, capsys, monkeypatch):
    monkeypatch.setenv("VISUAL", "false")
    assert cli.main(["--db", str(db_file), "note", "juniper", "--edit"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "exited with code 1" in err and "Nothing was added." in err


def test_no_text_and_no_edit_says_how(db_file, capsys):
    assert cli.main(["--db", str(db_file), "note", "juniper"]) == cli.EXIT_FAILED
    assert "- to read it from standard input, or --edit" in capsys.readouterr().err
