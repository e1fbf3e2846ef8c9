"""The store: the open database every service call takes, and the UI's only door to it.

The UI opens a store here, checks it, watches it for other sessions' commits, and reads
the roster's first rows and the dashboard through it before it is open; it imports
nothing from ``handover_tui.db``. What needs SQLAlchemy is imported when called, so the
start-up path (the quick reads) imports this module without loading it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handover_tui.db.preflight import NOT_LIVE, DatabaseReadOnly, DatabaseUnavailable
from handover_tui.db.preflight import sqlite_file as local_file

if TYPE_CHECKING:
    from handover_tui.db.changes import ChangeWatcher
    from handover_tui.db.dashboard_read import Dashboard
    from handover_tui.db.engine import Database
    from handover_tui.domain.roster_view import RosterRow
    from handover_tui.domain.signals import Thresholds

__all__ = [
    "NOT_LIVE",
    "Database",
    "DatabaseReadOnly",
    "DatabaseUnavailable",
    "change_watcher",
    "check_integrity",
    "expecting_version",
    "local_file",
    "open_store",
    "quick_dashboard",
    "quick_first_rows",
    "quick_roster_rows",
]


def __getattr__(name: str) -> Any:
    # The store's type, for a caller that needs it at run time, without loading
    # SQLAlchemy for every importer of this module.
    if name == "Database":
        from handover_tui.db.engine import Database

        return Database
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(url: str, *, read_only: str | None = None) -> Database:
    """Open ``url`` with its schema brought to head, or raise :class:`DatabaseUnavailable`
    with one sentence; ``read_only`` (the reason) opens a SQLite file for reading only."""
    from handover_tui.db.engine import open_database

    return open_database(url, read_only=read_only)


def open_demo(today: date | None = None) -> tuple[Path, Database]:
    """A new store of sample data in a private temporary folder (``--demo``); the caller
    closes it and removes the folder, which holds nothing else."""
    import tempfile

    from handover_tui.services import demo

    folder = Path(tempfile.mkdtemp(prefix="handover-demo-"))
    folder.chmod(0o700)
    store = open_store(f"sqlite:///{folder / 'demo.db'}")
    demo.populate(store, today=today)
    return folder, store


def check_integrity(store: Database) -> None:
    """SQLite's quick integrity check (it reads every page); raises
    :class:`DatabaseUnavailable` naming the newest backup when the file is damaged."""
    from handover_tui.db.engine import check_integrity as check

    check(store)


def change_watcher(store: Database) -> ChangeWatcher:
    """A watcher whose ``changed()`` says whether another session committed since the
    previous call (the first call only takes the baseline)."""
    from handover_tui.db.changes import ChangeWatcher

    return ChangeWatcher(store)


@contextmanager
def expecting_version(version: int) -> Iterator[None]:
    """Within this block every update expects its record at ``version``: the one the
    user has seen after a conflict, so saving overwrites that change knowingly."""
    from handover_tui.services._records import expecting_version as expecting

    with expecting(version):
        yield


def not_made_yet(path: Path) -> bool:
    """Whether the SQLite file is still to be made: missing, or with no tables yet (as
    the start-up check creates it). It holds no clients; opening it builds the schema.
    Asked only when a quick read could not vouch, so a usual start opens no more
    connections than the read itself."""
    from handover_tui.db.read import holds_no_tables

    return holds_no_tables(path)


def quick_first_rows(path: Path, count: int) -> tuple[list[RosterRow], int] | None:
    """The roster's first ``count`` rows at its default view and how many it holds, read
    from the SQLite file ``path`` without SQLAlchemy; None when this read cannot vouch."""
    from handover_tui.db.roster_read import first_rows

    found = first_rows(path, count)
    return ([], 0) if found is None and not_made_yet(path) else found


def quick_roster_rows(path: Path) -> list[RosterRow] | None:
    """Every roster row of the SQLite file ``path``, read without SQLAlchemy; None when
    this read cannot vouch for the answer (the caller then reads through the services)."""
    from handover_tui.db.roster_read import roster_rows

    found = roster_rows(path)
    return [] if found is None and not_made_yet(path) else found


def quick_dashboard(path: Path, today: date, limits: Thresholds | None) -> Dashboard | None:
    """The dashboard of the SQLite file ``path`` (``db.dashboard_read``, as
    ``services.dashboard`` reads it), read without SQLAlchemy while the database opens;
    None when this read cannot vouch for the answer."""
    from handover_tui.db.dashboard_read import Dashboard, board
    from handover_tui.db.read import quick

    found = quick(path, lambda reader: board(reader, today, limits))
    if found is None and not_made_yet(path):
        return Dashboard(today, [], [], [], [], [], clients=0)
    return found
