"""A new, empty SQLite database brought to head in one step instead of nine migrations.

Alembic's recipe for building an up-to-date database from scratch: create the tables
from the models' metadata, then stamp the head revision. What the revisions create
outside the metadata is created here too: the FTS5 indexes of notes (0004), of client
and contact names (0008) with the triggers that keep them current, and the vocabulary
table over the note index (0008). A test checks that the result equals a migrated
database (tables, columns, indexes, triggers). PostgreSQL, set up once per team, runs
the migrations as before (its text-search objects come from revision 0004).
"""

from __future__ import annotations

import sqlalchemy as sa

SEARCH = (
    "CREATE VIRTUAL TABLE note_fts USING fts5(title, body, content='note',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN"
    " INSERT INTO note_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN"
    " INSERT INTO note_fts(note_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER note_fts_update AFTER UPDATE OF title, body ON note BEGIN"
    " INSERT INTO note_fts(note_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO note_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE VIRTUAL TABLE note_fts_terms USING fts5vocab(note_fts, instance)",
)
"""The note index of revision 0004 and the vocabulary table of 0008."""
NAME_INDEXES = (("client_fts", "client", ("name",)), ("contact_fts", "contact", ("name", "email")))
"""The trigram indexes of revision 0008: (index, table, columns)."""


def name_index(index: str, table: str, columns: tuple[str, ...]) -> list[str]:
    """The statements creating one trigram index and the triggers that keep it current."""
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    remove = f"INSERT INTO {index}({index}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    add = f"INSERT INTO {index}(rowid, {listed}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({listed}, content='{table}',"
        " content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {listed} ON {table}"
        f" BEGIN {remove} {add} END",
    ]


def is_new(connection: sa.Connection) -> bool:
    """Whether the database holds no table at all: a file just made."""
    return not sa.inspect(connection).get_table_names()


def create_at_head(connection: sa.Connection) -> None:
    """Create the whole schema of a new SQLite database and stamp it at head, in the
    connection's transaction."""
    from sqlmodel import SQLModel

    import handover_tui.models  # noqa: F401  (registers the tables on SQLModel.metadata)
    from handover_tui.db.migrations import stamp_head

    SQLModel.metadata.create_all(connection)
    for statement in SEARCH[:-1]:
        connection.exec_driver_sql(statement)
    for index, table, columns in NAME_INDEXES:
        for statement in name_index(index, table, columns):
            connection.exec_driver_sql(statement)
    connection.exec_driver_sql(SEARCH[-1])
    stamp_head(connection)
