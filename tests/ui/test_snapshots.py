"""The look of the main screens, at the smallest supported size and the screenshot size."""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_roster(snap_compare, demo_app, size):
    assert snap_compare(demo_app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_client_overview(snap_compare, demo_app, size):
    async def open_client(pilot):
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_client)


def test_client_contacts(snap_compare, demo_app):
    async def open_contacts(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_contacts)


def test_client_form_with_errors(snap_compare, demo_app):
    async def bad_form(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#field-renewal_date").value = "soon"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(100, 30), run_before=bad_form)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_checklist_tab(snap_compare, demo_app, demo_db, size):
    from handover_tui.services import clients

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id

    async def open_plan(pilot):
        await settle(pilot)
        pilot.app.open_client(juniper, "transition")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=open_plan)


def test_sign_off_tab(snap_compare, demo_app, demo_db):
    from handover_tui.services import clients

    willow = clients.find_clients(demo_db, "Willow Creek Schools")[0].id

    async def open_sign_off(pilot):
        await settle(pilot)
        pilot.app.open_client(willow, "signoff")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_sign_off)


def test_notes_tab(snap_compare, demo_app, demo_db):
    from handover_tui.services import clients

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id

    async def open_notes(pilot):
        await settle(pilot)
        pilot.app.open_client(juniper, "notes")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_notes)


def test_search_screen(snap_compare, demo_app):
    async def search_for(pilot):
        await settle(pilot)
        await pilot.press("ctrl+f", *"renewal")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=search_for)


def test_log_tab(snap_compare, demo_app, demo_db):
    from handover_tui.services import clients

    juniper = clients.find_clients(demo_db, "Juniper Hotels")[0].id

    async def open_log(pilot):
        await settle(pilot)
        pilot.app.open_client(juniper, "log")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_log)


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 36), (160, 50)], ids=lambda size: f"{size[0]}x{size[1]}"
)
def test_dashboard(snap_compare, dashboard_app, size):
    assert snap_compare(dashboard_app, terminal_size=size, run_before=settle)


def test_dashboard_lower_half_at_80x24(snap_compare, dashboard_app):
    """Workload bars and the timeline, scrolled into view at the smallest size."""

    async def to_timeline(pilot):
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(dashboard_app, terminal_size=(80, 24), run_before=to_timeline)
