"""Two sessions on one database file see each other's changes without a restart."""

from __future__ import annotations

import asyncio

from handover_tui.config import Settings
from handover_tui.db.engine import open_database
from handover_tui.services import clients, demo
from handover_tui.ui.app import HandoverApp, make_app
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle

HANG = 30.0
"""Seconds without a report after which a test fails: a limit for a hang, not a speed
claim. What keeps a change visible within two seconds is structural: the watcher asks
every ``WATCH_SECONDS`` (checked below) and one answer is enough
(``test_own_saves_reload_nothing_and_other_sessions_still_do``)."""


def reports(app: HandoverApp) -> asyncio.Event:
    """Set each time the app's watcher has reported a commit made elsewhere (and the app
    has begun to read its data again). The watcher's own timer does the asking."""
    reported = asyncio.Event()
    changed_elsewhere = app.changed_elsewhere

    def report() -> None:
        changed_elsewhere()
        reported.set()

    app.changed_elsewhere = report
    return reported


async def until_shown(pilot, reported: asyncio.Event, condition) -> None:
    """Wait until ``condition()`` holds, checking it after each report has been read
    again. Clear ``reported`` before the commit elsewhere; a report that comes while
    one is being read again wakes the next round, so none is missed."""
    await settle(pilot)
    heard = 0
    while not condition():
        try:
            await asyncio.wait_for(reported.wait(), HANG)
        except TimeoutError:
            raise AssertionError(
                f"not shown after {heard} report(s) of a commit elsewhere, "
                f"and no further report in {HANG} s"
            ) from None
        heard += 1
        reported.clear()
        await settle(pilot)


def test_the_watcher_asks_at_least_once_a_second():
    from handover_tui.ui.app import WATCH_SECONDS

    assert WATCH_SECONDS <= 1.0


async def test_a_client_added_in_one_app_appears_in_the_other(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first_db, second_db = open_database(url), open_database(url)
    demo.populate(first_db, today=DEMO_TODAY)
    settings = Settings(start_screen="roster")
    first = make_app(settings, db=first_db, today=DEMO_TODAY)
    second = make_app(settings, db=second_db, today=DEMO_TODAY)
    reported = reports(second)
    try:
        async with first.run_test(size=(100, 30)) as one, second.run_test(size=(100, 30)) as two:
            await settle(one)
            await settle(two)
            roster = second.screen
            roster.table.move_to(clients.find_clients(second_db, "Juniper Hotels")[0].id)
            await one.press("slash", *"zephyr")  # the second user has a filter typed too
            await settle(one)
            await two.press("slash", *"o")
            await settle(two)
            keep = roster.table.current_id
            shown = roster.table.row_count
            # The first user adds a client by keys.
            await one.press("escape", "n")
            await settle(one)
            first.screen.query_one("#field-name").value = "Oslo Fjord Ferries"
            reported.clear()
            await one.press("ctrl+s")
            await settle(one)
            await until_shown(two, reported, lambda: roster.table.row_count == shown + 1)
            assert roster.filter_text == "o"  # the filter and the cursor stay
            assert roster.table.current_id == keep
            names = {row.name for row in roster.rows.values()}
            assert "Oslo Fjord Ferries" in names
    finally:
        first_db.close()
        second_db.close()


async def test_an_open_client_follows_a_note_written_elsewhere(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    database, other = open_database(url), open_database(url)
    demo.populate(database, today=DEMO_TODAY)
    app = make_app(Settings(start_screen="roster"), db=database, today=DEMO_TODAY)
    reported = reports(app)
    acme = clients.find_clients(database, "Acme Logistics")[0].id
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_client(acme, "notes")
            await settle(pilot)
            from handover_tui.services import notes

            notes_table = app.screen.query_one("#notes-table")
            # From the file, not the table: its first read may still be on its way.
            before = len(notes.list_notes(database, acme))
            reported.clear()
            notes.create_note(other, acme, {"title": "From the other login", "category": "goals"})
            await until_shown(pilot, reported, lambda: notes_table.row_count == before + 1)
            assert app.screen.tab == "notes"
    finally:
        database.close()
        other.close()


async def test_own_saves_reload_nothing_and_other_sessions_still_do(tmp_path):
    """A tick here is shown at once and the watcher stays quiet after it; a note saved by
    another session still makes every screen read its data again."""
    from handover_tui.services import notes, transitions
    from handover_tui.ui.screens.client.checklist import ChecklistPane

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    database, other = open_database(url), open_database(url)
    demo.populate(database, today=DEMO_TODAY)
    client_id = next(
        row.id
        for row in clients.roster_rows(database)
        if (plan := transitions.plan_for_client(database, row.id)) is not None
        and plan.running
        and any(not item.done for item in plan.items)
    )
    app = make_app(Settings(start_screen="roster"), db=database, today=DEMO_TODAY)
    reloads: list[str] = []
    reload_all = app.reload_all
    app.reload_all = lambda *args: (reloads.append(app.screen.__class__.__name__), reload_all())

    async def poll() -> None:  # what the one-second timer does, here and now
        app._poll()
        await settle(pilot)

    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            app.open_client(client_id, "transition")
            await settle(pilot)
            await poll()  # the watcher's baseline
            pane = app.screen.query_one(ChecklistPane)
            table = pane.table
            open_item = next(item for item in pane.plan.items if not item.done)
            table.move_to(open_item.id)
            await pilot.press("space")
            await settle(pilot)
            assert pane.items[open_item.id].done_on == DEMO_TODAY
            # The row is drawn again with its mark (not a stale cached line).
            row = table.get_row_index(str(open_item.id)) + 1 - round(table.scroll_y)
            assert "[x]" in table.render_line(row).text
            assert transitions.plan_for_client(other, client_id).progress().done == (
                pane.plan.progress().done
            )
            await poll()
            await poll()
            assert reloads == []  # our own commit is not another session's
            notes.create_note(other, client_id, {"title": "From elsewhere", "category": "goals"})
            await poll()
            assert reloads == ["ClientScreen"]
    finally:
        database.close()
        other.close()


async def test_a_commit_made_before_the_first_poll_is_seen(tmp_path):
    """The watcher notes where the database stands as it opens, not at its first poll a
    second later: a client another session adds in that second still shows."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    database, other = open_database(url), open_database(url)
    demo.populate(database, today=DEMO_TODAY)
    app = make_app(Settings(start_screen="roster"), db=database, today=DEMO_TODAY)
    reported = reports(app)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            roster = app.screen
            shown = roster.table.row_count
            reported.clear()
            clients.create_client(other, {"name": "Early Bird Logistics"})
            await until_shown(pilot, reported, lambda: roster.table.row_count == shown + 1)
            assert "Early Bird Logistics" in {row.name for row in roster.rows.values()}
    finally:
        database.close()
        other.close()
