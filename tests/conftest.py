"""Fixtures shared by every test: isolated user folders and databases built by services."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.backends import BACKENDS

DEMO_TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every user folder at a temporary one: tests never touch real data."""
    home = tmp_path_factory.mktemp("home")
    for name, sub in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ]:
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # The app started in a real terminal (tmux) would first ask for the user's name.
    monkeypatch.setenv("HANDOVER_ASK_NAME", "0")
    # Local times on screen must not depend on the machine running the tests.
    monkeypatch.setenv("TZ", "UTC")
    # Progress bars and scrolling land at once: snapshots do not catch them mid-way.
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    time.tzset()
    from handover_tui.services import identity

    identity.reset()  # who the user is: the OS login unless a test names someone
    return home


@pytest.fixture(params=BACKENDS if len(BACKENDS) > 1 else None)
def backend(request: pytest.FixtureRequest) -> str:
    """The database a test runs on: SQLite, and PostgreSQL too when HANDOVER_TEST_PG is set.

    Only the suites whose ``conftest.py`` builds ``db_url`` from it (tests/services, tests/db)
    run twice; the UI and end-to-end tests keep the SQLite ``db_url`` below.
    """
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator:
    from handover_tui.db.engine import open_database

    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def demo_db(db) -> object:
    from handover_tui.services import demo

    demo.populate(db, today=DEMO_TODAY)
    return db
