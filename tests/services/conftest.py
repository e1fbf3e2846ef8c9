"""The services run on every database the app supports: SQLite, and PostgreSQL when
HANDOVER_TEST_PG names a server (see tests/backends.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from handover_tui.db.engine import Database, open_database
from tests.backends import (
    PgTemplates,
    database_url,
    fresh_pg_database,
    only_sqlite,
    skip_unless_supported,
)
from tests.conftest import DEMO_TODAY

# Tests here that speak SQLite's own SQL to look behind the service; on PostgreSQL they are
# skipped, and tests/db/test_postgresql.py checks the same with PostgreSQL's SQL. (New tests
# say so with @pytest.mark.sqlite_only("why") instead.)
SQLITE_DIALECT = {
    "test_interchange_round_trip.py::test_every_table_and_column_is_exported": (
        "lists the tables from sqlite_master"
    ),
    "test_interchange_refusals.py::test_database_error_on_the_last_row_rolls_everything_back": (
        "makes a refusing trigger in SQLite's syntax"
    ),
}


@pytest.fixture(scope="session")
def pg_templates() -> Iterator[PgTemplates]:
    """A migrated empty database and the demo, each built once, to copy for every test."""
    from handover_tui.services import demo

    templates = PgTemplates(
        {"empty": lambda _db: None, "demo": lambda db: demo.populate(db, today=DEMO_TODAY)}
    )
    yield templates
    templates.drop_all()


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of each backend; ``db`` and ``demo_db`` build on it.

    On PostgreSQL it is a copy of a template already migrated (tests/db and the search
    tests migrate databases of their own), holding the demo data if the test asks for it.
    """
    reason = SQLITE_DIALECT.get(f"{request.node.path.name}::{request.node.originalname}")
    if reason:
        only_sqlite(backend, reason)
    skip_unless_supported(request, backend)
    if backend == "sqlite":
        with database_url(backend, tmp_path) as url:
            yield url
        return
    templates = request.getfixturevalue("pg_templates")
    kind = "demo" if "demo_db" in request.fixturenames else "empty"
    with fresh_pg_database(template=templates[kind]) as url:
        yield url


@pytest.fixture
def demo_db(db: Database, backend: str) -> Database:
    """The demo data: populated now on SQLite, copied with the template on PostgreSQL."""
    if backend == "sqlite":
        from handover_tui.services import demo

        demo.populate(db, today=DEMO_TODAY)
    return db


# -- the whole database as JSON (test_interchange_*.py) ----------------------------------


def content(document: dict[str, Any]) -> dict[str, Any]:
    """The document without the moment it was made."""
    return {key: value for key, value in document.items() if key != "exported_at"}


@contextmanager
def opened(url: str) -> Iterator[Database]:
    database = open_database(url)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo database, with a user template too, exported once for the module."""
    from handover_tui.domain.plan import DEFAULT_TEMPLATE
    from handover_tui.services import demo, templates
    from handover_tui.services.interchange import export_document

    folder = tmp_path_factory.mktemp("demo")
    with opened(f"sqlite:///{folder / 'demo.db'}") as source:
        demo.populate(source, today=DEMO_TODAY)
        templates.create_template(source, "Hotel handover", list(DEFAULT_TEMPLATE)[:3])
        return json.dumps(export_document(source))


@pytest.fixture
def demo_document(demo_export: str) -> dict[str, Any]:
    """A fresh copy of the demo document, free to change."""
    return json.loads(demo_export)
