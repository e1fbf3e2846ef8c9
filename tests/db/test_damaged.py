"""A damaged, emptied or foreign file: every command says so in one sentence naming the
newest backup, none makes it a new database, and ``handover restore`` brings that backup
back, setting the file aside."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from handover_tui import cli
from handover_tui.db import preflight
from handover_tui.db.engine import DatabaseUnavailable, open_database
from handover_tui.services import backup, clients, demo
from tests.conftest import DEMO_TODAY


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "handover.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    return path


def damage_table(path: Path, table: str) -> None:
    """Overwrite the first page of ``table``: the file opens, reading that table fails."""
    connection = sqlite3.connect(path)
    try:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    with path.open("r+b") as stream:
        stream.seek((root - 1) * size)
        stream.write(b"\x00\xff" * (size // 2))


def handover(capsys, path: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err.strip()


def hint(path: Path, saved: Path) -> str:
    return f"run handover --db {path} restore {saved} to bring back the newest backup."


def assert_one_sentence(message: str) -> None:
    assert message.startswith("handover: ") and message.endswith(".")
    assert "\n" not in message and ".." not in message
    assert ". " not in message.replace(".db ", "")  # no sentence inside it
    assert "(sqlite3." not in message and ".partial" not in message


def test_a_read_of_a_damaged_page_names_the_newest_backup(demo_file, capsys):
    saved = backup.backup(demo_file)
    damage_table(demo_file, "contact")
    code, out, err = handover(capsys, demo_file, "export", "json")
    assert (code, out) == (2, "")
    assert err == (
        f"handover: {demo_file} is damaged (database disk image is malformed); "
        + hint(demo_file, saved)
    )
    assert_one_sentence(err)


def test_a_write_to_a_damaged_page_is_refused_and_names_the_backup(demo_file, capsys):
    saved = backup.backup(demo_file)
    damage_table(demo_file, "activity")
    code, _out, err = handover(capsys, demo_file, "note", "acme", "Written on bad pages")
    assert code == 2
    assert err.endswith(hint(demo_file, saved))
    assert_one_sentence(err)


def test_a_damaged_database_is_not_backed_up_and_its_backups_stay(demo_file, capsys):
    saved = backup.backup(demo_file)
    damage_table(demo_file, "contact")
    code, _out, err = handover(capsys, demo_file, "backup")
    assert code == 2
    assert err.startswith(f"handover: {demo_file} is damaged (")
    assert err.endswith(hint(demo_file, saved))
    assert_one_sentence(err)
    assert backup.backups(saved.parent) == [saved]  # nothing new, nothing .partial


def test_restore_sets_a_damaged_file_aside_and_brings_the_backup_back(demo_file, capsys):
    saved = backup.backup(demo_file)
    damage_table(demo_file, "client")
    before = demo_file.read_bytes()
    code, out, err = handover(capsys, demo_file, "restore", "--yes", str(saved))
    assert (code, err) == (0, "")
    (aside,) = demo_file.parent.glob("handover.db.damaged-*[0-9]")  # -wal, -shm beside it
    assert out.strip() == (
        f"Restored {demo_file} from {saved}; the damaged file is set aside at {aside}."
    )
    assert aside.read_bytes() == before
    database = open_database(f"sqlite:///{demo_file}", check=True)
    try:
        assert len(clients.list_clients(database)) == 28
    finally:
        database.close()


def test_restore_onto_an_empty_file_sets_it_aside_too(demo_file, capsys):
    saved = backup.backup(demo_file)
    demo_file.write_bytes(b"")
    code, out, _err = handover(capsys, demo_file, "restore", "--yes", str(saved))
    assert code == 0 and "set aside at" in out
    assert demo_file.stat().st_size > 0
    code, out, _err = handover(capsys, demo_file, "clients")
    assert code == 0 and "Acme Logistics" in out


def test_an_error_that_only_hints_at_damage_is_confirmed_by_the_quick_check(demo_file):
    damage_table(demo_file, "contact")
    message = preflight.explain(sqlite3.DatabaseError("something went wrong"), demo_file)
    assert message.startswith(f"{demo_file} is damaged (")
    assert "something went wrong" not in message and "***" not in message
    assert message.endswith("and no backup of it was found.")


def test_an_error_on_an_intact_file_is_not_called_damage(demo_file):
    message = preflight.explain(sqlite3.DatabaseError("something went wrong"), demo_file)
    assert message == f"Cannot use {demo_file}: something went wrong."


def test_a_file_you_cannot_read_is_not_called_a_missing_folder(demo_file, monkeypatch):
    monkeypatch.setattr(preflight.os, "access", lambda path, mode: mode != preflight.os.R_OK)
    error = sqlite3.OperationalError("unable to open database file")
    assert preflight.explain(error, demo_file) == (
        f"Cannot open {demo_file}: you are not allowed to read it."
    )
    missing = demo_file.parent / "gone" / "handover.db"
    assert preflight.explain(error, missing) == (
        f"Cannot open {missing}: the folder {missing.parent} does not exist."
    )


def test_messages_carry_no_driver_prefix_and_no_doubled_full_stop():
    from sqlalchemy.exc import DatabaseError as WrappedError

    from handover_tui.db.errors import describe

    wrapped = WrappedError("SELECT 1", {}, sqlite3.DatabaseError("no such savepoint: x."))
    assert describe(wrapped, "/data/h.db") == "Cannot use /data/h.db: no such savepoint: x."
    assert describe(OSError(5, "Input/output error.")) == (
        "Cannot create or open the database: input/output error."
    )


# -- only a path that does not exist becomes a new database ------------------------------


@pytest.fixture
def kept_file(tmp_path) -> tuple[Path, Path]:
    """A database with a client, and a backup of it."""
    from handover_tui.services import backup, clients

    path = tmp_path / "handover.db"
    database = open_database(f"sqlite:///{path}")
    clients.create_client(database, {"name": "Acme"})
    database.close()
    return path, backup.backup(path)


def refusal(path: Path, saved: Path, problem: str) -> str:
    return (
        f"handover: {path} {problem}; run handover --db {path} restore {saved} to bring back "
        "the newest backup."
    )


def test_an_empty_file_is_refused_naming_the_newest_backup(kept_file, capsys):
    from handover_tui import cli
    from handover_tui.services import backup

    path, saved = kept_file
    path.write_bytes(b"")
    expected = refusal(path, saved, "is empty, not a handover database")
    for command in (["clients"], ["export", "json"], ["note", "acme", "x"], ["backup"], []):
        assert cli.main(["--db", str(path), *command]) == 2, command
        assert capsys.readouterr().err.strip() == expected
    assert path.stat().st_size == 0  # not made a new, empty database
    assert backup.backups(saved.parent) == [saved]
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(f"sqlite:///{path}", read_only="opened with --read-only")
    assert f"handover: {refused.value}" == expected


def test_a_file_that_is_not_a_database_names_the_newest_backup(kept_file, capsys):
    from handover_tui import cli

    path, saved = kept_file
    path.write_bytes(b"PK\x03\x04 a zip file, say\n" * 40)
    expected = refusal(
        path, saved, "is not a handover database, or it is damaged (file is not a database)"
    )
    for command in (["clients"], ["backup"], []):
        assert cli.main(["--db", str(path), *command]) == 2, command
        assert capsys.readouterr().err.strip() == expected


def test_a_new_database_is_whole_from_its_first_moment(tmp_path):
    from handover_tui.db import preflight

    path = tmp_path / "new" / "handover.db"
    assert preflight.check_sqlite_file(path) is None
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert sorted(child.name for child in path.parent.iterdir()) == ["handover.db"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_pruning_keeps_the_newest_backup_that_passes_its_check(kept_file):
    from handover_tui.services import backup

    _path, good = kept_file
    folder = good.parent
    bad = []
    for number in range(10):  # newer "backups" that are not: emptied, or not SQLite
        made = folder / f"handover-29990101-0000{number:02d}-000000.db"
        made.write_bytes(b"" if number % 2 else b"not a database" * 100)
        bad.append(made)
    deleted = backup.prune(folder, 10)
    assert deleted == []
    assert backup.backups(folder) == [good, *bad]
    assert backup.prune(folder, 3) == bad[:7]
    assert backup.backups(folder) == [good, *bad[7:]]
