"""Alembic migrations shipped inside the package, run on open.

``HEAD`` names the newest revision so that opening an up-to-date database needs no
Alembic import at all; a test checks it against the scripts.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from handover_tui.db.revision import HEAD

SCRIPTS = Path(__file__).parent
__all__ = [
    "HEAD",
    "SCRIPTS",
    "current_revision",
    "stamp_head",
    "upgrade_to",
    "upgrade_to_head",
]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _config(connection: sa.Connection):  # -> alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


def upgrade_to(engine: Engine, revision: str) -> None:
    """Run the migrations up to ``revision`` in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to head: a new SQLite database in one step (``db.fresh``), any
    other by running the migrations it lacks."""
    if engine.dialect.name == "sqlite":
        from handover_tui.db import fresh

        with engine.begin() as connection:
            if fresh.is_new(connection):
                fresh.create_at_head(connection)
                return
    upgrade_to(engine, "head")


def stamp_head(connection: sa.Connection) -> None:
    """Record the schema of ``connection`` as at head without running a migration
    (Alembic's ``stamp``), for a schema created whole from the models."""
    from alembic import command

    command.stamp(_config(connection), "head")


def script_head() -> str:
    """The head revision according to the scripts themselves (for the consistency test)."""
    from alembic.script import ScriptDirectory

    config = _config(None)  # type: ignore[arg-type]
    return ScriptDirectory.from_config(config).get_current_head() or ""
