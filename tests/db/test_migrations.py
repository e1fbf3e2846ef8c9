"""Migrations: the models and the scripts agree, and a database made by each earlier
revision is upgraded with its rows intact."""

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from handover_tui.db import migrations
from handover_tui.db.engine import open_database
from tests.db.conftest import mode


def test_head_constant_matches_the_scripts():
    assert migrations.script_head() == migrations.HEAD


# Alembic cannot reflect expression indexes (lower(name)) on SQLite and says so; the test
# below checks those by name instead.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_models_and_migrations_agree(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [
            difference
            for difference in compare_metadata(context, SQLModel.metadata)
            # The full-text index (and its shadow tables on SQLite) live outside the models.
            if not (
                difference[0] == "remove_table"
                and difference[1].name.startswith(("note_fts", "client_fts", "contact_fts"))
            )
            and not (difference[0] == "remove_index" and difference[1].name == "ix_note_search")
        ]
        assert differences == []
        expression_indexes = {
            index.name
            for table in SQLModel.metadata.tables.values()
            for index in table.indexes
            if any(not isinstance(part, sa.Column) for part in index.expressions)
        }
        catalogue = (
            "SELECT name FROM sqlite_master WHERE type = 'index'"
            if connection.dialect.name == "sqlite"
            else "SELECT indexname FROM pg_indexes"
        )
        present = set(connection.exec_driver_sql(catalogue).scalars())
    assert expression_indexes and expression_indexes <= present


def test_initial_revision_is_upgraded_with_rows_intact(tmp_path):
    """The pattern for every revision: build the old schema, add rows, open with new code."""
    from handover_tui.db.engine import create_engine

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO person (id, name, email, phone, role, capacity, created_at,"
                " updated_at, version) VALUES (1, 'Maya', '', '', 'Partner', 10,"
                " '2024-01-01 09:00:00', '2024-01-01 09:00:00', 1)"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO client (id, name, industry, segment, lifecycle_stage, status,"
                " previous_status, owner_id, annual_value, currency, tags, overview,"
                " created_at, updated_at, version, renewal_date) VALUES (7, 'Acme', 'Logistics',"
                " '', 'growth', 'active', '', 1, 12345, 'USD', 'strategic', 'Old notes',"
                " '2024-01-01 09:00:00', '2024-01-01 09:00:00', 3, '2027-01-31')"
            )
        )
    engine.dispose()
    assert not list(tmp_path.glob("*.bak"))

    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        from handover_tui.services import clients

        detail = clients.get_client(database, 7)
        assert detail.client.name == "Acme"
        assert detail.owner == "Maya"
        assert detail.client.annual_value == Decimal("123.45")
        assert detail.client.renewal_date == date(2027, 1, 31)
        assert detail.client.version == 3
        # The copy taken before the upgrade is the old schema with the old rows.
        backup = database.backup_path
        assert backup is not None and backup.exists()
        assert mode(backup) == 0o600
        old = sqlite3.connect(backup)
        try:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert old.execute("SELECT name FROM client").fetchall() == [("Acme",)]
        finally:
            old.close()
    finally:
        database.close()


def test_opening_a_current_database_makes_no_backup(db_url, tmp_path):
    open_database(db_url).close()
    open_database(db_url).close()
    assert not list(tmp_path.glob("*.bak"))


def insert_client(connection, status: str = "active") -> None:
    """Client #1, Acme, as an old revision stores it (every revision has these columns)."""
    stamp = "2025-01-01 09:00:00"
    connection.exec_driver_sql(
        "INSERT INTO client (id, name, industry, segment, lifecycle_stage, status,"
        " previous_status, currency, tags, overview, created_at, updated_at, version)"
        f" VALUES (1, 'Acme', '', '', 'growth', '{status}', '', 'USD', '', '', '{stamp}',"
        f" '{stamp}', 1)"
    )


