"""Two sessions edit the same client: the second save is refused with a choice."""

from __future__ import annotations

import pytest

from handover_tui.services import clients
from handover_tui.ui.screens.form import FormScreen
from tests.ui.conftest import settle


async def edit_and_collide(pilot, demo_db, client_id):
    """Open the client's form, type a new renewal date, and let another session save
    a different renewal date and industry before this one saves."""
    pilot.app.open_client(client_id)
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    form.query_one("#field-renewal_date").value = "2030-01-31"  # mine
    other = clients.get_client(demo_db, client_id).client  # the other session loads...
    clients.update_client(  # ...and saves first
        demo_db,
        client_id,
        {"renewal_date": "2029-06-30", "industry": "Aerospace"},
        expected_version=other.version,
    )
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


@pytest.fixture
def acme(demo_db):
    return clients.find_clients(demo_db, "Acme Logistics")[0].id


async def test_the_second_save_shows_what_they_changed(demo_app, demo_db, acme):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await edit_and_collide(pilot, demo_db, acme)
        assert demo_app.screen is form  # refused: still open, nothing overwritten
        text = str(form.query_one("#conflict-text").content)
        assert "saved by someone else" in text
        assert "Renewal date: 2027-01-19 → 2029-06-30" in text
        assert "Industry: Logistics → Aerospace" in text
        assert form.query_one("#field-renewal_date").value == "2030-01-31"  # mine kept
        stored = clients.get_client(demo_db, acme).client
        assert (str(stored.renewal_date), stored.industry) == ("2029-06-30", "Aerospace")


async def test_keep_mine_overwrites_knowingly(demo_app, demo_db, acme):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await edit_and_collide(pilot, demo_db, acme)
        assert form.query_one("#conflict-mine").has_focus
        await pilot.press("enter")  # the focused "Keep mine" button
        await settle(pilot)
        assert demo_app.screen is not form
        stored = clients.get_client(demo_db, acme).client
        assert (str(stored.renewal_date), stored.industry) == ("2030-01-31", "Logistics")


async def test_take_theirs_leaves_their_version(demo_app, demo_db, acme):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await edit_and_collide(pilot, demo_db, acme)
        await pilot.press("tab", "enter")  # "Take theirs"
        await settle(pilot)
        assert demo_app.screen is not form
        stored = clients.get_client(demo_db, acme).client
        assert (str(stored.renewal_date), stored.industry) == ("2029-06-30", "Aerospace")


async def test_merge_by_hand_shows_theirs_beside_mine(demo_app, demo_db, acme):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await edit_and_collide(pilot, demo_db, acme)
        await pilot.press("tab", "tab", "enter")  # "Merge by hand"
        await settle(pilot)
        assert demo_app.screen is form
        assert "Theirs: Aerospace" in str(form.query_one("#error-industry").content)
        assert "Theirs: 2029-06-30" in str(form.query_one("#error-renewal_date").content)
        form.query_one("#field-industry").value = "Aerospace"  # take theirs for this one
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is not form
        stored = clients.get_client(demo_db, acme).client
        assert (str(stored.renewal_date), stored.industry) == ("2030-01-31", "Aerospace")


async def test_a_third_save_in_between_is_caught_again(demo_app, demo_db, acme):
    async with demo_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        form = await edit_and_collide(pilot, demo_db, acme)
        await pilot.press("tab", "tab", "enter")  # merge by hand...
        await settle(pilot)
        latest = clients.get_client(demo_db, acme).client
        clients.update_client(  # ...while yet another session saves
            demo_db, acme, {"segment": "Enterprise"}, expected_version=latest.version
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is form
        assert "Segment: Mid-market → Enterprise" in str(form.query_one("#conflict-text").content)
