"""PostgreSQL in its own terms: migrations step by step, sequences after explicit ids, the
full-text index, row locks between two sessions, the quick commands and the app itself.

Each test gets a database of its own on the server HANDOVER_TEST_PG names; without the
variable the module is skipped (see tests/backends.py).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from handover_tui.db import migrations
from handover_tui.db.engine import Database, create_engine, open_database
from handover_tui.services import StaleRecord, clients, contacts, notes, search
from tests.backends import PG_SERVER, database_url
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.skipif(not PG_SERVER, reason="PostgreSQL: HANDOVER_TEST_PG is not set")


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of its own on the test server."""
    with database_url("postgresql", tmp_path) as url:
        yield url


@pytest.fixture
def pg(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    yield database
    database.close()


def insert(connection: sa.Connection, table: str, **values) -> int:
    """A row as an old revision stores it; the id comes from the table's own sequence."""
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    statement = f'INSERT INTO "{table}" ({names}) VALUES ({marks}) RETURNING id'
    return connection.execute(sa.text(statement), values).scalar_one()


STAMP = {"created_at": "2025-01-01 09:00:00", "updated_at": "2025-01-01 09:00:00", "version": 1}


def test_every_revision_in_turn_keeps_the_rows_before_it(pg_url):
    """0001 to head one step at a time, writing rows in between, then the services read them."""
    engine = create_engine(pg_url)
    try:
        migrations.upgrade_to(engine, "0001")
        with engine.begin() as connection:
            maya = insert(
                connection, "person", name="Maya", email="", phone="", role="", capacity=5, **STAMP
            )
            acme = insert(
                connection,
                "client",
                name="Acme",
                industry="",
                segment="",
                lifecycle_stage="growth",
                status="in_transition",
                previous_status="",
                owner_id=maya,
                annual_value=12345,
                currency="EUR",
                tags="",
                overview="",
                renewal_date=date(2027, 1, 31),
                **STAMP,
            )
        migrations.upgrade_to(engine, "0002")
        with engine.begin() as connection:
            transition = insert(
                connection,
                "transition",
                client_id=acme,
                outgoing_id=maya,
                reason="workload",
                reason_detail="",
                status="execution",
                consent_required=False,
                summary_goals="Grow",
                summary_current_state="",
                summary_challenges="",
                summary_loose_ends="- Call the CFO",
                summary_going_forward="",
                summary_outgoing_contact="",
                preparation_start=date(2025, 1, 6),
                **STAMP,
            )
            insert(
                connection,
                "note",
                client_id=acme,
                category="history",
                title="Founding",
                body="Started in Rotterdam, near the café.",
                pinned=True,
                author="maya",
                **STAMP,
            )
        migrations.upgrade_to(engine, "0003")
        with engine.begin() as connection:
            insert(
                connection,
                "checklist_item",
                transition_id=transition,
                phase="preparation",
                title="Brief the successor",
                side="outgoing",
                due_on=date(2025, 1, 10),
                notes="",
                position=0,
                **STAMP,
            )
        for revision in ("0004", "0005"):
            migrations.upgrade_to(engine, revision)
            assert migrations.current_revision(engine) == revision
    finally:
        engine.dispose()

    database = open_database(pg_url)
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        assert database.backup_path is None  # a server keeps its own backups (pg_dump)
        from handover_tui.models import ChecklistItem
        from handover_tui.services import transitions

        detail = clients.get_client(database, acme)
        assert (detail.client.name, detail.owner) == ("Acme", "Maya")
        assert detail.client.annual_value == Decimal("123.45")
        plan = transitions.get_plan(database, transition)
        assert plan.transition.status == "active"  # 0003 folded the phase statuses
        assert plan.transition.summary_goals == "Grow"
        assert [end.title for end in plan.loose_ends] == ["Call the CFO"]  # 0013
        with database.reading() as session:
            item = session.exec(sa.select(ChecklistItem)).scalar_one()
            assert (item.client_id, item.transition_id) == (acme, transition)  # 0006
        # 0004 indexed the note written before it, accents folded.
        (hit,) = search.search(database, "cafe rotter")
        assert hit.title == "Founding" and "\x02café\x03" in hit.snippet
        # The sequences were used all along, so new rows just follow.
        assert clients.create_client(database, {"name": "Bluefin"}).id == acme + 1
    finally:
        database.close()


def test_downgrade_below_search_and_back(pg):
    """0004's PostgreSQL objects go away on the way down and come back on the way up."""
    from alembic import command

    acme = clients.create_client(pg, {"name": "Acme"})
    notes.create_note(pg, acme.id, {"title": "Dock", "category": "history", "body": "Pier 9"})
    with pg.engine.begin() as connection:
        command.downgrade(migrations._config(connection), "0003")
    with pg.engine.connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT to_regproc('note_search_vector')").scalar() is None
        )
    pg.engine.dispose()
    migrations.upgrade_to_head(pg.engine)
    assert [hit.title for hit in search.search(pg, "pier")] == ["Dock"]


