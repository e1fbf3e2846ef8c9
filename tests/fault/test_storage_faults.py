"""A locked, damaged, read-only or full database: one sentence, nothing lost, and a way on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from handover_tui.config import Settings
from handover_tui.db import engine as engine_module
from handover_tui.db import preflight
from handover_tui.db.engine import open_database
from handover_tui.db.preflight import DatabaseReadOnly, DatabaseUnavailable
from handover_tui.services import backup, clients, demo, notes
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.form import FormScreen
from handover_tui.ui.screens.retry import RetryPrompt
from tests.conftest import DEMO_TODAY
from tests.test_cli import assert_one_sentence, run
from tests.ui.conftest import settle


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "handover.db"
    database = open_database(f"sqlite:///{path}")
    demo.populate(database, today=DEMO_TODAY)
    database.close()
    return path


@pytest.fixture
def short_wait(monkeypatch):
    """Give up on a lock after 0.2 s instead of 5, so the tests do not wait."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setenv("HANDOVER_BUSY_TIMEOUT", "0.2")


# -- locked -------------------------------------------------------------------------------


def hold_lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_quick_command_on_a_locked_database_says_so(demo_file, short_wait):
    holder = hold_lock(demo_file)
    try:
        result = run("--db", str(demo_file), "note", "acme", "Written while locked")
    finally:
        holder.rollback()
        holder.close()
    assert_one_sentence(result)
    assert result.stderr.strip() == (
        f"handover: {demo_file} is locked by another program; try again when it has finished."
    )


async def test_a_locked_write_in_the_app_offers_to_try_again(demo_file, short_wait):
    database = open_database(f"sqlite:///{demo_file}")
    app = make_app(Settings(), db=database, today=DEMO_TODAY)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("2")  # the due items on the dashboard
            await settle(pilot)
            item_id = app.screen.query_one("#agenda").current_id
            holder = hold_lock(demo_file)
            await pilot.press("space")
            await settle(pilot)
            prompt = app.screen
            assert isinstance(prompt, RetryPrompt)
            assert str(prompt.query_one("#retry-text").content) == (
                "The database is locked by another program, so the change was not saved "
                "yet. Nothing was lost."
            )
            holder.rollback()
            holder.close()
            await pilot.press("enter")
            await settle(pilot)
            assert item_id not in {item.id for item in app.screen.board.agenda}
    finally:
        database.close()


async def test_a_locked_form_keeps_the_input_and_says_how_to_retry(demo_file, short_wait):
    database = open_database(f"sqlite:///{demo_file}")
    app = make_app(Settings(start_screen="roster"), db=database, today=DEMO_TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n", *"Locked Out Ltd")
            holder = hold_lock(demo_file)
            await pilot.press("ctrl+s")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FormScreen)
            assert str(form.query_one("#form-problem").content) == (
                "The database is locked by another program; try again when it has finished. "
                "Press ctrl+s to try again. Your input is kept."
            )
            holder.rollback()
            holder.close()
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert clients.find_clients(database, "Locked Out Ltd")
    finally:
        database.close()


# -- damaged --------------------------------------------------------------------------------


