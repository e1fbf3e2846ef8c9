"""Opening a database: where it lives and who may read it, SQLite's settings, stored
values, and the one-sentence refusals of what cannot be opened."""

import os
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from handover_tui.config import resolve_database_url
from handover_tui.db.engine import DatabaseUnavailable, open_database
from handover_tui.models import Client
from tests.db.conftest import mode


def test_default_database_is_private(isolated_home):
    url = resolve_database_url(None)
    database = open_database(url)
    try:
        path = database.path
        assert path is not None and path.name == "handover.db"
        assert str(path).startswith(str(isolated_home))
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700
    finally:
        database.close()


def test_environment_variable_and_option(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOVER_DB", str(tmp_path / "env.db"))
    assert resolve_database_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_database_url(str(tmp_path / "opt.db")).endswith("opt.db")
    assert resolve_database_url("postgresql://u@h/db") == "postgresql://u@h/db"


@pytest.mark.sqlite_only("journal mode, foreign keys and busy timeout are SQLite pragmas")
def test_sqlite_settings(db):
    with db.engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 5000


def test_money_and_timestamps_round_trip(db):
    with db.transaction() as session:
        client = Client(name="Exact", annual_value=Decimal("1234567.89"))
        session.add(client)
    with db.reading() as session:
        stored = session.get(Client, client.id)
        assert stored.annual_value == Decimal("1234567.89")
        assert stored.created_at.tzinfo is UTC
        assert abs(stored.created_at - datetime.now(UTC)).total_seconds() < 60


def test_a_text_file_is_refused_in_one_sentence(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some text, certainly not a database\n" * 20)
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(f"sqlite:///{path}")
    assert "not a handover database" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_unwritable_place_is_refused(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="Cannot create or open"):
        open_database("sqlite:////proc/nope/handover.db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(DatabaseUnavailable):
        open_database(f"sqlite:///{folder / 'x.db'}")


def test_locked_database_is_reported(tmp_path, monkeypatch):
    from handover_tui.db import preflight

    path = tmp_path / "locked.db"
    open_database(f"sqlite:///{path}").close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(preflight, "BUSY_TIMEOUT_SECONDS", 0.1)
    try:
        with pytest.raises(preflight.DatabaseUnavailable, match="locked"):
            preflight.check_sqlite_file(path)
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.sqlite_only("BEGIN IMMEDIATE and the file lock; PostgreSQL locks rows instead")
def test_a_unit_of_work_holds_the_write_lock_from_its_first_read(db):
    """Two SSH sessions: while one checks a version and saves, the other cannot slip in."""
    from handover_tui.models import Person

    with db.transaction() as session:
        session.get(Person, 1)  # only a read so far
        other = sqlite3.connect(db.path, timeout=0.1)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
    with db.reading() as session:  # reading takes no write lock
        session.get(Person, 1)
        other = sqlite3.connect(db.path, timeout=0.1)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_a_server_that_never_answers_is_given_up_in_one_sentence(monkeypatch):
    """libpq would wait forever for a server that accepts and never speaks."""
    import socket
    import time

    pytest.importorskip("psycopg")
    from handover_tui.db import engine

    monkeypatch.setattr(engine, "PG_CONNECT_TIMEOUT_SECONDS", 2)  # libpq's smallest
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="timeout") as caught:
            open_database(f"postgresql+psycopg://nobody@127.0.0.1:{port}/handover")
        assert time.monotonic() - started < 15
    assert "\n" not in str(caught.value)