def test_revision_0002_is_upgraded_with_transitions_intact(tmp_path):
    from handover_tui.db.engine import create_engine

    path = tmp_path / "v2.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0002")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run(
            "INSERT INTO person (id, name, email, phone, role, capacity, created_at, updated_at,"
            f" version) VALUES (1, 'Maya', '', '', '', 5, {stamp}, {stamp}, 1)"
        )
        insert_client(connection, "in_transition")
        run(
            'INSERT INTO "transition" (id, client_id, outgoing_id, reason, reason_detail,'
            " status, consent_required, summary_goals, summary_current_state,"
            " summary_challenges, summary_loose_ends, summary_going_forward,"
            " summary_outgoing_contact, created_at, updated_at, version, preparation_start)"
            f" VALUES (1, 1, 1, 'workload', '', 'execution', 0, 'Grow', '', '', '', '', '',"
            f" {stamp}, {stamp}, 2, '2025-01-06')"
        )
        run(
            "INSERT INTO sign_off (id, transition_id, name, role, side, created_at)"
            f" VALUES (1, 1, 'Maya', 'Partner', 'outgoing', {stamp})"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        from handover_tui.services import transitions

        plan = transitions.get_plan(database, 1)
        assert plan.transition.status == "active"
        assert plan.transition.summary_goals == "Grow"
        assert plan.transition.preparation_start == date(2025, 1, 6)
        assert plan.transition.roles_client == ""
        assert plan.transition.every_status_meeting is None
        assert [(s.name, s.required) for s in plan.sign_offs] == [("Maya", True)]
        assert database.backup_path is not None
    finally:
        database.close()


def test_revision_0003_notes_become_searchable(tmp_path):
    from handover_tui.db.engine import create_engine

    path = tmp_path / "v3.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0003")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        insert_client(connection)
        connection.exec_driver_sql(
            "INSERT INTO note (id, client_id, category, title, body, pinned, author,"
            " created_at, updated_at, version) VALUES (1, 1, 'history', 'Founding',"
            f" 'Started in Rotterdam', 0, 'maya', {stamp}, {stamp}, 1)"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        from handover_tui.services import notes, search

        assert [h.title for h in search.search(database, "rotterdam")] == ["Founding"]
        assert notes.list_notes(database, 1)[0].author == "maya"
    finally:
        database.close()


def test_revision_0004_transitions_get_an_empty_communication_plan(tmp_path):
    from handover_tui.db.engine import create_engine

    path = tmp_path / "v4.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0004")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        insert_client(connection)
        connection.exec_driver_sql(
            'INSERT INTO "transition" (id, client_id, reason, reason_detail, status,'
            " status_reason, consent_required, summary_goals, summary_current_state,"
            " summary_challenges, summary_loose_ends, summary_going_forward,"
            " summary_outgoing_contact, roles_outgoing, roles_incoming, roles_client,"
            " template_name, completion_override, created_at, updated_at, version,"
            " preparation_start, support_end) VALUES (1, 1, 'rotation', '', 'active', '', 0,"
            " '', '', '', '', '', '', '', '', '', 'Mine', '',"
            f" {stamp}, {stamp}, 4, '2025-01-06', '2025-03-01')"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        from handover_tui.services import log, transitions

        plan = transitions.get_plan(database, 1)
        assert (plan.transition.template_name, plan.transition.version) == ("Mine", 4)
        assert plan.transition.every_check_in is None
        assert log.cadence_report(database, 1, date(2025, 2, 1)) == []
    finally:
        database.close()


def test_revision_0005_checklist_items_learn_their_client(tmp_path):
    from handover_tui.db.engine import create_engine

    path = tmp_path / "v5.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0005")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        insert_client(connection)
        run(
            'INSERT INTO "transition" (id, client_id, reason, reason_detail, status,'
            " status_reason, consent_required, summary_goals, summary_current_state,"
            " summary_challenges, summary_loose_ends, summary_going_forward,"
            " summary_outgoing_contact, roles_outgoing, roles_incoming, roles_client,"
            " template_name, completion_override, created_at, updated_at, version,"
            " preparation_start, support_end) VALUES (1, 1, 'rotation', '', 'active', '', 0,"
            " '', '', '', '', '', '', '', '', '', '', '',"
            f" {stamp}, {stamp}, 1, '2025-01-06', '2025-03-01')"
        )
        run(
            "INSERT INTO checklist_item (id, transition_id, phase, title, side, due_on, notes,"
            f" position, created_at, updated_at, version) VALUES (1, 1, 'preparation',"
            f" 'Brief the successor', 'outgoing', '2025-01-10', '', 0, {stamp}, {stamp}, 1)"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        from handover_tui.models import ChecklistItem
        from handover_tui.services import alternatives, signals

        with database.reading() as session:
            item = session.get(ChecklistItem, 1)
            assert (item.client_id, item.transition_id, item.title) == (
                1,
                1,
                "Brief the successor",
            )
        found = signals.for_client(database, 1, date(2025, 1, 20))
        assert "“Brief the successor” overdue" in found[0].message
        chosen = alternatives.choose_alternative(
            database,
            1,
            {"kind": "restructure", "chosen_on": "2025-01-20", "review_on": "2025-02-20"},
            author="test",
        )
        with database.reading() as session:
            review = session.get(ChecklistItem, chosen.review_item_id)
            assert (review.client_id, review.transition_id) == (1, None)
    finally:
        database.close()


def test_revision_0006_gains_the_sort_indexes_with_rows_intact(tmp_path):
    from handover_tui.db.engine import create_engine
    from handover_tui.services import audit, clients

    path = tmp_path / "v6.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0006")
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run(
            "INSERT INTO person (id, name, email, phone, role, capacity, created_at, updated_at,"
            " version) VALUES (1, 'maya Okafor', '', '', '', 5, '2025-01-01 09:00:00',"
            " '2025-01-01 09:00:00', 1)"
        )
        insert_client(connection)
        run("UPDATE client SET owner_id = 1, renewal_date = '2027-01-31', annual_value = 1234500")
        run(
            "INSERT INTO activity (id, at, os_user, action, entity, entity_id, client_id,"
            " summary, changes) VALUES (1, '2025-01-02 10:00:00', 'maya', 'create', 'client',"
            " 1, 1, 'Added Acme', '{}')"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        with database.engine.connect() as connection:
            names = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'index'"
                )
            }
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM client ORDER BY lower(name)"
            ).all()
        assert {
            "ix_client_lifecycle_stage",
            "ix_client_renewal_date",
            "ix_client_annual_value",
            "ix_client_lower_name",
            "ix_person_lower_name",
            "ix_activity_at",
        } <= names
        assert "ix_client_lower_name" in str(plan)  # the sort reads the index, no sorting
        (row,) = clients.list_clients(database, sort="owner")
        assert (row.name, row.owner, row.renewal_date) == ("Acme", "maya Okafor", date(2027, 1, 31))
        assert row.annual_value == Decimal("12345.00")
        (entry,) = audit.list_activity(database, client_id=1)
        assert (entry.os_user, entry.summary) == ("maya", "Added Acme")
    finally:
        database.close()