def test_the_json_document_holds_every_table_and_nothing_else(pg):
    from sqlmodel import SQLModel

    from handover_tui.services.interchange import TABLES, export_document

    document = export_document(pg)
    with pg.reading() as session:
        names = set(
            session.execute(
                sa.text(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = current_schema()"
                )
            ).scalars()
        )
    assert {table.name for table in TABLES} == set(SQLModel.metadata.tables) <= names
    assert not any(key.startswith("alembic") for key in document)


def test_import_keeps_ids_and_the_sequences_move_past_them(pg, tmp_path):
    from handover_tui.services import demo, interchange, people

    with database_url("sqlite", tmp_path) as url:
        source = open_database(url)
        try:
            demo.populate(source, today=DEMO_TODAY)
            document = interchange.export_document(source)
        finally:
            source.close()
    interchange.import_document(pg, document)
    highest = max(row["id"] for row in document["client"])
    assert clients.create_client(pg, {"name": "Newcomer"}).id == highest + 1
    person = people.create_person(pg, {"name": "New Person"})
    assert person.id == max(row["id"] for row in document["person"]) + 1
    # Undo of a delete puts the row back under its old id; the next one is still new.
    first = contacts.list_contacts(pg, 1)[0]
    contacts.restore_contact(pg, contacts.delete_contact(pg, first.id))
    assert contacts.list_contacts(pg, 1)[0].id == first.id
    added = contacts.add_contact(pg, 1, {"name": "Someone New"})
    assert added.id == max(row["id"] for row in document["contact"]) + 1


