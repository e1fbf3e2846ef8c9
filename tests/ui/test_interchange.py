"""Export and import from inside the app, by keys: a file prompt, a preview, a summary."""

from __future__ import annotations

from handover_tui.services import clients
from handover_tui.ui.screens.interchange import ImportScreen, MappingPrompt, PathPrompt
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


async def test_the_csv_preview_lists_columns_and_the_mapping_can_be_changed(
    demo_app, demo_db, tmp_path
):
    source = tmp_path / "kunden.csv"
    source.write_text(
        "Kunde,Branche,Plan\nRiverbend Mills,Textil,[Q3 plan]\nStonegate Foods,[/],x\n",
        encoding="utf-8",
    )
    async with demo_app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        demo_app.action_import_csv()
        await settle(pilot)
        await answer(pilot, source)
        screen = demo_app.screen
        assert isinstance(screen, ImportScreen) and screen.stage == "done"
        summary = str(screen.query_one("#import-summary").content)
        assert "No column holds the client's name" in summary
        assert "m: change the columns" in str(screen.query_one("#import-hint").content)

        await pilot.press("m")
        await settle(pilot)
        prompt = demo_app.screen
        assert isinstance(prompt, MappingPrompt)
        await pilot.press(*"Kunde=nom", "enter")
        await settle(pilot)
        assert "'nom' is not a field" in str(prompt.query_one("#mapping-problem").content)
        prompt.query_one("#mapping").value = "Kunde=name; Branche=industry"
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.screen is screen and screen.stage == "confirm"
        lines = str(screen.query_one("#import-summary").content).splitlines()
        assert "  Kunde   → name  e.g. Riverbend Mills" in lines
        assert "  Plan    → ignored  e.g. [Q3 plan]" in lines  # a cell is no markup
        assert "Would import 2 clients" in lines
        await pilot.press("enter")
        await settle(pilot)
        assert screen.stage == "done"
    [stonegate] = clients.find_clients(demo_db, "Stonegate Foods")
    assert clients.get_client(demo_db, stonegate.id).client.industry == "[/]"


async def test_importing_contacts_reads_an_8_bit_vcard_2_1(demo_app, demo_db):
    from pathlib import Path

    from handover_tui.services import contacts

    source = Path(__file__).parent.parent / "fixtures" / "vcard" / "latin1_2_1.vcf"
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        demo_app.open_client(juniper)
        await settle(pilot)
        demo_app.screen.action_import_contacts()
        await settle(pilot)
        await answer(pilot, source)
        summary = str(demo_app.screen.query_one("#import-summary").content)
        assert summary.startswith("Imported 3 contacts")
    names = {contact.name for contact in contacts.list_contacts(demo_db, juniper)}
    assert {"Françoise Lefèvre", "Jörg Müller", "Ana María Peña"} <= names
