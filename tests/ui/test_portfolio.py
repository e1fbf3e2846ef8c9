"""Portfolio moves by keys: an owner leaving, bulk actions on chosen clients, and the
proposal table's look."""

from __future__ import annotations

import pytest
from sqlmodel import col, func, select

from handover_tui.domain.plan import DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME
from handover_tui.models import Client, Transition
from handover_tui.services import clients, people, transitions
from handover_tui.ui.screens.people import PeopleScreen
from handover_tui.ui.screens.portfolio import open_bulk_actions
from handover_tui.ui.screens.portfolio_dialogs import ChoiceList, ConfirmDialog
from handover_tui.ui.screens.portfolio_proposal import ProposalScreen
from tests.ui.conftest import settle

LAST_DAY = "2027-01-15"


def running(db) -> int:
    with db.reading() as session:
        return session.exec(
            select(func.count()).select_from(Transition).where(Transition.status == "active")
        ).one()


def ids_of(db, *names: str) -> list[int]:
    return [clients.find_clients(db, name)[0].id for name in names]


async def propose_helen_leaving(pilot) -> ProposalScreen:
    """People screen, Helen Park (second by name), L, her last day, ctrl+s."""
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PeopleScreen)
    await pilot.press("down")  # Daniel Brandt → Helen Park
    await pilot.press("L")
    await settle(pilot)
    await pilot.press("tab", *LAST_DAY, "ctrl+s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProposalScreen), screen
    return screen


async def test_owner_leaving_proposes_a_balanced_assignment(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await propose_helen_leaving(pilot)
        proposal = screen.proposal
        assert proposal.title == f"Helen Park leaves on {LAST_DAY}"
        assert proposal.end.isoformat() == LAST_DAY
        assert [m.account.owner for m in proposal.moves] == ["Helen Park"] * 5
        capacity = {p.name: p.capacity for p in people.list_people(demo_db)}
        loads = {r.name: load for r in proposal.receivers for load in [proposal.loads()[r.id]]}
        # Nobody is pushed over capacity while someone else has room; Sam (over already)
        # and Helen herself take nothing.
        assert not any(m.over_capacity for m in proposal.moves)
        assert {m.incoming for m in proposal.moves} <= set(capacity) - {
            "Helen Park",
            "Sam Whitfield",
        }
        assert all(loads[name] <= capacity[name] for name in loads if name != "Sam Whitfield")
        assert screen.table.row_count == 5


async def test_editing_then_cancelling_writes_nothing(demo_app, demo_db):
    before = running(demo_db)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await propose_helen_leaving(pilot)
        first = screen.proposal.moves[0].incoming
        await pilot.press("right")
        assert screen.proposal.moves[0].incoming != first
        await pilot.press("left")
        assert screen.proposal.moves[0].incoming == first
        await pilot.press("down", "x")
        assert len(screen.proposal.moves) == 4
        await pilot.press("u")
        assert len(screen.proposal.moves) == 5
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("escape")  # not now
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("escape")  # no proposal at all
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeopleScreen)
    assert running(demo_db) == before


async def test_an_edited_proposal_creates_its_transitions(demo_app, demo_db):
    before = running(demo_db)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        screen = await propose_helen_leaving(pilot)
        await pilot.press("enter")  # pick the first row's owner from a list
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChoiceList)
        await pilot.press("escape")
        await pilot.press("right")  # the first client to the next possible owner
        await pilot.press("down", "x")  # leave the second one with Helen
        edited = screen.proposal
        kept = edited.moves[0].account.name
        dropped = {m.account.name for m in screen.history[0].moves} - {
            m.account.name for m in edited.moves
        }
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeopleScreen)
        shown = [n.message for n in pilot.app._notifications]
        assert any(m.startswith("Started 4 transitions to") for m in shown), shown
    assert running(demo_db) == before + 4
    plan = transitions.plan_for_client(demo_db, ids_of(demo_db, kept)[0])
    assert plan.running and plan.incoming == edited.moves[0].incoming
    assert plan.transition.support_end.isoformat() == LAST_DAY
    assert plan.transition.reason == "owner_leaving"
    assert transitions.plan_for_client(demo_db, ids_of(demo_db, *dropped)[0]) is None