def test_a_database_error_on_the_last_row_writes_nothing(pg, tmp_path):
    from handover_tui.services import demo, interchange

    with pg.transaction() as session:
        session.execute(
            sa.text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'activity is read-only'; END $$"
            )
        )
        session.execute(
            sa.text(
                "CREATE TRIGGER refuse_activity BEFORE INSERT ON activity"
                " FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        )
    with database_url("sqlite", tmp_path) as url:
        source = open_database(url)
        try:
            demo.populate(source, today=DEMO_TODAY)
            document = interchange.export_document(source)
        finally:
            source.close()
    document["activity"] = [{"id": 1, "summary": "the last row"}]
    with pytest.raises(interchange.ImportRefused, match="nothing was written: activity is read"):
        interchange.import_document(pg, document)
    assert clients.list_clients(pg, include_archived=True) == []
    assert search.search(pg, "Nimbus") == []


def test_search_marks_and_trims_as_on_sqlite(pg):
    acme = clients.create_client(pg, {"name": "Acme"})
    words = " ".join(f"word{n}" for n in range(30))
    body = f"{words} moved to Rotterdam, near the Café Zoë. {words}"
    notes.create_note(pg, acme.id, {"title": "Dock moves", "category": "history", "body": body})
    (hit,) = search.search(pg, "rotter zoe")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "\x02Rotterdam\x03" in hit.snippet and "\x02Zoë\x03" in hit.snippet
    (hit,) = search.search(pg, "DOCK cafe")
    assert hit.title == "\x02Dock\x03 moves" and "\x02Café\x03" in hit.snippet
    assert search.search(pg, "dock zwolle") == []  # every word must be found
    assert search.search(pg, "word1 & !word2 | (word3") != []  # operators are just text


def test_without_the_search_index_notes_are_still_found(pg_url):
    """A database migrated past 0004 before it knew PostgreSQL has no index: LIKE instead."""
    database = open_database(pg_url)
    try:
        acme = clients.create_client(database, {"name": "Acme"})
        notes.create_note(
            database, acme.id, {"title": "Dock", "category": "history", "body": "Pier 9"}
        )
        with database.transaction() as session:
            session.execute(sa.text("DROP FUNCTION note_search_vector(text, text) CASCADE"))
            session.execute(sa.text("DROP TEXT SEARCH CONFIGURATION handover_search"))
    finally:
        database.close()
    database = open_database(pg_url)
    try:
        (hit,) = search.search(database, "pier")
        assert (hit.title, hit.snippet) == ("Dock", "\x02Pier\x03 9")
    finally:
        database.close()


def test_a_save_waits_for_the_other_session_and_then_sees_its_change(pg_url):
    """Two SSH sessions on one server: the row lock orders them, the version check tells."""
    from handover_tui.models import Client
    from handover_tui.services._records import fetch

    first, second = open_database(pg_url), open_database(pg_url)
    try:
        acme = clients.create_client(first, {"name": "Acme"})
        locked, release = threading.Event(), threading.Event()
        outcome: list[object] = []

        def hold_the_row() -> None:
            with first.transaction() as session:
                client = fetch(session, Client, acme.id, "Client", lock=True)
                locked.set()
                release.wait(5)
                client.industry = "Logistics"
                client.version += 1

        def save_meanwhile() -> None:
            try:
                clients.update_client(
                    second, acme.id, {"segment": "Enterprise"}, expected_version=acme.version
                )
                outcome.append("saved")
            except StaleRecord as stale:
                outcome.append(stale)

        holder = threading.Thread(target=hold_the_row)
        holder.start()
        assert locked.wait(5)
        saver = threading.Thread(target=save_meanwhile)
        saver.start()
        saver.join(0.5)
        assert saver.is_alive(), "the second save must wait for the row lock"
        release.set()
        holder.join(5)
        saver.join(5)
        assert len(outcome) == 1 and isinstance(outcome[0], StaleRecord)
        assert clients.get_client(second, acme.id).client.industry == "Logistics"
    finally:
        first.close()
        second.close()


def test_quick_commands(pg_url, capsys):
    from handover_tui import cli

    assert cli.main(["--db", pg_url, "clients"]) == 0  # an empty database is migrated
    assert capsys.readouterr().out == ""
    assert cli.main(["--db", pg_url, "note", "Acme", "x"]) != 0
    capsys.readouterr()
    database = open_database(pg_url)
    try:
        acme = clients.create_client(database, {"name": "Acme", "annual_value": "1200.50"})
    finally:
        database.close()
    assert cli.main(["--db", pg_url, "note", "acme", "Dock moved\nNow at pier 9"]) == 0
    assert cli.main(["--db", pg_url, "clients", "--json"]) == 0
    assert cli.main(["--db", pg_url, "export", "json"]) == 0
    out = capsys.readouterr().out
    assert '"name": "Acme"' in out and '"annual_value": "1200.50"' in out
    assert '"title": "Dock moved"' in out and f'"client_id": {acme.id}' in out
    assert cli.main(["--db", pg_url, "backup"]) != 0
    assert "pg_dump" in capsys.readouterr().err


async def test_the_app_opens_a_server_database(pg_url):
    """As ``handover --db postgresql+psycopg://...`` starts it: migrated on open, dashboard."""
    from handover_tui.config import Settings
    from handover_tui.services import demo
    from handover_tui.ui.app import make_app
    from handover_tui.ui.screens.dashboard import DashboardScreen
    from handover_tui.ui.screens.roster import RosterScreen
    from tests.ui.conftest import settle

    engine = create_engine(pg_url)
    try:
        migrations.upgrade_to(engine, "0003")  # the app brings it to head itself
    finally:
        engine.dispose()
    app = make_app(Settings(), database_url=pg_url, today=DEMO_TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        database = await asyncio.to_thread(app.database)
        assert database.engine.dialect.name == "postgresql"
        assert migrations.current_revision(database.engine) == migrations.HEAD
        assert isinstance(app.screen, RosterScreen)  # nothing to show on a dashboard yet
    database = open_database(pg_url)
    try:
        demo.populate(database, today=DEMO_TODAY)
    finally:
        database.close()
    app = make_app(Settings(), database_url=pg_url, today=DEMO_TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
