"""Helpers to drive the app by keys and wait for its background work."""

from __future__ import annotations

import pytest

from handover_tui.config import Settings
from handover_tui.ui.app import HandoverApp, make_app
from tests.conftest import DEMO_TODAY


async def settle(pilot) -> None:
    """Wait until every database call and what it triggered has finished and painted."""
    from textual.worker import WorkerCancelled

    app = pilot.app
    for _ in range(40):  # a finished read may start another (a tab, the signals)
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # the app is closing
            return
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            break
    await pilot.pause()


@pytest.fixture
def make(db):
    def build(database=None) -> HandoverApp:
        return make_app(Settings(start_screen="roster"), db=database or db, today=DEMO_TODAY)

    return build


@pytest.fixture
def demo_app(demo_db) -> HandoverApp:
    return make_app(Settings(start_screen="roster"), db=demo_db, today=DEMO_TODAY)


def text_of(widget) -> str:
    """What a Static shows, as plain text, whatever the layout has caught up with."""
    import io

    from rich.console import Console

    console = Console(width=max(widget.size.width, 80), file=io.StringIO(), record=True)
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def dashboard_app(demo_db) -> HandoverApp:
    """The app as a user starts it: on the dashboard, over the demo data."""
    return make_app(Settings(), db=demo_db, today=DEMO_TODAY)
