"""Full-text search over notes: an FTS5 index on SQLite, kept in step by triggers.

Revision ID: 0004
Revises: 0003
Other databases search without this index (see services/search.py); the index is
rebuilt here from the notes that already exist.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE note_fts USING fts5("
        "title, body, content='note', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN "
        "INSERT INTO note_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    )
    op.execute(
        "CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN "
        "INSERT INTO note_fts(note_fts, rowid, title, body) "
        "VALUES ('delete', old.id, old.title, old.body); END"
    )
    op.execute(
        "CREATE TRIGGER note_fts_update AFTER UPDATE OF title, body ON note BEGIN "
        "INSERT INTO note_fts(note_fts, rowid, title, body) "
        "VALUES ('delete', old.id, old.title, old.body); "
        "INSERT INTO note_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    )
    op.execute("INSERT INTO note_fts(note_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("note_fts_insert", "note_fts_delete", "note_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS note_fts")
