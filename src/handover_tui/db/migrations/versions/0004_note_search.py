"""Full-text search over notes: an FTS5 index on SQLite, kept in step by triggers; on
PostgreSQL a GIN index over a tsvector expression, which needs no triggers.

Revision ID: 0004
Revises: 0003
Either index is built here from the notes that already exist. Other databases search
without an index (see services/search.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_note_search")
        op.execute("DROP FUNCTION IF EXISTS note_search_vector(text, text)")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS handover_search")
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("note_fts_insert", "note_fts_delete", "note_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS note_fts")


# What services/search.py relies on, all named here so that the query and the index agree:
# - handover_search: the 'simple' configuration (lower-case, no stemming, no stop words, as
#   FTS5's unicode61), with accents removed when the unaccent extension can be had;
# - note_search_vector(title, body): the weighted vector (title A, body B) the GIN index holds
#   and the query matches on; '.', '@' and '/' become spaces first, so the parts of e-mail
#   addresses, web addresses and paths are words, as they are for FTS5.
UNACCENTED_TOKENS = "word, hword, hword_part, numword, numhword, hword_numpart"


def _upgrade_postgresql() -> None:
    bind = op.get_bind()
    quote = bind.dialect.identifier_preparer.quote
    schema = quote(bind.exec_driver_sql("SELECT current_schema()").scalar_one())
    config = f"{schema}.handover_search"
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.simple)")
    unaccent_schema = _unaccent(bind)
    if unaccent_schema is not None:
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR {UNACCENTED_TOKENS}"
            f" WITH {quote(unaccent_schema)}.unaccent, pg_catalog.simple"
        )
    # Qualified names inside the body: a restore (pg_dump sets an empty search_path) must
    # rebuild the index with the same configuration.
    vector = "setweight(to_tsvector('{config}', translate({column}, '.@/', '   ')), '{weight}')"
    op.execute(
        f"CREATE FUNCTION {schema}.note_search_vector(title text, body text) RETURNS tsvector"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT "
        + vector.format(config=config, column="title", weight="A")
        + " || "
        + vector.format(config=config, column="body", weight="B")
        + " $$"
    )
    op.execute("CREATE INDEX ix_note_search ON note USING gin (note_search_vector(title, body))")


def _unaccent(bind: sa.Connection) -> str | None:
    """The schema of the unaccent extension, installed now if it can be; None without it."""
    try:
        # A savepoint: a server without the extension (or a role that may not create it)
        # must not abort the whole migration, only lose accent folding.
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except sa.exc.DBAPIError:
        pass
    return bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'unaccent'"
    ).scalar()
