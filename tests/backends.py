"""Where a test keeps its database: a SQLite file, or a fresh database on a PostgreSQL server.

Set ``HANDOVER_TEST_PG`` to a server URL whose role may create databases, for example
``postgresql+psycopg://handover@127.0.0.1:5432/postgres``, and the suites that ask for the
``backend`` fixture (tests/services, tests/db) run once on each database; without it they
run on SQLite only, exactly as before. ``.ci/run`` starts such a server and sets the variable.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

PG_SERVER = os.environ.get("HANDOVER_TEST_PG", "").strip()
BACKENDS = ["sqlite", "postgresql"] if PG_SERVER else ["sqlite"]


def _admin():  # -> sqlalchemy.Engine, in autocommit: CREATE and DROP DATABASE need it
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    return sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)


def _drop(admin, name: str) -> None:
    """FORCE ends connections a failed test left open, so the drop never hangs. It is
    refused if one of them is not ours to end: an autovacuum worker that started on the
    new copy (seen in CI). A plain DROP ends autovacuum workers itself, and waits a few
    seconds for anything else."""
    import sqlalchemy as sa

    with admin.connect() as connection:
        try:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except sa.exc.ProgrammingError as error:
            if "pg_signal_backend" not in str(error):
                raise
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def fresh_pg_database(template: str | None = None) -> Iterator[str]:
    """The URL of a new database on the test server, dropped afterwards: empty, or a copy
    of the ``template`` database (see :class:`PgTemplates`)."""
    name = f"test_{secrets.token_hex(6)}"
    copy = f' TEMPLATE "{template}"' if template else ""
    admin = _admin()
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
        try:
            yield _pg_url(name)
        finally:
            _drop(admin, name)
    finally:
        admin.dispose()


class PgTemplates:
    """Databases built once per test session and copied for each test, which is far quicker
    than migrating (or filling) a new database every time.

    ``builders`` maps a name to what makes that database out of a migrated, empty one.
    """

    def __init__(self, builders: dict[str, Callable[[Any], None]]) -> None:
        self.builders = builders
        self.made: dict[str, str] = {}
        self.session = secrets.token_hex(4)

    def __getitem__(self, kind: str) -> str:
        """The name of the template database ``kind``, built now if it is not yet."""
        if kind not in self.made:
            from handover_tui.db.engine import open_database

            name = f"template_{kind}_{self.session}"
            admin = _admin()
            try:
                with admin.connect() as connection:
                    connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
            finally:
                admin.dispose()
            self.made[kind] = name
            database = open_database(_pg_url(name))
            try:
                self.builders[kind](database)
            finally:
                database.close()  # a template may have no connections when it is copied
        return self.made[kind]

    def drop_all(self) -> None:
        admin = _admin()
        try:
            for name in self.made.values():
                _drop(admin, name)
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
