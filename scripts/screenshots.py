"""Regenerate screenshots/*.svg from the demo data at 120x36.

Run: python scripts/screenshots.py
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


async def settle(pilot) -> None:
    for _ in range(10):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            break


async def main() -> None:
    os.environ["TZ"] = "UTC"  # the same pictures wherever they are made
    time.tzset()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/demo.db")
        demo.populate(database, today=TODAY)
        app = make_app(Settings(), db=database, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.save_screenshot("dashboard.svg", str(OUT))
            await pilot.press("r")
            await settle(pilot)
            app.save_screenshot("roster.svg", str(OUT))
            await pilot.press("down", "enter")
            await settle(pilot)
            app.save_screenshot("client.svg", str(OUT))
            await pilot.press("c")
            await settle(pilot)
            app.save_screenshot("contacts.svg", str(OUT))
            await pilot.press("escape", "p")
            await settle(pilot)
            app.save_screenshot("people.svg", str(OUT))
            await pilot.press("escape")
            juniper = clients.find_clients(database, "Juniper Hotels")[0].id
            app.open_client(juniper, "transition")
            await settle(pilot)
            app.save_screenshot("transition.svg", str(OUT))
            await pilot.press("s")
            await settle(pilot)
            app.save_screenshot("signoff.svg", str(OUT))
            await pilot.press("N")
            await settle(pilot)
            app.save_screenshot("notes.svg", str(OUT))
            await pilot.press("L")
            await settle(pilot)
            app.save_screenshot("log.svg", str(OUT))
            await pilot.press("escape", "ctrl+f", *"procurement")
            await settle(pilot)
            app.save_screenshot("search.svg", str(OUT))
        database.close()
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.svg')))} to {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
