"""Filter keystroke to repainted roster, at 10k and 100k clients.

    python benchmarks/roster_filter.py [--quick]

In process, headless (120x40), driven by keys with Pilot: ``/`` focuses the filter, then
each sample is one key (``q``, which few clients have, or backspace, which brings every
client back) timed from the key press to the first painted frame that shows the new
number of rows. Targets: <= 16 ms at 10k clients, <= 50 ms at 100k.
"""

from __future__ import annotations

import asyncio
import time

from _common import FrameClock, dataset, figure, isolate_here, runs_wanted

SIZES = {"10k": ((10_000, 100_000), 16.0), "100k": ((100_000, 100_000), 50.0)}


def visible(screen) -> int:
    """Rows the roster shows after its filter (the table's count before the virtual list)."""
    count = getattr(screen, "visible_count", None)
    return screen.table.row_count if count is None else count


async def idle(app, pilot, settle: float = 0.05) -> None:
    """Until no worker runs (the first load, the signals), so samples meet a quiet app;
    ``settle`` seconds first, for what a sample set off (a commit is noticed by the
    change watcher within a second, and every screen then reads its data again)."""
    await pilot.pause(settle)
    while any(worker.is_running for worker in app.workers):
        await pilot.pause(0.01)
    await pilot.pause(0.05)


async def open_roster(path, pilot_body) -> None:
    from make_dataset import TODAY

    from handover_tui.config import Settings
    from handover_tui.db.engine import open_database
    from handover_tui.ui.app import make_app

    settings = Settings()
    settings.start_screen = "roster"
    db = open_database(f"sqlite:///{path}")
    app = make_app(settings, db=db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        clock = FrameClock(app)
        screen = app.screen
        await clock.until(pilot, lambda: screen.loaded and visible(screen) > 0)
        await idle(app, pilot)
        await pilot_body(app, pilot, clock, screen)


def keystrokes(path, runs: int) -> list[float]:
    samples: list[float] = []

    async def body(app, pilot, clock, screen) -> None:
        await pilot.press("slash")
        await pilot.pause(0.05)
        for run in range(runs + 1):
            for key in ("q", "backspace"):
                before = visible(screen)
                clock.arm(lambda b=before: visible(screen) != b)
                started = time.perf_counter()
                await pilot.press(key)
                painted = await clock.wait(pilot)
                if run:  # the first pair warms the caches
                    samples.append((painted - started) * 1000)
                await idle(app, pilot)

    asyncio.run(open_roster(path, body))
    return samples


def main() -> None:
    isolate_here()
    runs = runs_wanted()
    for label, ((clients, notes), target) in SIZES.items():
        path, _facts = dataset(clients, notes)
        figure(f"roster.filter_keystroke.{label}", keystrokes(path, runs), target)


if __name__ == "__main__":
    main()