@pytest.mark.sqlite_only("the trigram and vocabulary tables are FTS5's")
def test_revision_0007_client_and_contact_names_become_searchable(tmp_path):
    from handover_tui.db.engine import create_engine
    from handover_tui.services import clients, contacts, search

    path = tmp_path / "v7.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0007")
    with engine.begin() as connection:
        insert_client(connection)
        connection.exec_driver_sql(
            "INSERT INTO contact (id, client_id, name, title, email, phone, preferred_channel,"
            " time_zone, is_primary, notes, created_at, updated_at, version) VALUES (1, 1,"
            " 'Jane Roe', '', 'jane@acme-freight.example', '', '', '', 1, '',"
            " '2025-01-01 09:00:00', '2025-01-01 09:00:00', 1)"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        assert [h.kind for h in search.search(database, "ACM")] == ["client", "contact"]
        assert [h.kind for h in search.search(database, "freight roe")] == ["contact"]
        # Kept in step from now on: a renamed client, a new contact, a removed one.
        clients.update_client(database, 1, {"name": "Zephyr"}, expected_version=1)
        assert [h.kind for h in search.search(database, "acme")] == ["contact"]
        assert [h.title for h in search.search(database, "zephyr")] == ["\x02Zephyr\x03"]
        added = contacts.add_contact(database, 1, {"name": "Ola Nordmann"})
        assert [h.kind for h in search.search(database, "nordm")] == ["contact"]
        contacts.delete_contact(database, added.id)
        assert search.search(database, "nordm") == []
    finally:
        database.close()


def test_revision_0008_phones_are_upgraded_unmarked_with_rows_intact(tmp_path):
    """0009 adds the mark of an unverified phone in place: the rows stay, unmarked, and the
    contact table keeps the full-text triggers of 0008."""
    from handover_tui.db.engine import create_engine
    from handover_tui.services import contacts, people, search

    path = tmp_path / "v8.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0008")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run(
            "INSERT INTO person (id, name, email, phone, role, capacity, created_at, updated_at,"
            f" version) VALUES (1, 'Maya', '', '+1 212-555-0100', '', 5, {stamp}, {stamp}, 4)"
        )
        insert_client(connection)
        run(
            "INSERT INTO contact (id, client_id, name, title, email, phone, preferred_channel,"
            " time_zone, is_primary, notes, created_at, updated_at, version) VALUES (1, 1,"
            " 'Jane Roe', 'CFO', 'jane@acme.example', '+44 20 7946 0958', 'email', '', 1,"
            f" 'Prefers mornings', {stamp}, {stamp}, 2)"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        [jane] = contacts.list_contacts(database, 1)
        assert (jane.name, jane.title, jane.phone, jane.notes, jane.version) == (
            "Jane Roe",
            "CFO",
            "+44 20 7946 0958",
            "Prefers mornings",
            2,
        )
        assert jane.phone_unverified is False
        [maya] = people.list_people(database)
        assert (maya.phone, maya.capacity, maya.version, maya.phone_unverified) == (
            "+1 212-555-0100",
            5,
            4,
            False,
        )
        assert [h.kind for h in search.search(database, "jane@acme")] == ["contact"]
        contacts.update_contact(database, 1, {"name": "Jane Doe"}, expected_version=2)
        assert [h.title for h in search.search(database, "doe")] == ["Jane \x02Doe\x03"]
        assert search.search(database, "roe") == []
        assert database.backup_path is not None
    finally:
        database.close()


def test_revision_0009_activity_keeps_its_user_and_gains_an_empty_actor(tmp_path):
    """0010 adds the configured name beside the OS user: old entries keep their user and
    read with no name; a new entry records both."""
    from handover_tui.db.engine import create_engine
    from handover_tui.domain.identity import Identity
    from handover_tui.services import audit, clients, identity

    path = tmp_path / "v9.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0009")
    with engine.begin() as connection:
        insert_client(connection)
        connection.exec_driver_sql(
            "INSERT INTO activity (id, at, os_user, action, entity, entity_id, client_id,"
            " summary, changes) VALUES (1, '2025-01-02 10:00:00', 'maya', 'create', 'client',"
            " 1, 1, 'Added Acme', '{}')"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        (entry,) = audit.list_activity(database, client_id=1)
        assert (entry.os_user, entry.actor, entry.who, entry.summary) == (
            "maya",
            "",
            "maya",
            "Added Acme",
        )
        identity.use(Identity(name="Maya Okafor", login="maya"))
        clients.update_client(database, 1, {"industry": "Freight"}, expected_version=1)
        newest = audit.list_activity(database, client_id=1)[0]
        assert newest.actor == "Maya Okafor"
    finally:
        database.close()


def test_revision_0010_contacts_gain_an_empty_stakeholder_map(tmp_path):
    """0011 adds a contact's decision role, seniority, sentiment and relationship holder
    in place: the rows stay, with none of them, and the contact index keeps working."""
    from handover_tui.db.engine import create_engine
    from handover_tui.services import contacts, search

    path = tmp_path / "v10.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0010")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO person (id, name, email, phone, role, capacity, created_at, updated_at,"
            f" version) VALUES (1, 'Maya', '', '', '', 5, {stamp}, {stamp}, 1)"
        )
        insert_client(connection)
        connection.exec_driver_sql(
            "INSERT INTO contact (id, client_id, name, title, email, phone, preferred_channel,"
            " time_zone, is_primary, notes, created_at, updated_at, version) VALUES (1, 1,"
            " 'Jane Roe', 'CFO', 'jane@acme.example', '', 'email', '', 1, '',"
            f" {stamp}, {stamp}, 3)"
        )
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        [jane] = contacts.list_contacts(database, 1)
        assert (jane.name, jane.email, jane.version) == ("Jane Roe", "jane@acme.example", 3)
        assert (jane.decision_role, jane.seniority, jane.sentiment) == ("", "", "")
        assert jane.relationship_holder_id is None
        contacts.update_contact(
            database,
            1,
            {
                "decision_role": "decision maker",
                "seniority": "executive",
                "sentiment": "positive",
                "relationship_holder_id": 1,
            },
            expected_version=3,
        )
        [jane] = contacts.list_contacts(database, 1)
        assert (jane.decision_role, jane.seniority, jane.sentiment) == (
            "decision_maker",
            "executive",
            "positive",
        )
        assert jane.relationship_holder_id == 1
        assert [h.kind for h in search.search(database, "jane@acme")] == ["contact"]
    finally:
        database.close()


