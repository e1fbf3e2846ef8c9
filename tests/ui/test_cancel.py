"""Long jobs started from the app (import, export, backup) stop on escape: an import
rolls back, an export leaves no file, a backup keeps no copy; a toast says so."""

from __future__ import annotations

import threading

from handover_tui.services import clients, roster_csv
from handover_tui.ui.screens.interchange import ImportScreen, WorkScreen
from tests.ui.conftest import settle

CSV = "Account Name,Account Owner\nQuayside Books,Maya Okafor\nLantern Labs,Nora Field\n"


def messages(app) -> list[str]:
    return [notice.message for notice in app._notifications]


async def test_escape_stops_a_running_import_and_nothing_is_written(demo_app, demo_db):
    started, release = threading.Event(), threading.Event()

    def slow_import(db, progress):
        started.set()
        release.wait(30)  # held until escape was pressed
        return roster_csv.import_csv(db, CSV.encode(), skip_bad=True, progress=progress)

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ImportScreen("Import a roster from CSV: crm.csv", slow_import)
        demo_app.push_screen(screen)
        await pilot.pause()
        assert started.wait(10)
        assert "escape: cancel" in str(screen.query_one("#import-hint").content)
        await pilot.press("escape")
        assert screen.stage == "cancelling"
        release.set()
        await settle(pilot)
        assert demo_app.screen is not screen
        assert "Import cancelled: nothing was written." in messages(demo_app)
    assert clients.find_clients(demo_db, "Quayside Books") == []
    assert clients.find_clients(demo_db, "Lantern Labs") == []


async def test_an_import_that_finishes_first_says_it_was_too_late(demo_app, demo_db):
    started, release = threading.Event(), threading.Event()

    def import_then_wait(db, progress):
        report = roster_csv.import_csv(db, CSV.encode(), skip_bad=True, progress=progress)
        started.set()
        release.wait(30)
        return report

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ImportScreen("Import", import_then_wait)
        demo_app.push_screen(screen)
        await pilot.pause()
        assert started.wait(10)
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert demo_app.screen is screen and screen.stage == "done"
        assert "Too late to cancel: the import had finished." in messages(demo_app)
    assert clients.find_clients(demo_db, "Quayside Books")


async def test_escape_cancels_an_export_and_leaves_no_file(demo_app, tmp_path):
    started, release = threading.Event(), threading.Event()
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "roster.csv"

    def slow_export(db, path):
        path.write_text("half of it")
        started.set()
        release.wait(30)
        return "the roster"

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.export_file("Export the roster as CSV to", "roster.csv", slow_export)
        await settle(pilot)
        demo_app.screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        assert started.wait(10)
        assert isinstance(demo_app.screen, WorkScreen)
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, WorkScreen)
        release.set()
        for worker in list(demo_app.workers):
            if worker.group == "work":
                await worker.wait()
        await settle(pilot)
        assert f"Export cancelled: {target} was not written." in messages(demo_app)
    assert list(target.parent.iterdir()) == []


async def test_an_export_not_cancelled_is_written_whole(demo_app, tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "roster.csv"
    target.write_text("an older export")
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.action_export_csv()
        await settle(pilot)
        demo_app.screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert f"Wrote the roster to {target}." in messages(demo_app)
    assert target.read_text().count("\n") > 20
    assert [path.name for path in target.parent.iterdir()] == ["roster.csv"]
