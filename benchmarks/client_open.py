"""Open a client (500 notes, 200 checklist items), and tick one of its checklist items.

    python benchmarks/client_open.py [--quick]

In process, headless (120x40), by keys, on the 10k-client data set: the roster is
filtered to the big client (``/``, its name, enter), then each sample is ``enter`` on its
row to the first painted frame with the client's record shown (its overview, checklist,
notes and contacts are read in one go), and ``escape`` back. Then, on its checklist tab,
each tick sample is ``space`` to the first frame painted after the tick was committed
(the worker's result is on the screen); between ticks the app is left to finish the
reload its own commit sets off (the change watcher notices it within a second and every
screen reads its data again), so a sample measures the tick alone. Targets: open
<= 50 ms; tick <= 20 ms.
"""

from __future__ import annotations

import asyncio
import time

from _common import FrameClock, dataset, figure, isolate_here, runs_wanted, working_copy
from roster_filter import idle, visible


async def run(path, facts: dict, runs: int) -> tuple[list[float], list[float], list[float]]:
    from make_dataset import TODAY

    from handover_tui.config import Settings
    from handover_tui.db.engine import open_database
    from handover_tui.ui.app import make_app
    from handover_tui.ui.screens.client import ClientScreen
    from handover_tui.ui.screens.client.checklist import ChecklistPane

    settings = Settings()
    settings.start_screen = "roster"
    app = make_app(settings, db=open_database(f"sqlite:///{path}"), today=TODAY)
    opened: list[float] = []
    named: list[float] = []
    ticked: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        clock = FrameClock(app)
        roster = app.screen
        await clock.until(pilot, lambda: roster.loaded and visible(roster) > 0)
        await idle(app, pilot)
        clock.arm(lambda: visible(roster) == 1)
        await pilot.press("slash", *facts["big_client"].lower())
        await clock.wait(pilot)
        await pilot.press("enter")
        await idle(app, pilot)

        def shown() -> bool:
            screen = app.screen
            return isinstance(screen, ClientScreen) and screen.detail is not None

        for number in range(runs + 1):
            clock.arm(lambda: isinstance(app.screen, ClientScreen))  # its name, "Reading…"
            started = time.perf_counter()
            await pilot.press("enter")
            painted = await clock.wait(pilot)
            if number:
                named.append((painted - started) * 1000)
            await idle(app, pilot)
            clock.arm(lambda: app.screen is roster)
            await pilot.press("escape")
            await clock.wait(pilot)
            await idle(app, pilot)

        for number in range(runs + 1):
            clock.arm(shown)
            started = time.perf_counter()
            await pilot.press("enter")
            painted = await clock.wait(pilot)
            if number:
                opened.append((painted - started) * 1000)
            await idle(app, pilot)
            if number < runs:
                clock.arm(lambda: app.screen is roster)
                await pilot.press("escape")
                await clock.wait(pilot)
                await idle(app, pilot)
        await pilot.press("t")
        await idle(app, pilot)
        pane = app.screen.query_one(ChecklistPane)
        for number in range(runs + 1):
            item = pane._current_item()
            assert item is not None, "no checklist item under the cursor"
            before = pane.items[item.id].done_on

            clock.arm(lambda i=item.id, b=before: pane.items[i].done_on != b)
            started = time.perf_counter()
            await pilot.press("space")
            painted = await clock.wait(pilot)
            if number:
                ticked.append((painted - started) * 1000)
            await idle(app, pilot, settle=1.5)  # the reload the commit sets off
    return named, opened, ticked


def main() -> None:
    isolate_here()
    runs = runs_wanted()
    cached, facts = dataset(10_000, 100_000)
    named, opened, ticked = asyncio.run(run(working_copy(cached), facts, runs))
    figure("client.first_frame_with_name", named, 50.0)
    figure("client.open_500_notes_200_items", opened, 50.0)
    figure("client.tick_item", ticked, 20.0)


if __name__ == "__main__":
    main()