def damage(path: Path) -> None:
    """Overwrite the middle of the file: the header still says SQLite, the pages lie."""
    size = path.stat().st_size
    with path.open("r+b") as stream:
        stream.seek(size // 2)
        stream.write(b"\x00\xff" * 4096)


def test_a_damaged_file_is_named_with_its_newest_backup(demo_file):
    saved = backup.backup(demo_file)
    connection = sqlite3.connect(demo_file)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    damage(demo_file)
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(f"sqlite:///{demo_file}", check=True)
    message = str(refused.value)
    assert message.startswith(f"{demo_file} is damaged (")
    assert message.endswith(
        f"; run handover --db {demo_file} restore {saved} to bring back the newest backup."
    )
    assert "\n" not in message and "***" not in message


async def test_the_app_closes_on_a_damaged_file_with_that_sentence(demo_file):
    saved = backup.backup(demo_file)
    damage(demo_file)
    app = make_app(Settings(), f"sqlite:///{demo_file}", today=DEMO_TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert app._db_error.startswith(f"{demo_file} is damaged (")
    assert app._db_error.endswith(f"restore {saved} to bring back the newest backup.")


def test_no_backup_is_said_too(tmp_path):
    path = tmp_path / "lonely.db"
    database = open_database(f"sqlite:///{path}")
    clients.create_client(database, {"name": "Acme", "overview": "x" * 20000})
    database.close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    damage(path)
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(f"sqlite:///{path}", check=True)
    assert str(refused.value).endswith("), and no backup of it was found.")


# -- read-only ------------------------------------------------------------------------------


def test_a_file_you_cannot_write_is_opened_for_reading(demo_file, monkeypatch):
    monkeypatch.setattr(preflight.os, "access", lambda path, mode: Path(path) != demo_file)
    reason = preflight.check_sqlite_file(demo_file)
    assert reason == f"{demo_file} is read-only for you"
    database = open_database(f"sqlite:///{demo_file}", read_only=reason)
    try:
        assert len(clients.list_clients(database)) == 28
        with pytest.raises(DatabaseReadOnly) as refused:
            notes.create_note(database, 1, {"title": "Nope"})
        assert str(refused.value) == f"Nothing can be changed: {demo_file} is read-only for you."
    finally:
        database.close()


async def test_read_only_shows_a_banner_and_switches_edits_off(demo_file):
    reason = "opened with --read-only"
    database = open_database(f"sqlite:///{demo_file}", read_only=reason)
    app = make_app(Settings(start_screen="roster"), db=database, today=DEMO_TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            roster = app.screen
            header = app.format_title("handover", "Roster")
            assert header.plain.startswith("READ-ONLY handover")
            assert roster.check_action("new_client", ()) is None
            assert roster.check_action("toggle_archived", ()) is True
            await pilot.press("n")
            await settle(pilot)
            assert app.screen is roster  # no form: the key is off
            assert any("Opened read-only" in n.message for n in app._notifications)
            app.new_client()  # as the palette would
            await settle(pilot)
            await pilot.press(*"Sneaky Co", "ctrl+s")
            await settle(pilot)
            problem = str(app.screen.query_one("#form-problem").content)
            assert problem.startswith("Nothing can be changed: opened with --read-only.")
    finally:
        database.close()


def test_quick_commands_read_a_read_only_file_and_refuse_to_write(demo_file):
    import os
    import stat

    os.chmod(demo_file, stat.S_IRUSR)
    try:
        if os.access(demo_file, os.W_OK):
            pytest.skip("root can write anywhere; the unit test above covers the logic")
        listed = run("--db", str(demo_file), "clients")
        assert listed.returncode == 0 and "Acme Logistics" in listed.stdout
        refused = run("--db", str(demo_file), "note", "acme", "text")
        assert_one_sentence(refused)
    finally:
        os.chmod(demo_file, stat.S_IRUSR | stat.S_IWUSR)


# -- full ---------------------------------------------------------------------------------------


def test_a_full_disk_rolls_back_and_says_so(demo_file):
    database = open_database(f"sqlite:///{demo_file}")
    try:
        pages = database.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()

        # A size limit just above what is stored: the next big write fills "the disk".
        @sa.event.listens_for(database.engine, "connect")
        def cap(connection, _record):
            connection.execute(f"PRAGMA max_page_count = {pages + 2}")

        database.engine.dispose()
        acme = clients.find_clients(database, "Acme Logistics")[0].id
        before = len(notes.list_notes(database, acme))
        with pytest.raises(sa.exc.OperationalError) as failed:
            notes.create_note(database, acme, {"title": "Huge", "body": "x" * 200_000})
        from handover_tui.db.errors import describe

        assert describe(failed.value) == "The disk holding the database is full; nothing was saved."
        assert len(notes.list_notes(database, acme)) == before
        check = database.engine.connect().exec_driver_sql("PRAGMA integrity_check").scalar()
        assert check == "ok"
    finally:
        database.close()


# -- a database shared by a team's group ----------------------------------------------------


def test_a_setgid_group_folder_shares_the_file_with_the_group(tmp_path):
    import grp
    import os
    import stat

    team = tmp_path / "team"
    team.mkdir()
    os.chmod(team, 0o2770)
    database = open_database(f"sqlite:///{team / 'handover.db'}")
    database.close()
    path = team / "handover.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o660
    assert path.stat().st_gid == team.stat().st_gid
    saved = backup.backup(path)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o660
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o2770
    assert grp.getgrgid(path.stat().st_gid)  # a real group


def test_a_private_folder_keeps_the_file_private(tmp_path):
    import os
    import stat

    private = tmp_path / "mine"
    private.mkdir()
    os.chmod(private, 0o770)  # group-writable but not setgid: not a team set-up
    database = open_database(f"sqlite:///{private / 'handover.db'}")
    database.close()
    assert stat.S_IMODE((private / "handover.db").stat().st_mode) == 0o600
