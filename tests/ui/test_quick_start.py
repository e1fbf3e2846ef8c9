"""Start-up over an SQLite file: the roster's rows come from the standard-library read
before the database is opened, and the usual read takes over once it is."""

from __future__ import annotations

import asyncio
import sys
import threading

import pytest

from handover_tui.config import Settings
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.roster import RosterScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of

HANG = 30.0
"""Seconds after which a wait for the app is a failure: a limit for a hang, not speed."""


def shown_names(app) -> list[str]:
    return [row.name for row in app.screen.table.rows]


async def test_rows_show_from_the_quick_read_before_the_database_opens(
    demo_db, db_url, monkeypatch
):
    from handover_tui.db import engine

    gate = threading.Event()
    app = make_app(Settings(start_screen="roster"), database_url=db_url, today=DEMO_TODAY)
    opening = engine.open_database
    seen_when_opening: list[bool] = []
    began_opening = threading.Event()

    def held(*args, **kwargs):
        # What the roster showed when the database began to open; then wait for the test.
        screen = app.screen_stack[-1] if app.screen_stack else None
        seen_when_opening.append(isinstance(screen, RosterScreen) and screen.loaded)
        began_opening.set()
        gate.wait(timeout=30)
        return opening(*args, **kwargs)

    monkeypatch.setattr(engine, "open_database", held)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            roster = app.screen
            assert isinstance(roster, RosterScreen)
            assert await asyncio.to_thread(began_opening.wait, HANG)  # the database began to open
            await pilot.pause()
            assert roster.loaded and len(shown_names(app)) == 28
            assert seen_when_opening == [True]  # the database opened after the rows showed
            assert not app._db_ready.is_set()
            await pilot.press("slash", *"capital")
            await pilot.pause()
            assert shown_names(app) == ["Bluefin Capital"]  # keys work on the quick rows
            gate.set()
            await settle(pilot)  # the usual read and the signals arrive; the filter holds
            assert app._db_ready.is_set()
            assert shown_names(app) == ["Bluefin Capital"]
            assert roster.signals  # the demo data has clients needing attention
    finally:
        gate.set()


def test_the_first_frame_imports_no_database_library(demo_db, db_url, tmp_path):
    """SQLAlchemy, SQLModel and Pydantic take most of a second to import: not before the
    first frame (checked in a fresh interpreter, where nothing has imported them yet)."""
    import json
    import os
    import subprocess

    probe = f"""
import json, os, sys
from textual.app import App
from handover_tui.config import Settings
from handover_tui.ui.app import make_app

shown = App._display

def display(self, screen, renderable):
    shown(self, screen, renderable)
    if renderable is not None and not self._batch_count:
        heavy = sorted({{m.split(".")[0] for m in sys.modules}}
                       & {{"sqlalchemy", "sqlmodel", "pydantic", "alembic"}})
        print(json.dumps([type(self.screen).__name__, heavy]), flush=True)
        os._exit(0)

App._display = display
app = make_app(Settings(start_screen=sys.argv[1]), database_url={db_url!r})
app.run(headless=True, size=(100, 30))
"""
    env = dict(os.environ) | {"XDG_DATA_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    for start, screen in (("roster", "RosterScreen"), ("dashboard", "DashboardScreen")):
        done = subprocess.run(
            [sys.executable, "-c", probe, start],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout.strip().splitlines()[-1]) == [screen, []]


async def test_the_first_screenful_shows_before_every_row_is_read(demo_db, db_url, monkeypatch):
    """At 10,000 clients reading every row takes a while as the first frames are drawn:
    the first rows at the default order show first, with the count; keys work on them,
    and the cursor stays where it was moved when the rest arrive."""
    from handover_tui.db import engine, roster_read
    from handover_tui.ui.screens import roster_data as roster_module

    monkeypatch.setattr(roster_module, "PREVIEW_ROWS", 5)
    every_row = threading.Event()
    reading_every_row = threading.Event()
    reading = roster_read.roster_rows

    def slow(path):
        reading_every_row.set()  # the first screenful is on its way to the screen
        every_row.wait(timeout=30)
        return reading(path)

    monkeypatch.setattr(roster_read, "roster_rows", slow)
    opening = engine.open_database

    def after_every_row(*args, **kwargs):
        every_row.wait(timeout=30)
        return opening(*args, **kwargs)

    monkeypatch.setattr(engine, "open_database", after_every_row)
    app = make_app(Settings(start_screen="roster"), database_url=db_url, today=DEMO_TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            roster = app.screen
            # The first rows were sent (as a message) before every row began to be read.
            assert await asyncio.to_thread(reading_every_row.wait, HANG)
            await pilot.pause()
            assert not roster.loaded
            names = shown_names(app)
            assert names == ["Acme Logistics", *names[1:]] and len(names) == 5
            assert names == sorted(names, key=str.lower)
            status = text_of(roster.query_one("#roster-status"))
            assert status.startswith("28 clients (reading…)")
            await pilot.press("down", "down")
            third = roster.table.current_id
            await pilot.press("asterisk")  # "all" would be the first screenful only
            assert not roster.marked_ids
            every_row.set()
            await settle(pilot)
            assert roster.loaded and len(shown_names(app)) == 28
            assert shown_names(app)[:5] == names
            assert roster.table.current_id == third
            assert text_of(roster.query_one("#roster-status")).startswith("28 clients ·")
    finally:
        every_row.set()


@pytest.mark.parametrize("checked", [False, True], ids=["missing", "empty-file"])
async def test_a_new_database_shows_the_empty_roster_before_it_is_made(
    tmp_path, monkeypatch, checked
):
    """First start: the file does not exist yet (or has no tables: the command line's
    start-up check creates it so), so it holds no clients. The dashboard gives way to the
    roster, which says how to add one before the schema is built."""
    from handover_tui.db import engine

    path = tmp_path / "new" / "handover.db"
    path.parent.mkdir()
    if checked:
        from handover_tui.db.preflight import check_sqlite_file

        check_sqlite_file(path)  # as the command line does: a new file, no tables
    gate = threading.Event()
    began_opening = threading.Event()
    opening = engine.open_database

    def held(*args, **kwargs):
        began_opening.set()
        gate.wait(timeout=30)
        return opening(*args, **kwargs)

    monkeypatch.setattr(engine, "open_database", held)
    app = make_app(Settings(), database_url=f"sqlite:///{path}", today=DEMO_TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert await asyncio.to_thread(began_opening.wait, HANG)
            await pilot.pause()
            roster = app.screen
            assert isinstance(roster, RosterScreen) and roster.loaded
            assert roster.query_one("#roster-empty").display
            assert not app._db_ready.is_set()
            assert path.exists() == checked
            gate.set()
            await settle(pilot)
            assert app._db_ready.is_set() and app.screen is roster
            assert roster.query_one("#roster-empty").display
    finally:
        gate.set()
