"""The dashboard, driven by keys: what needs attention, and going straight to it."""

from __future__ import annotations

from textual.widgets import OptionList

from handover_tui.config import Settings
from handover_tui.domain.vocab import SignalKind
from handover_tui.services import clients, transitions
from handover_tui.ui.app import make_app
from handover_tui.ui.screens.client import ClientScreen
from handover_tui.ui.screens.dashboard import DashboardScreen
from handover_tui.ui.screens.roster import RosterScreen
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle


async def test_the_app_opens_on_the_dashboard_once_there_are_clients(dashboard_app):
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(dashboard_app.screen, DashboardScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(dashboard_app.screen, RosterScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(dashboard_app.screen, DashboardScreen)


async def test_an_empty_database_opens_on_the_roster(db):
    app = make_app(Settings(), db=db, today=DEMO_TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert "No clients yet" in str(app.screen.query_one("#roster-empty").content)


async def test_every_signal_kind_is_listed_and_enter_opens_the_right_tab(dashboard_app):
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = dashboard_app.screen.board
        kinds = {signal.kind for signal in board.signals}
        assert kinds == set(SignalKind)
        listing = dashboard_app.screen.query_one("#attention", OptionList)
        assert listing.has_focus
        for kind in SignalKind:
            index, signal = next((i, s) for i, s in enumerate(board.signals) if s.kind is kind)
            option = listing.get_option(f"signal-{index}")
            assert signal.client in str(option.prompt) and signal.message in str(option.prompt)
            await pilot.press("g")
            while listing.highlighted != listing.get_option_index(f"signal-{index}"):
                await pilot.press("j")
            await pilot.press("enter")
            await settle(pilot)
            screen = dashboard_app.screen
            assert isinstance(screen, ClientScreen), kind
            assert (screen.client_id, screen.tab) == (signal.client_id, signal.tab), kind
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(dashboard_app.screen, DashboardScreen)


async def test_ticking_a_due_item_from_the_dashboard_and_undoing_it(dashboard_app, demo_db):
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = dashboard_app.screen
        await pilot.press("2")
        await settle(pilot)
        agenda = screen.query_one("#agenda")
        assert agenda.has_focus
        item_id = agenda.current_id
        item = next(i for i in screen.board.agenda if i.id == item_id)
        await pilot.press("space")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, item.client_id)
        assert next(row for row in plan.items if row.id == item_id).done_on == DEMO_TODAY
        assert item_id not in {i.id for i in screen.board.agenda}
        await pilot.press("u")
        await settle(pilot)
        plan = transitions.plan_for_client(demo_db, item.client_id)
        assert next(row for row in plan.items if row.id == item_id).done_on is None
        assert item_id in {i.id for i in screen.board.agenda}


async def test_renewals_are_grouped_by_30_60_90_days(dashboard_app):
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = dashboard_app.screen
        renewals = screen.query_one("#renewals")
        headings = [str(renewals.get_row_at(i)[1]) for i in range(renewals.row_count)]
        assert [h for h in headings if "days (" in h] == [
            "Next 30 days (5)",
            "31 to 60 days (3)",
            "61 to 90 days (1)",
        ]
        await pilot.press("3")
        await settle(pilot)
        client_id = renewals.current_id
        await pilot.press("enter")
        await settle(pilot)
        assert dashboard_app.screen.client_id == client_id


async def test_enter_on_the_timeline_opens_that_handoff(dashboard_app, demo_db):
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("4", "j", "enter")
        await settle(pilot)
        screen = dashboard_app.screen
        assert isinstance(screen, ClientScreen) and screen.tab == "transition"
        second = pilot.app.screen_stack[-2].board.handoffs[1]
        assert screen.client_id == second.client_id


async def test_the_dashboard_follows_a_change_made_elsewhere(dashboard_app, demo_db):
    bluefin = clients.find_clients(demo_db, "Bluefin Capital")[0].id
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = dashboard_app.screen.board
        assert any(s.client_id == bluefin for s in board.signals)
        dashboard_app.open_client(bluefin)
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        dashboard_app.screen.query_one("#field-satisfaction").value = "9"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = dashboard_app.screen
        assert isinstance(screen, DashboardScreen)
        kinds = {s.kind for s in screen.board.signals if s.client_id == bluefin}
        assert SignalKind.SATISFACTION not in kinds


async def test_y_on_the_roster_and_the_palette_open_the_activity_of_everyone(dashboard_app):
    from handover_tui.ui.screens.activity import ActivityScreen

    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r", "Y")
        await settle(pilot)
        assert isinstance(dashboard_app.screen, ActivityScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *"activity")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(dashboard_app.screen, ActivityScreen)


async def test_long_lists_are_capped_and_their_more_rows_lead_to_the_roster(
    dashboard_app, monkeypatch
):
    """A big roster raises thousands of signals: the board lists the first few under
    headings that count them all, and a last line goes on to the roster for the rest."""
    from handover_tui.ui.screens import dashboard_view as dashboard

    monkeypatch.setattr(dashboard, "ATTENTION_SHOWN", 3)
    monkeypatch.setattr(dashboard, "ROWS_SHOWN", 1)
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = dashboard_app.screen
        board = screen.board
        listing = screen.query_one("#attention", OptionList)
        shown = [listing.get_option_at_index(i) for i in range(listing.option_count)]
        assert sum((o.id or "").startswith("signal-") for o in shown) == 3
        headings = " ".join(str(o.prompt) for o in shown if (o.id or "").startswith("heading-"))
        assert f"({sum(s.severity is board.signals[0].severity for s in board.signals)})" in (
            headings
        )
        assert shown[-1].id == "more"
        assert f"… {len(board.signals) - 3:,} more" in str(shown[-1].prompt)
        await pilot.press("G", "enter")
        await settle(pilot)
        roster = dashboard_app.screen
        assert isinstance(roster, RosterScreen) and roster.attention_only
        assert set(roster.rows) == set(roster.signals)  # every client needing attention
        await pilot.press("d", "3")
        await settle(pilot)
        renewals = dashboard_app.screen.query_one("#renewals")
        keys = [row.key.value for row in renewals.ordered_rows]
        assert "more-30" in keys  # five renewals in the next 30 days, one shown
        renewals.move_cursor(row=keys.index("more-30"))
        await pilot.press("enter")
        await settle(pilot)
        assert dashboard_app.screen is roster
        assert (roster.sort_key, roster.descending, roster.attention_only) == (
            "renewal",
            False,
            False,
        )


async def test_screens_under_another_read_nothing_until_shown(dashboard_app, monkeypatch):
    """The roster is not made at start-up, and the dashboard under a client waits until
    it is shown again: judging every client for a covered screen held a 10k start."""
    from handover_tui.services import dashboard

    boards = []
    real = dashboard.dashboard
    monkeypatch.setattr(dashboard, "dashboard", lambda *a: boards.append(1) or real(*a))
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not any(isinstance(s, RosterScreen) for s in dashboard_app.screen_stack)
        assert boards == [1]
        board = dashboard_app.screen
        bluefin = next(s.client_id for s in board.board.signals)
        dashboard_app.open_client(bluefin)
        await settle(pilot)
        dashboard_app.client_changed.publish(bluefin)  # what a save there announces
        await settle(pilot)
        assert boards == [1]
        await pilot.press("escape")
        await settle(pilot)
        assert boards == [1, 1]  # back in view: read again
        await pilot.press("r")
        await settle(pilot)
        roster = dashboard_app.screen
        assert isinstance(roster, RosterScreen)
        assert roster.loaded and roster.rows and roster.signals


async def test_more_items_due_soon_are_listed_on_the_board(dashboard_app, monkeypatch):
    """No signal stands for an item merely due soon: its "more" line lists the next ones
    in place instead of sending the user to a roster that would not show them."""
    from handover_tui.ui.screens import dashboard_view as dashboard

    monkeypatch.setattr(dashboard, "ROWS_SHOWN", 1)
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = dashboard_app.screen
        today = screen.board.today
        due = [item for item in screen.board.agenda if not item.overdue(today)]
        assert len(due) >= 3, "the demo data has several items due soon"
        agenda = screen.query_one("#agenda")

        def shown_due() -> list[str]:
            keys = [str(row.key.value) for row in agenda.ordered_rows]
            return keys[keys.index("h-Next 14 days") + 1 :]

        assert shown_due() == [str(due[0].id), "more-due"]
        await pilot.press("2")
        agenda.move_cursor(row=agenda.row_count - 1)
        await pilot.press("enter")
        await settle(pilot)
        assert dashboard_app.screen is screen
        assert shown_due()[:2] == [str(due[0].id), str(due[1].id)]
        assert agenda.cursor_row == agenda.get_row_index(str(due[1].id))  # on the first new


async def test_the_roster_says_it_is_checking_before_the_signals_arrive(dashboard_app, monkeypatch):
    """Sent from the board's "more" line, the roster must not say "No client needs
    attention" while it is still judging them."""
    import threading

    from handover_tui.services import signals

    gate, hold = threading.Event(), threading.Event()
    real = signals.attention

    def slow(*args, **kwargs):
        if hold.is_set():
            gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(signals, "attention", slow)
    async with dashboard_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        hold.set()
        dashboard_app.show_roster(attention_only=True)
        await pilot.pause()  # in front: it has begun to read the rows and judge them
        roster = dashboard_app.screen
        assert isinstance(roster, RosterScreen)
        reading = [worker for worker in dashboard_app.workers if worker.group == "roster"]
        if reading:  # the rows, not the judging (none: wait_for_complete would wait on all)
            await dashboard_app.workers.wait_for_complete(reading)
        await pilot.pause()
        assert roster.loaded and not roster.signals_read
        status = str(roster.query_one("#roster-status").content)
        assert "checking" in status
        assert "Checking" in str(roster.query_one("#roster-empty").content)
        gate.set()
        await settle(pilot)
        assert "checking" not in str(roster.query_one("#roster-status").content)
        assert roster.visible_count == len(roster.signals) > 0
