"""Two sessions edit the same client: the second save is refused with a choice."""

from __future__ import annotations

import pytest

from handover_tui.services import clients, transitions
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


# -- the plan's forms read the transition when they open --------------------------------


@pytest.fixture
def handoff(demo_db):
    """A client whose handoff is running, and its transition's id."""
    for row in clients.find_clients(demo_db, ""):
        plan = transitions.plan_for_client(demo_db, row.id)
        if plan is not None and plan.running:
            return row.id, plan.id
    raise AssertionError("the demo data has no running handoff")


async def set_cadence_then(pilot, client_id, form_key):
    """On the client's plan tab: set a weekly status meeting in the log tab, go back to
    the plan tab and open the form under ``form_key``, read and ready."""
    pilot.app.open_client(client_id, "transition")
    await settle(pilot)
    await pilot.press("L")
    await settle(pilot)
    await pilot.press("P")
    await settle(pilot)
    await pilot.press("7", "ctrl+s")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, FormScreen)
    await pilot.press("t", form_key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def test_dates_after_the_cadence_save_without_a_conflict(demo_app, demo_db, handoff):
    client_id, transition_id = handoff
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = await set_cadence_then(pilot, client_id, "D")
        form.query_one("#field-reason_detail").value = "Moving to the Oslo office"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is not form  # saved and closed: a conflict keeps it open
        stored = transitions.get_transition(demo_db, transition_id)
        assert stored.every_status_meeting == 7
        assert stored.reason_detail == "Moving to the Oslo office"


async def test_summary_after_the_cadence_saves_without_a_conflict(demo_app, demo_db, handoff):
    client_id, transition_id = handoff
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = await set_cadence_then(pilot, client_id, "H")
        first = form.fields[0].name
        assert form.query_one(f"#field-{first}").has_focus
        await pilot.press("ctrl+a", *"Keys are with reception", "ctrl+s")
        await settle(pilot)
        assert demo_app.screen is not form  # saved and closed: a conflict keeps it open
        stored = transitions.get_transition(demo_db, transition_id)
        assert stored.every_status_meeting == 7
        assert "Keys are with reception" in getattr(stored, first)


async def open_dates_and_collide(pilot, db_url, client_id, transition_id):
    """Open the plan's dates, type a reason; another session (its own connection)
    saves a different reason before this one saves."""
    from handover_tui.db.engine import open_database

    pilot.app.open_client(client_id, "transition")
    await settle(pilot)
    await pilot.press("D")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    form.query_one("#field-reason_detail").value = "mine"
    other = open_database(db_url)
    try:
        seen = transitions.get_transition(other, transition_id)
        transitions.update_transition(
            other, transition_id, {"reason_detail": "theirs"}, expected_version=seen.version
        )
    finally:
        other.close()
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


async def test_another_session_still_gets_the_conflict(demo_app, demo_db, db_url, handoff):
    client_id, transition_id = handoff
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = await open_dates_and_collide(pilot, db_url, client_id, transition_id)
        assert demo_app.screen is form
        text = str(form.query_one("#conflict-text").content)
        assert "saved by someone else" in text
        assert "Reason, in words:" in text and "→ theirs" in text
        assert transitions.get_transition(demo_db, transition_id).reason_detail == "theirs"


async def test_take_theirs_shows_their_plan_and_saves(demo_app, demo_db, db_url, handoff):
    client_id, transition_id = handoff
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = await open_dates_and_collide(pilot, db_url, client_id, transition_id)
        await pilot.press("tab", "enter")  # "Take theirs"
        await settle(pilot)
        assert demo_app.screen is form  # still open, now over their version
        assert not form.query_one("#conflict").has_class("-shown")
        assert form.query_one("#field-reason_detail").value == "theirs"
        form.query_one("#field-overlap_end").value = ""
        form.query_one("#field-roles_client").text = "Signs the consent letter"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is not form
        stored = transitions.get_transition(demo_db, transition_id)
        assert (stored.reason_detail, stored.roles_client) == (
            "theirs",
            "Signs the consent letter",
        )
