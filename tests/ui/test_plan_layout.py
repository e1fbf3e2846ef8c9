"""The plan tab at 80x24 and 100x30: phase windows always shown, timing warnings folded."""

from __future__ import annotations

import pytest

from handover_tui.services import clients, transitions
from tests.ui.conftest import settle, text_of


async def open_plan(pilot, name: str = "Juniper Hotels"):
    await settle(pilot)
    app = pilot.app
    client_id = clients.find_clients(app.database(), name)[0].id
    app.open_client(client_id, "transition")
    await settle(pilot)
    return app.screen


def row_text(table, key: str) -> list[str]:
    return [getattr(cell, "plain", str(cell)) for cell in table.get_row(key)]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_each_phase_row_shows_its_window(demo_app, demo_db, size):
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    windows = transitions.plan_for_client(demo_db, juniper).windows
    async with demo_app.run_test(size=size) as pilot:
        screen = await open_plan(pilot)
        table = screen.query_one("#checklist")
        widths = {str(key.value): column.width for key, column in table.columns.items()}
        for window in windows:
            cells = row_text(table, f"phase:{window.phase.value}")
            assert cells[2] == f"{window.start.isoformat()} →"
            assert cells[3] == window.end.isoformat()
            # Every cell fits its column: nothing is cropped without an ellipsis.
            assert len(cells[1]) <= widths["title"]
            assert len(cells[2]) <= widths["who"] and len(cells[3]) <= widths["due"]


async def test_timing_warnings_fold_into_one_line_and_w_unfolds_them(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot)
        plan = screen.query_one("#transition").plan
        assert len(plan.warnings) >= 3
        head = text_of(screen.query_one("#plan-head"))
        assert f"{len(plan.warnings)} timing warnings — w to show" in head
        assert plan.warnings[0][:40] not in head
        # The checklist gets the rows: every item of the demo plan is in view.
        table = screen.query_one("#checklist")
        assert table.size.height >= 15

        await pilot.press("w")
        await pilot.pause()
        head = text_of(screen.query_one("#plan-head"))
        assert "w to hide" in head
        assert all(warning[:40] in " ".join(head.split()) for warning in plan.warnings)

        await pilot.press("w")
        await pilot.pause()
        head = text_of(screen.query_one("#plan-head"))
        assert "w to show" in head and plan.warnings[0][:40] not in head


async def test_w_is_off_without_warnings(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, "Orchard Foods")
        pane = screen.query_one("#transition")
        assert pane.plan is not None and not pane.plan.warnings
        assert "w" not in screen.active_bindings  # check_action takes it off
        await pilot.press("w")
        await pilot.pause()
        assert "timing warning" not in text_of(screen.query_one("#plan-head"))