async def test_bulk_start_to_one_owner_makes_three_transitions(demo_app, demo_db):
    chosen = ids_of(demo_db, "Bluefin Capital", "Brightline Media", "Ironclad Security")
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        open_bulk_actions(pilot.app, chosen)
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChoiceList)
        await pilot.press("enter")  # start transitions to one incoming owner
        await settle(pilot)
        await pilot.press("enter", *"maya", "enter")  # the owner, by typing
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.title_text == "Start 3 transitions with the default template?"
        await pilot.press("enter")
        await settle(pilot)
    for client_id in chosen:
        plan = transitions.plan_for_client(demo_db, client_id)
        assert plan is not None and plan.running
        assert (plan.outgoing, plan.incoming) == ("Helen Park", "Maya Okafor")
        assert plan.transition.template_name == DEFAULT_TEMPLATE_NAME
        assert len(plan.items) == len(DEFAULT_TEMPLATE)


async def test_bulk_archive_asks_first(demo_app, demo_db):
    chosen = ids_of(demo_db, "Bluefin Capital", "Brightline Media")
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        open_bulk_actions(pilot.app, chosen)
        await settle(pilot)
        await pilot.press("end", "enter")  # Archive…
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        with demo_db.reading() as session:
            archived = session.exec(
                select(func.count())
                .select_from(Client)
                .where(col(Client.id).in_(chosen), Client.status == "archived")
            ).one()
        assert archived == 0
        open_bulk_actions(pilot.app, chosen)
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert {clients.get_client(demo_db, i).client.status for i in chosen} == {"archived"}


@pytest.mark.parametrize("size", [(120, 36)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_proposal_table_snapshot(snap_compare, demo_app, size):
    async def proposal(pilot):
        await propose_helen_leaving(pilot)
        await pilot.press("right")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=proposal)


async def test_rebalance_from_the_people_screen(demo_app, demo_db):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("R")  # Daniel Brandt is not over capacity
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeopleScreen)
        shown = [n.message for n in pilot.app._notifications]
        assert any("nothing to rebalance" in message for message in shown), shown
        await pilot.press("down", "down", "down", "down", "R")  # Sam Whitfield, 5 of 3
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ProposalScreen)
        assert screen.proposal.title == "Rebalance Sam Whitfield"
        assert len(screen.proposal.moves) == 2
        assert all(m.incoming != "Sam Whitfield" for m in screen.proposal.moves)


async def test_rotation_due_from_the_command_palette(demo_app):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Rotation due", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ProposalScreen)
        assert screen.proposal.reason.value == "rotation"
        assert screen.proposal.moves
        assert all(m.incoming_id != m.account.owner_id for m in screen.proposal.moves)


async def test_mark_three_on_the_roster_and_start_transitions_to_one_owner(demo_app, demo_db):
    """The whole way by keys: space marks, b offers the bulk actions."""
    before = running(demo_db)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "space")  # each marks and moves down
        marked = set(pilot.app.screen.marked_ids)
        assert len(marked) == 3
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChoiceList)
        await pilot.press("enter")  # start transitions to one incoming owner
        await settle(pilot)
        await pilot.press("enter", *"priya", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert not pilot.app.screen.marked_ids  # done: the marks are cleared
    assert running(demo_db) == before + 3
    for client_id in marked:
        plan = transitions.plan_for_client(demo_db, client_id)
        assert plan.running and plan.incoming == "Priya Raman"
        assert plan.transition.template_name == DEFAULT_TEMPLATE_NAME
        assert len(plan.items) == len(DEFAULT_TEMPLATE)


async def test_one_client_reads_as_one_client(demo_app, demo_db):
    """Counts and nouns meet in one rule: never "1 clients" (#18, item 11)."""
    chosen = ids_of(demo_db, "Bluefin Capital")
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        open_bulk_actions(pilot.app, chosen)
        await settle(pilot)
        await pilot.press("end", "enter")  # Archive…
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.title_text.startswith("Archive 1 client?")
        await pilot.press("enter")
        await settle(pilot)
        messages = [n.message for n in pilot.app._notifications]
        assert "Archived 1 client." in messages
        assert not [m for m in messages if "1 clients" in m]
