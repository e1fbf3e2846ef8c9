"""Export and import from inside the app, by keys: a file prompt, a preview, a summary."""

from __future__ import annotations

from handover_tui.services import clients
from handover_tui.ui.screens.interchange import ImportScreen, PathPrompt
from tests.ui.conftest import settle


async def answer(pilot, path) -> None:
    prompt = pilot.app.screen
    assert isinstance(prompt, PathPrompt)
    prompt.query_one("#path").value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_x_writes_the_transition_plan(demo_app, demo_db, tmp_path):
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(juniper)
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert demo_app.screen.query_one("#path").value.endswith(
            "juniper-hotels-transition-plan.md"
        )
        await answer(pilot, tmp_path / "nowhere" / "plan.md")
        assert "does not exist" in str(demo_app.screen.query_one("#path-problem").content)
        await answer(pilot, tmp_path / "plan.html")
    html = (tmp_path / "plan.html").read_text()
    assert html.lstrip().lower().startswith("<!doctype html") and "Juniper Hotels" in html


async def test_importing_a_csv_roster_previews_then_imports(demo_app, demo_db, tmp_path):
    source = tmp_path / "crm.csv"
    source.write_text(
        "Account Name,Account Owner,Industry,Renewal Date\n"
        "Quayside Books,Maya Okafor,Retail,2027-03-31\n"
        "Bad Date Ltd,Maya Okafor,Retail,someday\n"
        "Lantern Labs,Nora Field,Technology,\n",
        encoding="utf-8",
    )
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = demo_app.screen.table.row_count
        demo_app.action_import_csv()
        await settle(pilot)
        await answer(pilot, source)
        screen = demo_app.screen
        assert isinstance(screen, ImportScreen) and screen.stage == "confirm"
        preview = str(screen.query_one("#import-summary").content)
        assert "line 3" in preview
        assert clients.find_clients(demo_db, "Quayside Books") == []  # a preview writes nothing
        await pilot.press("enter")
        await settle(pilot)
        assert screen.stage == "done"
        assert clients.find_clients(demo_db, "Quayside Books")
        await pilot.press("escape")
        await settle(pilot)
        assert demo_app.screen.table.row_count == before + 2


async def test_cancelling_an_import_writes_nothing(demo_app, demo_db, tmp_path):
    source = tmp_path / "crm.csv"
    source.write_text("Company name,Industry\nNever Written Inc,Retail\n", encoding="utf-8")
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.action_import_csv()
        await settle(pilot)
        await answer(pilot, source)
        await pilot.press("escape")
        await settle(pilot)
    assert clients.find_clients(demo_db, "Never Written Inc") == []


async def test_exporting_the_database_as_json_from_the_palette(demo_app, tmp_path):
    import json

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"export database")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, tmp_path / "all.json")
    document = json.loads((tmp_path / "all.json").read_text())
    assert document["format"] == "handover" and len(document["client"]) == 29
