"""Health snapshots, alternatives and the roster's attention column, by keys."""

from __future__ import annotations

from datetime import timedelta

from handover_tui.services import alternatives, clients, health
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.form import FormScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle, text_of


async def open_client(pilot, demo_db, name: str) -> ClientScreen:
    client_id = clients.find_clients(demo_db, name)[0].id
    pilot.app.open_client(client_id)
    await settle(pilot)
    return pilot.app.screen


async def test_recording_health_by_keys_draws_the_sparkline(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await open_client(pilot, demo_db, "Acme Logistics")
        await pilot.press("h")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-satisfaction").value = "eleven"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is form  # refused, kept open with what was typed
        assert form.query_one("#field-satisfaction").value == "eleven"
        assert "0 (lowest) to 10" in str(form.query_one("#error-satisfaction").content)
        form.query_one("#field-satisfaction").value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is screen
        last = health.list_snapshots(demo_db, screen.client_id)[-1]
        assert (last.taken_on, last.satisfaction) == (DEMO_TODAY, 3)
        overview = text_of(screen.query_one("#overview-body"))
        assert "3/10 on 2026-11-23" in overview
        assert "Satisfaction falling" in overview  # the drop is a signal at once


async def test_choosing_an_alternative_puts_its_review_on_the_agenda(demo_app, demo_db):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await open_client(pilot, demo_db, "Bluefin Capital")
        overview = text_of(screen.query_one("#overview-body"))
        assert "Alternatives to a change of owner" in overview
        assert "Lighter engagement model" in overview
        await pilot.press("A")
        await settle(pilot)
        form = demo_app.screen
        form.query_one("#field-review_on").value = "2026-11-01"  # before the choice
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "cannot come before" in str(form.query_one("#error-review_on").content)
        review_on = DEMO_TODAY + timedelta(days=14)
        form.query_one("#field-review_on").value = review_on.isoformat()
        form.query_one("#field-notes").text = "Second engineer on their team for a quarter."
        await pilot.press("ctrl+s")
        await settle(pilot)
        (chosen,) = alternatives.list_alternatives(demo_db, screen.client_id)
        assert (chosen.kind.value, chosen.review_on) == ("improvement_plan", review_on)
        overview = text_of(screen.query_one("#overview-body"))
        assert "Improvement plan, chosen 2026-11-23" in overview
        assert f"review on {review_on.isoformat()}" in overview
        # The review is a due item: it shows on the dashboard's agenda.
        await pilot.press("d")
        await settle(pilot)
        agenda = demo_app.screen.board.agenda
        assert any(i.id == chosen.review_item_id and not i.in_transition for i in agenda)
        assert [type(s).__name__ for s in demo_app.screen_stack[1:]] == [
            "RosterScreen",
            "DashboardScreen",
        ]
        demo_app.open_client(screen.client_id)
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        (chosen,) = alternatives.list_alternatives(demo_db, screen.client_id)
        assert chosen.reviewed_on == DEMO_TODAY
        assert "reviewed on 2026-11-23" in text_of(demo_app.screen.query_one("#overview-body"))


async def test_roster_shows_signals_and_filters_to_those_needing_attention(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        roster = demo_app.screen
        everyone = roster.table.row_count
        bluefin = clients.find_clients(demo_db, "Bluefin Capital")[0].id
        assert "csat" in str(roster.table.get_cell(str(bluefin), "signals"))
        await pilot.press("exclamation_mark")
        await settle(pilot)
        flagged = set(roster.signals)
        assert 0 < roster.table.row_count == len(flagged) < everyone
        assert "needing attention" in str(roster.query_one("#roster-status").content)
        await pilot.press("slash", *"bluefin")
        await settle(pilot)
        assert roster.table.row_count == 1
        await pilot.press("escape", "exclamation_mark")
        await settle(pilot)
        assert roster.table.row_count == everyone
