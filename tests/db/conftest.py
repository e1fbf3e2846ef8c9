"""Storage and migrations are checked on every database the app supports: SQLite, and
PostgreSQL when HANDOVER_TEST_PG names a server (see tests/backends.py)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import database_url, skip_unless_supported


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of each backend; ``db`` and ``demo_db`` build on it."""
    skip_unless_supported(request, backend)
    with database_url(backend, tmp_path) as url:
        yield url


def mode(path: Path) -> int:
    """The permission bits of ``path`` (0o600: its owner alone may read and write it)."""
    return stat.S_IMODE(path.stat().st_mode)
