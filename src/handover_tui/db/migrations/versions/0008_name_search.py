"""Search speed at scale: client names and contacts get a full-text index on SQLite, and
note words can be looked up by prefix.

The search box matched clients and contacts with ``lower(x) LIKE '%word%'``, a scan of
every row on each keystroke (6 and 10 ms at 10k clients). ``client_fts`` and
``contact_fts`` are FTS5 tables with the trigram tokenizer, which finds any piece of three
characters or more, case-insensitively, as LIKE did; triggers keep them in step.
``note_fts_terms`` lists the words of the note index (fts5vocab, ``instance``: reading the
first entry of a word costs nothing), so that a typed prefix can be turned into the few
whole words it stands for (see services/search.py).

PostgreSQL is left as it is: its search keeps the LIKE queries, and the index that would
serve them (``pg_trgm``) is an extension a server may not offer.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (index, table, columns) for the trigram indexes.
NAME_INDEXES = (("client_fts", "client", ("name",)), ("contact_fts", "contact", ("name", "email")))


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for index, table, columns in NAME_INDEXES:
        listed = ", ".join(columns)
        new = ", ".join(f"new.{column}" for column in columns)
        old = ", ".join(f"old.{column}" for column in columns)
        remove = f"INSERT INTO {index}({index}, rowid, {listed}) VALUES ('delete', old.id, {old});"
        add = f"INSERT INTO {index}(rowid, {listed}) VALUES (new.id, {new});"
        op.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({listed}, content='{table}',"
            " content_rowid='id', tokenize='trigram')"
        )
        op.execute(f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END")
        op.execute(f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END")
        op.execute(
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF {listed} ON {table}"
            f" BEGIN {remove} {add} END"
        )
        op.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
    op.execute("CREATE VIRTUAL TABLE note_fts_terms USING fts5vocab(note_fts, instance)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS note_fts_terms")
    for index, _table, _columns in NAME_INDEXES:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
