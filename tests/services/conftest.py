"""The services run on every database the app supports: SQLite, and PostgreSQL when
HANDOVER_TEST_PG names a server (see tests/backends.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import database_url, only_sqlite, skip_unless_supported

# Tests here that speak SQLite's own SQL to look behind the service; on PostgreSQL they are
# skipped, and tests/db/test_postgresql.py checks the same with PostgreSQL's SQL. (New tests
# say so with @pytest.mark.sqlite_only("why") instead.)
SQLITE_DIALECT = {
    "test_interchange.py::test_every_table_and_column_is_exported": (
        "lists the tables from sqlite_master"
    ),
    "test_interchange.py::test_database_error_on_the_last_row_rolls_everything_back": (
        "makes a refusing trigger in SQLite's syntax"
    ),
}


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of each backend; ``db`` and ``demo_db`` build on it."""
    reason = SQLITE_DIALECT.get(f"{request.node.path.name}::{request.node.originalname}")
    if reason:
        only_sqlite(backend, reason)
    skip_unless_supported(request, backend)
    with database_url(backend, tmp_path) as url:
        yield url
