"""The command line: help, version, quick commands and one-sentence database errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HANDOVER = Path(sys.executable).parent / "handover"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HANDOVER), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def assert_one_sentence(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("handover: ") and lines[0].endswith(".")


def test_help_and_version():
    helped = run("--help")
    assert helped.returncode == 0 and "--db" in helped.stdout and "--demo" in helped.stdout
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("handover ")
    module = subprocess.run(
        [sys.executable, "-m", "handover_tui", "--version"], capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout == version.stdout


def test_unwritable_place_exits_2():
    assert_one_sentence(run("--db", "/proc/nope.db"))


def test_text_file_exits_2(tmp_path):
    text = tmp_path / "readme.txt"
    text.write_text("hello\n")
    result = run("--db", str(text))
    assert_one_sentence(result)
    assert "not a handover database" in result.stderr
    assert_one_sentence(run("--db", str(text), "clients"))


def test_locked_database_exits_2(tmp_path):
    import sqlite3

    path = tmp_path / "busy.db"
    assert run("--db", str(path), "clients").returncode == 0
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("--db", str(path))
    finally:
        holder.rollback()
        holder.close()
    assert_one_sentence(result)
    assert "locked" in result.stderr


def test_unreachable_server_exits_2():
    result = run("--db", "postgresql://nobody@127.0.0.1:1/nothing", "clients")
    assert_one_sentence(result)


def test_clients_lists_from_the_environment_database(tmp_path):
    from handover_tui.db.engine import open_database
    from handover_tui.models import Client
    from handover_tui.services import demo

    path = tmp_path / "listed.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database)
    with database.transaction() as session:  # a form refuses a tab; another program need not
        session.add(Client(name="Zed Tab\tName"))
    database.close()
    result = run("clients", "capital", env={"HANDOVER_DB": str(path)})
    assert result.returncode == 0
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["Bluefin Capital"]
    everything = run(
        "clients", "--archived", "--sort", "value", "--desc", env={"HANDOVER_DB": str(path)}
    )
    assert "Legacy Textiles Ltd" in everything.stdout


@pytest.mark.parametrize(
    "code",
    [
        "import handover_tui.cli as c; c.main(['--db', '{db}', 'clients'])",
        "import handover_tui.services.clients, handover_tui.services.contacts, "
        "handover_tui.services.people, handover_tui.services.demo, handover_tui.domain.validation",
    ],
)
def test_quick_commands_and_lower_layers_do_not_import_textual(code, tmp_path):
    probe = code.format(db=tmp_path / "x.db") + "; import sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_domain_imports_neither_database_nor_textual():
    probe = (
        "import handover_tui.domain.validation, handover_tui.domain.vocab, "
        "handover_tui.domain.formatting, sys; "
        "print(sorted(m for m in ('textual', 'sqlalchemy', 'sqlmodel') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