def test_revision_0011_plans_gain_an_empty_work_done_summary(tmp_path):
    """0012 adds what we did for the client to the handoff summary: an old plan keeps
    its summary and reads the new part as not written."""
    from handover_tui.db.engine import create_engine
    from handover_tui.services import people, transitions

    path = tmp_path / "v11.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0011")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        for person_id, name in ((1, "Maya"), (2, "Sam")):
            run(
                "INSERT INTO person (id, name, email, phone, role, capacity, created_at,"
                f" updated_at, version) VALUES ({person_id}, '{name}', '', '', '', 5,"
                f" {stamp}, {stamp}, 1)"
            )
        insert_client(connection)
        values = {
            "id": 1,
            "client_id": 1,
            "outgoing_id": 1,
            "incoming_id": 2,
            "summary_goals": "'Grow in Europe'",
            "version": 1,
        }
        given: dict[str, object] = {}
        for _cid, name, kind, not_null, default, _pk in run("PRAGMA table_info(transition)"):
            if name in values:
                given[name] = values[name]
            elif not_null and default is None:  # what every other column needs
                text = kind.upper()
                given[name] = (
                    stamp if "DATETIME" in text else "''" if "CHAR" in text or "TEXT" in text else 0
                )
        listed = ", ".join(map(str, given.values()))
        run(f"INSERT INTO transition ({', '.join(given)}) VALUES ({listed})")
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        stored = transitions.get_transition(database, 1)
        assert (stored.summary_goals, stored.summary_work_done) == ("Grow in Europe", "")
        transitions.update_summary(
            database, 1, {"summary_work_done": "Two rollouts"}, expected_version=None
        )
        assert transitions.get_transition(database, 1).summary_work_done == "Two rollouts"
        assert [p.name for p in people.list_people(database)] == ["Maya", "Sam"]
    finally:
        database.close()
