"""Regenerate screenshots/*.svg: every main screen, from the demo data, at 120x36.

Run: python scripts/screenshots.py   (the README's gallery shows these files)
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from handover_tui.config import Settings
from handover_tui.db.engine import open_database
from handover_tui.services import clients, demo
from handover_tui.ui.app import make_app

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (120, 36)
TODAY = date(2026, 11, 23)
CLIENT_TABS = {
    "client": "overview",
    "transition": "transition",
    "signoff": "signoff",
    "notes": "notes",
    "log": "log",
    "contacts": "contacts",
    "client-activity": "activity",
}
"""File name: tab of the client screen (Juniper Hotels, which is mid-handoff)."""


async def settle(pilot) -> None:
    for _ in range(10):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            break


async def main() -> None:
    os.environ["TZ"] = "UTC"  # the same pictures wherever they are made
    time.tzset()
    os.environ["LOGNAME"] = "maya"  # the audit trail names a demo user, not yours
    OUT.mkdir(exist_ok=True)
    written: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/demo.db")
        demo.populate(database, today=TODAY)
        app = make_app(Settings(), db=database, today=TODAY)

        def shot(name: str) -> None:
            app.save_screenshot(f"{name}.svg", str(OUT))
            written.append(f"{name}.svg")

        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shot("dashboard")
            await pilot.press("r")
            await settle(pilot)
            shot("roster")
            juniper = clients.find_clients(database, "Juniper Hotels")[0].id
            for name, tab in CLIENT_TABS.items():
                app.open_client(juniper, tab)
                await settle(pilot)
                shot(name)
                await pilot.press("escape")
                await settle(pilot)
            for name, open_screen in [
                ("people", app.action_people),
                ("templates", app.action_templates),
                ("activity", app.action_activity),
            ]:
                open_screen()
                await settle(pilot)
                shot(name)
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press("ctrl+f", *"procurement")
            await settle(pilot)
            shot("search")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            shot("help")
            await pilot.press("escape")
            app.theme = "handover-high-contrast"
            await settle(pilot)
            shot("roster-high-contrast")
            app.theme = "textual-light"
            await pilot.press("d")
            await settle(pilot)
            shot("dashboard-light")
        database.close()
    print(f"wrote {', '.join(written)} to {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
