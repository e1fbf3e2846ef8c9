"""`m` on the sign-off tab signs as the user of the app: their configured name, or the
person `me` names (#18, item 2: who signed is a person, not a login)."""

from __future__ import annotations

import pytest

from handover_tui.domain.identity import Identity
from handover_tui.services import clients, identity, transitions
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import settle


@pytest.fixture(autouse=True)
def forget_identity():
    identity.reset()
    yield
    identity.reset()


async def open_signoff(app, demo_db):
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    app.open_client(juniper, "signoff")
    return juniper


async def test_m_adds_and_signs_a_line_in_the_configured_name(demo_app, demo_db):
    identity.use(Identity(name="Dana Whitlock", title="Partner"))
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        juniper = await open_signoff(demo_app, demo_db)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
    plan = transitions.plan_for_client(demo_db, juniper)
    (mine,) = [row for row in plan.sign_offs if row.name == "Dana Whitlock"]
    assert (mine.role, mine.side, mine.signed_on) == ("Partner", "stakeholder", DEMO_TODAY)


async def test_m_signs_the_line_of_the_person_me_names(demo_app, demo_db):
    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id
    plan = transitions.plan_for_client(demo_db, juniper)
    outgoing = plan.outgoing
    before = len(plan.sign_offs)
    identity.use(Identity(name="T. Alvarez", me=outgoing))
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_signoff(demo_app, demo_db)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
    plan = transitions.plan_for_client(demo_db, juniper)
    lines = [row for row in plan.sign_offs if row.signed_on == DEMO_TODAY]
    assert len(lines) == 1 and lines[0].side == "outgoing"
    assert len(plan.sign_offs) in (before, before + 1)
