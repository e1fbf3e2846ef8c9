"""Portfolio dialogs show at once and read behind themselves: a key typed while a
proposal or a summary is still being read never acts on the screen under it, and
nothing is confirmed before the user has seen what it confirms."""

from __future__ import annotations

import threading

from handover_tui.services import clients, portfolio
from handover_tui.ui.screens.form import FormScreen
from handover_tui.ui.screens.people import PeopleScreen
from handover_tui.ui.screens.portfolio import open_bulk_actions
from handover_tui.ui.screens.portfolio_dialogs import ChoiceList, ConfirmDialog
from handover_tui.ui.screens.portfolio_proposal import ProposalScreen
from tests.ui.conftest import settle, text_of
from tests.ui.test_typeahead import burst


def held(monkeypatch, name: str) -> threading.Event:
    """Make ``services.portfolio.<name>`` wait until the returned event is set."""
    release = threading.Event()
    call = getattr(portfolio, name)

    def slow(*args, **kwargs):
        release.wait(30)
        return call(*args, **kwargs)

    monkeypatch.setattr(portfolio, name, slow)
    return release


async def test_a_rebalance_shows_its_table_at_once_and_keeps_keys_off_people(demo_app, monkeypatch):
    release = held(monkeypatch, "propose_rebalance")
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        people_screen = demo_app.screen
        assert isinstance(people_screen, PeopleScreen)
        await pilot.press("down", "down", "down", "down")  # Sam Whitfield, over capacity
        burst(demo_app, "Rex")  # e would edit Sam on the people screen; x leaves a row out
        await pilot.pause()
        screen = demo_app.screen
        assert isinstance(screen, ProposalScreen)
        assert "Working out the proposal" in text_of(screen.query_one("#proposal-summary"))
        release.set()
        await settle(pilot)
        assert demo_app.screen is screen
        assert screen.proposal.title == "Rebalance Sam Whitfield"
        assert len(screen.proposal.moves) == 2  # the x typed while reading was not applied
        assert not any(isinstance(s, FormScreen) for s in demo_app.screen_stack)


async def test_rotation_with_nothing_due_says_so_in_place(demo_app, monkeypatch):
    from dataclasses import replace

    from handover_tui.domain.portfolio import Proposal

    propose = portfolio.propose_rotation

    def nothing(*args, **kwargs) -> Proposal:
        found = propose(*args, **kwargs)
        return replace(found, moves=(), note="No client is due.")

    monkeypatch.setattr(portfolio, "propose_rotation", nothing)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Rotation due", "enter")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, ProposalScreen)
        assert "No client is due. Press escape to go back." in text_of(
            screen.query_one("#proposal-empty")
        )
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ProposalScreen)


async def test_bulk_archive_cannot_be_confirmed_before_its_list_is_read(
    demo_app, demo_db, monkeypatch
):
    chosen = [clients.find_clients(demo_db, "Bluefin Capital")[0].id]
    release = held(monkeypatch, "client_summaries")
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        open_bulk_actions(demo_app, chosen)
        await settle(pilot)
        assert isinstance(demo_app.screen, ChoiceList)
        await pilot.press("end", "enter")  # Archive…
        await pilot.pause()
        dialog = demo_app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.reading
        await pilot.press("enter", "y")  # nothing to confirm yet: both are ignored
        assert demo_app.screen is dialog
        release.set()
        await settle(pilot)
        assert "Bluefin Capital" in text_of(dialog.query_one("#confirm-lines"))
        assert clients.get_client(demo_db, chosen[0]).client.archived_at is None
        await pilot.press("enter")
        await settle(pilot)
    assert clients.get_client(demo_db, chosen[0]).client.status == "archived"


async def test_the_over_capacity_list_is_read_by_the_dialog(demo_app):
    """Rebalance from the palette: the list of people over capacity is read by the
    dialog already in front."""
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Rebalance", "enter")
        await settle(pilot)
        dialog = demo_app.screen
        assert isinstance(dialog, ChoiceList)
        assert [label for _key, label in dialog.choices] == ["Sam Whitfield (5 / 3)"]
        await pilot.press("enter")
        await settle(pilot)
        screen = demo_app.screen
        assert isinstance(screen, ProposalScreen)
        assert screen.proposal.title == "Rebalance Sam Whitfield"
