"""A new SQLite database is created whole from the models and stamped at head: it must
equal one that ran every migration (tables, columns, indexes, foreign keys, triggers and
the full-text indexes), and search must work on it."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
import sqlalchemy as sa

from handover_tui.db import fresh, migrations
from handover_tui.db.engine import create_engine, open_database

pytestmark = pytest.mark.sqlite_only("PostgreSQL runs the migrations for a new database")


def schema(engine: sa.Engine) -> dict[str, Any]:
    """What a schema is made of, column order aside (a migration adds at the end)."""
    found: dict[str, Any] = {}
    with engine.connect(), warnings.catch_warnings():
        warnings.simplefilter("ignore", sa.exc.SAWarning)  # expression indexes: see below
        inspector = sa.inspect(engine)
        for table in inspector.get_table_names():
            found[table] = {
                "columns": sorted(
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
                ),
                "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in inspector.get_indexes(table)
                ),
                "unique": sorted(
                    tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)
                ),
                "foreign keys": sorted(
                    (
                        tuple(f["constrained_columns"]),
                        f["referred_table"],
                        tuple(f["referred_columns"]),
                        str(f.get("options")),
                    )
                    for f in inspector.get_foreign_keys(table)
                ),
            }
    with engine.connect() as connection:
        # Every index by name (the expression ones too), and the triggers and virtual
        # tables by their SQL, which reflection does not cover.
        found["sqlite_master"] = sorted(
            (kind, name, table, _defining(sql))
            for kind, name, table, sql in connection.exec_driver_sql(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
            )
        )
        found["revision"] = connection.exec_driver_sql(
            "SELECT version_num FROM alembic_version"
        ).all()
    return found


def _defining(sql: str | None) -> str:
    """The SQL that defines a trigger or a virtual table; tables and indexes are compared
    by reflection above (their CREATE statements differ in column order and quoting)."""
    text = " ".join((sql or "").split())
    return text if text.startswith(("CREATE TRIGGER", "CREATE VIRTUAL TABLE")) else ""


def test_a_new_database_equals_a_migrated_one(tmp_path):
    migrated = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    migrations.upgrade_to(migrated, "head")
    made = create_engine(f"sqlite:///{tmp_path / 'made.db'}")
    with made.begin() as connection:
        assert fresh.is_new(connection)
    migrations.upgrade_to_head(made)
    try:
        assert schema(made) == schema(migrated)
        assert schema(made)["revision"] == [(migrations.HEAD,)]
    finally:
        migrated.dispose()
        made.dispose()


def test_an_older_database_is_still_migrated(tmp_path):
    """Only a file without any table is made whole; one at an older revision upgrades."""
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0007")
    with engine.begin() as connection:
        assert not fresh.is_new(connection)
    migrations.upgrade_to_head(engine)
    with engine.connect() as connection:
        tables = {name for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
    engine.dispose()
    assert {"client_fts", "contact_fts", "note_fts_terms"} <= tables


def test_search_works_on_a_new_database(tmp_path):
    from handover_tui.services import clients, notes, search

    database = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        client = clients.create_client(database, {"name": "Zephyr Maritime"})
        notes.create_note(database, client.id, {"title": "Renewal", "body": "Warehouse escalation"})
        assert {hit.kind for hit in search.search(database, "zephyr")} >= {"client"}
        assert {hit.kind for hit in search.search(database, "escal")} == {"note"}
    finally:
        database.close()
