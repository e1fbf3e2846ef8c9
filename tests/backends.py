"""Where a test keeps its database: a SQLite file, or a fresh database on a PostgreSQL server.

Set ``HANDOVER_TEST_PG`` to a server URL whose role may create databases, for example
``postgresql+psycopg://handover@127.0.0.1:5432/postgres``, and the suites that ask for the
``backend`` fixture (tests/services, tests/db) run once on each database; without it they
run on SQLite only, exactly as before. ``.ci/run`` starts such a server and sets the variable.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_SERVER = os.environ.get("HANDOVER_TEST_PG", "").strip()
BACKENDS = ["sqlite", "postgresql"] if PG_SERVER else ["sqlite"]


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped afterwards."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    server = make_url(PG_SERVER)
    name = f"test_{secrets.token_hex(6)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            # FORCE ends connections a failed test left open, so the drop never hangs.
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@contextmanager
def database_url(backend: str, folder: Path, name: str = "test.db") -> Iterator[str]:
    """A URL for an empty database of ``backend``: a file in ``folder``, or a new database."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}"
        return
    if not PG_SERVER:
        pytest.skip("PostgreSQL: set HANDOVER_TEST_PG to a server URL to run this test")
    with fresh_pg_database() as url:
        yield url


def only_sqlite(backend: str, reason: str) -> None:
    """Skip the running test on any other database, saying why."""
    if backend != "sqlite":
        pytest.skip(f"SQLite only: {reason}")


def skip_unless_supported(request: pytest.FixtureRequest, backend: str) -> None:
    """Honour ``@pytest.mark.sqlite_only("why")`` on the test asking for a database."""
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        only_sqlite(backend, marker.args[0] if marker.args else "")
